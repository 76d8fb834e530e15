// An API with a lock, a policy and lifecycle dates, and a type the lock guards: the
// released version 1 recorded `Shade` with two values, and the rule lowered to `warn`
// makes the added value a warning (a deprecated item), not an error.
//
// The lock path is relative to the file declaring the API; outside a compiler, to the
// macro crate's directory.

api_versions! {
    /// The shop's API.
    pub Shop(
        state = AppState,
        lock = "tests/expand/api_versions_lock.lock",
        policy = strict,
        rules(add_enum_value = warn, rename = allow),
        notice_days = 30,
        deprecation_policy = "https://example.com/deprecations"
    ) {
        1 => "Initial release" { released = "2025-01-15", deprecated = "2025-06-01", sunset = "2025-08-01" },
        "2" => "Second release" { released = "2025-06-01" },
        3 => "Under development" { unreleased },
    }
}

#[versioned(api = Shop, response)]
#[derive(Clone)]
pub enum Shade {
    Red,
    Green,
    Blue,
}
