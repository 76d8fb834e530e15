//! Deprecation and sunset of a whole version, with path versioning: the notice headers on
//! every answer of the version, `api-deprecated-versions` on every answer of the service,
//! 410 after the sunset while the other versions work, and usage counts (the
//! tracing span is `request_span.rs`'s).

mod support;

use serde_json::json;
use support::Server;
use versionary::{ApiBuilder, Clock, Usage, VersionFrom};

mod catalog {
    use axum::extract::Path;

    versionary::api_versions! {
        pub Catalog(notice_days = 60) {
            1 => "Initial release" { released = "2024-01-10", deprecated = "2025-01-01", sunset = "2025-03-02" },
            2 => "Items carry a price",
            3 => "Items carry a currency",
        }
    }

    #[versionary::endpoint(GET "/items/{id}", api = Catalog)]
    async fn item(Path(id): Path<u32>) -> String {
        format!("item {id}")
    }

    #[versionary::endpoint(GET "/labels/{id}", api = Catalog, until = 2)]
    async fn label(Path(id): Path<u32>) -> String {
        format!("label {id}")
    }
}

use catalog::Catalog;

async fn server_at(now: &str, usage: Option<Usage>) -> Server {
    let mut builder = ApiBuilder::<Catalog>::new()
        .select_version(VersionFrom::path("/api"))
        .clock(Clock::at(now).unwrap());
    if let Some(usage) = usage {
        builder = builder.usage(usage);
    }
    support::start(builder.build(()).unwrap()).await
}

#[tokio::test]
async fn before_the_deprecation_nothing_is_announced() {
    let server = server_at("2024-12-31T23:59:59Z", None).await;
    let reply = server.get("/api/v1/items/7").await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("deprecation"), None);
    assert_eq!(reply.header("api-supported-versions"), Some("1, 2, 3"));
    assert_eq!(reply.header("api-deprecated-versions"), None);
}

#[tokio::test]
async fn a_deprecated_version_announces_its_sunset_and_successor() {
    let server = server_at("2025-01-01", None).await;
    let reply = server.get("/api/v1/items/7").await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.text, "item 7");
    assert_eq!(reply.header("deprecation"), Some("@1735689600"));
    assert_eq!(
        reply.header("sunset"),
        Some("Sun, 02 Mar 2025 00:00:00 GMT")
    );
    // One `Link` field: the successor, then the same endpoint in the latest version (here
    // the same URL), with `api-latest-version` naming it.
    assert_eq!(
        reply.header("link"),
        Some(
            "</api/v3/items/7>; rel=\"successor-version\", </api/v3/items/7>; rel=\"latest-version\""
        )
    );
    assert_eq!(reply.header("api-latest-version"), Some("3"));
    // ASP.NET's convention: deprecated versions are listed apart from supported ones, on
    // every answer, errors and other versions included.
    for path in [
        "/api/v1/items/7",
        "/api/v3/items/7",
        "/api/v3/nothing",
        "/api/v9/items/7",
    ] {
        let reply = server.get(path).await;
        assert_eq!(
            reply.header("api-supported-versions"),
            Some("2, 3"),
            "{path}"
        );
        assert_eq!(reply.header("api-deprecated-versions"), Some("1"), "{path}");
    }
    let newer = server.get("/api/v2/items/7").await;
    assert_eq!(newer.header("deprecation"), None);
    // An endpoint that has no successor in the newest version is deprecated without a link.
    let label = server.get("/api/v1/labels/7").await;
    assert_eq!(label.status, 200);
    assert_eq!(label.header("deprecation"), Some("@1735689600"));
    assert_eq!(label.header("link"), None);

    let list = server.get("/versions").await.json();
    assert_eq!(
        list["versions"][0],
        json!({"version": "1", "description": "Initial release", "status": "deprecated",
               "released": "2024-01-10", "deprecated": "2025-01-01", "sunset": "2025-03-02"})
    );
    assert_eq!(list["versions"][2]["status"], "current");
}

#[tokio::test]
async fn after_the_sunset_the_version_is_gone_and_the_others_work() {
    let usage = Usage::new();
    let server = server_at("2025-03-02", Some(usage.clone())).await;
    let reply = server.get("/api/v1/items/7").await;
    let problem = reply.problem(410);
    assert_eq!(problem["successor"], "/api/v3/items/7");
    assert_eq!(problem["successor_version"], "3");
    assert_eq!(reply.header("api-version"), Some("1"));
    assert_eq!(reply.header("api-supported-versions"), Some("2, 3"));
    assert_eq!(reply.header("api-deprecated-versions"), None);
    server.get("/api/v1/labels/7").await.problem(410);
    for version in [2, 3] {
        let reply = server.get(&format!("/api/v{version}/items/7")).await;
        assert_eq!(reply.status, 200);
        assert_eq!(reply.header("deprecation"), None);
    }
    let list = server.get("/versions").await.json();
    assert_eq!(list["versions"][0]["status"], "sunset");

    // Who still calls the retired version shows in the usage counts.
    server.get("/api/v1/items/8").await;
    assert_eq!(usage.by_version(), vec![("1", 3), ("2", 1), ("3", 1)]);
    let rows = usage.snapshot();
    let v1_items = rows
        .iter()
        .find(|r| r.version == "1" && r.route == "/items/{id}")
        .unwrap();
    assert_eq!((v1_items.requests, v1_items.gone), (2, 2));
    let text = usage.to_prometheus();
    assert!(
        text.contains(
            "versionary_gone_total{api=\"Catalog\",version=\"1\",method=\"GET\",route=\"/labels/{id}\"} 1"
        ),
        "{text}"
    );
}

#[test]
fn a_usage_handle_counts_one_router() {
    let usage = Usage::new();
    let build = || ApiBuilder::<Catalog>::new().usage(usage.clone()).build(());
    assert!(build().is_ok());
    let error = build().unwrap_err();
    assert!(error.to_string().contains("already counts"), "{error}");
}
