//! Per-request overhead in process: criterion drives each `axum::Router` with
//! `tower::ServiceExt::oneshot` (request built outside the timed part, whole body read
//! inside it).
//!
//! Groups, each with the hand-written baseline next to versionary:
//! - `get_participant`, `post_declaration`: `lead_providers` at v2 (latest) and v1 (oldest);
//! - `chain10`: the ten-change record at v11 (latest) and v1 (oldest, ten conversions).
//!
//! Throughput ratios (baseline time / versionary time) are computed by `bench-summary` from
//! criterion's estimates.

use std::time::Duration;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use versionary_bench::requests::{self, MakeRequest, send};

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
}

fn pair(
    c: &mut Criterion,
    rt: &tokio::runtime::Runtime,
    group: &str,
    routers: [&axum::Router; 2],
    make: MakeRequest,
    versions: [(u32, &str); 2],
) {
    let mut g = c.benchmark_group(group);
    for (version, label) in versions {
        for (router, who) in routers.iter().zip(["handwritten", "versionary"]) {
            g.bench_function(format!("{who}_{label}"), |b| {
                b.to_async(rt).iter_batched(
                    || make(version),
                    |request| send(router, request),
                    BatchSize::SmallInput,
                );
            });
        }
    }
    g.finish();
}

fn overhead(c: &mut Criterion) {
    let rt = runtime();
    let handwritten = versionary_bench::handwritten::app();
    let versioned = versionary_examples::lead_providers::app().expect("lead_providers builds");
    let versions = [(2, "latest"), (1, "oldest")];
    pair(
        c,
        &rt,
        "get_participant",
        [&handwritten, &versioned],
        requests::get_participant,
        versions,
    );
    pair(
        c,
        &rt,
        "post_declaration",
        [&handwritten, &versioned],
        requests::post_declaration,
        versions,
    );
    let chain_hand = versionary_bench::chain::handwritten();
    let chain = versionary_bench::chain::app().expect("the chain API builds");
    pair(
        c,
        &rt,
        "chain10",
        [&chain_hand, &chain],
        requests::get_record,
        [(11, "latest"), (1, "oldest")],
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_millis(1500))
        .sample_size(50);
    targets = overhead
}
criterion_main!(benches);
