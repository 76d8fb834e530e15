//! Consumers: who is calling (`identify_consumer`, a bad identifier is a 400 problem), how
//! each request's version was chosen (`Selected::chosen`), usage by consumer x version x
//! endpoint in a bounded store, and the migration report, as a library call and as an
//! operator endpoint behind the service's permission check. In process, over 127.0.0.1.

mod support;

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, UNIX_EPOCH};

use axum::extract::Request;
use axum::middleware::{self, Next};
use axum::response::Response;
use serde_json::json;
use tower::ServiceExt;
use versionary::operator::Access;
use versionary::select::Chosen;
use versionary::{ApiBuilder, Clock, MissingVersion, Selected, Usage, VersionFrom};

versionary::api_versions! {
    pub Ledger {
        "2025-01-01" => "Initial release" { deprecated = "2026-06-01", sunset = "2027-01-01" },
        "2026-01-01" => "Amounts in cents",
        "2027-01-01" => "Under development" { unreleased },
    }
}

/// Answers the version it was served at and how that version was chosen.
#[versionary::endpoint(GET "/accounts", api = Ledger)]
async fn accounts(selected: Selected) -> String {
    format!("{} {}", selected.label(), selected.chosen())
}

const DAY: i64 = 86_400;
/// 2026-12-01T00:00:00Z.
const NOW: i64 = 1_796_083_200;

/// A clock the test moves.
fn movable(start: i64) -> (Clock, Arc<AtomicI64>) {
    let now = Arc::new(AtomicI64::new(start));
    let read = now.clone();
    let clock = Clock::custom(move || {
        UNIX_EPOCH + Duration::from_secs(read.load(Ordering::Relaxed).unsigned_abs())
    });
    (clock, now)
}

/// The service's permission check for previews: partner keys only.
fn partner(parts: &http::request::Parts) -> impl Future<Output = bool> + use<> {
    let allowed = parts
        .headers
        .get("api-key")
        .is_some_and(|key| key == "partner-7");
    async move { allowed }
}

/// The service's permission check for operators: a bearer token.
fn operator(parts: &http::request::Parts) -> impl Future<Output = Access> + use<> {
    let token = parts.headers.get("authorization").cloned();
    async move {
        match token {
            None => Access::Unauthenticated("Bearer realm=\"operators\""),
            Some(t) if t == "Bearer ops-token" => Access::Allowed,
            Some(_) => Access::Forbidden,
        }
    }
}

/// A ledger selected by header, with every way of choosing a version, consumers named by
/// `x-client-id` and the report at `/operator/consumers`.
fn ledger(usage: Usage, clock: Clock) -> ApiBuilder<Ledger> {
    ApiBuilder::<Ledger>::new()
        .select_version(VersionFrom::header("ledger-version"))
        .earlier_dates()
        .missing_version(MissingVersion::Latest)
        .preview_header("ledger-preview", partner)
        .clock(clock)
        .usage(usage)
        .consumer_header("x-client-id")
        .consumer_report("/operator/consumers", operator)
}

async fn call(server: &support::Server, client: &str, version: Option<&str>) -> support::Reply {
    let mut headers = vec![("x-client-id", client)];
    if let Some(version) = version {
        headers.push(("ledger-version", version));
    }
    server.call("GET", "/accounts", None, &headers).await
}

#[tokio::test]
async fn selected_says_how_the_version_was_chosen() {
    let app = ledger(Usage::new(), Clock::system()).build(()).unwrap();
    let server = support::start(app).await;
    let cases: [(&[(&str, &str)], &str); 4] = [
        (&[("ledger-version", "2025-01-01")], "2025-01-01 explicit"),
        (
            &[("ledger-version", "2025-07-04")],
            "2025-01-01 closest-earlier",
        ),
        (&[], "2026-01-01 defaulted"),
        (
            &[
                ("ledger-version", "2027-01-01"),
                ("ledger-preview", "1"),
                ("api-key", "partner-7"),
            ],
            "2027-01-01 preview",
        ),
    ];
    for (headers, expected) in cases {
        let reply = server.call("GET", "/accounts", None, headers).await;
        assert_eq!(
            (reply.status, reply.text.as_str()),
            (200, expected),
            "{headers:?}"
        );
    }
}

#[tokio::test]
async fn a_version_in_the_path_is_explicit_and_a_plain_path_is_defaulted() {
    let app = ApiBuilder::<Ledger>::new()
        .missing_version(MissingVersion::Oldest)
        .build(())
        .unwrap();
    let server = support::start(app).await;
    assert_eq!(
        server.get("/v2026-01-01/accounts").await.text,
        "2026-01-01 explicit"
    );
    assert_eq!(server.get("/accounts").await.text, "2025-01-01 defaulted");
}

/// Copies the `Selected` a builder layer sees into a header of the answer.
async fn echo_chosen(request: Request, next: Next) -> Response {
    let chosen = request.extensions().get::<Selected>().map(|s| s.chosen());
    let mut response = next.run(request).await;
    let value = chosen.map_or("none", Chosen::as_str);
    response
        .headers_mut()
        .insert("x-chosen", http::HeaderValue::from_static(value));
    response
}

#[tokio::test]
async fn layers_and_the_response_extension_see_how_the_version_was_chosen() {
    let app = ledger(Usage::new(), Clock::system())
        .layer(middleware::from_fn(echo_chosen))
        .selected_in_responses()
        .build(())
        .unwrap();
    let request = |version: Option<&str>| {
        let mut request = http::Request::get("/accounts");
        if let Some(version) = version {
            request = request.header("ledger-version", version);
        }
        request.body(axum::body::Body::empty()).unwrap()
    };
    let response = app.clone().oneshot(request(None)).await.unwrap();
    assert_eq!(response.headers()["x-chosen"], "defaulted");
    let selected = response.extensions().get::<Selected>().copied().unwrap();
    assert_eq!(
        (selected.label(), selected.chosen()),
        ("2026-01-01", Chosen::Defaulted)
    );
    let response = app.oneshot(request(Some("2025-03-03"))).await.unwrap();
    assert_eq!(response.headers()["x-chosen"], "closest-earlier");
    let selected = response.extensions().get::<Selected>().copied().unwrap();
    assert_eq!(selected.chosen(), Chosen::ClosestEarlier);
}

#[tokio::test]
async fn a_bad_consumer_identifier_is_a_400_problem_never_counted() {
    let usage = Usage::new();
    let app = ledger(usage.clone(), Clock::system()).build(()).unwrap();
    let server = support::start(app).await;
    let long = "a".repeat(versionary::usage::MAX_CONSUMER_LEN + 1);
    for bad in [
        "has space",
        "caf\u{e9}-shop",
        "quote\"d",
        "(others)",
        long.as_str(),
        "",
    ] {
        let reply = server
            .call("GET", "/accounts", None, &[("x-client-id", bad)])
            .await;
        let problem = reply.problem(400);
        assert_eq!(
            problem["type"], "urn:versionary:problem:invalid-consumer",
            "{bad:?}"
        );
    }
    assert!(usage.by_consumer().is_empty());
    assert!(
        usage
            .by_version()
            .iter()
            .all(|(_, requests)| *requests == 0)
    );
    // The longest allowed identifier is served; a request naming nobody is anonymous.
    let longest = "b".repeat(versionary::usage::MAX_CONSUMER_LEN);
    assert_eq!(call(&server, &longest, None).await.status, 200);
    assert_eq!(server.get("/accounts").await.status, 200);
    let rows = usage.by_consumer();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].consumer, longest);
}

/// What a service's auth layer leaves in the request's extensions.
#[derive(Clone)]
struct ClientId(String);

#[tokio::test]
async fn a_consumer_may_be_named_by_an_extension_set_by_an_auth_layer() {
    let usage = Usage::new();
    let api = ApiBuilder::<Ledger>::new()
        .usage(usage.clone())
        .identify_consumer(|parts| parts.extensions.get::<ClientId>().map(|c| c.0.as_str()))
        .build(())
        .unwrap();
    let auth = middleware::from_fn(|mut request: Request, next: Next| async move {
        let key = request
            .headers()
            .get("api-key")
            .and_then(|k| k.to_str().ok());
        if let Some(client) = key.and_then(|k| k.strip_prefix("key-")) {
            let client = ClientId(client.to_owned());
            request.extensions_mut().insert(client);
        }
        next.run(request).await
    });
    let server = support::start(api.layer(auth)).await;
    let reply = server
        .call(
            "GET",
            "/v2025-01-01/accounts",
            None,
            &[("api-key", "key-acme")],
        )
        .await;
    assert_eq!(reply.status, 200);
    server
        .call(
            "GET",
            "/v2025-01-01/accounts",
            None,
            &[("api-key", "key-bad id")],
        )
        .await
        .problem(400);
    let rows = usage.by_consumer();
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].consumer.as_str(), rows[0].version),
        ("acme", "2025-01-01")
    );
}

#[tokio::test]
async fn usage_is_counted_by_consumer_version_endpoint_and_way_with_first_and_last_seen() {
    let usage = Usage::new();
    let (clock, now) = movable(NOW);
    let server = support::start(ledger(usage.clone(), clock).build(()).unwrap()).await;
    call(&server, "acme", Some("2025-01-01")).await;
    now.store(NOW + 3600, Ordering::Relaxed);
    call(&server, "acme", Some("2025-02-02")).await;
    call(&server, "acme", None).await;
    call(&server, "globex", Some("2026-01-01")).await;
    let rows: Vec<_> = usage
        .by_consumer()
        .into_iter()
        .map(|u| serde_json::to_value(u).unwrap())
        .collect();
    assert_eq!(
        rows,
        [
            json!({"consumer": "acme", "version": "2025-01-01", "method": "GET", "route": "/accounts",
                   "requests": 2, "chosen": {"explicit": 1, "closest-earlier": 1},
                   "first_seen": NOW, "last_seen": NOW + 3600}),
            json!({"consumer": "acme", "version": "2026-01-01", "method": "GET", "route": "/accounts",
                   "requests": 1, "chosen": {"defaulted": 1},
                   "first_seen": NOW + 3600, "last_seen": NOW + 3600}),
            json!({"consumer": "globex", "version": "2026-01-01", "method": "GET", "route": "/accounts",
                   "requests": 1, "chosen": {"explicit": 1},
                   "first_seen": NOW + 3600, "last_seen": NOW + 3600}),
        ]
    );
}

#[tokio::test]
async fn consumers_past_the_limit_are_counted_in_the_overflow_bucket() {
    let usage = Usage::new().consumer_limit(2);
    let server = support::start(ledger(usage.clone(), Clock::system()).build(()).unwrap()).await;
    for client in ["a", "b", "c", "d", "a"] {
        assert_eq!(call(&server, client, Some("2026-01-01")).await.status, 200);
    }
    let rows = usage.by_consumer();
    let counted: Vec<(&str, u64)> = rows
        .iter()
        .map(|u| (u.consumer.as_str(), u.requests))
        .collect();
    assert_eq!(
        counted,
        [
            ("a", 2),
            ("b", 1),
            (versionary::usage::OVERFLOW_CONSUMER, 2)
        ]
    );
    let metrics = usage.to_prometheus();
    assert!(
        metrics.contains("versionary_consumers_tracked{api=\"Ledger\"} 2"),
        "{metrics}"
    );
    assert!(metrics.contains("versionary_consumer_overflow_requests_total{api=\"Ledger\"} 2"));
    // Per-consumer series only when the service opts in.
    assert!(!metrics.contains("consumer=\""), "{metrics}");
}

#[tokio::test]
async fn per_consumer_prometheus_series_are_opt_in() {
    let usage = Usage::new().consumer_series();
    let server = support::start(ledger(usage.clone(), Clock::system()).build(()).unwrap()).await;
    call(&server, "acme", None).await;
    call(&server, "acme", Some("2025-01-01")).await;
    let metrics = usage.to_prometheus();
    for line in [
        r#"versionary_consumer_requests_total{api="Ledger",version="2026-01-01",method="GET",route="/accounts",consumer="acme",chosen="defaulted"} 1"#,
        r#"versionary_consumer_requests_total{api="Ledger",version="2025-01-01",method="GET",route="/accounts",consumer="acme",chosen="explicit"} 1"#,
    ] {
        assert!(
            metrics.lines().any(|l| l == line),
            "{line} missing from\n{metrics}"
        );
    }
}

/// Calls by acme (explicit, the deprecated version), globex (no version, 40 days ago, and
/// today) and initech (the current version), with the clock ending at `NOW`.
async fn traffic(server: &support::Server, now: &AtomicI64) {
    now.store(NOW - 40 * DAY, Ordering::Relaxed);
    call(server, "oldco", Some("2025-01-01")).await;
    now.store(NOW - DAY, Ordering::Relaxed);
    call(server, "acme", Some("2025-01-01")).await;
    call(server, "acme", Some("2025-01-01")).await;
    now.store(NOW, Ordering::Relaxed);
    call(server, "globex", None).await;
    call(server, "initech", Some("2026-01-01")).await;
}

#[tokio::test]
async fn the_migration_report_lists_who_still_calls_old_versions() {
    let usage = Usage::new();
    let (clock, now) = movable(NOW);
    let server = support::start(ledger(usage.clone(), clock).build(()).unwrap()).await;
    traffic(&server, &now).await;
    let report =
        serde_json::to_value(usage.migration_report(Duration::from_secs(30 * DAY as u64))).unwrap();
    assert_eq!(
        report,
        json!({
            "api": "Ledger",
            "generated_at": "2026-12-01T00:00:00Z",
            "window_days": 30,
            "endpoints": [{
                "version": "2025-01-01", "method": "GET", "route": "/accounts",
                "deprecated": "2026-06-01", "sunset": "2027-01-01", "days_left": 31,
                "newer_version": "2026-01-01",
                "consumers": [{
                    "consumer": "acme", "requests": 2, "last_seen": "2026-11-30T00:00:00Z",
                    "chosen": {"explicit": 2}
                }]
            }],
            "unversioned": [{
                "consumer": "globex", "requests": 1, "last_seen": "2026-12-01T00:00:00Z",
                "versions": ["2026-01-01"]
            }],
            "overflow_requests": 0
        })
    );
    // A wider window reaches the consumer last seen 40 days ago.
    let wide = usage.migration_report(Duration::from_secs(60 * DAY as u64));
    let callers: Vec<&str> = wide.endpoints[0]
        .consumers
        .iter()
        .map(|c| c.consumer.as_str())
        .collect();
    assert_eq!(callers, ["acme", "oldco"]);
}

#[tokio::test]
async fn the_operator_endpoint_is_behind_the_permission_check() {
    let (clock, _) = movable(NOW);
    let server = support::start(ledger(Usage::new(), clock).build(()).unwrap()).await;
    let anonymous = server.get("/operator/consumers").await;
    anonymous.problem(401);
    assert_eq!(
        anonymous.header("www-authenticate"),
        Some("Bearer realm=\"operators\"")
    );
    let wrong = server
        .call(
            "GET",
            "/operator/consumers",
            None,
            &[("authorization", "Bearer guess")],
        )
        .await;
    wrong.problem(403);
    let allowed = server
        .call(
            "GET",
            "/operator/consumers",
            None,
            &[("authorization", "Bearer ops-token")],
        )
        .await;
    assert_eq!(allowed.status, 200);
    assert_eq!(allowed.json()["api"], "Ledger");
    // The check runs before the query is read: a refused request learns nothing of it.
    server
        .call(
            "GET",
            "/operator/consumers?window=0",
            None,
            &[("authorization", "Bearer guess")],
        )
        .await
        .problem(403);
}

#[tokio::test]
async fn the_operator_endpoint_answers_json_or_a_text_table() {
    let usage = Usage::new();
    let (clock, now) = movable(NOW);
    let server = support::start(ledger(usage.clone(), clock).build(()).unwrap()).await;
    traffic(&server, &now).await;
    let auth = ("authorization", "Bearer ops-token");
    let json = server
        .call("GET", "/operator/consumers?window=60", None, &[auth])
        .await;
    assert_eq!(json.header("content-type"), Some("application/json"));
    assert_eq!(
        json.json()["endpoints"][0]["consumers"][1]["consumer"],
        "oldco"
    );
    let expected = usage
        .migration_report(Duration::from_secs(30 * DAY as u64))
        .to_text();
    for (path, accept) in [
        ("/operator/consumers?format=text", "application/json"),
        ("/operator/consumers", "text/plain"),
    ] {
        let text = server
            .call("GET", path, None, &[auth, ("accept", accept)])
            .await;
        assert_eq!(text.status, 200);
        assert_eq!(
            text.header("content-type"),
            Some("text/plain; charset=utf-8")
        );
        assert_eq!(text.text, expected);
    }
    let lines: Vec<&str> = expected.lines().collect();
    assert_eq!(
        lines[..2],
        [
            "VERSION     ENDPOINT       SUNSET      DAYS LEFT  NEWER       CONSUMER  REQUESTS  LAST SEEN             CHOSEN",
            "2025-01-01  GET /accounts  2027-01-01  31         2026-01-01  acme      2         2026-11-30T00:00:00Z  explicit=2",
        ]
    );
    assert!(
        expected.contains("globex    1         2026-12-01T00:00:00Z  2026-01-01"),
        "{expected}"
    );
    for bad in ["?window=0", "?window=99999", "?window=x", "?format=xml"] {
        let reply = server
            .call("GET", &format!("/operator/consumers{bad}"), None, &[auth])
            .await;
        reply.problem(400);
    }
}

#[test]
fn the_report_endpoint_needs_usage_and_identification() {
    let check = |_: &http::request::Parts| async { Access::Allowed };
    let error = ApiBuilder::<Ledger>::new()
        .consumer_report("/operator/consumers", check)
        .build(())
        .unwrap_err();
    assert!(
        error.to_string().contains("`consumer_report` needs"),
        "{error}"
    );
    let table = ledger(Usage::new(), Clock::system()).route_table().unwrap();
    assert!(table.rows.iter().any(|r| r.path == "/operator/consumers"));
}
