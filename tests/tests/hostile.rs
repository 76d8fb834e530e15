//! Hostile input against every example service: arbitrary bytes where the version goes
//! (path segment, header, query, media type) and arbitrary bodies for every version of every
//! request type. Invariants: never a panic, never a 5xx, every error is problem+json with the
//! RFC 9457 members, the answer names no version other than the one asked or the supported
//! list, and no error echoes more than a bounded prefix of the input.

use std::sync::OnceLock;

use axum::Router;
use axum::body::Body;
use http::{Request, header};
use http_body_util::BodyExt;
use proptest::prelude::*;
use serde_json::Value;
use tower::ServiceExt;
use versionary::{ApiBuilder, VersionFrom};
use versionary_examples::{book_a_secure_move, integration_api, lead_providers};

fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
    })
}

/// The routers under test, each with the versions it declares.
fn services() -> Vec<(&'static str, Router, &'static [&'static str])> {
    vec![
        (
            "lead_providers",
            lead_providers::app().unwrap(),
            &["1", "2"],
        ),
        (
            "integration_api",
            integration_api::app().unwrap(),
            &["1", "2"],
        ),
        (
            "book_a_secure_move",
            book_a_secure_move::app().unwrap(),
            &["1", "2"],
        ),
        (
            "lead_providers by header, query or media type",
            ApiBuilder::<lead_providers::LeadProviders>::new()
                .select_version(VersionFrom::Any(vec![
                    VersionFrom::header("api-version"),
                    VersionFrom::query("api-version"),
                    VersionFrom::MediaType,
                ]))
                .build(lead_providers::AppState::seeded())
                .unwrap(),
            &["1", "2"],
        ),
    ]
}

struct Answer {
    status: u16,
    api_version: Option<String>,
    content_type: Option<String>,
    body: Vec<u8>,
}

fn send(router: &Router, request: Request<Body>) -> Answer {
    runtime().block_on(async {
        let response = router.clone().oneshot(request).await.expect("infallible");
        let status = response.status().as_u16();
        let text = |name| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let (api_version, content_type) =
            (text("api-version"), text(header::CONTENT_TYPE.as_str()));
        let body = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes()
            .to_vec();
        Answer {
            status,
            api_version,
            content_type,
            body,
        }
    })
}

/// The invariants every answer keeps. `asked` is the version the request named, if it named
/// a declared one.
fn check(
    service: &str,
    versions: &[&str],
    asked: Option<&str>,
    input_len: usize,
    answer: &Answer,
) -> Result<(), TestCaseError> {
    prop_assert!(
        answer.status < 500,
        "{service}: {} {}",
        answer.status,
        String::from_utf8_lossy(&answer.body)
    );
    if let Some(served) = &answer.api_version {
        prop_assert!(
            versions.contains(&served.as_str()),
            "{service}: served as undeclared {served}"
        );
        if let Some(asked) = asked {
            prop_assert_eq!(
                served.as_str(),
                asked,
                "{}: served as another version",
                service
            );
        }
    }
    if answer.status >= 400 {
        prop_assert_eq!(
            answer.content_type.as_deref(),
            Some("application/problem+json"),
            "{}",
            service
        );
        let body: Value =
            serde_json::from_slice(&answer.body).map_err(|e| TestCaseError::fail(e.to_string()))?;
        for member in ["type", "title", "status", "detail"] {
            prop_assert!(
                body.get(member).is_some(),
                "{service}: problem lacks {member}: {body}"
            );
        }
        prop_assert_eq!(body["status"].as_u64(), Some(u64::from(answer.status)));
        if let Some(listed) = body.get("supported_versions") {
            let listed: Vec<&str> = listed
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            prop_assert!(
                listed.iter().all(|v| versions.contains(v)),
                "{service}: lists {listed:?}"
            );
        }
        if let Some(version) = body.get("version").and_then(Value::as_str) {
            prop_assert_eq!(
                Some(version),
                asked,
                "{}: names version {}",
                service,
                version
            );
        }
        // Whatever was sent, an error body stays small.
        prop_assert!(
            answer.body.len() < 2048,
            "{service}: {} bytes of error for {input_len} bytes of input",
            answer.body.len()
        );
    }
    Ok(())
}

fn percent_encode(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(b) {
                (*b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_path_segments(segment in proptest::collection::vec(any::<u8>(), 0..300), rest in prop_oneof![Just("/participants"), Just("/moves/m1"), Just("/persons"), Just("")]) {
        for (name, router, versions) in services() {
            let uri = format!("/{}{rest}", percent_encode(&segment));
            let answer = send(&router, Request::get(&uri).body(Body::empty()).unwrap());
            check(name, versions, None, segment.len(), &answer)?;
            let uri = format!("/api/{}{rest}", percent_encode(&segment));
            let answer = send(&router, Request::get(&uri).body(Body::empty()).unwrap());
            check(name, versions, None, segment.len(), &answer)?;
        }
    }

    #[test]
    fn arbitrary_header_query_and_media_type_values(value in proptest::collection::vec(any::<u8>(), 0..300), version in prop_oneof![Just("1"), Just("2")]) {
        let (name, router, versions) = services().pop().unwrap();
        let printable: String = String::from_utf8_lossy(&value).chars().filter(|c| !c.is_control()).collect();
        // An arbitrary header value, alone or beside a valid version.
        if let Ok(header_value) = http::HeaderValue::from_bytes(&value) {
            let request = Request::get("/participants").header("api-version", header_value.clone()).body(Body::empty()).unwrap();
            check(name, versions, None, value.len(), &send(&router, request))?;
            let request = Request::get(format!("/participants?api-version={version}")).header("api-version", header_value).body(Body::empty()).unwrap();
            let answer = send(&router, request);
            check(name, versions, Some(version), value.len(), &answer)?;
        }
        let request = Request::get(format!("/participants?api-version={}", percent_encode(&value))).body(Body::empty()).unwrap();
        check(name, versions, None, value.len(), &send(&router, request))?;
        if let Ok(accept) = http::HeaderValue::from_str(&format!("application/json; version={printable}")) {
            let request = Request::get("/participants").header(header::ACCEPT, accept).body(Body::empty()).unwrap();
            check(name, versions, None, value.len(), &send(&router, request))?;
        }
        // A valid version is served as exactly that version.
        let request = Request::get("/participants").header("api-version", version).body(Body::empty()).unwrap();
        let answer = send(&router, request);
        prop_assert_eq!(answer.status, 200);
        check(name, versions, Some(version), 0, &answer)?;
    }

    #[test]
    fn arbitrary_bodies_for_every_version_of_every_request_type(body in json_ish(), version in prop_oneof![Just("1"), Just("2")]) {
        for (name, router, versions) in services().into_iter().take(3) {
            for path in ["/api/v{v}/participant-declarations", "/v{v}/moves"] {
                let uri = path.replace("{v}", version);
                let request = Request::post(&uri).header(header::CONTENT_TYPE, "application/json").body(Body::from(body.clone())).unwrap();
                let answer = send(&router, request);
                let asked = (answer.status != 404).then_some(version);
                check(name, versions, asked, body.len(), &answer)?;
            }
        }
    }
}

/// Mostly-JSON text: valid documents of every shape, near-misses of the real bodies, and
/// arbitrary strings.
fn json_ish() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        ".{0,12}".prop_map(Value::from),
        prop_oneof![
            Just("LDS"),
            Just("WYI"),
            Just("p1"),
            Just("21412-12121"),
            Just("started"),
            Just("ecf-mentor"),
            Just("other"),
            Just("2025-01-15T10:00:00Z")
        ]
        .prop_map(Value::from),
    ];
    let keys = prop_oneof![
        Just("participant_id"),
        Just("declaration_type"),
        Just("declaration_date"),
        Just("course_identifier"),
        Just("evidence_held"),
        Just("from_location"),
        Just("to_location"),
        Just("person_id"),
        Just("reference"),
        Just("code"),
        Just("title"),
        Just("x"),
    ];
    let value = leaf.prop_recursive(4, 48, 8, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::btree_map(keys.clone(), inner, 0..7).prop_map(|m| Value::Object(
                m.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
            )),
        ]
    });
    prop_oneof![
        4 => value.prop_map(|v| v.to_string()),
        1 => ".{0,64}",
    ]
}

#[test]
fn deeply_nested_and_oversized_bodies_are_refused_cheaply() {
    let (name, router, versions) = services().swap_remove(0);
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let request = Request::post("/api/v1/participant-declarations")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(deep))
        .unwrap();
    let answer = send(&router, request);
    assert!(
        answer.status == 400 || answer.status == 422,
        "{}",
        answer.status
    );
    check(name, versions, Some("1"), 200_000, &answer).unwrap();

    let huge = format!(
        "{{\"participant_id\": \"{}\"}}",
        "x".repeat(3 * 1024 * 1024)
    );
    let request = Request::post("/api/v1/participant-declarations")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(huge))
        .unwrap();
    let answer = send(&router, request);
    assert_eq!(answer.status, 413);
    check(name, versions, Some("1"), 0, &answer).unwrap();
}
