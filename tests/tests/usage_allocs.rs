//! Flushing usage to a store leaves the hot path as it was: after a flush (its marks made),
//! a known consumer's request allocates exactly as many times as the same request to a
//! service whose `Usage` has no store. Counted by a global allocator wrapper (this binary
//! has one test, so nothing else allocates meanwhile); counts, not timings.

use std::alloc::System;
use std::sync::Arc;

use axum::body::Body;
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};
use tower::ServiceExt;
use versionary::pins::MemoryStore;
use versionary::{ApiBuilder, Usage};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

versionary::api_versions! { pub Shop { 1 => "Initial release", 2 => "Second" } }

#[versionary::endpoint(GET "/items", api = Shop)]
async fn items() -> &'static str {
    "[]"
}

const REQUESTS: usize = 200;

/// Allocations of `REQUESTS` requests of the known consumer `acme`, built before counting.
async fn allocations(app: &axum::Router) -> usize {
    let requests: Vec<_> = (0..REQUESTS)
        .map(|_| {
            http::Request::get("/v2/items")
                .header("x-client-id", "acme")
                .body(Body::empty())
                .unwrap()
        })
        .collect();
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
fn a_known_consumer_allocates_as_much_with_a_flushed_store_as_without_one() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    rt.block_on(async {
        let service = |usage: &Usage| {
            ApiBuilder::<Shop>::new()
                .usage(usage.clone())
                .consumer_header("x-client-id")
                .build(())
                .unwrap()
        };
        let stored = Usage::new().store(Arc::new(MemoryStore::new()));
        let plain = Usage::new();
        let (with_store, without) = (service(&stored), service(&plain));
        // Warm up: the consumer's cells made, then (with the store) its marks.
        allocations(&with_store).await;
        allocations(&without).await;
        assert_eq!(stored.flush().await.unwrap().requests, REQUESTS as u64);
        let flushed = allocations(&with_store).await;
        let plain_count = allocations(&without).await;
        println!(
            "allocations per request: flushed store {:.2}, no store {:.2}",
            flushed as f64 / REQUESTS as f64,
            plain_count as f64 / REQUESTS as f64
        );
        assert_eq!(
            flushed, plain_count,
            "recording after a flush allocates nothing more"
        );
        // And the counts recorded meanwhile are flushed next, exactly.
        assert_eq!(stored.flush().await.unwrap().requests, REQUESTS as u64);
    });
}
