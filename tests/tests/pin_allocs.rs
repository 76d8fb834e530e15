//! A pinned consumer's request, its pin cached, allocates as much as the same request served
//! by a default version, and no more than one naming its version explicitly: reading the pin
//! costs a read lock and a map lookup by `&str`. Counted by a global allocator wrapper (this binary has one test, so nothing else
//! allocates meanwhile); counts, not timings.

use std::alloc::System;

use axum::body::Body;
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};
use tower::ServiceExt;
use versionary::pins::{MemoryStore, Pins};
use versionary::{ApiBuilder, MissingVersion, Usage, VersionFrom};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

versionary::api_versions! { pub Shop { 1 => "Initial release", 2 => "Second" } }

#[versionary::endpoint(GET "/items", api = Shop)]
async fn items() -> &'static str {
    "[]"
}

const REQUESTS: usize = 200;

/// Allocations of `REQUESTS` requests made by `make`, built before counting.
async fn allocations(app: &axum::Router, make: impl Fn() -> http::Request<Body>) -> usize {
    let requests: Vec<_> = (0..REQUESTS).map(|_| make()).collect();
    let region = Region::new(GLOBAL);
    for request in requests {
        let response = app.clone().oneshot(request).await.unwrap();
        assert_eq!(response.status(), 200);
        let _ = axum::body::to_bytes(response.into_body(), 1024)
            .await
            .unwrap();
    }
    let change = region.change();
    change.allocations + change.reallocations
}

#[test]
fn a_cached_pinned_request_allocates_as_a_defaulted_one_and_no_more_than_an_explicit_one() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    rt.block_on(async {
        let app = ApiBuilder::<Shop>::new()
            .select_version(VersionFrom::header("api-version"))
            .usage(Usage::new())
            .consumer_header("x-client-id")
            .pin_consumers(Pins::new(MemoryStore::new()))
            .build(())
            .unwrap();
        // The same service with a default instead of pins: what a request naming no
        // version costs without a pin to read.
        let defaulted = ApiBuilder::<Shop>::new()
            .select_version(VersionFrom::header("api-version"))
            .missing_version(MissingVersion::Latest)
            .usage(Usage::new())
            .consumer_header("x-client-id")
            .build(())
            .unwrap();
        let request = |version: Option<&'static str>| {
            move || {
                let mut request = http::Request::get("/items").header("x-client-id", "acme");
                if let Some(version) = version {
                    request = request.header("api-version", version);
                }
                request.body(Body::empty()).unwrap()
            }
        };
        // Warm up: the consumer is pinned, its pin cached and its usage cells made.
        allocations(&app, request(None)).await;
        allocations(&app, request(Some("2"))).await;
        let explicit = allocations(&app, request(Some("2"))).await;
        let pinned = allocations(&app, request(None)).await;
        allocations(&defaulted, request(None)).await;
        let default = allocations(&defaulted, request(None)).await;
        let per = |n: usize| n as f64 / REQUESTS as f64;
        println!(
            "allocations per request: pinned {:.2}, explicit {:.2}, defaulted (no pins) {:.2}",
            per(pinned),
            per(explicit),
            per(default)
        );
        assert_eq!(pinned, default, "reading a cached pin allocates nothing");
        assert!(
            pinned <= explicit,
            "a pinned request allocates {:.2} times, an explicit one {:.2}",
            per(pinned),
            per(explicit)
        );
    });
}
