versionary::api_versions! {
    pub Moves(lock = "../fixtures/released.lock") {
        1 => "Initial release",
        2 => "Bookings",
        3 => "Under development",
    }
}

/// Only reached through the events: guarded as their payload, like a response body.
#[versionary::versioned(api = Moves, response)]
pub struct Move {
    pub from: u32,
}

#[versionary::event("move.created", api = Moves)]
pub struct MoveCreated(pub Move);

#[versionary::event("move.booked", api = Moves, since = 2)]
pub struct MoveBooked(pub Move);

fn main() {}
