//! Streamed answers: `versionary::NdJson<T>` at the oldest version against a hand-written
//! NDJSON writer of the same bytes.
//!
//! 1. Throughput: `STREAM_ITEMS` items (default 100,000) answered in process (`oneshot`),
//!    the body drained frame by frame; versionary and two hand-written twins (one writing a
//!    frame per item, as `Body::from_stream` of lines does; one writing 8 KiB frames, as
//!    `NdJson` does) interleaved, `STREAM_ROUNDS` rounds (default 7); versionary's ratio to
//!    each per round, and its median (the target is against the 8 KiB twin). The three
//!    bodies are checked byte for byte first.
//! 2. Memory: the peak RSS (`VmHWM`) of a fresh child process (this binary, re-run with
//!    `--child N`) that streams N items at the oldest version, for 10,000 and 100,000: a
//!    stream is written one item at a time, so the peak should not grow with N.
//!
//! Writes `stream.json` to the results directory.

use std::convert::Infallible;
use std::process::Command;
use std::time::Instant;

use axum::body::{Body, Bytes};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;
use versionary::{ApiBuilder, NdJson, VersionFrom};
use versionary_bench::results::{min_median_max, spread};

versionary::api_versions! {
    pub Moves {
        1 => "Initial release",
        2 => "`from` renamed to `origin`; people carry a `pnc`; moves a `status`",
    }
}

#[versionary::versioned(api = Moves, response)]
#[derive(Clone, Debug)]
pub struct Person {
    pub name: String,
    #[api(added = 2)]
    pub pnc: String,
}

#[versionary::versioned(api = Moves, response)]
#[derive(Clone, Debug)]
pub struct Move {
    pub id: u64,
    #[api(renamed(from = "from", in = 2))]
    pub origin: String,
    pub people: Vec<Person>,
    #[api(added = 2)]
    pub status: String,
}

/// The `n`th move: what both services produce.
fn nth(n: u64) -> Move {
    Move {
        id: n,
        origin: "HMP Leeds".to_owned(),
        people: vec![Person {
            name: "A. Smith".to_owned(),
            pnc: "20/123".to_owned(),
        }],
        status: "requested".to_owned(),
    }
}

/// How many items a request asks for: its query, `?n=...`.
fn count(query: Option<&str>) -> u64 {
    query
        .and_then(|q| q.strip_prefix("n="))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

#[versionary::endpoint(GET "/moves", api = Moves)]
async fn moves(uri: axum::http::Uri) -> NdJson<Move> {
    NdJson::new(versionary::stream::iter((0..count(uri.query())).map(nth)))
}

/// Version 1's shape, written by hand.
#[derive(serde::Serialize)]
struct HandPerson<'a> {
    name: &'a str,
}

#[derive(serde::Serialize)]
struct HandMove<'a> {
    id: u64,
    from: &'a str,
    people: Vec<HandPerson<'a>>,
}

/// The hand-written twin: the same moves, converted to version 1's shape and written one
/// line at a time.
async fn handwritten(uri: axum::http::Uri) -> axum::response::Response {
    let lines = (0..count(uri.query())).map(|n| {
        let mut line = Vec::with_capacity(96);
        write_by_hand(&mut line, n);
        Ok::<_, Infallible>(Bytes::from(line))
    });
    let mut response = axum::response::IntoResponse::into_response(Body::from_stream(
        versionary::stream::iter(lines),
    ));
    response.headers_mut().insert(
        axum::http::header::CONTENT_TYPE,
        axum::http::HeaderValue::from_static("application/x-ndjson"),
    );
    response
}

/// Version 1's shape of the `n`th move, written by hand as one line into `out`.
fn write_by_hand(out: &mut Vec<u8>, n: u64) {
    let latest = nth(n);
    let old = HandMove {
        id: latest.id,
        from: &latest.origin,
        people: latest
            .people
            .iter()
            .map(|p| HandPerson { name: &p.name })
            .collect(),
    };
    serde_json::to_writer(&mut *out, &old).expect("a move is written");
    out.push(b'\n');
}

/// The hand-written twin that, like `NdJson`, writes the lines into frames of up to 8 KiB.
async fn handwritten_batched(uri: axum::http::Uri) -> axum::response::Response {
    let (mut next, end) = (0, count(uri.query()));
    let frames = std::iter::from_fn(move || {
        if next == end {
            return None;
        }
        let mut frame = Vec::with_capacity(8 * 1024 + 256);
        while next < end && frame.len() < 8 * 1024 {
            write_by_hand(&mut frame, next);
            next += 1;
        }
        Some(Ok::<_, Infallible>(Bytes::from(frame)))
    });
    let mut response = axum::response::IntoResponse::into_response(Body::from_stream(
        versionary::stream::iter(frames),
    ));
    response.headers_mut().insert(
        axum::http::header::CONTENT_TYPE,
        axum::http::HeaderValue::from_static("application/x-ndjson"),
    );
    response
}

fn versioned_app() -> axum::Router {
    ApiBuilder::<Moves>::new()
        .select_version(VersionFrom::path(""))
        .build(())
        .expect("the stream service builds")
}

fn handwritten_app() -> axum::Router {
    axum::Router::new().route("/v1/moves", axum::routing::get(handwritten))
}

fn handwritten_batched_app() -> axum::Router {
    axum::Router::new().route("/v1/moves", axum::routing::get(handwritten_batched))
}

/// Answers `GET /v1/moves?n=N` and drains the body frame by frame: the bytes (when `keep`)
/// and their count.
async fn drain(app: &axum::Router, n: u64, keep: bool) -> (Vec<u8>, usize) {
    let request = axum::http::Request::get(format!("/v1/moves?n={n}"))
        .body(Body::empty())
        .expect("a request");
    let response = app.clone().oneshot(request).await.expect("an answer");
    assert_eq!(response.status(), 200);
    let mut body = response.into_body();
    let (mut kept, mut total) = (Vec::new(), 0);
    while let Some(frame) = body.frame().await {
        if let Ok(data) = frame.expect("a frame").into_data() {
            total += data.len();
            if keep {
                kept.extend_from_slice(&data);
            }
        }
    }
    (kept, total)
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
}

/// The peak resident set of this process, in KiB.
fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kib| kib.parse().ok())
        })
        .unwrap_or(0)
}

/// In a child process: stream `n` items at the oldest version, report the peak RSS.
fn child(n: u64) {
    let rt = runtime();
    let app = versioned_app();
    let (_, bytes) = rt.block_on(drain(&app, n, false));
    println!(
        "{}",
        json!({ "items": n, "bytes": bytes, "peak_rss_kib": peak_rss_kib() })
    );
}

/// The peak RSS of a child streaming `n` items.
fn peak_of(n: u64) -> Value {
    let exe = std::env::current_exe().expect("this binary's path");
    let output = Command::new(exe)
        .args(["--child", &n.to_string()])
        .output()
        .expect("the child runs");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .rev()
        .find_map(|l| serde_json::from_str(l).ok())
        .unwrap_or_else(|| {
            panic!(
                "the child of {n} items reported nothing: {}",
                String::from_utf8_lossy(&output.stderr)
            )
        })
}

/// Interleaved rounds of the three services (their order rotating): their times, and
/// versionary's ratio to each hand-written twin per round.
fn throughput(items: u64, rounds: usize) -> Value {
    let rt = runtime();
    let apps = [
        versioned_app(),
        handwritten_app(),
        handwritten_batched_app(),
    ];
    let bodies: Vec<Vec<u8>> = apps
        .iter()
        .map(|app| rt.block_on(drain(app, 1_000, true)).0)
        .collect();
    assert!(
        bodies[0] == bodies[1] && bodies[0] == bodies[2],
        "the three services must write the same bytes"
    );
    let time = |app: &axum::Router| {
        let start = Instant::now();
        let (_, bytes) = rt.block_on(drain(app, items, false));
        (start.elapsed().as_secs_f64() * 1e3, bytes)
    };
    let mut ms: [Vec<f64>; 3] = Default::default();
    let mut bytes = 0;
    for app in &apps {
        time(app);
    }
    for round in 0..rounds {
        // Each goes first in turn, so none always runs on a warmer heap.
        for k in 0..3 {
            let i = (round + k) % 3;
            let (t, n) = time(&apps[i]);
            ms[i].push(t);
            bytes = n;
        }
    }
    let ratio = |j: usize| -> Vec<f64> { ms[0].iter().zip(&ms[j]).map(|(o, t)| o / t).collect() };
    let (per_item, batched) = (ratio(1), ratio(2));
    println!(
        "NDJSON of {items} items at the oldest version ({bytes} bytes): versionary {:.1} ms, hand-written {:.1} ms (one frame per item), {:.1} ms (8 KiB frames); ratios {:.3} and {:.3} (medians of {rounds})",
        min_median_max(&ms[0]).1,
        min_median_max(&ms[1]).1,
        min_median_max(&ms[2]).1,
        min_median_max(&per_item).1,
        min_median_max(&batched).1,
    );
    json!({
        "items": items,
        "bytes": bytes,
        "versionary_ms": spread(&ms[0]),
        "handwritten_ms": spread(&ms[1]),
        "handwritten_batched_ms": spread(&ms[2]),
        "ratio": spread(&batched),
        "ratio_per_item": spread(&per_item),
    })
}

fn setting(name: &str, default: u64, max: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
        .clamp(1, max)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--child") {
        child(args.get(i + 1).and_then(|n| n.parse().ok()).unwrap_or(0));
        return;
    }
    let items = setting("STREAM_ITEMS", 100_000, 10_000_000);
    let rounds = usize::try_from(setting("STREAM_ROUNDS", 7, 100)).unwrap_or(7);
    let speed = throughput(items, rounds);
    let small = peak_of(10_000);
    let large = peak_of(100_000);
    let ratio = large["peak_rss_kib"].as_f64().unwrap_or(f64::NAN)
        / small["peak_rss_kib"].as_f64().unwrap_or(f64::NAN);
    println!(
        "peak RSS streaming 10,000 items: {} KiB; 100,000 items: {} KiB (ratio {ratio:.3})",
        small["peak_rss_kib"], large["peak_rss_kib"]
    );
    versionary_bench::results::write_json(
        "stream.json",
        &json!({
            "throughput": speed,
            "memory": { "items_10000": small, "items_100000": large, "ratio": ratio },
        }),
    );
}
