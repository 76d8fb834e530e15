//! Each request runs in a `versionary.request` span naming its API, version, method and
//! route. Alone in its test binary: `tracing` caches a callsite's interest process-wide, and
//! tests on other threads without a subscriber could register the span's callsite as never
//! wanted in the middle of this one.

use versionary::{ApiBuilder, Clock};

mod catalog {
    use axum::extract::Path;

    versionary::api_versions! {
        pub Catalog {
            1 => "Initial release",
            2 => "Items carry a price",
        }
    }

    #[versionary::endpoint(GET "/items/{id}", api = Catalog)]
    async fn item(Path(id): Path<u32>) -> String {
        format!("item {id}")
    }
}

use catalog::Catalog;

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
