//! The "Adopting an existing service" walk of `versionary::lock`'s documentation
//! (`runtime/docs/lock.md`), built: an axum service ("shipments") that already answered
//! integrators adopts versionary and releases `2025-01-01` with a lock (`first_release`),
//! then declares in `2025-11-01` what it had answered all along and changes it (`later`),
//! against the same lock. The later code builds (what the lock
//! did not record is added to the record), its lock is stale, not broken, and every
//! version answers as before: checked over HTTP.

mod support;

use serde_json::json;
use versionary::lock::{LockError, check};
use versionary::{ApiBuilder, MissingVersion, VersionFrom};

/// The first release, as the team adopted versionary: the handler already sent `x-trace`
/// and answered an unknown shipment with `200 {"found": false}`; nobody declared either.
/// Integrators send fields the service never read: `unknown_fields = allow` keeps
/// accepting them, as plain serde did.
mod first_release {
    use axum::extract::Path;
    use axum::response::{IntoResponse, Response};
    use http::{HeaderMap, HeaderValue, StatusCode};

    versionary::api_versions! {
        pub Shipments(lock = "fixtures/adoption.lock", unknown_fields = allow) {
            "2025-01-01" => "First release under versionary",
        }
    }

    /// A weight, nested in requests and answers.
    #[versionary::versioned(api = Shipments)]
    #[derive(Clone, Debug)]
    pub struct Weight {
        pub grams: u32,
    }

    /// A shipment to create.
    #[versionary::versioned(api = Shipments, request)]
    pub struct NewShipment {
        pub reference: String,
        pub weight: Weight,
    }

    /// A shipment.
    #[versionary::versioned(api = Shipments, response)]
    #[derive(Clone, Debug)]
    pub struct Shipment {
        pub id: u32,
        pub reference: String,
        pub weight: Weight,
    }

    /// What the service answered for an unknown shipment.
    pub struct NotFound;

    impl IntoResponse for NotFound {
        fn into_response(self) -> Response {
            (
                StatusCode::OK,
                axum::Json(serde_json::json!({ "found": false })),
            )
                .into_response()
        }
    }

    /// Creates a shipment.
    #[versionary::endpoint(POST "/shipments", api = Shipments, status = 201)]
    pub async fn create(
        versionary::Json(new): versionary::Json<NewShipment>,
    ) -> (StatusCode, versionary::Json<Shipment>) {
        let shipment = Shipment {
            id: 7,
            reference: new.reference,
            weight: new.weight,
        };
        (StatusCode::CREATED, versionary::Json(shipment))
    }

    /// Reads a shipment.
    #[versionary::endpoint(GET "/shipments/{id}", api = Shipments)]
    pub async fn get_shipment(
        Path(id): Path<u32>,
    ) -> Result<(HeaderMap, versionary::Json<Shipment>), NotFound> {
        if id != 7 {
            return Err(NotFound);
        }
        let mut headers = HeaderMap::new();
        headers.insert("x-trace", HeaderValue::from_static("t-7"));
        let shipment = Shipment {
            id,
            reference: "PARCEL-7".into(),
            weight: Weight { grams: 1200 },
        };
        Ok((headers, versionary::Json(shipment)))
    }
}

/// `2025-11-01`, against the lock of the first release: the trace header is now
/// `trace-id` and an unknown shipment a 404 problem, with both declared as history, so
/// `2025-01-01` answers exactly as it did.
mod later {
    use axum::extract::Path;
    use http::{HeaderMap, HeaderValue, StatusCode};
    use versionary::Problem;

    versionary::api_versions! {
        pub Shipments(lock = "fixtures/adoption.lock", unknown_fields = allow) {
            "2025-01-01" => "First release under versionary",
            "2025-11-01" => "`x-trace` is `trace-id`; an unknown shipment is a 404 problem",
        }
    }

    /// A weight, nested in requests and answers.
    #[versionary::versioned(api = Shipments)]
    #[derive(Clone, Debug)]
    pub struct Weight {
        pub grams: u32,
    }

    /// A shipment to create.
    #[versionary::versioned(api = Shipments, request)]
    pub struct NewShipment {
        pub reference: String,
        pub weight: Weight,
    }

    /// A shipment.
    #[versionary::versioned(api = Shipments, response)]
    #[derive(Clone, Debug)]
    pub struct Shipment {
        pub id: u32,
        pub reference: String,
        pub weight: Weight,
    }

    /// Creates a shipment.
    #[versionary::endpoint(POST "/shipments", api = Shipments, status = 201)]
    pub async fn create(
        versionary::Json(new): versionary::Json<NewShipment>,
    ) -> (StatusCode, versionary::Json<Shipment>) {
        let shipment = Shipment {
            id: 7,
            reference: new.reference,
            weight: new.weight,
        };
        (StatusCode::CREATED, versionary::Json(shipment))
    }

    /// Before `2025-11-01` an unknown shipment was a success saying it was not found.
    fn found_false(_: Problem) -> axum::Json<serde_json::Value> {
        axum::Json(serde_json::json!({ "found": false }))
    }

    /// Reads a shipment.
    #[versionary::endpoint(
        GET "/shipments/{id}",
        api = Shipments,
        response_header("trace-id", from = "x-trace", in = "2025-11-01"),
        error(status = 404, in = "2025-11-01", down = found_false),
    )]
    pub async fn get_shipment(
        Path(id): Path<u32>,
    ) -> Result<(HeaderMap, versionary::Json<Shipment>), Problem> {
        if id != 7 {
            return Err(Problem::not_found(format!("no shipment `{id}`")));
        }
        let mut headers = HeaderMap::new();
        headers.insert("trace-id", HeaderValue::from_static("t-7"));
        let shipment = Shipment {
            id,
            reference: "PARCEL-7".into(),
            weight: Weight { grams: 1200 },
        };
        Ok((headers, versionary::Json(shipment)))
    }
}

/// The first release's lock is what its code records (bless it with
/// `VERSIONARY_BLESS=1 cargo test -p versionary-tests --test adoption`).
#[test]
fn the_first_release_is_locked() {
    versionary::lock::assert_current::<first_release::Shipments>();
}

/// The later code builds against that lock (this test compiles), and the lock is stale,
/// not broken: the declarations add what it never recorded.
#[test]
fn declaring_what_was_answered_adds_to_the_record() {
    let error = check::<later::Shipments>().unwrap_err();
    let LockError::Stale { diff } = &error else {
        panic!("expected a stale lock, got {error}");
    };
    for line in [
        "+ [version 2025-01-01] header GET /shipments/{id} x-trace",
        "+ [version 2025-01-01] error GET /shipments/{id} 404 converted",
    ] {
        assert!(diff.contains(&line.to_owned()), "{diff:#?}");
    }
    assert!(!diff.iter().any(|l| l.starts_with('-')), "{diff:#?}");
}

async fn serve<A: versionary::Api<State = ()>>() -> support::Server {
    let router = ApiBuilder::<A>::new()
        .select_version(VersionFrom::header("api-version"))
        .missing_version(MissingVersion::Oldest)
        .build(())
        .expect("a valid API");
    support::start(router).await
}

#[tokio::test]
async fn every_version_answers_as_before() {
    let before = serve::<first_release::Shipments>().await;
    let after = serve::<later::Shipments>().await;
    let old = [("api-version", "2025-01-01")];
    // What integrators of 2025-01-01 saw, and still see.
    for server in [&before, &after] {
        for headers in [&old[..], &[]] {
            let found = server.call("GET", "/shipments/7", None, headers).await;
            assert_eq!(found.status, 200);
            assert_eq!(found.header("x-trace"), Some("t-7"));
            assert_eq!(found.header("trace-id"), None);
            let missing = server.call("GET", "/shipments/9", None, headers).await;
            assert_eq!(
                (missing.status, missing.json()),
                (200, json!({"found": false}))
            );
        }
    }
    let new = [("api-version", "2025-11-01")];
    let found = after.call("GET", "/shipments/7", None, &new).await;
    assert_eq!(found.header("trace-id"), Some("t-7"));
    assert_eq!(found.header("x-trace"), None);
    after
        .call("GET", "/shipments/9", None, &new)
        .await
        .problem(404);
}

/// `unknown_fields = allow` reaches nested request types: integrators that send fields the
/// service never read keep being served, at every level, in every version.
#[tokio::test]
async fn unknown_request_fields_are_ignored_api_wide() {
    let after = serve::<later::Shipments>().await;
    let body = r#"{"reference":"P-1","note":"fragile","weight":{"grams":5,"unit":"g"}}"#;
    for version in ["2025-01-01", "2025-11-01"] {
        let reply = after
            .call(
                "POST",
                "/shipments",
                Some(body),
                &[("api-version", version)],
            )
            .await;
        assert_eq!(reply.status, 201, "{version}: {}", reply.text);
        assert_eq!(
            reply.json(),
            json!({"id": 7, "reference": "P-1", "weight": {"grams": 5}})
        );
    }
    // A missing required field is still a 422 naming it.
    let reply = after
        .call("POST", "/shipments", Some(r#"{"reference":"P-1"}"#), &[])
        .await;
    let problem = reply.problem(422);
    assert!(problem.to_string().contains("weight"), "{problem}");
    // The lock records no `deny_unknown_fields`, and the documents allow other members.
    let lock = versionary::lock::render::<later::Shipments>();
    assert!(!lock.contains("deny_unknown_fields"), "{lock}");
}
