//! CPU instructions per request, counted by valgrind's callgrind (`scripts/bench.sh
//! instructions`): unlike requests per second on a shared machine, the count does not move
//! with the load of other processes.
//!
//! For each server (`lead_providers` through versionary, and its hand-written axum twin in
//! `versionary_bench::handwritten`, which answers the same bytes and headers) and each version
//! (latest `v2`, oldest `v1`) and each case (GET participant, POST declaration),
//! `peer-serve` runs under `valgrind --tool=callgrind` on 127.0.0.1. One keep-alive HTTP/1.1
//! connection sends `INSTR_WARMUP` requests, then `callgrind_control --zero` clears the counters, then exactly
//! `INSTR_REQUESTS` requests are sent one after another, then `callgrind_control --dump`
//! writes the counts (to `bench-results/callgrind/`, where `callgrind_annotate` reads them
//! per function). Instructions per request = the dump's total / `INSTR_REQUESTS`: everything
//! the server process executes for them (hyper, axum, versionary, serde, the allocator).
//!
//! Environment: `INSTR_REQUESTS` (default 2000, at most 20000), `INSTR_WARMUP` (default 200,
//! at most 20000), `INSTR_ROUNDS` (default 1, at most 5; the count barely moves between
//! rounds), `INSTR_SECONDS` (the longest a server under valgrind may live, default 300, at
//! most 3600). Without `valgrind` and `callgrind_control` on the `PATH` it says so and
//! writes nothing.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use serde_json::{Value, json};
use versionary_bench::results::{self, spread};

fn setting(name: &str, default: u64, max: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
        .clamp(1, max)
}

/// Whether `program --version` runs.
fn available(program: &str) -> bool {
    Command::new(program)
        .arg(if program == "callgrind_control" {
            "--help"
        } else {
            "--version"
        })
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// A free TCP port on 127.0.0.1.
fn free_port() -> Result<u16, String> {
    let listener = std::net::TcpListener::bind(("127.0.0.1", 0)).map_err(|e| e.to_string())?;
    Ok(listener.local_addr().map_err(|e| e.to_string())?.port())
}

/// One keep-alive connection to 127.0.0.1:`port`.
struct Client {
    sender: hyper::client::conn::http1::SendRequest<Full<Bytes>>,
}

/// What one case sends: GET participant, or POST declaration with its JSON body.
#[derive(Clone, Copy)]
struct Case {
    name: &'static str,
    post: bool,
}

impl Case {
    fn path(self, version: u32) -> String {
        if self.post {
            format!("/api/v{version}/participant-declarations")
        } else {
            format!(
                "/api/v{version}/participants/{}",
                versionary_bench::requests::PARTICIPANT
            )
        }
    }
}

impl Client {
    async fn connect(port: u16) -> Result<Client, String> {
        let stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .map_err(|e| e.to_string())?;
        stream.set_nodelay(true).map_err(|e| e.to_string())?;
        let (sender, conn) =
            hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
                .await
                .map_err(|e| e.to_string())?;
        tokio::spawn(conn);
        Ok(Client { sender })
    }

    /// Sends one request and reads the whole answer; its status and body length.
    async fn send(&mut self, case: Case, path: &str) -> Result<(u16, usize), String> {
        self.sender.ready().await.map_err(|e| e.to_string())?;
        let builder = hyper::Request::builder()
            .uri(path)
            .header(hyper::header::HOST, "127.0.0.1");
        let request = if case.post {
            builder
                .method(hyper::Method::POST)
                .header(hyper::header::CONTENT_TYPE, "application/json")
                .body(Full::new(Bytes::from_static(
                    versionary_bench::requests::DECLARATION.as_bytes(),
                )))
        } else {
            builder.body(Full::new(Bytes::new()))
        }
        .map_err(|e| e.to_string())?;
        let response = self
            .sender
            .send_request(request)
            .await
            .map_err(|e| e.to_string())?;
        let status = response.status().as_u16();
        let body = response
            .into_body()
            .collect()
            .await
            .map_err(|e| e.to_string())?;
        Ok((status, body.to_bytes().len()))
    }

    /// Sends `n` requests, each of which must succeed with the same body length.
    async fn run(&mut self, case: Case, path: &str, n: u64) -> Result<(), String> {
        let mut length = None;
        for _ in 0..n {
            let (status, len) = self.send(case, path).await?;
            if !(200..300).contains(&status) || *length.get_or_insert(len) != len {
                return Err(format!("{path} answered {status} with {len} bytes"));
            }
        }
        Ok(())
    }
}

/// `callgrind_control <flag> <pid>`.
fn control(flag: &str, pid: u32) -> Result<(), String> {
    let output = Command::new("callgrind_control")
        .args([flag, &pid.to_string()])
        .output()
        .map_err(|e| format!("callgrind_control: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "callgrind_control {flag} {pid}: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// The `totals:` (or `summary:`) line of a callgrind dump.
fn total_instructions(dump: &Path) -> Result<u64, String> {
    let text = std::fs::read_to_string(dump).map_err(|e| format!("{}: {e}", dump.display()))?;
    text.lines()
        .find_map(|line| {
            line.strip_prefix("totals:")
                .or_else(|| line.strip_prefix("summary:"))
        })
        .and_then(|n| n.split_whitespace().next()?.parse().ok())
        .ok_or_else(|| format!("{}: no totals line", dump.display()))
}

/// Kills the server when the measurement ends, however it ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

struct Settings {
    requests: u64,
    warmup: u64,
    seconds: u64,
    out: PathBuf,
}

/// Instructions per request of `case` served by `server` at `version`, in round `round`.
fn measure(
    settings: &Settings,
    case: Case,
    server: &str,
    version: u32,
    round: u64,
) -> Result<f64, String> {
    let port = free_port()?;
    let serve = std::env::current_exe()
        .map_err(|e| e.to_string())?
        .with_file_name("peer-serve");
    let stem = settings
        .out
        .join(format!("{}-{server}-v{version}-r{round}", case.name));
    let log = std::fs::File::create(stem.with_extension("log")).map_err(|e| e.to_string())?;
    let child = Command::new("valgrind")
        .arg("--tool=callgrind")
        .arg(format!("--callgrind-out-file={}.%p", stem.display()))
        .arg(&serve)
        .args([server, &port.to_string(), &settings.seconds.to_string()])
        .stdout(log.try_clone().map_err(|e| e.to_string())?)
        .stderr(log)
        .spawn()
        .map_err(|e| format!("valgrind: {e}"))?;
    let server_process = Server(child);
    let pid = server_process.0.id();
    let path = case.path(version);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async {
        // valgrind takes seconds to start the server.
        let deadline = Instant::now() + Duration::from_secs(120);
        let mut client = loop {
            match Client::connect(port).await {
                Ok(client) => break client,
                Err(error) if Instant::now() > deadline => {
                    return Err(format!("{server} did not start: {error}"));
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            }
        };
        client.run(case, &path, settings.warmup).await?;
        control("--zero", pid)?;
        client.run(case, &path, settings.requests).await?;
        control("--dump", pid)
    })?;
    drop(server_process);
    let total = total_instructions(&PathBuf::from(format!("{}.{pid}.1", stem.display())))?;
    Ok(total as f64 / settings.requests as f64)
}

fn main() {
    if !available("valgrind") || !available("callgrind_control") {
        println!("instructions: skipped (valgrind and callgrind_control are needed)");
        return;
    }
    let settings = Settings {
        requests: setting("INSTR_REQUESTS", 2000, 20_000),
        warmup: setting("INSTR_WARMUP", 200, 20_000),
        seconds: setting("INSTR_SECONDS", 300, 3600),
        out: results::dir().join("callgrind"),
    };
    let rounds = setting("INSTR_ROUNDS", 1, 5);
    // Dumps of earlier runs would be read as this run's.
    let _ = std::fs::remove_dir_all(&settings.out);
    if let Err(error) = std::fs::create_dir_all(&settings.out) {
        eprintln!("cannot create {}: {error}", settings.out.display());
        std::process::exit(1);
    }
    let cases = [
        Case {
            name: "get_participant",
            post: false,
        },
        Case {
            name: "post_declaration",
            post: true,
        },
    ];
    let versions = [(2, "latest"), (1, "oldest")];
    // counts[case][version][side]: one figure per round.
    let mut counts = vec![[[Vec::new(), Vec::new()], [Vec::new(), Vec::new()]]; cases.len()];
    for round in 1..=rounds {
        for (c, case) in cases.iter().enumerate() {
            for (v, (version, label)) in versions.iter().enumerate() {
                for (side, server) in ["handwritten", "versionary"].iter().enumerate() {
                    match measure(&settings, *case, server, *version, round) {
                        Ok(n) => {
                            println!(
                                "instructions {:<16} {server:<11} {label} (v{version}), round {round}: {n:.0} per request",
                                case.name
                            );
                            counts[c][v][side].push(n);
                        }
                        Err(error) => {
                            eprintln!("instructions: {} {server} v{version}: {error}", case.name);
                            std::process::exit(1);
                        }
                    }
                }
            }
        }
    }
    let mut rows = Vec::new();
    for (case, by_version) in cases.iter().zip(&counts) {
        for ((_, label), [hand, ours]) in versions.iter().zip(by_version) {
            let ratios: Vec<f64> = hand.iter().zip(ours).map(|(h, v)| v / h).collect();
            rows.push(json!({
                "case": case.name,
                "version": label,
                "handwritten": spread(hand),
                "versionary": spread(ours),
                "ratio": spread(&ratios),
            }));
        }
    }
    results::write_json(
        "instructions.json",
        &json!({
            "requests": settings.requests,
            "warmup": settings.warmup,
            "rounds": rounds,
            "cases": Value::from(rows),
        }),
    );
}
