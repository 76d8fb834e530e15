versionary::api_versions! { pub Moves { 1 => "Initial release" } }

#[versionary::versioned(api = Moves, response)]
pub struct Move {
    pub from: String,
}

#[versionary::event("move.created", api = Movez)]
pub struct MoveCreated(pub Move);

#[versionary::event("move.booked")]
pub struct MoveBooked(pub Move);

fn main() {}
