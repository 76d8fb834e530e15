//! Deprecation and sunset of a whole version, with path versioning: the notice headers on
//! every answer of the version, `api-deprecated-versions` on every answer of the service,
//! 410 after the sunset while the other versions work, usage counts and the tracing span.

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
    assert_eq!(
        reply.header("link"),
        Some("</api/v3/items/7>; rel=\"successor-version\"")
    );
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

/// A subscriber that records the fields of `versionary.request` spans.
mod capture {
    use std::sync::{Arc, Mutex};

    use tracing::field::{Field, Visit};
    use tracing::span::{Attributes, Id, Record};
    use tracing::{Event, Metadata, Subscriber};

    /// The fields of one span, by name.
    pub type Fields = Vec<(String, String)>;

    #[derive(Clone, Default)]
    pub struct Capture(pub Arc<Mutex<Vec<Fields>>>);

    struct Recorder(Fields);

    impl Visit for Recorder {
        fn record_debug(&mut self, field: &Field, value: &dyn core::fmt::Debug) {
            self.0.push((field.name().to_owned(), format!("{value:?}")));
        }
        fn record_str(&mut self, field: &Field, value: &str) {
            self.0.push((field.name().to_owned(), value.to_owned()));
        }
    }

    impl Subscriber for Capture {
        fn enabled(&self, _: &Metadata<'_>) -> bool {
            true
        }
        fn new_span(&self, span: &Attributes<'_>) -> Id {
            if span.metadata().name() == "versionary.request" {
                let mut fields = Recorder(Vec::new());
                span.record(&mut fields);
                self.0.lock().unwrap().push(fields.0);
            }
            Id::from_u64(1)
        }
        fn record(&self, _: &Id, _: &Record<'_>) {}
        fn record_follows_from(&self, _: &Id, _: &Id) {}
        fn event(&self, _: &Event<'_>) {}
        fn enter(&self, _: &Id) {}
        fn exit(&self, _: &Id) {}
    }
}

#[test]
fn each_request_runs_in_a_span_naming_its_version() {
    use tower::ServiceExt;
    let capture = capture::Capture::default();
    let app = ApiBuilder::<Catalog>::new()
        .clock(Clock::at("2024-06-01").unwrap())
        .build(())
        .unwrap();
    tracing::subscriber::with_default(capture.clone(), || {
        // Other tests of this binary, on other threads and without a subscriber, may have
        // registered the span's callsite first, as never wanted: ask again, with ours set.
        tracing::callsite::rebuild_interest_cache();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        runtime.block_on(async {
            let request = http::Request::get("/v2/items/1")
                .body(axum::body::Body::empty())
                .unwrap();
            let response = app.oneshot(request).await.unwrap();
            assert_eq!(response.status(), 200);
        });
    });
    let spans = capture.0.lock().unwrap();
    assert_eq!(spans.len(), 1, "{spans:?}");
    let field = |name: &str| {
        spans[0]
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(field("api.version").as_deref(), Some("2"));
    assert_eq!(field("api").as_deref(), Some("Catalog"));
    assert_eq!(field("route").as_deref(), Some("/items/{id}"));
    assert_eq!(field("method").as_deref(), Some("GET"));
}
