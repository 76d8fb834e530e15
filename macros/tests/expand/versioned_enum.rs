// A versioned enum: a variant removed (requests map it up), one renamed, one added
// (responses map it down).

api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
        3 => "Third release",
    }
}

#[versioned(api = Shop)]
#[derive(Clone, Debug, PartialEq)]
#[serde(rename_all = "snake_case")]
#[api(removed(variant = Pending, in = 2, up = pending_as_open))]
pub enum State {
    Open,
    #[api(renamed(from = "shut", in = 3))]
    Closed { reason: String },
    #[api(added = 2, down = archived_as_open)]
    Archived(u32),
}
