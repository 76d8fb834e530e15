versionary::api_versions! {
    pub Moves(lock = "../fixtures/released.lock") {
        1 => "Initial release",
        2 => "Bookings",
        3 => "Under development",
    }
}

#[versionary::versioned(api = Moves, response)]
pub struct Move {
    pub from: String,
}

#[versionary::event("move.created", api = Moves, until = 3)]
pub struct MoveCreated(pub Move);

/// Released version 2 sent it: retiring it there is a change of a released version.
#[versionary::event("move.booked", api = Moves, until = 2)]
pub struct MoveBooked(pub Move);

fn main() {}
