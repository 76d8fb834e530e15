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

#[versionary::event("move.created", api = Moves)]
pub struct MoveCreated(pub Vec<Move>);

#[versionary::event("move.booked", api = Moves, since = 2)]
pub struct MoveBooked(pub Move);

fn main() {}
