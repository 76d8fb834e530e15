versionary::api_versions! { pub Moves { 1 => "Initial release" } }

#[versionary::versioned(api = Moves, response)]
pub struct Move {
    pub from: String,
}

/// Not declared with `#[versionary::event]`: neither locked nor documented.
pub struct MoveCreated(pub Move);

impl versionary::event::Event for MoveCreated {
    type Api = Moves;
    type Payload = Move;
    const NAME: &'static str = "move.created";
    const SINCE: usize = 0;
    const UNTIL: Option<usize> = None;

    fn payload(&self) -> &Move {
        &self.0
    }
}

fn main() {}
