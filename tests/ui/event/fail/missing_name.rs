versionary::api_versions! { pub Moves { 1 => "Initial release" } }

#[versionary::versioned(api = Moves, response)]
pub struct Move {
    pub from: String,
}

#[versionary::event(api = Moves, since = 1)]
pub struct MoveCreated(pub Move);

fn main() {}
