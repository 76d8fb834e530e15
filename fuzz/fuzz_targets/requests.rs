//! Arbitrary bytes as the version (path segment, header, query, media type) and as the body,
//! against the example services. Invariants: no panic, no 5xx, every error problem+json.
#![no_main]

use std::sync::OnceLock;

use axum::Router;
use axum::body::Body;
use http::{Request, header};
use http_body_util::BodyExt;
use libfuzzer_sys::fuzz_target;
use tower::ServiceExt;
use versionary::{ApiBuilder, VersionFrom};
use versionary_examples::{book_a_secure_move, lead_providers};

struct Fixture {
    runtime: tokio::runtime::Runtime,
    by_path: Router,
    by_header: Router,
    moves: Router,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| Fixture {
        runtime: tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime"),
        by_path: lead_providers::app().expect("router"),
        by_header: ApiBuilder::<lead_providers::LeadProviders>::new()
            .select_version(VersionFrom::Any(vec![
                VersionFrom::header("api-version"),
                VersionFrom::query("api-version"),
                VersionFrom::MediaType,
            ]))
            .build(lead_providers::AppState::seeded())
            .expect("router"),
        moves: book_a_secure_move::app().expect("router"),
    })
}

fn encode(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (*b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let split = rest.iter().position(|b| *b == 0).unwrap_or(rest.len());
    let (version, body) = (&rest[..split], rest.get(split + 1..).unwrap_or(&[]));
    let f = fixture();
    let (router, request) = match mode % 6 {
        0 => (
            &f.by_path,
            Request::get(format!("/api/v{}/participants", encode(version))).body(Body::empty()),
        ),
        1 => match http::HeaderValue::from_bytes(version) {
            Ok(value) => (
                &f.by_header,
                Request::get("/participants")
                    .header("api-version", value)
                    .body(Body::empty()),
            ),
            Err(_) => return,
        },
        2 => (
            &f.by_header,
            Request::get(format!("/participants?api-version={}", encode(version)))
                .body(Body::empty()),
        ),
        3 => match http::HeaderValue::from_bytes(
            &[b"application/json; version=".as_slice(), version].concat(),
        ) {
            Ok(value) => (
                &f.by_header,
                Request::get("/participants")
                    .header(header::ACCEPT, value)
                    .body(Body::empty()),
            ),
            Err(_) => return,
        },
        4 => (
            &f.by_path,
            Request::post(if version.first().is_some_and(|b| b % 2 == 0) {
                "/api/v1/participant-declarations"
            } else {
                "/api/v2/participant-declarations"
            })
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_vec())),
        ),
        _ => (
            &f.moves,
            Request::post(if version.first().is_some_and(|b| b % 2 == 0) {
                "/v1/moves"
            } else {
                "/v2/moves"
            })
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_vec())),
        ),
    };
    let Ok(request) = request else { return };
    f.runtime.block_on(async {
        let response = router.clone().oneshot(request).await.expect("infallible");
        let status = response.status();
        assert!(!status.is_server_error(), "{status}");
        let is_problem = response
            .headers()
            .get(header::CONTENT_TYPE)
            .is_some_and(|v| v == "application/problem+json");
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        if status.is_client_error() {
            assert!(is_problem, "{status} without problem+json");
            let problem: serde_json::Value =
                serde_json::from_slice(&bytes).expect("problem is JSON");
            assert!(problem.get("detail").is_some());
            assert!(bytes.len() < 4096, "error body of {} bytes", bytes.len());
        }
    });
});
