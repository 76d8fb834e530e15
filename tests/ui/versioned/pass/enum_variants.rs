#![deny(warnings)]

versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
        3 => "Third release",
    }
}

use versionary::{Version, at_version};

/// Variants added (responses map them down), removed (requests map them up), renamed.
#[versionary::versioned(api = Shop)]
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

fn pending_as_open(_: StateV1) -> StateV2 {
    StateV2::Open
}

fn archived_as_open(_: StateV2) -> StateV1 {
    StateV1::Open
}

fn main() {
    let v1 = |s: &State| at_version::<Shop, _>(&Version::Int(1), || serde_json::to_string(s).unwrap()).unwrap();
    assert_eq!(v1(&State::Archived(1)), r#""open""#);
    assert_eq!(v1(&State::Closed { reason: "done".into() }), r#"{"shut":{"reason":"done"}}"#);
    let read: State = at_version::<Shop, _>(&Version::Int(1), || serde_json::from_str(r#""pending""#).unwrap()).unwrap();
    assert_eq!(read, State::Open);
}
