versionary::api_versions! { pub Moves { 1 => "Initial release" } }

#[versionary::versioned(api = Moves, response)]
pub struct Move {
    pub from: String,
}

#[versionary::event("move.created", api = Moves)]
pub struct MoveCreated {
    pub created: Move,
}

#[versionary::event("move.pair", api = Moves)]
pub struct MovePair(pub Move, pub Move);

#[versionary::event("move.unit", api = Moves)]
pub struct MoveUnit;

#[versionary::event("move.enum", api = Moves)]
pub enum MoveEnum {
    Created(Move),
}

#[versionary::event("move.generic", api = Moves)]
pub struct MoveGeneric<T>(pub T);

fn main() {}
