//! The `book_a_secure_move` contract (../shared/EXAMPLES.md), called over real HTTP on
//! 127.0.0.1: the resources in both versions, `GET /moves` as NDJSON, and `move.created`
//! delivered to a receiver on 127.0.0.1, signed the Standard Webhooks way, in the
//! subscription's version, retried when the receiver fails.

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use serde_json::{Value, json};
use support::Server;
use tokio::sync::{Semaphore, mpsc};
use versionary::render::{Resolve, resolve};
use versionary::webhook::Secret;
use versionary_examples::book_a_secure_move::{BookASecureMove, Config, Retry, Subscription};

async fn server() -> Server {
    support::start(versionary_examples::book_a_secure_move::app().expect("router builds")).await
}

fn leeds() -> Value {
    json!({"code": "LDS", "title": "Leeds Prison"})
}

fn wetherby() -> Value {
    json!({"code": "WYI", "title": "Wetherby"})
}

#[tokio::test]
async fn v1_moves_carry_location_codes() {
    let server = server().await;
    let reply = server.get("/v1/moves/m1").await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("api-version"), Some("1"));
    assert_eq!(reply.header("api-supported-versions"), Some("1, 2"));
    assert_eq!(
        reply.json(),
        json!({"id": "m1", "reference": "ABC123", "from_location": "LDS", "to_location": "WYI", "status": "requested", "person_id": "p1"})
    );
}

#[tokio::test]
async fn v2_moves_carry_location_objects() {
    let server = server().await;
    let reply = server.get("/v2/moves/m1").await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("api-version"), Some("2"));
    assert_eq!(
        reply.json(),
        json!({"id": "m1", "reference": "ABC123", "from_location": leeds(), "to_location": wetherby(), "status": "requested", "person_id": "p1"})
    );
}

#[tokio::test]
async fn people_are_the_same_in_both_versions() {
    let server = server().await;
    let expected = json!({"id": "p1", "first_names": "John", "last_name": "Smith"});
    for version in ["1", "2"] {
        let reply = server.get(&format!("/v{version}/people/p1")).await;
        assert_eq!(reply.status, 200);
        assert_eq!(reply.json(), expected);
        assert_eq!(reply.header("api-version"), Some(version));
    }
    server.get("/v2/people/p9").await.problem(404);
}

#[tokio::test]
async fn a_move_created_in_v1_reads_back_in_both_versions() {
    let server = server().await;
    let reply = server
        .post(
            "/v1/moves",
            r#"{"from_location": "WYI", "to_location": "LDS", "person_id": "p1"}"#,
        )
        .await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    let created = reply.json();
    assert_eq!(created["from_location"], "WYI");
    assert_eq!(created["to_location"], "LDS");
    assert_eq!(created["status"], "requested");
    let id = created["id"].as_str().unwrap().to_owned();

    let v2 = server.get(&format!("/v2/moves/{id}")).await.json();
    assert_eq!(v2["from_location"], wetherby());
    assert_eq!(v2["to_location"], leeds());
    assert_eq!(v2["reference"], created["reference"]);
    let v1 = server.get(&format!("/v1/moves/{id}")).await.json();
    assert_eq!(v1, created);
}

#[tokio::test]
async fn a_move_created_in_v2_reads_back_in_both_versions() {
    let server = server().await;
    let body = json!({"reference": "XYZ9", "from_location": leeds(), "to_location": wetherby(), "person_id": "p1"});
    let reply = server.post("/v2/moves", &body.to_string()).await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    assert_eq!(reply.header("api-version"), Some("2"));
    let created = reply.json();
    assert_eq!(created["from_location"], leeds());
    assert_eq!(created["reference"], "XYZ9");
    let id = created["id"].as_str().unwrap().to_owned();

    let v1 = server.get(&format!("/v1/moves/{id}")).await.json();
    assert_eq!(
        v1,
        json!({"id": id, "reference": "XYZ9", "from_location": "LDS", "to_location": "WYI", "status": "requested", "person_id": "p1"})
    );
    assert_eq!(server.get(&format!("/v2/moves/{id}")).await.json(), created);
}

#[tokio::test]
async fn unknown_codes_are_422_at_the_field_in_both_versions() {
    let server = server().await;
    let reply = server
        .post(
            "/v1/moves",
            r#"{"from_location": "XXX", "to_location": "LDS", "person_id": "p1"}"#,
        )
        .await;
    let body = reply.problem(422);
    assert_eq!(body["errors"][0]["pointer"], "/from_location");
    assert!(body["detail"].as_str().unwrap().contains("XXX"), "{body}");
    assert_eq!(reply.header("api-version"), Some("1"));

    let reply = server
        .post(
            "/v1/moves",
            r#"{"from_location": "LDS", "to_location": "NOPE", "person_id": "p1"}"#,
        )
        .await;
    assert_eq!(reply.problem(422)["errors"][0]["pointer"], "/to_location");

    let body = json!({"from_location": {"code": "XXX", "title": "?"}, "to_location": wetherby(), "person_id": "p1"});
    let reply = server.post("/v2/moves", &body.to_string()).await;
    assert_eq!(
        reply.problem(422)["errors"][0]["pointer"],
        "/from_location/code"
    );

    // The refused requests left nothing behind: the next move created is the first one.
    let reply = server
        .post(
            "/v1/moves",
            r#"{"from_location": "LDS", "to_location": "WYI", "person_id": "p1"}"#,
        )
        .await;
    assert_eq!(reply.status, 201);
    assert_eq!(reply.json()["id"], "m2");
    server.get("/v1/moves/m3").await.problem(404);
}

#[tokio::test]
async fn each_version_accepts_only_its_own_shape() {
    let server = server().await;
    // A v2 body sent to v1, and a v1 body sent to v2.
    let v2_body = json!({"from_location": leeds(), "to_location": wetherby(), "person_id": "p1"});
    let reply = server.post("/v1/moves", &v2_body.to_string()).await;
    assert_eq!(reply.problem(422)["errors"][0]["pointer"], "/from_location");
    let reply = server
        .post(
            "/v2/moves",
            r#"{"from_location": "LDS", "to_location": "WYI", "person_id": "p1"}"#,
        )
        .await;
    assert_eq!(reply.problem(422)["errors"][0]["pointer"], "/from_location");
    let reply = server
        .post(
            "/v1/moves",
            r#"{"from_location": "LDS", "person_id": "p1"}"#,
        )
        .await;
    assert_eq!(reply.problem(422)["errors"][0]["pointer"], "/to_location");
    let reply = server
        .post(
            "/v1/moves",
            r#"{"from_location": "LDS", "to_location": "WYI", "person_id": "p7"}"#,
        )
        .await;
    assert_eq!(reply.problem(422)["errors"][0]["pointer"], "/person_id");
}

#[tokio::test]
async fn unknown_versions_and_moves_are_404() {
    let server = server().await;
    for path in ["/v3/moves/m1", "/v3/people/p1", "/moves/m1", "/v0/moves/m1"] {
        let reply = server.get(path).await;
        reply.problem(404);
        assert_eq!(reply.header("api-supported-versions"), Some("1, 2"));
    }
    let reply = server.get("/v1/moves/m404").await;
    reply.problem(404);
    assert_eq!(reply.header("api-version"), Some("1"));
}

#[test]
fn routes_serve_people_in_both_versions() {
    let table = versionary_examples::book_a_secure_move::routes().expect("route table");
    let rows: Vec<String> = table
        .rows
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert_eq!(
        rows,
        [
            "GET /docs",
            "GET /docs/assets/{file}",
            "GET /docs/release-notes",
            "GET /docs/versions",
            "GET /openapi/{version}.json",
            "GET /v1/moves",
            "POST /v1/moves",
            "GET /v1/moves/{id}",
            "GET /v1/people/{id}",
            "GET /v2/moves",
            "POST /v2/moves",
            "GET /v2/moves/{id}",
            "GET /v2/people/{id}",
            "GET /versions",
        ]
    );
}

// --- GET /moves: every move as NDJSON in the request's version -----------------------------

/// The lines of an NDJSON answer, each parsed.
fn ndjson(reply: &support::Reply) -> Vec<Value> {
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.header("content-type"), Some("application/x-ndjson"));
    assert!(reply.text.ends_with('\n'), "{:?}", reply.text);
    reply
        .text
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}

#[tokio::test]
async fn moves_stream_as_ndjson_in_each_version() {
    let server = server().await;
    let body = json!({"reference": "XYZ9", "from_location": wetherby(), "to_location": leeds(), "person_id": "p1"});
    assert_eq!(
        server.post("/v2/moves", &body.to_string()).await.status,
        201
    );

    let reply = server.get("/v1/moves").await;
    assert_eq!(reply.header("api-version"), Some("1"));
    assert_eq!(
        ndjson(&reply),
        [
            json!({"id": "m1", "reference": "ABC123", "from_location": "LDS", "to_location": "WYI", "status": "requested", "person_id": "p1"}),
            json!({"id": "m2", "reference": "XYZ9", "from_location": "WYI", "to_location": "LDS", "status": "requested", "person_id": "p1"}),
        ]
    );
    let reply = server.get("/v2/moves").await;
    assert_eq!(reply.header("api-version"), Some("2"));
    assert_eq!(
        ndjson(&reply),
        [
            json!({"id": "m1", "reference": "ABC123", "from_location": leeds(), "to_location": wetherby(), "status": "requested", "person_id": "p1"}),
            json!({"id": "m2", "reference": "XYZ9", "from_location": wetherby(), "to_location": leeds(), "status": "requested", "person_id": "p1"}),
        ]
    );
    server.get("/v3/moves").await.problem(404);
}

// --- move.created ----------------------------------------------------------------------------

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
/// How long a test waits for a delivery before failing.
const WAIT: Duration = Duration::from_secs(10);

/// One request the receiver got.
struct Delivery {
    headers: HeaderMap,
    body: Bytes,
}

/// A webhook receiver on 127.0.0.1 that answers 503 to its first `failures` requests and
/// 204 after; each request waits for a permit of `gate` before it is answered.
struct Receiver {
    url: String,
    deliveries: mpsc::UnboundedReceiver<Delivery>,
    gate: Arc<Semaphore>,
    _server: Server,
}

impl Receiver {
    async fn start(failures: usize, open: bool) -> Receiver {
        let (sender, deliveries) = mpsc::unbounded_channel();
        let gate = Arc::new(Semaphore::new(if open {
            Semaphore::MAX_PERMITS
        } else {
            0
        }));
        let seen = Arc::new(AtomicUsize::new(0));
        let handler_gate = gate.clone();
        let handler = move |headers: HeaderMap, body: Bytes| {
            let (sender, gate, seen) = (sender.clone(), handler_gate.clone(), seen.clone());
            async move {
                let _ = sender.send(Delivery { headers, body });
                let _permit = gate.acquire().await;
                if seen.fetch_add(1, Ordering::SeqCst) < failures {
                    StatusCode::SERVICE_UNAVAILABLE
                } else {
                    StatusCode::NO_CONTENT
                }
            }
        };
        let server =
            support::start(axum::Router::new().route("/hooks", axum::routing::post(handler))).await;
        Receiver {
            url: format!("{}/hooks", server.base),
            deliveries,
            gate,
            _server: server,
        }
    }

    async fn next(&mut self) -> Delivery {
        tokio::time::timeout(WAIT, self.deliveries.recv())
            .await
            .expect("no delivery within the wait")
            .expect("the receiver stopped")
    }
}

fn subscription(url: &str, version: &str, retry: Retry) -> Config {
    Config {
        subscription: Some(Subscription {
            url: url.parse().expect("url"),
            secret: SECRET.parse().expect("secret"),
            version: resolve::<BookASecureMove>(version, Resolve::exact()).expect("version"),
            retry,
        }),
    }
}

/// Quick retries, so tests do not wait long.
fn quick(attempts: u32) -> Retry {
    Retry {
        attempts,
        first_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(50),
        timeout: Duration::from_secs(5),
    }
}

/// Verifies `delivery` with the subscription's secret as a receiver would and returns its
/// body and message id.
fn verified(delivery: &Delivery) -> (Value, String) {
    assert_eq!(
        delivery
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/json")
    );
    let secret: Secret = SECRET.parse().unwrap();
    let verified = secret
        .verify(&delivery.headers, &delivery.body)
        .expect("the signature verifies");
    let other = Secret::from_bytes(b"not the subscription's key").unwrap();
    assert!(other.verify(&delivery.headers, &delivery.body).is_err());
    let body = serde_json::from_slice(&delivery.body).expect("JSON body");
    (body, verified.id)
}

#[tokio::test]
async fn move_created_reaches_the_subscriber_in_its_version() {
    let v2_body = json!({"reference": "XYZ9", "from_location": leeds(), "to_location": wetherby(), "person_id": "p1"});
    let expected = [
        (
            "1",
            json!({"id": "m2", "reference": "XYZ9", "from_location": "LDS", "to_location": "WYI", "status": "requested", "person_id": "p1"}),
        ),
        (
            "2",
            json!({"id": "m2", "reference": "XYZ9", "from_location": leeds(), "to_location": wetherby(), "status": "requested", "person_id": "p1"}),
        ),
    ];
    for (version, data) in expected {
        let mut receiver = Receiver::start(0, true).await;
        let app = versionary_examples::book_a_secure_move::app_with(subscription(
            &receiver.url,
            version,
            quick(3),
        ))
        .expect("router builds");
        let server = support::start(app).await;
        // Created through v2 and through v1: the event is in the subscription's version.
        let reply = server.post("/v2/moves", &v2_body.to_string()).await;
        assert_eq!(reply.status, 201, "{}", reply.text);
        let (body, id) = verified(&receiver.next().await);
        assert_eq!(
            body,
            json!({"type": "move.created", "data": data}),
            "version {version}"
        );
        assert!(id.starts_with("msg_") && id.ends_with("_m2"), "{id}");

        let reply = server
            .post(
                "/v1/moves",
                r#"{"from_location": "WYI", "to_location": "LDS", "person_id": "p1"}"#,
            )
            .await;
        assert_eq!(reply.status, 201, "{}", reply.text);
        let (body, second) = verified(&receiver.next().await);
        assert_eq!(body["data"]["id"], "m3");
        let from = if version == "1" {
            json!("WYI")
        } else {
            wetherby()
        };
        assert_eq!(body["data"]["from_location"], from, "version {version}");
        assert_ne!(id, second);
    }
}

#[tokio::test]
async fn a_failing_receiver_is_retried_and_the_post_does_not_wait() {
    // The receiver holds every request until the test opens its gate, and fails the first two.
    let mut receiver = Receiver::start(2, false).await;
    let app = versionary_examples::book_a_secure_move::app_with(subscription(
        &receiver.url,
        "2",
        quick(4),
    ))
    .expect("router builds");
    let server = support::start(app).await;
    let reply = server
        .post(
            "/v1/moves",
            r#"{"from_location": "LDS", "to_location": "WYI", "person_id": "p1"}"#,
        )
        .await;
    // Answered while the receiver has not answered the first attempt (its gate is shut).
    assert_eq!(reply.status, 201, "{}", reply.text);
    assert_eq!(reply.json()["from_location"], "LDS");
    let first = receiver.next().await;
    assert_eq!(server.get("/v1/moves/m2").await.status, 200);
    receiver.gate.add_permits(3);
    let (body, id) = verified(&first);
    for attempt in 2..=3 {
        let (again, again_id) = verified(&receiver.next().await);
        assert_eq!(again, body, "attempt {attempt} sends the same event");
        assert_eq!(again_id, id, "attempt {attempt} keeps the message id");
    }
    assert_eq!(body["data"]["from_location"], leeds());
    // Taken at the third attempt: no fourth.
    let more = tokio::time::timeout(Duration::from_millis(300), receiver.deliveries.recv()).await;
    assert!(
        more.is_err(),
        "a delivery after the receiver took the event"
    );
}

#[tokio::test]
async fn an_unreachable_receiver_never_fails_the_post() {
    // A port nothing listens on any more.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}/hooks", listener.local_addr().expect("address"));
    drop(listener);
    let app = versionary_examples::book_a_secure_move::app_with(subscription(&url, "1", quick(3)))
        .expect("router builds");
    let server = support::start(app).await;
    for n in 2..=3 {
        let reply = server
            .post(
                "/v1/moves",
                r#"{"from_location": "LDS", "to_location": "WYI", "person_id": "p1"}"#,
            )
            .await;
        assert_eq!(reply.status, 201, "{}", reply.text);
        assert_eq!(server.get(&format!("/v2/moves/m{n}")).await.status, 200);
    }
}

#[test]
fn the_subscription_is_read_from_its_variables() {
    let vars = |url: &'static str, secret: &'static str, version: &'static str| {
        move |name: &str| {
            match name {
                "WEBHOOK_URL" => url,
                "WEBHOOK_SECRET" => secret,
                "WEBHOOK_VERSION" => version,
                _ => "",
            }
            .to_owned()
            .into()
        }
    };
    let config = Config::from_vars(vars("http://127.0.0.1:9/hooks", SECRET, "1")).unwrap();
    let subscription = config.subscription.expect("a subscription");
    assert_eq!(subscription.version.label(), "1");
    assert_eq!(subscription.url, "http://127.0.0.1:9/hooks");
    assert_eq!(subscription.retry, Retry::default());
    assert!(
        !format!("{subscription:?}").contains("MfKQ"),
        "the secret is not shown"
    );

    assert!(Config::from_vars(|_| None).unwrap().subscription.is_none());
    assert!(
        Config::from_vars(vars("", "", ""))
            .unwrap()
            .subscription
            .is_none()
    );
    let refused = [
        (
            vars("http://127.0.0.1:9/", SECRET, "3"),
            "WEBHOOK_VERSION: API BookASecureMove has no version 3",
        ),
        (
            vars("http://127.0.0.1:9/", SECRET, "two"),
            "WEBHOOK_VERSION: `two` is not an API version",
        ),
        (
            vars("http://127.0.0.1:9/", "MfKQ9r8G", "1"),
            "WEBHOOK_SECRET: a webhook secret starts with `whsec_`",
        ),
        (
            vars("http://127.0.0.1:9/", "whsec_!!", "1"),
            "WEBHOOK_SECRET: a webhook secret is `whsec_` then standard base64",
        ),
        (
            vars("https://example.com/", SECRET, "1"),
            "WEBHOOK_URL: `https://example.com/` is not an http:// URL",
        ),
        (
            vars("not a url", SECRET, "1"),
            "WEBHOOK_URL: `not a url` is not a URL",
        ),
        (
            vars("http://127.0.0.1:9/", "", "2"),
            "WEBHOOK_URL, WEBHOOK_VERSION set without WEBHOOK_SECRET",
        ),
    ];
    for (vars, message) in refused {
        let error = Config::from_vars(vars).unwrap_err().to_string();
        assert!(error.starts_with(message), "{error}");
    }
}
