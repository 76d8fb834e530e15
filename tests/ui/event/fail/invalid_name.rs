versionary::api_versions! { pub Moves { 1 => "Initial release" } }

#[versionary::versioned(api = Moves, response)]
pub struct Move {
    pub from: String,
}

#[versionary::event("move created", api = Moves)]
pub struct MoveCreated(pub Move);

#[versionary::event("", api = Moves)]
pub struct MoveBooked(pub Move);

#[versionary::event("1move", api = Moves)]
pub struct MoveMade(pub Move);

fn main() {}
