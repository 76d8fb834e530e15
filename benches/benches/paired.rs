//! Paired, interleaved in-process measurement of the same cases as `overhead`: batches of
//! hand-written and verso requests alternate (A B, then B A), so both sides of every ratio
//! see the same machine load. Criterion measures each benchmark for seconds on its own,
//! which on a shared machine lets load drift between the two sides of a ratio; this
//! measurement is the one the throughput targets are judged on.
//!
//! Environment: `PAIRED_PAIRS` (pairs of batches per case, default 300, at most 5000),
//! `PAIRED_BATCH` (requests per batch, default 200, at most 10000).

use std::time::Instant;

use serde_json::{Value, json};
use verso_bench::requests::{self, MakeRequest, send};
use verso_bench::results::{min_median_max, spread};

fn setting(name: &str, default: usize, max: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
        .clamp(1, max)
}

/// Nanoseconds per request of one batch.
fn batch(
    rt: &tokio::runtime::Runtime,
    router: &axum::Router,
    make: MakeRequest,
    version: u32,
    n: usize,
) -> f64 {
    let requests: Vec<_> = (0..n).map(|_| make(version)).collect();
    let start = Instant::now();
    rt.block_on(async {
        for request in requests {
            send(router, request).await;
        }
    });
    start.elapsed().as_secs_f64() * 1e9 / n as f64
}

fn main() {
    let pairs = setting("PAIRED_PAIRS", 300, 5_000);
    let per_batch = setting("PAIRED_BATCH", 200, 10_000);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let handwritten = verso_bench::handwritten::app();
    let versioned = verso_examples::lead_providers::app().expect("lead_providers builds");
    let chain_hand = verso_bench::chain::handwritten();
    let chain = verso_bench::chain::app().expect("the chain API builds");
    type Case<'a> = (&'a str, &'a str, [&'a axum::Router; 2], MakeRequest, u32);
    let cases: [Case; 6] = [
        (
            "get_participant",
            "latest",
            [&handwritten, &versioned],
            requests::get_participant,
            2,
        ),
        (
            "get_participant",
            "oldest",
            [&handwritten, &versioned],
            requests::get_participant,
            1,
        ),
        (
            "post_declaration",
            "latest",
            [&handwritten, &versioned],
            requests::post_declaration,
            2,
        ),
        (
            "post_declaration",
            "oldest",
            [&handwritten, &versioned],
            requests::post_declaration,
            1,
        ),
        (
            "chain10",
            "latest",
            [&chain_hand, &chain],
            requests::get_record,
            11,
        ),
        (
            "chain10",
            "oldest",
            [&chain_hand, &chain],
            requests::get_record,
            1,
        ),
    ];
    let mut rows = Vec::new();
    println!("paired: {pairs} pairs of {per_batch}-request batches per case");
    for (group, version, [hand, ours], make, v) in cases {
        // Warm up both.
        batch(&rt, hand, make, v, per_batch);
        batch(&rt, ours, make, v, per_batch);
        let (mut h, mut o) = (Vec::with_capacity(pairs), Vec::with_capacity(pairs));
        for i in 0..pairs {
            if i % 2 == 0 {
                h.push(batch(&rt, hand, make, v, per_batch));
                o.push(batch(&rt, ours, make, v, per_batch));
            } else {
                o.push(batch(&rt, ours, make, v, per_batch));
                h.push(batch(&rt, hand, make, v, per_batch));
            }
        }
        let ratios: Vec<f64> = h.iter().zip(&o).map(|(h, o)| h / o).collect();
        let (_, hm, _) = min_median_max(&h);
        let (_, om, _) = min_median_max(&o);
        let (rmin, rmed, rmax) = min_median_max(&ratios);
        println!(
            "{group:<17} {version:<7} hand {hm:>6.0} ns  verso {om:>6.0} ns  throughput ratio {rmin:.3} / {rmed:.3} / {rmax:.3}"
        );
        rows.push(json!({
            "case": group,
            "version": version,
            "handwritten_ns": spread(&h),
            "verso_ns": spread(&o),
            "throughput_ratio": spread(&ratios),
        }));
    }
    verso_bench::results::write_json(
        "paired.json",
        &json!({ "pairs": pairs, "requests_per_batch": per_batch, "cases": Value::from(rows) }),
    );
}
