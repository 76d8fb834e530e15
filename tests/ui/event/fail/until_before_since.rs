versionary::api_versions! {
    pub Moves {
        1 => "Initial release",
        2 => "Second release",
        3 => "Third release",
    }
}

#[versionary::versioned(api = Moves, response)]
pub struct Move {
    pub from: String,
}

#[versionary::event("move.created", api = Moves, since = 3, until = 2)]
pub struct MoveCreated(pub Move);

#[versionary::event("move.booked", api = Moves, until = 1)]
pub struct MoveBooked(pub Move);

#[versionary::event("move.made", api = Moves, since = 4)]
pub struct MoveMade(pub Move);

fn main() {}
