//! Usage counts flushed to a store (`Usage::store`, `Usage::flush`, `Usage::flush_every`):
//! every scenario runs against the stores a service gives for its pins, the in-memory one
//! (shared by the instances of one process), SQLite (a file, reopened as after a restart)
//! and PostgreSQL (a server the test starts; three connections, as three instances). Counts survive a restart and add up across instances; requests recorded during
//! repeated flushes are counted exactly once; a failing store keeps the requests for the
//! next flush; a shutdown flushes the tail; the migration report (library call and
//! operator endpoint) is built from the store.

mod support;

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use support::temp_db::TempDb;

use axum::body::Body;
use tower::ServiceExt;
use versionary::operator::Access;
use versionary::pins::{MemoryStore, PostgresStore, SqliteStore};
use versionary::usage::{
    FLUSH_BATCH_ROWS, Flushed, StoreError, UsageCount, UsageFuture, UsageStore,
};
use versionary::{ApiBuilder, Clock, Usage};

versionary::api_versions! {
    pub Shop {
        1 => "Initial release" { deprecated = "2026-06-01", sunset = "2027-01-01" },
        2 => "Second release",
    }
}

#[versionary::endpoint(GET "/items", api = Shop)]
async fn items() -> &'static str {
    "[]"
}

#[versionary::endpoint(GET "/orders", api = Shop)]
async fn orders() -> &'static str {
    "[]"
}

const DAY: u64 = 86_400;
const MONTH: Duration = Duration::from_secs(30 * DAY);
/// 2026-12-01T12:00:00Z.
const NOON: &str = "2026-12-01T12:00:00Z";
const NOON_SECONDS: i64 = 1_796_126_400;

/// The service's permission check for operators: a bearer token.
fn operator(parts: &http::request::Parts) -> impl Future<Output = Access> + use<> {
    let allowed = parts
        .headers
        .get("authorization")
        .is_some_and(|t| t == "Bearer ops");
    async move {
        if allowed {
            Access::Allowed
        } else {
            Access::Unauthenticated("Bearer")
        }
    }
}

/// One instance of the service, counting into `usage`, with its clock at `now`.
fn instance(usage: &Usage, now: &str) -> axum::Router {
    ApiBuilder::<Shop>::new()
        .clock(Clock::at(now).unwrap())
        .usage(usage.clone())
        .consumer_header("x-client-id")
        .consumer_report("/operator/consumers", operator)
        .build(())
        .unwrap()
}

/// `times` requests of `client` to `path` (`/v1/items`), each answered 200.
async fn call(app: &axum::Router, client: &str, path: &str, times: usize) {
    for _ in 0..times {
        let request = http::Request::get(path)
            .header("x-client-id", client)
            .body(Body::empty())
            .unwrap();
        let response = app.clone().oneshot(request).await.unwrap();
        assert_eq!(response.status(), 200, "{client} {path}");
    }
}

/// The store's rows of `Shop` as (consumer, version, route, chosen, requests, first, last).
async fn rows(store: &dyn UsageStore) -> Vec<(String, String, String, String, u64, i64, i64)> {
    store
        .usage_totals("Shop", None)
        .await
        .unwrap()
        .into_iter()
        .map(|r| {
            let route = format!("{} {}", r.method, r.route);
            let seen = (r.first_seen, r.last_seen);
            (
                r.consumer, r.version, route, r.chosen, r.requests, seen.0, seen.1,
            )
        })
        .collect()
}

fn row(
    consumer: &str,
    version: &str,
    route: &str,
    requests: u64,
    first: i64,
    last: i64,
) -> (String, String, String, String, u64, i64, i64) {
    (
        consumer.into(),
        version.into(),
        route.into(),
        "explicit".into(),
        requests,
        first,
        last,
    )
}

/// Opens the store of a scenario: each call is a new instance's (or a restarted one's) view
/// of the same store.
type Open = Arc<dyn Fn() -> Arc<dyn UsageStore> + Send + Sync>;

/// The memory store: one map, shared by every instance of the process.
fn memory() -> Open {
    let store: Arc<dyn UsageStore> = Arc::new(MemoryStore::new());
    Arc::new(move || store.clone())
}

/// The SQLite store: each call opens the file again (a new connection, as a restarted or
/// another process does).
fn sqlite(db: &TempDb) -> Open {
    let path = db.0.clone();
    Arc::new(move || Arc::new(SqliteStore::open(&path).expect("a temporary usage file")))
}

/// The PostgreSQL store of `server`, in a new schema: three connections (three instances'
/// stores), each call the next one's.
async fn postgres(server: &support::postgres::Postgres, schema: &str) -> Open {
    let params = server.schema(schema);
    let mut stores: Vec<Arc<dyn UsageStore>> = Vec::new();
    for _ in 0..3 {
        let store = PostgresStore::connect(&params).await;
        stores.push(Arc::new(store.expect("a PostgreSQL usage store")));
    }
    let next = AtomicUsize::new(0);
    Arc::new(move || stores[next.fetch_add(1, Ordering::Relaxed) % stores.len()].clone())
}

/// Every scenario against PostgreSQL (a server started for this test, a schema each): the
/// store a fleet shares (skipped with a message without PostgreSQL; fails under `CI=true`).
#[tokio::test]
async fn the_postgres_store_keeps_usage_like_the_others() {
    let Some(server) = support::postgres::start("the_postgres_store_keeps_usage") else {
        return;
    };
    survive_a_restart(postgres(&server, "restart").await).await;
    add_up(postgres(&server, "add_up").await).await;
    concurrent(postgres(&server, "concurrent").await).await;
    keep_deltas(postgres(&server, "failing").await).await;
    periodic_while_down(postgres(&server, "down").await).await;
    keep_the_rest(postgres(&server, "half_way").await).await;
    periodic_then_shutdown(postgres(&server, "shutdown").await).await;
    endpoint_from_store(postgres(&server, "endpoint").await).await;
    upserts(postgres(&server, "upserts").await).await;
}

/// Both stores, with the SQLite file alive while the scenario runs.
async fn on_both<F, Fut>(name: &str, scenario: F)
where
    F: Fn(Open) -> Fut,
    Fut: Future<Output = ()>,
{
    scenario(memory()).await;
    let db = TempDb::new(name);
    scenario(sqlite(&db)).await;
}

async fn survive_a_restart(open: Open) {
    {
        let usage = Usage::new().store(open());
        let app = instance(&usage, NOON);
        call(&app, "acme", "/v1/items", 3).await;
        call(&app, "globex", "/v2/items", 1).await;
        let flushed = usage.flush().await.unwrap();
        assert_eq!(
            flushed,
            Flushed {
                rows: 2,
                requests: 4
            }
        );
    }
    // The restarted service: a new `Usage`, nothing counted in memory, the store reopened.
    let usage = Usage::new().store(open());
    let _app = instance(&usage, "2026-12-02T12:00:00Z");
    assert!(usage.by_consumer().is_empty());
    let report = usage.stored_report(MONTH).await.unwrap();
    let v1 = &report.endpoints[0];
    assert_eq!((v1.version, v1.route.as_str()), ("1", "/items"));
    let acme = &v1.consumers[0];
    assert_eq!(
        (
            acme.consumer.as_str(),
            acme.requests,
            acme.last_seen.as_str()
        ),
        ("acme", 3, NOON)
    );
    assert_eq!(acme.chosen.get("explicit"), Some(&3));
    assert_eq!(
        rows(&*open()).await,
        [
            row("acme", "1", "GET /items", 3, NOON_SECONDS, NOON_SECONDS),
            row("globex", "2", "GET /items", 1, NOON_SECONDS, NOON_SECONDS),
        ]
    );
}

#[tokio::test]
async fn counts_survive_a_restart() {
    on_both("restart", survive_a_restart).await;
}

async fn add_up(open: Open) {
    let (a, b) = (Usage::new().store(open()), Usage::new().store(open()));
    let app_a = instance(&a, "2026-12-01T12:00:00Z");
    let app_b = instance(&b, "2026-12-01T12:01:40Z");
    call(&app_a, "acme", "/v1/items", 2).await;
    call(&app_b, "acme", "/v1/items", 3).await;
    call(&app_b, "acme", "/v1/orders", 1).await;
    assert_eq!(a.flush().await.unwrap().requests, 2);
    assert_eq!(b.flush().await.unwrap().requests, 4);
    // Nothing new: a second flush adds nothing (no double counting).
    assert_eq!(a.flush().await.unwrap(), Flushed::default());
    assert_eq!(
        rows(&*open()).await,
        [
            row(
                "acme",
                "1",
                "GET /items",
                5,
                NOON_SECONDS,
                NOON_SECONDS + 100
            ),
            row(
                "acme",
                "1",
                "GET /orders",
                1,
                NOON_SECONDS + 100,
                NOON_SECONDS + 100
            ),
        ]
    );
    // More traffic on `a`, not flushed: its own report counts it, once.
    call(&app_a, "acme", "/v1/items", 1).await;
    let report = a.stored_report(MONTH).await.unwrap();
    let items = report
        .endpoints
        .iter()
        .find(|e| e.version == "1" && e.route == "/items")
        .unwrap();
    assert_eq!(items.consumers[0].requests, 6);
    assert_eq!(items.consumers[0].last_seen, "2026-12-01T12:01:40Z");
    assert_eq!(
        b.stored_report(MONTH).await.unwrap().endpoints[0].consumers[0].requests,
        5
    );
}

#[tokio::test]
async fn two_instances_add_up() {
    on_both("add-up", add_up).await;
}

async fn concurrent(open: Open) {
    let usage = Usage::new().store(open());
    let app = instance(&usage, NOON);
    // Five rounds: in each, four senders send 50 requests each while this task flushes
    // twice, so flushes run while requests are being recorded.
    for round in 0..5 {
        let senders: Vec<_> = (0..4)
            .map(|t| {
                let app = app.clone();
                tokio::spawn(async move {
                    for i in 0..50 {
                        let client = format!("c{}", (i + t + round) % 5);
                        let path = if i % 3 == 0 {
                            "/v1/items"
                        } else {
                            "/v2/orders"
                        };
                        call(&app, &client, path, 1).await;
                    }
                })
            })
            .collect();
        usage.flush().await.unwrap();
        usage.flush().await.unwrap();
        for sender in senders {
            sender.await.unwrap();
        }
    }
    usage.flush().await.unwrap();
    let sent = 5 * 4 * 50;
    // Exactly the requests sent, consumer by consumer and route by route.
    let stored = rows(&*open()).await;
    let total: u64 = stored.iter().map(|r| r.4).sum();
    assert_eq!(total, sent);
    let in_memory: Vec<(String, String, String, u64)> = usage
        .by_consumer()
        .into_iter()
        .map(|u| {
            (
                u.consumer,
                u.version.to_owned(),
                format!("{} {}", u.method, u.route),
                u.requests,
            )
        })
        .collect();
    let mut from_store: Vec<(String, String, String, u64)> =
        stored.into_iter().map(|r| (r.0, r.1, r.2, r.4)).collect();
    let mut sorted = in_memory.clone();
    sorted.sort();
    from_store.sort();
    assert_eq!(from_store, sorted);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_recording_during_repeated_flushes_loses_nothing() {
    on_both("concurrent", concurrent).await;
}

/// A store that fails its calls once its budget of successful `add_usage` calls is spent.
struct Flaky {
    inner: Arc<dyn UsageStore>,
    budget: AtomicUsize,
    adds: AtomicUsize,
}

impl Flaky {
    fn new(inner: Arc<dyn UsageStore>, budget: usize) -> Arc<Flaky> {
        Arc::new(Flaky {
            inner,
            budget: AtomicUsize::new(budget),
            adds: AtomicUsize::new(0),
        })
    }

    fn spend(&self) -> bool {
        self.budget
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |b| b.checked_sub(1))
            .is_ok()
    }
}

impl UsageStore for Flaky {
    fn add_usage<'a>(&'a self, api: &'a str, batch: &'a [UsageCount]) -> UsageFuture<'a, ()> {
        self.adds.fetch_add(1, Ordering::SeqCst);
        if self.spend() {
            self.inner.add_usage(api, batch)
        } else {
            Box::pin(async { Err(StoreError::new("connection refused")) })
        }
    }

    fn usage_totals<'a>(
        &'a self,
        api: &'a str,
        since: Option<i64>,
    ) -> UsageFuture<'a, Vec<UsageCount>> {
        if self.budget.load(Ordering::SeqCst) == 0 {
            return Box::pin(async { Err(StoreError::new("connection refused")) });
        }
        self.inner.usage_totals(api, since)
    }
}

async fn keep_deltas(open: Open) {
    let flaky = Flaky::new(open(), 0);
    let usage = Usage::new().store(flaky.clone());
    let app = instance(&usage, NOON);
    call(&app, "acme", "/v1/items", 2).await;
    let error = usage.flush().await.unwrap_err();
    assert!(error.to_string().contains("connection refused"), "{error}");
    assert!(rows(&*open()).await.is_empty());
    call(&app, "acme", "/v1/items", 1).await;
    flaky.budget.store(usize::MAX, Ordering::SeqCst);
    assert_eq!(usage.flush().await.unwrap().requests, 3);
    assert_eq!(usage.flush().await.unwrap().requests, 0);
    assert_eq!(
        rows(&*open()).await,
        [row(
            "acme",
            "1",
            "GET /items",
            3,
            NOON_SECONDS,
            NOON_SECONDS
        )]
    );
}

#[tokio::test]
async fn a_failing_store_keeps_the_requests_for_the_next_flush() {
    on_both("failing", keep_deltas).await;
}

/// Periodic flushes failing while the store is down: the requests are all written, once,
/// when it is back.
async fn periodic_while_down(open: Open) {
    let flaky = Flaky::new(open(), 0);
    let usage = Usage::new().store(flaky.clone());
    let app = instance(&usage, NOON);
    let flusher = usage.flush_every(Duration::from_millis(5)).unwrap();
    call(&app, "acme", "/v2/orders", 3).await;
    // Bounded wait (10 s) for a few failed periodic flushes.
    for _ in 0..1000 {
        if flaky.adds.load(Ordering::SeqCst) >= 3 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(
        flaky.adds.load(Ordering::SeqCst) >= 3,
        "periodic flushes were tried"
    );
    assert!(rows(&*open()).await.is_empty());
    call(&app, "acme", "/v2/orders", 2).await;
    flaky.budget.store(usize::MAX, Ordering::SeqCst);
    flusher.shutdown().await.unwrap();
    assert_eq!(
        rows(&*open()).await,
        [row(
            "acme",
            "2",
            "GET /orders",
            5,
            NOON_SECONDS,
            NOON_SECONDS
        )]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn periodic_flushes_failing_while_the_store_is_down_lose_nothing() {
    on_both("down", periodic_while_down).await;
}

/// A flush of more than one batch failing after its first: the first batch is in the
/// store, and the retry writes only the rest.
async fn keep_the_rest(open: Open) {
    let flaky = Flaky::new(open(), 1);
    let usage = Usage::new().store(flaky.clone());
    let app = instance(&usage, NOON);
    // One row per consumer: the default limit of tracked consumers, plus one counted in
    // the overflow bucket, is one row more than a batch.
    let consumers = versionary::usage::DEFAULT_CONSUMER_LIMIT + 1;
    assert_eq!(consumers, FLUSH_BATCH_ROWS + 1);
    for i in 0..consumers {
        call(&app, &format!("c{i}"), "/v2/items", 1).await;
    }
    usage.flush().await.unwrap_err();
    let written: u64 = rows(&*open()).await.iter().map(|r| r.4).sum();
    assert_eq!(written, FLUSH_BATCH_ROWS as u64, "the first batch is kept");
    flaky.budget.store(usize::MAX, Ordering::SeqCst);
    assert_eq!(
        usage.flush().await.unwrap(),
        Flushed {
            rows: 1,
            requests: 1
        }
    );
    let stored = rows(&*open()).await;
    let total: u64 = stored.iter().map(|r| r.4).sum();
    assert_eq!((stored.len(), total), (consumers, consumers as u64));
    assert_eq!(flaky.adds.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn a_flush_failing_half_way_writes_the_rest_once() {
    on_both("half-way", keep_the_rest).await;
}

async fn periodic_then_shutdown(open: Open) {
    let usage = Usage::new().store(open());
    let app = instance(&usage, NOON);
    let flusher = usage.flush_every(Duration::from_millis(20)).unwrap();
    call(&app, "acme", "/v1/items", 2).await;
    // The periodic flush writes them (bounded wait: 10 s).
    let mut stored = Vec::new();
    for _ in 0..500 {
        stored = rows(&*open()).await;
        if !stored.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(stored.iter().map(|r| r.4).sum::<u64>(), 2);
    // The tail, counted after the last periodic flush, is written on shutdown.
    call(&app, "acme", "/v1/items", 5).await;
    let tail = flusher.shutdown().await.unwrap();
    let stored: u64 = rows(&*open()).await.iter().map(|r| r.4).sum();
    assert_eq!(stored, 7, "the tail flushed on shutdown was {tail:?}");
    assert!(tail.requests <= 5);
    // A flusher with a long period writes nothing until its shutdown writes everything.
    let usage = Usage::new().store(open());
    let app = instance(&usage, NOON);
    let flusher = usage.flush_every(Duration::from_secs(3600)).unwrap();
    call(&app, "globex", "/v2/orders", 4).await;
    assert_eq!(
        flusher.shutdown().await.unwrap(),
        Flushed {
            rows: 1,
            requests: 4
        }
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn periodic_flushes_run_and_shutdown_flushes_the_tail() {
    on_both("shutdown", periodic_then_shutdown).await;
}

#[tokio::test]
async fn flushing_needs_a_store_and_a_period() {
    let usage = Usage::new();
    let error = usage.flush().await.unwrap_err();
    assert!(error.to_string().contains("Usage::store"), "{error}");
    assert!(usage.stored_report(MONTH).await.is_err());
    assert!(usage.flush_every(Duration::from_secs(1)).is_err());
    let stored = Usage::new().store(Arc::new(MemoryStore::new()));
    assert!(stored.flush_every(Duration::ZERO).is_err());
    // Before a router counts with it, there is nothing to flush.
    assert_eq!(stored.flush().await.unwrap(), Flushed::default());
}

async fn endpoint_from_store(open: Open) {
    let (a, b) = (Usage::new().store(open()), Usage::new().store(open()));
    let app_a = instance(&a, NOON);
    let server = support::start(instance(&b, NOON)).await;
    call(&app_a, "acme", "/v1/items", 4).await;
    a.flush().await.unwrap();
    let auth = [("authorization", "Bearer ops")];
    server
        .call("GET", "/v1/items", None, &[("x-client-id", "globex")])
        .await;
    let report = server.call("GET", "/operator/consumers", None, &auth).await;
    assert_eq!(report.status, 200);
    let json = report.json();
    let consumers = &json["endpoints"][0]["consumers"];
    assert_eq!(json["endpoints"][0]["route"], "/items");
    assert_eq!(consumers[0]["consumer"], "acme");
    assert_eq!(consumers[0]["requests"], 4);
    assert_eq!(consumers[0]["last_seen"], NOON);
    assert_eq!(consumers[1]["consumer"], "globex");
    assert_eq!(consumers[1]["requests"], 1);
    let text = server
        .call("GET", "/operator/consumers?format=text", None, &auth)
        .await;
    assert!(text.text.contains("acme      4"), "{}", text.text);
}

#[tokio::test]
async fn the_operator_endpoint_reports_from_the_store() {
    on_both("endpoint", endpoint_from_store).await;
}

#[tokio::test]
async fn a_failing_store_makes_the_report_a_503_problem() {
    let flaky = Flaky::new(Arc::new(MemoryStore::new()), 0);
    let usage = Usage::new().store(flaky);
    let server = support::start(instance(&usage, NOON)).await;
    let reply = server
        .call(
            "GET",
            "/operator/consumers",
            None,
            &[("authorization", "Bearer ops")],
        )
        .await;
    let problem = reply.problem(503);
    assert_eq!(reply.header("retry-after"), Some("5"));
    assert_eq!(
        problem["type"],
        "urn:versionary:problem:usage-store-unavailable"
    );
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("connection refused")
    );
}

/// The trait's contract on each store: counts add, first seen is the minimum, last seen the
/// maximum, the way chosen is part of the key, APIs are apart, `since` filters by last seen.
async fn upserts(open: Open) {
    let store = open();
    let count = |chosen: &str, requests, first_seen, last_seen| UsageCount {
        consumer: "acme".into(),
        version: "1".into(),
        method: "GET".into(),
        route: "/items".into(),
        chosen: chosen.into(),
        requests,
        first_seen,
        last_seen,
    };
    let batch = [
        count("explicit", 2, 100, 200),
        count("defaulted", 1, 150, 150),
    ];
    store.add_usage("Shop", &batch).await.unwrap();
    store
        .add_usage("Shop", &[count("explicit", 3, 50, 120)])
        .await
        .unwrap();
    store
        .add_usage("Other", &[count("explicit", 7, 1, 1)])
        .await
        .unwrap();
    assert_eq!(
        store.usage_totals("Shop", None).await.unwrap(),
        [
            count("defaulted", 1, 150, 150),
            count("explicit", 5, 50, 200)
        ]
    );
    assert_eq!(
        store.usage_totals("Shop", Some(151)).await.unwrap(),
        [count("explicit", 5, 50, 200)]
    );
    assert_eq!(
        store.usage_totals("Other", None).await.unwrap(),
        [count("explicit", 7, 1, 1)]
    );
    assert!(store.usage_totals("None", None).await.unwrap().is_empty());
}

#[tokio::test]
async fn both_stores_add_counts_and_keep_first_and_last_seen() {
    on_both("upserts", upserts).await;
}
