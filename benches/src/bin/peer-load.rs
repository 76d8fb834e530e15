//! The load generator of the peers' comparison (`scripts/bench.sh peers`):
//! `peer-load <name>=<port> ...` measures each server on 127.0.0.1 with `GET
//! /api/v{1,2}/participants/21412-12121`, in rounds that alternate the servers (the order
//! rotates every round), and writes `peers.json`: requests/s and p99 of every server and
//! version per round, and the ratios of the first server to each other one, per round.
//!
//! Environment: `PEER_SECONDS` (per server, version and round, default 3, at most 30),
//! `PEER_MAX_REQUESTS` (likewise, default 300000, at most 3000000), `PEER_CONNECTIONS`
//! (default 16, at most 256), `PEER_ROUNDS` (default 5, at most 20), `PEER_NOTE` (free text
//! recorded in the results, such as the peers' versions).

use std::net::SocketAddr;

use serde_json::{Value, json};
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

fn main() {
    let servers: Vec<(String, SocketAddr)> = std::env::args()
        .skip(1)
        .filter_map(|arg| {
            let (name, port) = arg.split_once('=')?;
            let port: u16 = port.parse().ok()?;
            Some((name.to_owned(), SocketAddr::from(([127, 0, 0, 1], port))))
        })
        .collect();
    if servers.len() < 2 {
        eprintln!("usage: peer-load <name>=<port> <name>=<port> ... (the first is the reference)");
        std::process::exit(2);
    }
    let seconds = setting("PEER_SECONDS", 3, 30);
    let max_requests = setting("PEER_MAX_REQUESTS", 300_000, 3_000_000);
    let connections = setting("PEER_CONNECTIONS", 16, 256);
    let rounds = setting("PEER_ROUNDS", 5, 20);
    let client = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("a client runtime: {e}"));
    let versions = [("latest", 2), ("oldest", 1)];
    let path = |version: u32| format!("/api/v{version}/participants/{PARTICIPANT}");
    let cases: Vec<(usize, usize)> = (0..servers.len())
        .flat_map(|s| (0..versions.len()).map(move |v| (s, v)))
        .collect();
    // Warm-up, and a check that every server answers.
    for &(s, v) in &cases {
        let warm = run(&client, servers[s].1, &path(versions[v].1), 4, 1, 2_000);
        if warm.requests == 0 || warm.errors > 0 {
            eprintln!(
                "{} v{} does not answer: {} requests, {} errors",
                servers[s].0, versions[v].1, warm.requests, warm.errors
            );
            std::process::exit(1);
        }
    }
    println!(
        "peers: {connections} connections, {seconds} s or {max_requests} requests per case, {rounds} rounds"
    );
    let mut outcomes: Vec<Vec<Outcome>> = vec![Vec::new(); cases.len()];
    for round in 0..rounds as usize {
        for k in 0..cases.len() {
            let i = (k + round) % cases.len();
            let (s, v) = cases[i];
            let o = run(
                &client,
                servers[s].1,
                &path(versions[v].1),
                connections,
                seconds,
                max_requests,
            );
            println!(
                "round {round} {:<12} {:<6} {:>9.0} req/s  p50 {:>7.0} us  p99 {:>7.0} us  ({} requests, {} errors)",
                servers[s].0,
                versions[v].0,
                o.requests as f64 / o.seconds,
                o.p50_us,
                o.p99_us,
                o.requests,
                o.errors
            );
            outcomes[i].push(o);
        }
    }
    let rps = |o: &Outcome| o.requests as f64 / o.seconds;
    let index = |s: usize, v: usize| s * versions.len() + v;
    let mut rows = Vec::new();
    for (i, &(s, v)) in cases.iter().enumerate() {
        let r: Vec<f64> = outcomes[i].iter().map(rps).collect();
        let p50: Vec<f64> = outcomes[i].iter().map(|o| o.p50_us).collect();
        let p99: Vec<f64> = outcomes[i].iter().map(|o| o.p99_us).collect();
        let errors: u64 = outcomes[i].iter().map(|o| o.errors).sum();
        rows.push(json!({
            "server": servers[s].0, "version": versions[v].0,
            "rps": spread(&r), "p50_us": spread(&p50), "p99_us": spread(&p99), "errors": errors,
        }));
    }
    let mut ratios = Vec::new();
    for (s, (name, _)) in servers.iter().enumerate().skip(1) {
        for (v, (label, _)) in versions.iter().enumerate() {
            let (ours, theirs) = (&outcomes[index(0, v)], &outcomes[index(s, v)]);
            let throughput: Vec<f64> = ours
                .iter()
                .zip(theirs)
                .map(|(a, b)| rps(a) / rps(b))
                .collect();
            let p99: Vec<f64> = ours
                .iter()
                .zip(theirs)
                .map(|(a, b)| a.p99_us / b.p99_us)
                .collect();
            let row = json!({
                "reference": servers[0].0, "peer": name, "version": label,
                "throughput": spread(&throughput), "p99": spread(&p99),
            });
            println!("{} / {name} at the {label} version: {row}", servers[0].0);
            ratios.push(row);
        }
    }
    versionary_bench::results::write_json(
        "peers.json",
        &json!({
            "note": std::env::var("PEER_NOTE").unwrap_or_default(),
            "connections": connections,
            "seconds_per_case": seconds,
            "max_requests_per_case": max_requests,
            "rounds": rounds,
            "cases": Value::from(rows),
            "ratios": Value::from(ratios),
        }),
    );
}
