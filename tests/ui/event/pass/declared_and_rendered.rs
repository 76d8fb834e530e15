#![deny(warnings)]

use versionary::event::Event;
use versionary::render::{Resolve, resolve};

versionary::api_versions! {
    pub Moves(lock = "../fixtures/moves.lock") {
        1 => "Initial release",
        2 => "`from` renamed to `origin`",
        3 => "Cancellations" { unreleased },
    }
}

#[versionary::versioned(api = Moves, response)]
pub struct Move {
    #[api(renamed(from = "from", in = 2))]
    pub origin: String,
}

#[versionary::leaf(api = Moves)]
#[derive(serde::Serialize, serde::Deserialize, versionary::schemars::JsonSchema)]
#[schemars(crate = "versionary::schemars")]
pub struct Reason {
    pub text: String,
}

/// A move was booked.
#[versionary::event("move.created", api = Moves, since = 1)]
pub struct MoveCreated(pub Move);

/// Retired from version 3 (unreleased, so not a change of a released version).
#[versionary::event("move_booked-v1", api = Moves, until = "3")]
pub(crate) struct MoveBooked(pub Move);

/// Added in the version being built: a leaf payload, a container of one.
#[versionary::event("move.cancelled", api = Moves, since = 3, doc = "A move was cancelled.")]
struct MoveCancelled(Vec<Reason>);

#[versionary::endpoint(GET "/moves", api = Moves)]
async fn moves() -> versionary::Json<Vec<Move>> {
    versionary::Json(Vec::new())
}

fn main() {
    let created = MoveCreated(Move { origin: "HMP Leeds".into() });
    let v1 = resolve::<Moves>("1", Resolve::exact()).unwrap();
    assert_eq!(created.to_vec(&v1).unwrap(), br#"{"from":"HMP Leeds"}"#);
    let booked = MoveBooked(Move { origin: "HMP Hull".into() });
    assert_eq!(
        booked.to_value_at("2", Resolve::exact()).unwrap(),
        serde_json::json!({ "origin": "HMP Hull" })
    );
    let v3 = resolve::<Moves>("3", Resolve::exact().with_unreleased()).unwrap();
    assert!(booked.to_vec(&v3).is_err());
    let cancelled = MoveCancelled(vec![Reason { text: "court".into() }]);
    assert_eq!(cancelled.to_vec(&v3).unwrap(), br#"[{"text":"court"}]"#);
    assert!(cancelled.to_vec(&v1).is_err());
    // The lock records the released versions' events, as the code declares them.
    let lock = versionary::lock::render::<Moves>();
    assert_eq!(lock, include_str!("../fixtures/moves.lock"));
}
