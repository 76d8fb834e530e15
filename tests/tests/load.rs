//! A bounded mixed-version load on 127.0.0.1 against `lead_providers` and
//! `book_a_secure_move`: concurrent creates and reads in both versions. Every valid request
//! must succeed, every created move must read back in every version, and resident memory
//! must stay flat. Duration: `VERSIONARY_LOAD_SECONDS` (default 5, at most 60); requests are also
//! capped in number.

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde_json::json;

const TASKS: usize = 16;
const MAX_REQUESTS: u64 = 200_000;

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .map(str::to_owned)
        })
        .and_then(|l| l.split_whitespace().nth(1).and_then(|n| n.parse().ok()))
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mixed_version_load_has_no_failures_and_flat_memory() {
    let seconds: u64 = std::env::var("VERSIONARY_LOAD_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5)
        .min(60);
    let moves =
        Arc::new(support::start(versionary_examples::book_a_secure_move::app().unwrap()).await);
    let leads = Arc::new(support::start(versionary_examples::lead_providers::app().unwrap()).await);
    let sent = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    let created = Arc::new(std::sync::Mutex::new(Vec::<(
        String,
        &'static str,
        &'static str,
    )>::new()));

    // Warm up, then measure memory from here.
    for _ in 0..200 {
        leads.get("/api/v1/participants").await;
    }
    let rss_start = rss_kib();
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for task in 0..TASKS {
        let (moves, leads, sent, failed, created) = (
            moves.clone(),
            leads.clone(),
            sent.clone(),
            failed.clone(),
            created.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut n = task as u64;
            while Instant::now() < deadline && sent.fetch_add(1, Ordering::Relaxed) < MAX_REQUESTS {
                n = n.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                let version = if n >> 63 == 0 { "1" } else { "2" };
                let ok = match (n >> 33) % 5 {
                    0 => {
                        let (from, to) = if version == "1" {
                            (json!("LDS"), json!("WYI"))
                        } else {
                            (json!({"code": "LDS", "title": "Leeds Prison"}), json!({"code": "WYI", "title": "Wetherby"}))
                        };
                        let body = json!({"from_location": from, "to_location": to, "person_id": "p1"});
                        let reply = moves.post(&format!("/v{version}/moves"), &body.to_string()).await;
                        if reply.status == 201 {
                            let id = reply.json()["id"].as_str().unwrap_or_default().to_owned();
                            created.lock().unwrap().push((id, "LDS", "WYI"));
                            true
                        } else {
                            false
                        }
                    }
                    1 => moves.get(&format!("/v{version}/moves/m1")).await.status == 200,
                    2 => leads.get(&format!("/api/v{version}/participants/21412-12121")).await.status == 200,
                    3 => leads.get(&format!("/api/v{version}/participants?cohort=2024")).await.status == 200,
                    _ => {
                        let body = json!({
                            "participant_id": "21412-12122", "declaration_type": "started",
                            "declaration_date": "2025-01-15T10:00:00Z", "course_identifier": "ecf-mentor",
                        });
                        leads.post(&format!("/api/v{version}/participant-declarations"), &body.to_string()).await.status == 201
                    }
                };
                if !ok {
                    failed.fetch_add(1, Ordering::Relaxed);
                }
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let elapsed = started.elapsed();
    let total = sent.load(Ordering::Relaxed).min(MAX_REQUESTS);
    let rss_end = rss_kib();

    // Every created move reads back, in both versions.
    let created = Arc::new(created.lock().unwrap().clone());
    let mut unreadable = 0;
    for (id, from, to) in created.iter() {
        let v1 = moves.get(&format!("/v1/moves/{id}")).await.json();
        let v2 = moves.get(&format!("/v2/moves/{id}")).await.json();
        if v1["from_location"] != *from || v2["to_location"]["code"] != *to {
            unreadable += 1;
        }
    }
    eprintln!(
        "load: {total} requests in {:.1}s ({:.0}/s), {} failed, {} moves created ({unreadable} unreadable), RSS {rss_start} KiB -> {rss_end} KiB",
        elapsed.as_secs_f64(),
        total as f64 / elapsed.as_secs_f64(),
        failed.load(Ordering::Relaxed),
        created.len(),
    );
    // Then reads only, across versions: memory must not move.
    let read_deadline = Instant::now() + Duration::from_secs(seconds.div_ceil(2));
    let reads = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    for task in 0..TASKS {
        let (moves, leads, reads, failed, created) = (
            moves.clone(),
            leads.clone(),
            reads.clone(),
            failed.clone(),
            created.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut i = task;
            while Instant::now() < read_deadline
                && reads.fetch_add(1, Ordering::Relaxed) < MAX_REQUESTS
            {
                i += TASKS;
                let version = if i % 2 == 0 { "1" } else { "2" };
                let ok = if i % 3 == 0 {
                    leads
                        .get(&format!("/api/v{version}/participants"))
                        .await
                        .status
                        == 200
                } else {
                    let id = &created[i % created.len()].0;
                    moves.get(&format!("/v{version}/moves/{id}")).await.status == 200
                };
                if !ok {
                    failed.fetch_add(1, Ordering::Relaxed);
                }
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let rss_after_reads = rss_kib();
    eprintln!(
        "load: then {} reads: RSS {rss_end} KiB -> {rss_after_reads} KiB",
        reads.load(Ordering::Relaxed).min(MAX_REQUESTS)
    );
    assert_eq!(failed.load(Ordering::Relaxed), 0, "valid requests failed");
    assert!(
        rss_after_reads <= rss_end + 2048,
        "RSS grew under reads: {rss_end} KiB -> {rss_after_reads} KiB"
    );
    assert_eq!(unreadable, 0, "created moves did not read back");
    assert!(!created.is_empty());
    // Flat: the stores grow by a few hundred bytes per created object; nothing else may.
    let allowance = 16 * 1024 + created.len() as u64 * 2;
    assert!(
        rss_end <= rss_start + allowance,
        "RSS grew from {rss_start} KiB to {rss_end} KiB"
    );
}
