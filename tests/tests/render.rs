//! Rendering a value at a version named outside any request (`versionary::render`): the
//! same bytes a served answer of that version carries, a date between versions resolved to
//! the closest earlier one when asked, and every bad input a typed error.

mod support;

use std::collections::HashMap;

use versionary::render::{RenderError, Resolve, resolve, resolve_version};
use versionary::{ApiBuilder, Json, VersionFrom};

mod api {
    use super::*;
    use axum::extract::Path;

    versionary::api_versions! {
        pub Moves {
            "2024-01-15" => "Initial release",
            "2024-06-01" => "`from` renamed to `origin`; people carry a `pnc` number",
            "2025-01-01" => "Moves carry a `status`",
            "2025-09-01" => "Being built" { unreleased },
        }
    }

    #[versionary::versioned(api = Moves, response)]
    #[derive(Clone)]
    pub struct Person {
        pub name: String,
        #[api(added = "2024-06-01")]
        pub pnc: String,
    }

    /// The payload of `move.created`.
    #[versionary::versioned(api = Moves, response)]
    #[derive(Clone)]
    pub struct Move {
        pub id: u32,
        #[api(renamed(from = "from", in = "2024-06-01"))]
        pub origin: String,
        pub people: Vec<Person>,
        #[api(added = "2025-01-01")]
        pub status: String,
    }

    pub fn sample(id: u32) -> Move {
        Move {
            id,
            origin: "HMP Leeds".into(),
            people: vec![Person {
                name: "A. Smith".into(),
                pnc: "20/123".into(),
            }],
            status: "requested".into(),
        }
    }

    #[versionary::endpoint(GET "/moves/{id}", api = Moves)]
    async fn show(Path(id): Path<u32>) -> Json<Move> {
        Json(sample(id))
    }
}

mod other {
    versionary::api_versions! { pub Other { 1 => "Initial release", 2 => "`body` renamed to `text`" } }

    #[versionary::versioned(api = Other, response)]
    pub struct Note {
        #[api(renamed(from = "body", in = 2))]
        pub text: String,
    }
}

use api::Moves;

#[tokio::test]
async fn a_rendered_value_is_the_body_a_request_of_that_version_gets() {
    let app = ApiBuilder::<Moves>::new()
        .select_version(VersionFrom::header("api-version"))
        .earlier_dates()
        .build(())
        .unwrap();
    let server = support::start(app).await;
    for named in [
        "2024-01-15",
        "2024-03-01",
        "2024-06-01",
        "2024-12-31",
        "2025-01-01",
        "2030-01-01",
    ] {
        let served = server
            .call("GET", "/moves/7", None, &[("api-version", named)])
            .await;
        assert_eq!(served.status, 200, "{named}: {}", served.text);
        let version = resolve::<Moves>(named, Resolve::earlier_dates()).unwrap();
        assert_eq!(
            served.header("api-version"),
            Some(version.label()),
            "{named}"
        );
        let rendered = version.to_vec(&api::sample(7)).unwrap();
        assert_eq!(String::from_utf8(rendered).unwrap(), served.text, "{named}");
        let value = version.to_value(&api::sample(7)).unwrap();
        assert_eq!(value, served.json(), "{named}");
        let mut written = Vec::new();
        version.to_writer(&mut written, &api::sample(7)).unwrap();
        assert_eq!(String::from_utf8(written).unwrap(), served.text, "{named}");
    }
}

#[test]
fn each_version_has_its_shape_nested_values_included() {
    let event = vec![api::sample(1)];
    let at = |v: &str| {
        let version = resolve::<Moves>(v, Resolve::exact()).unwrap();
        String::from_utf8(version.to_vec(&event).unwrap()).unwrap()
    };
    assert_eq!(
        at("2024-01-15"),
        r#"[{"id":1,"from":"HMP Leeds","people":[{"name":"A. Smith"}]}]"#
    );
    assert_eq!(
        at("2024-06-01"),
        r#"[{"id":1,"origin":"HMP Leeds","people":[{"name":"A. Smith","pnc":"20/123"}]}]"#
    );
    assert_eq!(
        at("2025-01-01"),
        r#"[{"id":1,"origin":"HMP Leeds","people":[{"name":"A. Smith","pnc":"20/123"}],"status":"requested"}]"#
    );
    // Rendering selects the version only for the call.
    assert_eq!(versionary::selected(), None);
}

#[test]
fn a_date_between_versions_resolves_only_when_asked_to() {
    let exact = Resolve::exact();
    let earlier = Resolve::earlier_dates();
    assert_eq!(resolve::<Moves>("2024-06-01", exact).unwrap().index(), 1);
    assert_eq!(
        resolve::<Moves>("2024-12-31", earlier).unwrap().label(),
        "2024-06-01"
    );
    // The closest earlier *released* version: never the unreleased one.
    assert_eq!(
        resolve::<Moves>("2030-01-01", earlier).unwrap().label(),
        "2025-01-01"
    );
    for (text, how) in [
        ("2024-12-31", exact),
        ("2024-01-14", earlier),
        ("2025-09-01", exact),
        ("2025-09-01", earlier),
        ("1", earlier),
    ] {
        match resolve::<Moves>(text, how) {
            Err(RenderError::UnknownVersion {
                api,
                version,
                supported,
            }) => {
                assert_eq!(api, "Moves");
                assert_eq!(version, text);
                assert_eq!(supported, ["2024-01-15", "2024-06-01", "2025-01-01"]);
            }
            other => panic!("{text} {how:?}: {other:?}"),
        }
    }
    // An unreleased version, when named exactly and asked for.
    let preview = resolve::<Moves>("2025-09-01", exact.with_unreleased()).unwrap();
    assert_eq!(preview.index(), 3);
    let parsed = "2024-06-01".parse().unwrap();
    assert_eq!(resolve_version::<Moves>(&parsed, exact).unwrap().index(), 1);
}

#[test]
fn bad_input_is_a_typed_error_never_a_panic() {
    for text in [
        "",
        "v2",
        "2024-02-30",
        "2024-13-01",
        "🦀",
        "9999999999999999999999",
        "1,2",
    ] {
        let error = resolve::<Moves>(text, Resolve::earlier_dates()).unwrap_err();
        assert!(
            matches!(
                error,
                RenderError::Malformed { .. } | RenderError::UnknownVersion { .. }
            ),
            "{text}: {error:?}"
        );
        assert!(!error.to_string().is_empty());
    }
    let v1 = resolve::<Moves>("2024-01-15", Resolve::exact()).unwrap();
    // A type of another API (whose shape depends on its own API's version) cannot be
    // written at a version of this one.
    let note = other::Note { text: "x".into() };
    match v1.to_vec(&note) {
        Err(RenderError::OtherApi { expected, selected }) => {
            assert_eq!((expected, selected), ("Other", "Moves"));
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        v1.to_value(&vec![note]),
        Err(RenderError::OtherApi { .. })
    ));
    // A value JSON cannot hold (a map with non-string keys): serde's error, typed.
    let map: HashMap<Vec<u8>, u8> = HashMap::from([(vec![1], 1)]);
    match v1.to_vec(&map) {
        Err(RenderError::Encode { version, message }) => {
            assert_eq!(version, "2024-01-15");
            assert!(message.contains("key must be a string"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    // After a failure, the next rendering is not blamed for it.
    assert!(v1.to_vec(&api::sample(1)).is_ok());
}
