//! Usage by consumer (issue 26): memory of `CONSUMERS_N` distinct consumers (default
//! 10,000) x 3 versions x 5 endpoints, and the time to flush them to a store.
//!
//! 1. Memory: bytes held, by a counting global allocator (this binary's), after one request
//!    of every consumer to every endpoint in every version, served in process (`oneshot`):
//!    a router counting consumers (`consumer_header` + `Usage`) minus the same router and
//!    requests without consumer identification (what serving costs anyway). The baseline,
//!    measured in the same run: the same counts in a plain
//!    `HashMap<(String, &'static str, &'static str), u64>` (consumer, version, endpoint ->
//!    requests), what a service counting by hand would hold. Then the bytes the first
//!    flush keeps (its marks) and the bytes it allocates while it runs (its batches).
//! 2. Flush time: every row (consumer x version x endpoint) flushed to the pins'
//!    `MemoryStore` and to `SqliteStore` (a temporary file, WAL with full syncs): the first
//!    flush inserts the rows, the next ones (after one more request per row) update them;
//!    `CONSUMERS_ROUNDS` rounds (default 3).
//!
//! Writes `consumers.json` to the results directory.

use std::alloc::System;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::body::Body;
use axum::http;
use serde_json::{Value, json};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};
use versionary::pins::{MemoryStore, SqliteStore};
use versionary::usage::{UsageCount, UsageFuture, UsageStore};
use versionary::{ApiBuilder, Usage};
use versionary_bench::requests::send;
use versionary_bench::results::spread;

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Bytes held now more than when `region` started (`stats_alloc` counts a reallocation's
/// growth as allocated and its shrinking as deallocated).
fn held(region: &Region<'_, System>) -> isize {
    let change = region.change();
    change.bytes_allocated as isize - change.bytes_deallocated as isize
}

versionary::api_versions! {
    pub Fleet {
        1 => "Initial release",
        2 => "Second release",
        3 => "Third release",
    }
}

#[versionary::endpoint(GET "/vehicles", api = Fleet)]
async fn vehicles() -> &'static str {
    "[]"
}

#[versionary::endpoint(GET "/drivers", api = Fleet)]
async fn drivers() -> &'static str {
    "[]"
}

#[versionary::endpoint(GET "/routes", api = Fleet)]
async fn routes() -> &'static str {
    "[]"
}

#[versionary::endpoint(GET "/depots", api = Fleet)]
async fn depots() -> &'static str {
    "[]"
}

#[versionary::endpoint(GET "/trips", api = Fleet)]
async fn trips() -> &'static str {
    "[]"
}

const VERSIONS: [&str; 3] = ["1", "2", "3"];
const ENDPOINTS: [&str; 5] = ["/vehicles", "/drivers", "/routes", "/depots", "/trips"];

fn setting(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn consumer(i: usize) -> String {
    format!("consumer-{i:05}")
}

fn router(usage: &Usage, identify: bool, consumers: usize) -> Router {
    let builder = ApiBuilder::<Fleet>::new().usage(usage.clone().consumer_limit(consumers));
    let builder = if identify {
        builder.consumer_header("x-client-id")
    } else {
        builder
    };
    builder.build(()).expect("the fleet API builds")
}

/// One request of every consumer to every endpoint in every version.
fn traffic(rt: &tokio::runtime::Runtime, app: &Router, consumers: usize) {
    rt.block_on(async {
        for i in 0..consumers {
            let name = consumer(i);
            for version in VERSIONS {
                for endpoint in ENDPOINTS {
                    let request = http::Request::get(format!("/v{version}{endpoint}"))
                        .header("x-client-id", &name)
                        .body(Body::empty())
                        .unwrap_or_default();
                    let (status, _) = send(app, request).await;
                    assert_eq!(status, 200);
                }
            }
        }
    });
}

/// A store that keeps nothing: the memory a flush costs the instance, without the store's.
struct Discard;

impl UsageStore for Discard {
    fn add_usage<'a>(&'a self, _: &'a str, _: &'a [UsageCount]) -> UsageFuture<'a, ()> {
        Box::pin(async { Ok(()) })
    }

    fn usage_totals<'a>(&'a self, _: &'a str, _: Option<i64>) -> UsageFuture<'a, Vec<UsageCount>> {
        Box::pin(async { Ok(Vec::new()) })
    }
}

/// Bytes held after [`traffic`] on a fresh router, counting consumers or not.
fn held_by_router(
    rt: &tokio::runtime::Runtime,
    identify: bool,
    consumers: usize,
) -> (isize, Usage) {
    let usage = Usage::new().store(Discard);
    let app = router(&usage, identify, consumers);
    // Warm up what serving allocates once (anonymous: counted by route only).
    rt.block_on(async {
        for version in VERSIONS {
            let request = http::Request::get(format!("/v{version}/trips"))
                .body(Body::empty())
                .unwrap_or_default();
            send(&app, request).await;
        }
    });
    let region = Region::new(GLOBAL);
    traffic(rt, &app, consumers);
    (held(&region), usage)
}

/// Bytes held by the same counts in a plain map.
fn held_by_map(consumers: usize) -> isize {
    let region = Region::new(GLOBAL);
    let mut map: HashMap<(String, &'static str, &'static str), u64> = HashMap::new();
    for i in 0..consumers {
        let name = consumer(i);
        for version in VERSIONS {
            for endpoint in ENDPOINTS {
                *map.entry((name.clone(), version, endpoint)).or_default() += 1;
            }
        }
    }
    let bytes = held(&region);
    assert_eq!(map.len(), consumers * 15);
    drop(map);
    bytes
}

fn memory(rt: &tokio::runtime::Runtime, consumers: usize) -> Value {
    let map = held_by_map(consumers);
    let (plain, plain_usage) = held_by_router(rt, false, consumers);
    drop(plain_usage);
    let (counted, usage) = held_by_router(rt, true, consumers);
    let usage_bytes = counted - plain;
    let rows = usage.by_consumer().len();
    assert_eq!(
        rows,
        consumers * 15,
        "every consumer tracked on every route"
    );
    // The first flush: what it keeps (its marks) and what it allocates meanwhile (its
    // batches, freed when it ends).
    let region = Region::new(GLOBAL);
    let flushed = rt
        .block_on(usage.flush())
        .expect("the store takes the flush");
    let marks = held(&region);
    let flush_allocated = region.change().bytes_allocated as isize;
    assert_eq!(flushed.rows, rows);
    let per = |bytes: isize| bytes as f64 / consumers as f64;
    println!(
        "memory, {consumers} consumers x 3 versions x 5 endpoints: usage {usage_bytes} bytes ({:.0} per consumer), plain HashMap {map} bytes ({:.0} per consumer), ratio {:.3}; the first flush keeps {marks} more bytes (marks; {:.0} per consumer) and allocates {flush_allocated} bytes while it runs, freed after ({:.0} per consumer); serving without consumers held {plain} bytes",
        per(usage_bytes),
        per(map),
        usage_bytes as f64 / map as f64,
        per(marks),
        per(flush_allocated),
    );
    json!({
        "consumers": consumers,
        "routes": 15,
        "usage_bytes": usage_bytes,
        "usage_bytes_per_consumer": per(usage_bytes),
        "hashmap_bytes": map,
        "hashmap_bytes_per_consumer": per(map),
        "usage_over_hashmap": usage_bytes as f64 / map as f64,
        "flush_marks_bytes": marks,
        "flush_marks_bytes_per_consumer": per(marks),
        "flush_allocated_bytes": flush_allocated,
        "serving_without_consumers_bytes": plain,
    })
}

/// Milliseconds of the first flush (inserts) and of `rounds` later ones (updates) of every
/// row to `store`.
fn flush_times(
    rt: &tokio::runtime::Runtime,
    store: impl UsageStore,
    consumers: usize,
    rounds: usize,
) -> (f64, Vec<f64>) {
    let usage = Usage::new().store(store);
    let app = router(&usage, true, consumers);
    let timed = || {
        traffic(rt, &app, consumers);
        let start = Instant::now();
        let flushed = rt
            .block_on(usage.flush())
            .expect("the store takes the flush");
        let ms = start.elapsed().as_secs_f64() * 1e3;
        assert_eq!(flushed.rows, consumers * 15);
        ms
    };
    let first = timed();
    let next = (0..rounds).map(|_| timed()).collect();
    (first, next)
}

fn main() {
    let consumers = setting("CONSUMERS_N", 10_000);
    let rounds = setting("CONSUMERS_ROUNDS", 3).max(1);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let memory = memory(&rt, consumers);
    let (memory_first, memory_next) =
        flush_times(&rt, Arc::new(MemoryStore::new()), consumers, rounds);
    let path =
        std::env::temp_dir().join(format!("versionary-bench-usage-{}.db", std::process::id()));
    let remove = || {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    };
    remove();
    let sqlite = SqliteStore::open(&path).expect("a temporary SQLite file");
    let (sqlite_first, sqlite_next) = flush_times(&rt, sqlite, consumers, rounds);
    remove();
    let rows = consumers * 15;
    println!(
        "flush of {rows} rows: memory store first {memory_first:.1} ms, then {}; SQLite first {sqlite_first:.1} ms, then {}",
        spread(&memory_next),
        spread(&sqlite_next),
    );
    versionary_bench::results::write_json(
        "consumers.json",
        &json!({
            "memory": memory,
            "flush": {
                "rows": rows,
                "rounds": rounds,
                "memory_store_first_ms": memory_first,
                "memory_store_next_ms": spread(&memory_next),
                "sqlite_first_ms": sqlite_first,
                "sqlite_next_ms": spread(&sqlite_next),
            },
        }),
    );
}
