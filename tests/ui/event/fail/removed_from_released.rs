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

/// Released version 1 sent it.
#[versionary::event("move.created", api = Moves, since = 2)]
pub struct MoveCreated(pub Move);

/// Released version 2 sent it.
#[versionary::event("move.booked", api = Moves, since = 3)]
pub struct MoveBooked(pub Move);

fn main() {}
