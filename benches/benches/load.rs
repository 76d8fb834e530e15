//! Loopback load: a Rust load generator over N concurrent keep-alive HTTP/1.1
//! connections against servers bound to 127.0.0.1 only. Every run is bounded both in time
//! and in request count.
//!
//! Cases (`GET` participant): hand-written v2, versionary v2 (latest), hand-written v1, versionary v1
//! (oldest). The cases are interleaved over several rounds; each round gives a requests/s
//! ratio and a p99 latency ratio of versionary to hand-written.
//!
//! Environment: `LOAD_SECONDS` (per case and round, default 2, at most 30),
//! `LOAD_MAX_REQUESTS` (per case and round, default 400000, at most 5000000),
//! `LOAD_CONNECTIONS` (default 32, at most 256), `LOAD_ROUNDS` (default 3, at most 10).

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use serde_json::{Value, json};
use tokio::net::TcpListener;
use versionary_bench::loadgen::{Outcome, run};
use versionary_bench::requests::PARTICIPANT;
use versionary_bench::results::spread;

fn setting(name: &str, default: u64, max: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
        .clamp(1, max)
}

/// A server on its own runtime with one worker thread, on 127.0.0.1.
struct Server {
    runtime: tokio::runtime::Runtime,
    addr: SocketAddr,
}

fn serve(router: Router) -> Server {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("a server runtime");
    let listener = runtime
        .block_on(TcpListener::bind(("127.0.0.1", 0)))
        .expect("bind 127.0.0.1");
    let addr = listener.local_addr().expect("a local address");
    runtime.spawn(async move {
        if let Err(error) = axum::serve(listener, router).await {
            eprintln!("server error: {error}");
        }
    });
    Server { runtime, addr }
}

fn main() {
    let seconds = setting("LOAD_SECONDS", 2, 30);
    let max_requests = setting("LOAD_MAX_REQUESTS", 400_000, 5_000_000);
    let connections = setting("LOAD_CONNECTIONS", 32, 256);
    let rounds = setting("LOAD_ROUNDS", 3, 10);

    let handwritten = serve(versionary_bench::handwritten::app());
    let versioned =
        serve(versionary_examples::lead_providers::app().expect("lead_providers builds"));
    let client = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a client runtime");

    let cases: [(&str, &Server, u32); 4] = [
        ("handwritten_latest", &handwritten, 2),
        ("versionary_latest", &versioned, 2),
        ("handwritten_oldest", &handwritten, 1),
        ("versionary_oldest", &versioned, 1),
    ];
    let path = |version: u32| format!("/api/v{version}/participants/{PARTICIPANT}");
    for (_, server, version) in cases {
        run(&client, server.addr, &path(version), connections, 1, 20_000);
    }
    println!(
        "load: {connections} connections, {seconds} s or {max_requests} requests per case, {rounds} rounds"
    );
    let mut per_case: Vec<Vec<Outcome>> = cases.iter().map(|_| Vec::new()).collect();
    for round in 0..rounds {
        // Rotate the order so no case always runs first.
        for k in 0..cases.len() {
            let i = (k + round as usize) % cases.len();
            let (name, server, version) = cases[i];
            let outcome = run(
                &client,
                server.addr,
                &path(version),
                connections,
                seconds,
                max_requests,
            );
            println!(
                "round {round} {name:<20} {:>9.0} req/s  p50 {:>6.0} us  p99 {:>6.0} us  ({} requests, {} errors)",
                outcome.requests as f64 / outcome.seconds,
                outcome.p50_us,
                outcome.p99_us,
                outcome.requests,
                outcome.errors
            );
            per_case[i].push(outcome);
        }
    }
    let rps = |o: &Outcome| o.requests as f64 / o.seconds;
    let ratios = |hand: usize, ours: usize| {
        let throughput: Vec<f64> = per_case[ours]
            .iter()
            .zip(&per_case[hand])
            .map(|(v, h)| rps(v) / rps(h))
            .collect();
        let p99: Vec<f64> = per_case[ours]
            .iter()
            .zip(&per_case[hand])
            .map(|(v, h)| v.p99_us / h.p99_us)
            .collect();
        json!({ "throughput": spread(&throughput), "p99": spread(&p99) })
    };
    let cases_json: Vec<Value> = cases
        .iter()
        .zip(&per_case)
        .map(|((name, _, _), outcomes)| {
            let r: Vec<f64> = outcomes.iter().map(rps).collect();
            let p99: Vec<f64> = outcomes.iter().map(|o| o.p99_us).collect();
            let p50: Vec<f64> = outcomes.iter().map(|o| o.p50_us).collect();
            let errors: u64 = outcomes.iter().map(|o| o.errors).sum();
            json!({ "case": name, "rps": spread(&r), "p50_us": spread(&p50), "p99_us": spread(&p99), "errors": errors })
        })
        .collect();
    let latest = ratios(0, 1);
    let oldest = ratios(2, 3);
    println!("versionary/handwritten latest: {latest}");
    println!("versionary/handwritten oldest: {oldest}");
    versionary_bench::results::write_json(
        "load.json",
        &json!({
            "connections": connections,
            "seconds_per_case": seconds,
            "max_requests_per_case": max_requests,
            "rounds": rounds,
            "cases": cases_json,
            "ratios": { "latest": latest, "oldest": oldest },
        }),
    );
    drop(client);
    for server in [handwritten, versioned] {
        server.runtime.shutdown_timeout(Duration::from_secs(1));
    }
}
