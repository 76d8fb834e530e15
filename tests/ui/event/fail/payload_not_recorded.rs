versionary::api_versions! { pub Moves { 1 => "Initial release" } }

#[derive(serde::Serialize)]
pub struct Move {
    pub from: String,
}

#[versionary::event("move.created", api = Moves)]
pub struct MoveCreated(pub Move);

fn main() {}
