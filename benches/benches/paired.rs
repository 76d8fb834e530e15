//! Paired, interleaved in-process measurement of the same cases as `overhead`: batches of
//! hand-written and versionary requests alternate (A B, then B A), so both sides of every ratio
//! see the same machine load. Criterion measures each benchmark for seconds on its own,
//! which on a shared machine lets load drift between the two sides of a ratio; this
//! measurement is the one the throughput targets are judged on.
//!
//! The list cases (pages of 1, 100 and 1,000 participants or `chain10` records) run four
//! batches per round, in an order that rotates every round: hand-written and versionary at the
//! latest and at the oldest version. Besides versionary against hand-written at each version,
//! they give versionary's oldest version against its latest, for the same page, measured in the
//! same rounds (issue 18's target: within 1.10x). A batch of a page of `n` holds
//! `10 * PAIRED_BATCH / n` requests (at least 4).
//!
//! The `pinned` case sends `document_api`'s `GET /books/42/summary` as a consumer pinned to
//! the latest version (its pin cached) and as the same consumer naming that version, both
//! identified by `x-client-id` with their usage recorded, in interleaved batches: its
//! ratio is pinned time over explicit time (issue 26's target: at most 1.03).
//!
//! Environment: `PAIRED_PAIRS` (pairs of batches per case, default 300, at most 5000; also
//! the rounds of a list case), `PAIRED_BATCH` (requests per batch, default 200, at most
//! 10000), `PAIRED_ONLY` (`single`, `pages` or `pinned`: run only those cases).

use std::time::Instant;

use serde_json::{Value, json};
use versionary_bench::requests::{self, MakeRequest, send};
use versionary_bench::results::{min_median_max, spread};

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

/// The list cases: per page size, four interleaved batches per round.
fn pages(rt: &tokio::runtime::Runtime, rounds: usize, per_batch: usize) -> Vec<Value> {
    type Service = (
        &'static str,
        fn(usize) -> [axum::Router; 2],
        MakeRequest,
        [u32; 2],
    );
    let services: [Service; 2] = [
        (
            "list_participants",
            versionary_bench::pages::lead_providers,
            requests::list_participants,
            [2, 1],
        ),
        (
            "chain10_list",
            versionary_bench::pages::chain,
            requests::list_records,
            [11, 1],
        ),
    ];
    let mut rows = Vec::new();
    for (name, build, make, [latest, oldest]) in services {
        for size in versionary_bench::pages::SIZES {
            let [hand, ours] = build(size);
            let n = (10 * per_batch / size).clamp(4, per_batch.max(4));
            // hand latest, versionary latest, hand oldest, versionary oldest
            let runs: [(&axum::Router, u32); 4] = [
                (&hand, latest),
                (&ours, latest),
                (&hand, oldest),
                (&ours, oldest),
            ];
            for (router, version) in runs {
                batch(rt, router, make, version, n);
            }
            let mut ns: [Vec<f64>; 4] = Default::default();
            for round in 0..rounds {
                for i in 0..4 {
                    let which = (round + i) % 4;
                    let (router, version) = runs[which];
                    ns[which].push(batch(rt, router, make, version, n));
                }
            }
            let ratio = |a: &[f64], b: &[f64]| -> Vec<f64> {
                a.iter().zip(b).map(|(a, b)| a / b).collect()
            };
            let latest_ratio = ratio(&ns[0], &ns[1]);
            let oldest_ratio = ratio(&ns[2], &ns[3]);
            let versionary_cost = ratio(&ns[3], &ns[1]);
            let hand_cost = ratio(&ns[2], &ns[0]);
            let med = |v: &[f64]| min_median_max(v).1;
            println!(
                "{name:<17} {size:>5}  latest: hand {:>8.0} ns versionary {:>8.0} ns ratio {:.3}  oldest: hand {:>8.0} ns versionary {:>8.0} ns ratio {:.3}  versionary oldest/latest {:.3} (hand {:.3})",
                med(&ns[0]),
                med(&ns[1]),
                med(&latest_ratio),
                med(&ns[2]),
                med(&ns[3]),
                med(&oldest_ratio),
                med(&versionary_cost),
                med(&hand_cost),
            );
            rows.push(json!({
                "case": name,
                "page": size,
                "requests_per_batch": n,
                "latest": {
                    "handwritten_ns": spread(&ns[0]),
                    "versionary_ns": spread(&ns[1]),
                    "throughput_ratio": spread(&latest_ratio),
                },
                "oldest": {
                    "handwritten_ns": spread(&ns[2]),
                    "versionary_ns": spread(&ns[3]),
                    "throughput_ratio": spread(&oldest_ratio),
                },
                "versionary_oldest_over_latest": spread(&versionary_cost),
                "handwritten_oldest_over_latest": spread(&hand_cost),
            }));
        }
    }
    rows
}

/// The pinned case: explicit and pinned batches interleaved (A B, then B A).
fn pinned(rt: &tokio::runtime::Runtime, pairs: usize, per_batch: usize) -> Value {
    use versionary_bench::pinned::{service, summary_explicit, summary_pinned};
    let service = match service() {
        Ok(service) => service,
        Err(error) => {
            eprintln!("pinned: skipped, the service does not build: {error}");
            return Value::Null;
        }
    };
    let router = &service.router;
    // Warm up both; the first pinned request pins the consumer.
    batch(rt, router, summary_pinned, 0, per_batch);
    batch(rt, router, summary_explicit, 0, per_batch);
    let (mut explicit, mut pinned) = (Vec::with_capacity(pairs), Vec::with_capacity(pairs));
    for i in 0..pairs {
        if i % 2 == 0 {
            explicit.push(batch(rt, router, summary_explicit, 0, per_batch));
            pinned.push(batch(rt, router, summary_pinned, 0, per_batch));
        } else {
            pinned.push(batch(rt, router, summary_pinned, 0, per_batch));
            explicit.push(batch(rt, router, summary_explicit, 0, per_batch));
        }
    }
    let ratios: Vec<f64> = pinned.iter().zip(&explicit).map(|(p, e)| p / e).collect();
    let (_, em, _) = min_median_max(&explicit);
    let (_, pm, _) = min_median_max(&pinned);
    let (rmin, rmed, rmax) = min_median_max(&ratios);
    println!(
        "pinned            explicit {em:>6.0} ns  pinned {pm:>6.0} ns  pinned/explicit {rmin:.3} / {rmed:.3} / {rmax:.3}"
    );
    json!({
        "case": "document_api GET /books/42/summary, consumer by x-client-id, usage recorded",
        "explicit_ns": spread(&explicit),
        "pinned_ns": spread(&pinned),
        "pinned_over_explicit": spread(&ratios),
    })
}

fn main() {
    let only = std::env::var("PAIRED_ONLY").unwrap_or_default();
    let pairs = setting("PAIRED_PAIRS", 300, 5_000);
    let per_batch = setting("PAIRED_BATCH", 200, 10_000);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let handwritten = versionary_bench::handwritten::app();
    let versioned = versionary_examples::lead_providers::app().expect("lead_providers builds");
    let chain_hand = versionary_bench::chain::handwritten();
    let chain = versionary_bench::chain::app().expect("the chain API builds");
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
    let cases = if only == "pages" || only == "pinned" {
        &cases[..0]
    } else {
        &cases[..]
    };
    for &(group, version, [hand, ours], make, v) in cases {
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
            "{group:<17} {version:<7} hand {hm:>6.0} ns  versionary {om:>6.0} ns  throughput ratio {rmin:.3} / {rmed:.3} / {rmax:.3}"
        );
        rows.push(json!({
            "case": group,
            "version": version,
            "handwritten_ns": spread(&h),
            "versionary_ns": spread(&o),
            "throughput_ratio": spread(&ratios),
        }));
    }
    let pinned = if only.is_empty() || only == "pinned" {
        pinned(&rt, pairs, per_batch)
    } else {
        Value::Null
    };
    let pages = if only == "single" || only == "pinned" {
        Vec::new()
    } else {
        println!(
            "list cases: {pairs} rounds of four batches (hand and versionary, latest and oldest)"
        );
        pages(&rt, pairs, per_batch)
    };
    versionary_bench::results::write_json(
        "paired.json",
        &json!({
            "pairs": pairs,
            "requests_per_batch": per_batch,
            "cases": Value::from(rows),
            "pages": Value::from(pages),
            "pinned": pinned,
        }),
    );
}
