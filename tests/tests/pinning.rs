//! Consumer pinning over HTTP, in process: a consumer naming no version is pinned on its
//! first call and served at its pin after; an explicit version wins; a store that is down
//! answers 503 with `Retry-After` to a consumer whose pin is not cached and serves a cached
//! one; the operator endpoints upgrade and roll back pins behind the permission check.
//! With PostgreSQL (a server the tests start, skipped with a message when it is not
//! installed): the same over a real store that is stopped and started again, no store round
//! trip for cached pins, and two routers sharing a database under 1,000 concurrent first
//! calls.

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use axum::body::Body;
use axum::response::Response;
use serde_json::{Value, json};
use tower::ServiceExt;
use versionary::operator::Access;
use versionary::pins::{ConsumerPin, MemoryStore, PinError, PinStore, Pins, StoreFuture};
use versionary::{ApiBuilder, Version, VersionFrom};

versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second",
        3 => "Third",
    }
}

#[versionary::endpoint(GET "/items", api = Shop)]
async fn items(selected: versionary::Selected) -> String {
    format!("{} {}", selected.label(), selected.chosen())
}

/// A store that can be taken down: every call fails while `down` is set.
#[derive(Default)]
struct Flaky {
    pins: MemoryStore,
    down: AtomicBool,
}

impl Flaky {
    fn up<'a, T: Send + 'a>(&self, call: StoreFuture<'a, T>) -> StoreFuture<'a, T> {
        if self.down.load(Ordering::SeqCst) {
            Box::pin(async { Err(PinError::Unavailable("taken down by the test".into())) })
        } else {
            call
        }
    }
}

impl PinStore for Flaky {
    fn get<'a>(&'a self, c: &'a str) -> StoreFuture<'a, Option<ConsumerPin>> {
        self.up(self.pins.get(c))
    }
    fn pin_first<'a>(&'a self, c: &'a str, v: &'a str, at: i64) -> StoreFuture<'a, ConsumerPin> {
        self.up(self.pins.pin_first(c, v, at))
    }
    fn upgrade<'a>(
        &'a self,
        c: &'a str,
        from: &'a str,
        to: &'a str,
        at: i64,
    ) -> StoreFuture<'a, ConsumerPin> {
        self.up(self.pins.upgrade(c, from, to, at))
    }
    fn rollback<'a>(&'a self, c: &'a str, w: Duration, now: i64) -> StoreFuture<'a, ConsumerPin> {
        self.up(self.pins.rollback(c, w, now))
    }
}

fn app(pins: &Pins<Shop>) -> axum::Router {
    ApiBuilder::<Shop>::new()
        .select_version(VersionFrom::header("api-version"))
        .consumer_header("x-client-id")
        .pin_consumers(pins.clone())
        .pin_operator("/operator", |parts| {
            let token = parts.headers.get("authorization").cloned();
            async move {
                match token {
                    None => Access::Unauthenticated("Bearer"),
                    Some(t) if t == "Bearer s3cret" => Access::Allowed,
                    Some(_) => Access::Forbidden,
                }
            }
        })
        .build(())
        .unwrap()
}

async fn send(app: &axum::Router, request: http::request::Builder, body: Body) -> Response {
    app.clone()
        .oneshot(request.body(body).unwrap())
        .await
        .unwrap()
}

/// `GET /items` as `client`, naming `version` or none: the status and the body.
async fn call(app: &axum::Router, client: &str, version: Option<&str>) -> (u16, String) {
    let mut request = http::Request::get("/items").header("x-client-id", client);
    if let Some(version) = version {
        request = request.header("api-version", version);
    }
    let response = send(app, request, Body::empty()).await;
    let status = response.status().as_u16();
    let body = axum::body::to_bytes(response.into_body(), 4096)
        .await
        .unwrap();
    (status, String::from_utf8(body.to_vec()).unwrap())
}

#[tokio::test]
async fn a_consumer_is_pinned_on_its_first_call_and_served_at_its_pin() {
    let store = Arc::new(MemoryStore::new());
    let old = Pins::<Shop>::new(store.clone())
        .new_consumers_at(Version::Int(1))
        .unwrap();
    let first = app(&old);
    assert_eq!(call(&first, "acme", None).await, (200, "1 pinned".into()));
    assert_eq!(store.get("acme").await.unwrap().unwrap().version, "1");
    // Another instance on the same store, pinning new consumers to the latest: acme keeps
    // its pin, a new consumer gets the latest.
    let second = app(&Pins::<Shop>::new(store.clone()));
    assert_eq!(call(&second, "acme", None).await, (200, "1 pinned".into()));
    assert_eq!(
        call(&second, "globex", None).await,
        (200, "3 pinned".into())
    );
    assert_eq!(call(&first, "globex", None).await, (200, "3 pinned".into()));
    // An explicit version wins for that request, and leaves the pin alone.
    assert_eq!(
        call(&first, "acme", Some("2")).await,
        (200, "2 explicit".into())
    );
    assert_eq!(call(&first, "acme", None).await, (200, "1 pinned".into()));
    assert_eq!(store.get("acme").await.unwrap().unwrap().version, "1");
    // Anonymous requests get the missing-version policy (here: rejected); a bad identifier
    // is a 400 problem, never pinned.
    let anonymous = send(&first, http::Request::get("/items"), Body::empty()).await;
    assert_eq!(anonymous.status(), 400);
    assert_eq!(call(&first, "not valid!", None).await.0, 400);
    assert_eq!(store.get("not valid!").await.unwrap(), None);
}

#[tokio::test]
async fn path_versions_pin_requests_without_a_version_segment() {
    let pins = Pins::<Shop>::new(MemoryStore::new())
        .new_consumers_at(Version::Int(2))
        .unwrap();
    let app = ApiBuilder::<Shop>::new()
        .consumer_header("x-client-id")
        .pin_consumers(pins)
        .build(())
        .unwrap();
    let get = |uri: &'static str| {
        let app = app.clone();
        async move {
            let request = http::Request::get(uri).header("x-client-id", "acme");
            let response = send(&app, request, Body::empty()).await;
            let body = axum::body::to_bytes(response.into_body(), 4096)
                .await
                .unwrap();
            String::from_utf8(body.to_vec()).unwrap()
        }
    };
    assert_eq!(get("/items").await, "2 pinned");
    assert_eq!(get("/v3/items").await, "3 explicit");
    assert_eq!(get("/items").await, "2 pinned");
}

#[tokio::test]
async fn a_store_that_is_down_answers_503_unless_the_pin_is_cached() {
    let store = Arc::new(Flaky::default());
    let pins = Pins::<Shop>::new(store.clone());
    let app = app(&pins);
    assert_eq!(call(&app, "cached", None).await, (200, "3 pinned".into()));
    store.down.store(true, Ordering::SeqCst);
    // Cached: served at its pin.
    assert_eq!(call(&app, "cached", None).await, (200, "3 pinned".into()));
    // Not cached: 503 with Retry-After, never another version.
    let request = http::Request::get("/items").header("x-client-id", "fresh");
    let response = send(&app, request, Body::empty()).await;
    assert_eq!(response.status(), 503);
    assert_eq!(response.headers()["retry-after"], "5");
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
    let body = axum::body::to_bytes(response.into_body(), 4096)
        .await
        .unwrap();
    let problem: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(problem["type"], "urn:versionary:problem:pins-unavailable");
    // An explicit version needs no pin.
    assert_eq!(
        call(&app, "fresh", Some("1")).await,
        (200, "1 explicit".into())
    );
    // Back up: the fresh consumer is pinned.
    store.down.store(false, Ordering::SeqCst);
    assert_eq!(call(&app, "fresh", None).await, (200, "3 pinned".into()));
}

#[tokio::test]
async fn with_a_refresh_a_cached_pin_is_read_again_and_served_while_the_store_is_down() {
    let store = Arc::new(Flaky::default());
    let pins = Pins::<Shop>::new(store.clone())
        .new_consumers_at(Version::Int(1))
        .unwrap()
        .refresh_after(Duration::ZERO);
    let app = app(&pins);
    assert_eq!(call(&app, "acme", None).await, (200, "1 pinned".into()));
    // Another instance upgrades the pin in the shared store: read again, it is served.
    store.upgrade("acme", "1", "2", 0).await.unwrap();
    assert_eq!(call(&app, "acme", None).await, (200, "2 pinned".into()));
    // The store is down: the cached pin is served (a warning says so).
    store.down.store(true, Ordering::SeqCst);
    assert_eq!(call(&app, "acme", None).await, (200, "2 pinned".into()));
}

/// `{method} /operator/pins/{consumer}{rest}` with `token` and `body`: status and JSON.
async fn operate(
    app: &axum::Router,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (u16, Value) {
    let mut request = http::Request::builder().method(method).uri(path);
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    let body = body.map_or_else(Body::empty, |b| Body::from(b.to_string()));
    let response = send(app, request, body).await;
    let status = response.status().as_u16();
    let bytes = axum::body::to_bytes(response.into_body(), 4096)
        .await
        .unwrap();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

#[tokio::test]
async fn operators_upgrade_and_roll_back_pins_behind_the_check() {
    let pins = Pins::<Shop>::new(MemoryStore::new())
        .new_consumers_at(Version::Int(1))
        .unwrap();
    let app = app(&pins);
    let to = |v: &str| Some(json!({ "version": v }));
    let pin = "/operator/pins/acme";
    assert_eq!(call(&app, "acme", None).await, (200, "1 pinned".into()));
    // 401 without credentials (with the challenge), 403 with the wrong ones.
    let unauthenticated = send(
        &app,
        http::Request::post(pin),
        Body::from(r#"{"version":"2"}"#),
    )
    .await;
    assert_eq!(unauthenticated.status(), 401);
    assert_eq!(unauthenticated.headers()["www-authenticate"], "Bearer");
    assert_eq!(
        operate(&app, "POST", pin, Some("wrong"), to("2")).await.0,
        403
    );
    assert_eq!(operate(&app, "GET", pin, None, None).await.0, 401);
    assert_eq!(call(&app, "acme", None).await, (200, "1 pinned".into()));
    // 200: upgraded, and served at once.
    let (status, body) = operate(&app, "POST", pin, Some("s3cret"), to("3")).await;
    assert_eq!(status, 200);
    assert_eq!(
        (&body["version"], &body["previous"]),
        (&json!("3"), &json!("1"))
    );
    assert_eq!(call(&app, "acme", None).await, (200, "3 pinned".into()));
    assert_eq!(
        operate(&app, "GET", pin, Some("s3cret"), None).await.1["version"],
        "3"
    );
    // Refused changes.
    assert_eq!(
        operate(&app, "POST", pin, Some("s3cret"), to("2")).await.0,
        409
    );
    assert_eq!(
        operate(&app, "POST", pin, Some("s3cret"), to("9")).await.0,
        400
    );
    assert_eq!(
        operate(&app, "POST", pin, Some("s3cret"), Some(json!({})))
            .await
            .0,
        400
    );
    let nobody = "/operator/pins/nobody";
    assert_eq!(
        operate(&app, "POST", nobody, Some("s3cret"), to("2"))
            .await
            .0,
        404
    );
    assert_eq!(
        operate(&app, "GET", nobody, Some("s3cret"), None).await.0,
        404
    );
    // Roll back: 200, served at the old version again; a second rollback is refused.
    let back = "/operator/pins/acme/rollback";
    assert_eq!(operate(&app, "POST", back, None, None).await.0, 401);
    let (status, body) = operate(&app, "POST", back, Some("s3cret"), None).await;
    assert_eq!((status, &body["version"]), (200, &json!("1")));
    assert_eq!(call(&app, "acme", None).await, (200, "1 pinned".into()));
    assert_eq!(
        operate(&app, "POST", back, Some("s3cret"), None).await.0,
        409
    );
    assert_eq!(pins.get("acme").await.unwrap().unwrap().version, "1");
}

#[test]
fn pinning_needs_consumers_identified_and_the_operator_needs_pins() {
    let pins = Pins::<Shop>::new(MemoryStore::new());
    let unidentified = ApiBuilder::<Shop>::new().pin_consumers(pins).build(());
    assert!(
        unidentified
            .unwrap_err()
            .to_string()
            .contains("identify_consumer")
    );
    let no_pins = ApiBuilder::<Shop>::new()
        .consumer_header("x-client-id")
        .pin_operator("/operator", |_| async { Access::Allowed })
        .build(());
    assert!(no_pins.unwrap_err().to_string().contains("pin_consumers"));
}

/// Over HTTP with the SQLite store: a pin made by one router survives it, and the router
/// built again on the same file (a restart, pinning new consumers elsewhere) serves it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pin_in_a_sqlite_file_survives_a_restart() {
    use versionary::pins::SqliteStore;
    let path = std::env::temp_dir().join(format!("versionary-pinning-{}.db", std::process::id()));
    let remove = || {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    };
    remove();
    let first = Pins::<Shop>::new(SqliteStore::open(&path).unwrap())
        .new_consumers_at(Version::Int(1))
        .unwrap();
    let served = call(&app(&first), "acme", None).await;
    assert_eq!(served, (200, "1 pinned".into()));
    drop(first);
    let restarted = Pins::<Shop>::new(SqliteStore::open(&path).unwrap());
    let app = app(&restarted);
    assert_eq!(call(&app, "acme", None).await, (200, "1 pinned".into()));
    assert_eq!(call(&app, "globex", None).await, (200, "3 pinned".into()));
    drop((app, restarted));
    remove();
}

/// A pin to a version the API does not declare (the store's data, say from a newer
/// deployment) is a 500 problem, never another version.
#[tokio::test]
async fn a_pin_to_an_undeclared_version_is_never_served_another_version() {
    let store = Arc::new(MemoryStore::new());
    store.pin_first("ghost", "7", 0).await.unwrap();
    let app = app(&Pins::<Shop>::new(store));
    let (status, body) = call(&app, "ghost", None).await;
    assert_eq!(status, 500);
    assert!(body.contains("pinned to version `7`"), "{body}");
    assert_eq!(
        call(&app, "ghost", Some("2")).await,
        (200, "2 explicit".into())
    );
}

#[test]
fn the_route_table_lists_the_pin_operator_endpoints() {
    let table = ApiBuilder::<Shop>::new()
        .consumer_header("x-client-id")
        .pin_consumers(Pins::new(MemoryStore::new()))
        .pin_operator("/ops/", |_| async { Access::Forbidden })
        .route_table()
        .unwrap();
    let paths: Vec<&str> = table.rows.iter().map(|r| r.path.as_str()).collect();
    assert!(paths.contains(&"/ops/pins/{consumer}"), "{paths:?}");
    assert!(
        paths.contains(&"/ops/pins/{consumer}/rollback"),
        "{paths:?}"
    );
}

/// `GET /items` over HTTP as `client`, naming no version.
async fn over_http(http: &support::Server, client: &str) -> support::Reply {
    http.call("GET", "/items", None, &[("x-client-id", client)])
        .await
}

/// Over HTTP with the PostgreSQL store, whose server is stopped mid-test: a consumer whose
/// pin is cached is still served at it, one whose pin is not gets a 503 problem with
/// `Retry-After`; started again, the store connects again and serves without a restart.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_postgres_store_that_goes_down_and_comes_back() {
    use versionary::pins::PostgresStore;
    let test = "a_postgres_store_that_goes_down_and_comes_back";
    let Some(server) = support::postgres::start(test) else {
        return;
    };
    let store = PostgresStore::connect(&server.params()).await.unwrap();
    let pins = Pins::<Shop>::new(store.clone())
        .new_consumers_at(Version::Int(2))
        .unwrap();
    let http = support::start(app(&pins)).await;
    let cached = over_http(&http, "cached").await;
    assert_eq!((cached.status, cached.text.as_str()), (200, "2 pinned"));
    server.stop();
    let cached = over_http(&http, "cached").await;
    assert_eq!((cached.status, cached.text.as_str()), (200, "2 pinned"));
    assert_eq!(cached.header("api-version"), Some("2"));
    // Each call tries to connect again, and is refused.
    for _ in 0..2 {
        let fresh = over_http(&http, "fresh").await;
        let problem = fresh.problem(503);
        assert_eq!(problem["type"], "urn:versionary:problem:pins-unavailable");
        assert_eq!(fresh.header("retry-after"), Some("5"));
    }
    assert!(matches!(
        store.get("cached").await,
        Err(PinError::Unavailable(_))
    ));
    server.start_again();
    let fresh = over_http(&http, "fresh").await;
    assert_eq!((fresh.status, fresh.text.as_str()), (200, "2 pinned"));
    assert_eq!(store.get("fresh").await.unwrap().unwrap().version, "2");
    assert_eq!(store.get("cached").await.unwrap().unwrap().version, "2");
}

/// Pinned consumers whose pins are cached cost the PostgreSQL store no round trip: exact
/// counts of the statements sent, not timings.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cached_pins_cost_no_postgres_round_trip() {
    use versionary::pins::PostgresStore;
    let test = "cached_pins_cost_no_postgres_round_trip";
    let Some(server) = support::postgres::start(test) else {
        return;
    };
    let store = PostgresStore::connect(&server.params()).await.unwrap();
    // Connecting: the table (one batch) and three prepared statements.
    assert_eq!(store.round_trips(), 4);
    let app = app(&Pins::<Shop>::new(store.clone()));
    let consumers: Vec<String> = (0..10).map(|i| format!("steady-{i}")).collect();
    for consumer in &consumers {
        assert_eq!(call(&app, consumer, None).await, (200, "3 pinned".into()));
    }
    // A first call: a read that finds no pin, then the first pin.
    assert_eq!(store.round_trips(), 4 + 2 * 10);
    for round in 0..100 {
        for consumer in &consumers {
            let served = call(&app, consumer, None).await;
            assert_eq!(served, (200, "3 pinned".into()), "round {round}");
        }
    }
    assert_eq!(
        store.round_trips(),
        4 + 2 * 10,
        "1,000 steady-state requests of pinned consumers cost no store round trip"
    );
}

/// The load target: two routers, each with its own pins over its own store on one database
/// (one pinning new consumers to version 1, the other to 3), served on 127.0.0.1; 1,000
/// concurrent first calls of 100 consumers spread across both. Every consumer ends with
/// exactly one pin, and every answer is served at it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_routers_sharing_postgres_agree_under_concurrent_first_calls() {
    use std::collections::HashMap;
    use std::io::Write as _;
    use versionary::pins::PostgresStore;
    let test = "two_routers_sharing_postgres_agree_under_concurrent_first_calls";
    let Some(server) = support::postgres::start(test) else {
        return;
    };
    let old = PostgresStore::connect(&server.params()).await.unwrap();
    let new = PostgresStore::connect(&server.params()).await.unwrap();
    let old_pins = Pins::<Shop>::new(old.clone())
        .new_consumers_at(Version::Int(1))
        .unwrap();
    let routers = [
        Arc::new(support::start(app(&old_pins)).await),
        Arc::new(support::start(app(&Pins::<Shop>::new(new.clone()))).await),
    ];
    let started = std::time::Instant::now();
    let calls: Vec<_> = (0..1_000)
        .map(|i| {
            let consumer = format!("load-{}", i % 100);
            let router = routers[(i / 100) % 2].clone();
            tokio::spawn(async move {
                let reply = over_http(&router, &consumer).await;
                let version = reply.header("api-version").map(str::to_owned);
                (consumer, reply.status, version, reply.text)
            })
        })
        .collect();
    let answers = tokio::time::timeout(Duration::from_secs(120), async {
        let mut answers = Vec::new();
        for call in calls {
            answers.push(call.await.unwrap());
        }
        answers
    })
    .await
    .expect("1,000 calls within two minutes");
    let elapsed = started.elapsed();
    let mut pins = HashMap::new();
    for (consumer, status, version, text) in &answers {
        assert_eq!(*status, 200, "{consumer}: {text}");
        if !pins.contains_key(consumer) {
            let pin = old.get(consumer).await.unwrap().expect("a pin");
            assert_eq!(new.get(consumer).await.unwrap().as_ref(), Some(&pin));
            pins.insert(consumer.clone(), pin.version);
        }
        let pinned = pins[consumer].as_str();
        assert_eq!(
            version.as_deref(),
            Some(pinned),
            "{consumer} served off its pin"
        );
        assert_eq!(*text, format!("{pinned} pinned"));
    }
    assert_eq!(pins.len(), 100);
    let rows = server.sql(
        "SELECT count(*), count(DISTINCT consumer) FROM versionary_pins WHERE consumer LIKE 'load-%'",
    );
    assert_eq!(rows, "100|100", "one pin row per consumer");
    let _ = writeln!(
        std::io::stderr().lock(),
        "load: 1,000 first calls of 100 consumers over two routers in {elapsed:?}; \
         statements sent: {} + {}",
        old.round_trips(),
        new.round_trips()
    );
}
