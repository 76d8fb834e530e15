//! Events (`#[versionary::event]`): rendered in each subscriber's version with typed errors,
//! in each version's OpenAPI document under `webhooks`, in the lock (their payloads reached
//! as responses), in the release notes, and a released event deleted from the code refused
//! at start-up.

mod support;

use versionary::event::{Event, EventError};
use versionary::render::{RenderError, Resolve, resolve};
use versionary::{ApiBuilder, BuildError};

mod api {
    versionary::api_versions! {
        pub Moves {
            1 => "Initial release" { deprecated = "2025-01-15", sunset = "2025-06-01" },
            2 => "`from` renamed to `origin`; cancellations are sent",
            3 => "Moves carry a `status`; `move.legacy` is no longer sent",
        }
    }

    #[versionary::versioned(api = Moves, response)]
    #[derive(Clone)]
    pub struct Move {
        pub id: u32,
        #[api(renamed(from = "from", in = 2))]
        pub origin: String,
        #[api(added = 3)]
        pub status: String,
    }

    #[versionary::versioned(api = Moves, response)]
    pub struct Cancellation {
        pub id: u32,
        pub reason: String,
        pub by: Officer,
    }

    #[versionary::versioned(api = Moves, response)]
    pub struct Officer {
        pub name: String,
        #[api(added = 3)]
        pub badge: u32,
    }

    /// A move was booked.
    ///
    /// Sent once the move is stored, to every subscriber.
    #[versionary::event("move.created", api = Moves)]
    pub struct MoveCreated(pub Move);

    #[versionary::event("move.cancelled", api = Moves, since = 2, doc = "A move was cancelled.")]
    pub struct MoveCancelled(pub Cancellation);

    /// The old notification, retired in version 3.
    #[versionary::event("move.legacy", api = Moves, until = 3)]
    pub struct MoveLegacy(pub Move);

    /// One move.
    #[versionary::endpoint(GET "/moves/{id}", api = Moves)]
    pub async fn get_move() -> versionary::Json<Move> {
        versionary::Json(sample())
    }

    pub fn sample() -> Move {
        Move {
            id: 7,
            origin: "HMP Leeds".into(),
            status: "requested".into(),
        }
    }
}

mod other {
    versionary::api_versions! { pub Other { 1 => "Initial release" } }
}

mod gone {
    versionary::api_versions! {
        pub Gone(lock = "fixtures/events_gone.lock") {
            1 => "Initial release",
        }
    }

    #[versionary::versioned(api = Gone, response)]
    pub struct Parcel {
        pub id: u32,
    }

    /// Still declared.
    #[versionary::event("parcel.sent", api = Gone)]
    pub struct ParcelSent(pub Parcel);

    #[versionary::endpoint(GET "/parcels/{id}", api = Gone)]
    async fn get_parcel() -> versionary::Json<Parcel> {
        versionary::Json(Parcel { id: 1 })
    }
}

mod ahead {
    versionary::api_versions! {
        pub Ahead { 1 => "Initial release", 2 => "Being built" { unreleased } }
    }

    #[versionary::versioned(api = Ahead, response)]
    pub struct Parcel {
        pub id: u32,
    }

    /// Retired in the version being built.
    #[versionary::event("parcel.sent", api = Ahead, until = 2)]
    pub struct ParcelSent(pub Parcel);

    #[versionary::endpoint(GET "/parcels/{id}", api = Ahead)]
    async fn get_parcel() -> versionary::Json<Parcel> {
        versionary::Json(Parcel { id: 1 })
    }
}

mod twice {
    versionary::api_versions! { pub Twice { 1 => "Initial release", 2 => "New payload" } }

    #[versionary::versioned(api = Twice, response)]
    pub struct Parcel {
        pub id: u32,
    }

    #[versionary::event("parcel.sent", api = Twice, until = 2)]
    pub struct ParcelSent(pub Parcel);

    #[versionary::event("parcel.sent", api = Twice, since = 2)]
    pub struct ParcelSentAgain(pub Vec<Parcel>);

    #[versionary::endpoint(GET "/parcels/{id}", api = Twice)]
    async fn get_parcel() -> versionary::Json<Parcel> {
        versionary::Json(Parcel { id: 1 })
    }
}

use api::{Cancellation, MoveCancelled, MoveCreated, MoveLegacy, Moves, Officer};

fn at(version: &str) -> versionary::Selected {
    resolve::<Moves>(version, Resolve::exact()).unwrap()
}

#[test]
fn an_event_is_rendered_in_each_subscribers_version() {
    let event = MoveCreated(api::sample());
    assert_eq!(
        event.to_vec(&at("1")).unwrap(),
        br#"{"id":7,"from":"HMP Leeds"}"#
    );
    assert_eq!(
        event.to_vec(&at("2")).unwrap(),
        br#"{"id":7,"origin":"HMP Leeds"}"#
    );
    assert_eq!(
        event.to_value(&at("3")).unwrap(),
        serde_json::json!({ "id": 7, "origin": "HMP Leeds", "status": "requested" })
    );
    assert_eq!(
        event.to_vec_at("1", Resolve::exact()).unwrap(),
        br#"{"id":7,"from":"HMP Leeds"}"#
    );
    let mut written = Vec::new();
    event.to_writer(&at("2"), &mut written).unwrap();
    assert_eq!(written, br#"{"id":7,"origin":"HMP Leeds"}"#);
    assert_eq!(
        (MoveCreated::NAME, MoveCancelled::SINCE, MoveLegacy::UNTIL),
        ("move.created", 1, Some(2))
    );
}

#[test]
fn a_version_the_event_is_not_in_is_a_typed_error() {
    let cancelled = MoveCancelled(Cancellation {
        id: 7,
        reason: "court".into(),
        by: Officer {
            name: "PC Jones".into(),
            badge: 7,
        },
    });
    assert_eq!(
        cancelled.to_vec(&at("2")).unwrap(),
        br#"{"id":7,"reason":"court","by":{"name":"PC Jones"}}"#
    );
    match cancelled.to_vec(&at("1")) {
        Err(EventError::NotInVersion {
            event,
            version,
            exists_in,
        }) => {
            assert_eq!((event, version), ("move.cancelled", "1"));
            assert_eq!(exists_in, ["2", "3"]);
        }
        other => panic!("{other:?}"),
    }
    let legacy = MoveLegacy(api::sample());
    let error = legacy.to_value(&at("3")).unwrap_err();
    assert_eq!(
        error.to_string(),
        "event `move.legacy` does not exist in version 3; it exists in versions 1, 2"
    );
    assert!(matches!(
        legacy.to_vec_at("4", Resolve::exact()),
        Err(EventError::Render(RenderError::UnknownVersion { .. }))
    ));
    assert!(matches!(
        legacy.to_vec_at("one", Resolve::exact()),
        Err(EventError::Render(RenderError::Malformed { .. }))
    ));
    let elsewhere = resolve::<other::Other>("1", Resolve::exact()).unwrap();
    assert!(matches!(
        legacy.to_vec(&elsewhere),
        Err(EventError::OtherApi {
            api: "Moves",
            selected: "Other",
            ..
        })
    ));
}

#[test]
fn each_version_documents_the_events_it_sends_as_webhooks() {
    let builder = ApiBuilder::<Moves>::new();
    let names = |doc: &serde_json::Value| {
        let mut names: Vec<String> = doc["webhooks"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        names.sort();
        names
    };
    let v1 = builder.openapi("1").unwrap();
    assert_eq!(names(&v1), ["move.created", "move.legacy"]);
    let v2 = builder.openapi("2").unwrap();
    assert_eq!(
        names(&v2),
        ["move.cancelled", "move.created", "move.legacy"]
    );
    let v3 = builder.openapi("3").unwrap();
    assert_eq!(names(&v3), ["move.cancelled", "move.created"]);

    // The payload in the version's shape, as a reference into the components.
    for (doc, field) in [(&v1, "from"), (&v3, "origin")] {
        let created = &doc["webhooks"]["move.created"]["post"];
        assert_eq!(created["summary"], "A move was booked.");
        assert_eq!(
            created["description"].as_str().unwrap().lines().next(),
            Some("Sent once the move is stored, to every subscriber.")
        );
        let schema = &created["requestBody"]["content"]["application/json"]["schema"];
        let name = schema["$ref"]
            .as_str()
            .and_then(|r| r.strip_prefix("#/components/schemas/"))
            .unwrap_or_else(|| panic!("{schema}"));
        let properties = &doc["components"]["schemas"][name]["properties"];
        assert!(properties.get(field).is_some(), "{properties}");
        assert!(created["responses"]["2XX"].is_object());
    }
    assert_eq!(
        v3["components"]["schemas"]["Move"]["required"],
        serde_json::json!(["id", "origin", "status"])
    );
    // Deprecated: in a deprecated version, and an event with an `until`.
    assert_eq!(v1["webhooks"]["move.created"]["post"]["deprecated"], true);
    assert_eq!(v2["webhooks"]["move.legacy"]["post"]["deprecated"], true);
    assert!(
        v2["webhooks"]["move.legacy"]["post"]["description"]
            .as_str()
            .unwrap()
            .contains("version 3 and later no longer send this event")
    );
    assert!(
        v2["webhooks"]["move.created"]["post"]
            .get("deprecated")
            .is_none()
    );
    assert_eq!(
        v2["webhooks"]["move.cancelled"]["post"]["summary"],
        "A move was cancelled."
    );
}

#[test]
fn the_lock_records_each_event_and_reaches_its_payload_as_a_response() {
    let lock = versionary::lock::render::<Moves>();
    let version = |label: &str| {
        let start = lock.find(&format!("[version {label}]\n")).unwrap();
        let rest = &lock[start + 1..];
        rest[..rest.find("\n[").unwrap_or(rest.len())].to_owned()
    };
    let v1 = version("1");
    assert!(v1.contains("\nevent move.created Move\n"), "{v1}");
    assert!(v1.contains("\nevent move.legacy Move\n"), "{v1}");
    assert!(!v1.contains("move.cancelled"), "{v1}");
    // Reached only through the event: recorded as a response type, fields and all.
    assert!(!v1.contains("Cancellation"), "{v1}");
    let v2 = version("2");
    assert!(v2.contains("\nevent move.cancelled Cancellation\n"), "{v2}");
    assert!(v2.contains("\ntype Cancellation response\n"), "{v2}");
    assert!(
        v2.contains("\nfield Cancellation.reason String required\n"),
        "{v2}"
    );
    let v3 = version("3");
    assert!(!v3.contains("move.legacy"), "{v3}");
}

#[test]
fn the_release_notes_list_the_events_added_removed_and_changed() {
    let notes = versionary::changelog::markdown::<Moves>();
    let section = |label: &str| {
        let start = notes.find(&format!("## Version {label}")).unwrap();
        let rest = &notes[start + 1..];
        rest[..rest.find("\n## ").unwrap_or(rest.len())].to_owned()
    };
    let v3 = section("3");
    assert!(
        v3.contains("Events sent: `move.cancelled`, `move.created`."),
        "{v3}"
    );
    assert!(
        v3.contains("| `event move.legacy` |  | event removed (payload `Move`) | **breaking** |"),
        "{v3}"
    );
    assert!(
        v3.contains("| `event move.created` |  | payload `Move` changed (see `Move`) | no |"),
        "{v3}"
    );
    let v2 = section("2");
    assert!(
        v2.contains("| `event move.cancelled` |  | event added (payload `Cancellation`) | no |"),
        "{v2}"
    );
    assert!(
        v2.contains(
            "| `event move.created` |  | payload `Move` changed (see `Move`) | **breaking** |"
        ),
        "{v2}"
    );
    // A change of a type the payload reaches through its fields.
    assert!(
        v3.contains(
            "| `event move.cancelled` |  | payload `Cancellation` changed (see `Officer`) | no |"
        ),
        "{v3}"
    );
    assert!(section("1").contains("Events sent: `move.created`, `move.legacy`."));
}

#[test]
fn a_released_event_deleted_from_the_code_stops_the_service_from_starting() {
    let build = ApiBuilder::<gone::Gone>::new().build(()).unwrap_err();
    let BuildError::ReleasedEventsGone { api, events, lock } = &build else {
        panic!("expected the deleted event, got {build}");
    };
    assert_eq!(*api, "Gone");
    assert!(lock.ends_with("fixtures/events_gone.lock"), "{lock}");
    assert_eq!(
        events,
        &["`parcel.lost` (payload `Parcel`) in version 1".to_owned()]
    );
    assert!(
        build
            .to_string()
            .contains("Restore each `#[versionary::event("),
        "{build}"
    );
    let table = ApiBuilder::<gone::Gone>::new().route_table().unwrap_err();
    assert_eq!(table, build);
    // The event still declared renders as ever.
    let sent = gone::ParcelSent(gone::Parcel { id: 1 });
    assert_eq!(
        sent.to_vec_at("1", Resolve::exact()).unwrap(),
        br#"{"id":1}"#
    );
    // The lock check reports it as breaking too.
    match versionary::lock::check::<gone::Gone>() {
        Err(versionary::lock::LockError::Breaking(lines)) => assert_eq!(
            lines,
            ["[version 1] event parcel.lost Parcel is gone".to_owned()]
        ),
        other => panic!("{other:?}"),
    }
}

/// Over HTTP: the served documents carry the webhooks, and the docs site's release notes list
/// the events each version sends and how they changed.
#[tokio::test]
async fn the_docs_site_and_served_documents_show_the_events() {
    let app = ApiBuilder::<Moves>::new()
        .clock(versionary::Clock::at("2025-02-01").unwrap())
        .docs("/docs")
        .build(())
        .unwrap();
    let server = support::start(app).await;
    let v2 = server.get("/openapi/2.json").await;
    assert_eq!(v2.status, 200);
    let webhooks = &v2.json()["webhooks"];
    assert!(
        webhooks["move.cancelled"]["post"]["requestBody"].is_object(),
        "{webhooks}"
    );
    let notes = server.get("/docs/release-notes").await;
    assert_eq!(notes.status, 200);
    let html = notes.text;
    assert!(
        html.contains("Events sent: <code>move.cancelled</code>, <code>move.created</code>."),
        "{html}"
    );
    assert!(
        html.contains("<td><code>event move.cancelled</code></td>"),
        "{html}"
    );
    assert!(
        html.contains("event removed (payload <code>Move</code>)"),
        "{html}"
    );
}

#[test]
fn an_event_name_declared_twice_stops_the_service_from_starting() {
    let error = ApiBuilder::<twice::Twice>::new().build(()).unwrap_err();
    let BuildError::Invalid(message) = &error else {
        panic!("expected the duplicate event, got {error}");
    };
    assert!(
        message.starts_with("event `parcel.sent` of API `Twice` is declared twice: by `ParcelSent` (tests/tests/events.rs:"),
        "{message}"
    );
    assert!(
        message.contains("and by `ParcelSentAgain` (tests/tests/events.rs:"),
        "{message}"
    );
    // Each still renders in its own versions.
    let sent = twice::ParcelSentAgain(vec![twice::Parcel { id: 2 }]);
    assert_eq!(
        sent.to_vec_at("2", Resolve::exact()).unwrap(),
        br#"[{"id":2}]"#
    );
    assert!(
        twice::ParcelSent(twice::Parcel { id: 1 })
            .to_vec_at("1", Resolve::exact())
            .is_ok()
    );
}

#[test]
fn a_retirement_in_an_unreleased_version_is_not_published() {
    let v1 = ApiBuilder::<ahead::Ahead>::new().openapi("1").unwrap();
    let sent = &v1["webhooks"]["parcel.sent"]["post"];
    assert_eq!(sent["summary"], "Retired in the version being built.");
    assert!(sent.get("deprecated").is_none(), "{sent}");
    assert!(!v1.to_string().contains("version 2"), "{v1}");
    let event = ahead::ParcelSent(ahead::Parcel { id: 1 });
    assert!(event.to_vec_at("1", Resolve::exact()).is_ok());
    // Not in the unreleased version, and that version is not named to whoever asks for it.
    match event.to_vec_at("2", Resolve::exact()) {
        Err(EventError::Render(RenderError::UnknownVersion { supported, .. })) => {
            assert_eq!(supported, ["1"]);
        }
        other => panic!("{other:?}"),
    }
}
