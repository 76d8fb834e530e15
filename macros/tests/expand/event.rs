// Events: the struct kept as written, its `Event` impl (name, versions, payload) and its
// registration for the lock, the documents and the changelog.

api_versions! {
    pub Moves {
        1 => "Initial release",
        2 => "Second release",
        3 => "Third release",
    }
}

#[versioned(api = Moves, response)]
pub struct Move {
    pub from: String,
}

/// A move was booked.
///
/// Sent once the move is stored.
#[event("move.created", api = Moves, since = 1, until = 3)]
pub struct MoveCreated(pub Move);
