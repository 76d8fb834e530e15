//! Heap allocations per request, counted by a global allocator wrapper (its own bench
//! binary, so criterion's timings are not disturbed). Every case is served in process
//! with `oneshot` on a single-threaded runtime; requests are built before counting starts,
//! so the counts are what routing, extraction, the handler, encoding and reading the body
//! allocate.
//!
//! A second table prices axum's building blocks with the same counter (one JSON handler,
//! plus the layers versionary's router is made of), which is how the extra allocations of the
//! versioned path are attributed in `BENCHMARKS.md`.

use std::alloc::System;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::Request;
use axum::response::Response;
use axum::routing::get;

use serde_json::{Value, json};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};
use versionary_bench::requests::{self, MakeRequest, send};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Requests counted per case (after as many warm-up requests).
const REQUESTS: usize = 2_000;

struct Count {
    allocations: f64,
    reallocations: f64,
    bytes: f64,
}

fn count(rt: &tokio::runtime::Runtime, router: &Router, make: MakeRequest, version: u32) -> Count {
    count_n(rt, router, make, version, REQUESTS)
}

fn count_n(
    rt: &tokio::runtime::Runtime,
    router: &Router,
    make: MakeRequest,
    version: u32,
    requests: usize,
) -> Count {
    let warm: Vec<_> = (0..requests).map(|_| make(version)).collect();
    rt.block_on(async {
        for request in warm {
            send(router, request).await;
        }
    });
    let batch: Vec<_> = (0..requests).map(|_| make(version)).collect();
    let region = Region::new(GLOBAL);
    rt.block_on(async {
        for request in batch {
            send(router, request).await;
        }
    });
    let stats = region.change();
    let n = requests as f64;
    Count {
        allocations: stats.allocations as f64 / n,
        reallocations: stats.reallocations as f64 / n,
        bytes: stats.bytes_allocated as f64 / n,
    }
}

/// `document_api`'s summary for a consumer served at its cached pin and for the same
/// consumer naming the version: both identified and counted.
fn pinned(rt: &tokio::runtime::Runtime) -> Value {
    use versionary_bench::pinned::{service, summary_explicit, summary_pinned};
    let service = match service() {
        Ok(service) => service,
        Err(error) => {
            eprintln!("pinned: skipped, the service does not build: {error}");
            return Value::Null;
        }
    };
    // `count` warms up first: the consumer is pinned and its usage cells made before counting.
    let pinned = count(rt, &service.router, summary_pinned, 0);
    let explicit = count(rt, &service.router, summary_explicit, 0);
    println!(
        "\npinned consumer (document_api summary, allocations per request): explicit {:.2}, pinned {:.2}, extra {:.2}",
        explicit.allocations,
        pinned.allocations,
        pinned.allocations - explicit.allocations
    );
    let side = |c: &Count| json!({ "allocations": c.allocations, "reallocations": c.reallocations, "bytes": c.bytes });
    json!({
        "explicit": side(&explicit),
        "pinned": side(&pinned),
        "extra_allocations": pinned.allocations - explicit.allocations,
    })
}

/// A layer that does nothing: what wrapping a route in one more `Route` costs.
#[derive(Clone)]
struct Identity<S>(S);

impl<S: tower::Service<R>, R> tower::Service<R> for Identity<S> {
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.0.poll_ready(cx)
    }

    fn call(&mut self, request: R) -> S::Future {
        self.0.call(request)
    }
}

async fn pass(State(_): State<Arc<u32>>, response: Response) -> Response {
    response
}

fn record() -> axum::Json<versionary_bench::chain::PlainRecord> {
    axum::Json(versionary_bench::chain::plain(
        versionary_bench::chain::sample(),
    ))
}

fn get_x(_: u32) -> Request<Body> {
    Request::get("/x").body(Body::empty()).unwrap_or_default()
}

/// Allocations of axum building blocks around one JSON handler.
fn building_blocks(rt: &tokio::runtime::Runtime) -> Value {
    let handler = || async { record() };
    let identity = || tower::layer::layer_fn(Identity);
    let map_response = || axum::middleware::map_response(|r: Response| async move { r });
    let normalize = || axum::middleware::map_response_with_state(Arc::new(0_u32), pass);
    let blocks: [(&str, Router); 5] = [
        ("JSON handler", Router::new().route("/x", get(handler))),
        (
            "+ one route layer (identity service)",
            Router::new().route("/x", get(handler).layer(identity())),
        ),
        (
            "+ one route layer (axum map_response)",
            Router::new().route("/x", get(handler).layer(map_response())),
        ),
        (
            "+ router layer (axum map_response_with_state)",
            Router::new().route("/x", get(handler)).layer(normalize()),
        ),
        (
            "+ route layer (identity) + router layer (map_response_with_state)",
            Router::new()
                .route("/x", get(handler).layer(identity()))
                .layer(normalize()),
        ),
    ];
    println!("\naxum building blocks (allocations per request):");
    let mut rows = Vec::new();
    for (name, router) in &blocks {
        let c = count(rt, router, get_x, 0);
        println!("  {:>6.2}  {name}", c.allocations);
        rows.push(json!({ "block": name, "allocations": c.allocations, "bytes": c.bytes }));
    }
    Value::from(rows)
}

/// Allocations of the list cases: pages of 1, 100 and 1,000, both sides, latest and oldest.
/// `down_allocations` is what the `down` functions allocate themselves: `lead_providers`'
/// `participant_status` makes one `String` per participant, the renames of `chain10` none.
fn pages(rt: &tokio::runtime::Runtime) -> Value {
    type Service = (
        &'static str,
        fn(usize) -> [Router; 2],
        MakeRequest,
        [u32; 2],
        usize,
    );
    let services: [Service; 2] = [
        (
            "list_participants",
            versionary_bench::pages::lead_providers,
            requests::list_participants,
            [2, 1],
            1,
        ),
        (
            "chain10_list",
            versionary_bench::pages::chain,
            requests::list_records,
            [11, 1],
            0,
        ),
    ];
    println!(
        "\nlist cases (allocations per request):\n{:<18} {:>5} {:>12} {:>12} {:>12} {:>12} {:>14}",
        "case",
        "page",
        "hand latest",
        "versionary latest",
        "hand oldest",
        "versionary oldest",
        "down fn allocs"
    );
    let mut rows = Vec::new();
    for (name, build, make, [latest, oldest], down_per_item) in services {
        for size in versionary_bench::pages::SIZES {
            let [hand, ours] = build(size);
            let n = (REQUESTS / size).max(20);
            let hl = count_n(rt, &hand, make, latest, n);
            let vl = count_n(rt, &ours, make, latest, n);
            let ho = count_n(rt, &hand, make, oldest, n);
            let vo = count_n(rt, &ours, make, oldest, n);
            let down = (down_per_item * size) as f64;
            println!(
                "{name:<18} {size:>5} {:>12.2} {:>12.2} {:>12.2} {:>12.2} {down:>14}",
                hl.allocations, vl.allocations, ho.allocations, vo.allocations
            );
            let side = |c: &Count| json!({ "allocations": c.allocations, "reallocations": c.reallocations, "bytes": c.bytes });
            rows.push(json!({
                "case": name,
                "page": size,
                "down_allocations": down,
                "latest": { "handwritten": side(&hl), "versionary": side(&vl) },
                "oldest": { "handwritten": side(&ho), "versionary": side(&vo) },
            }));
        }
    }
    Value::from(rows)
}

fn main() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let handwritten = versionary_bench::handwritten::app();
    let versioned = versionary_examples::lead_providers::app().expect("lead_providers builds");
    let chain_hand = versionary_bench::chain::handwritten();
    let chain = versionary_bench::chain::app().expect("the chain API builds");
    let consumers =
        versionary_bench::chain::app_with_consumers().expect("the chain API with consumers builds");

    type Case<'a> = (
        &'a str,
        [&'a axum::Router; 2],
        MakeRequest,
        [(u32, &'a str); 2],
    );
    let cases: [Case; 4] = [
        (
            "get_participant",
            [&handwritten, &versioned],
            requests::get_participant,
            [(2, "latest"), (1, "oldest")],
        ),
        (
            "post_declaration",
            [&handwritten, &versioned],
            requests::post_declaration,
            [(2, "latest"), (1, "oldest")],
        ),
        (
            "chain10",
            [&chain_hand, &chain],
            requests::get_record,
            [(11, "latest"), (1, "oldest")],
        ),
        // A known consumer's request, usage recorded: against the same hand-written
        // service, so `extra` is what identifying and counting the consumer costs.
        (
            "chain10 consumer",
            [&chain_hand, &consumers],
            requests::get_record_as_consumer,
            [(11, "latest"), (1, "oldest")],
        ),
    ];
    let mut rows = Vec::new();
    println!(
        "{:<18} {:<7} {:>12} {:>12} {:>8} {:>10} {:>10}",
        "case",
        "version",
        "hand allocs",
        "versionary allocs",
        "extra",
        "hand bytes",
        "versionary bytes"
    );
    for (name, [hand, ours], make, versions) in cases {
        for (version, label) in versions {
            let h = count(&rt, hand, make, version);
            let v = count(&rt, ours, make, version);
            println!(
                "{name:<18} {label:<7} {:>12.2} {:>12.2} {:>8.2} {:>10.0} {:>10.0}",
                h.allocations,
                v.allocations,
                v.allocations - h.allocations,
                h.bytes,
                v.bytes
            );
            rows.push(json!({
                "case": name,
                "version": label,
                "handwritten": { "allocations": h.allocations, "reallocations": h.reallocations, "bytes": h.bytes },
                "versionary": { "allocations": v.allocations, "reallocations": v.reallocations, "bytes": v.bytes },
                "extra_allocations": v.allocations - h.allocations,
            }));
        }
    }
    let pinned = pinned(&rt);
    let pages = pages(&rt);
    let blocks = building_blocks(&rt);
    versionary_bench::results::write_json(
        "alloc.json",
        &json!({ "requests_per_case": REQUESTS, "cases": Value::from(rows), "pinned": pinned, "pages": pages, "axum_building_blocks": blocks }),
    );
}
