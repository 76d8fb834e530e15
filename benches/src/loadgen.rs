//! The loopback load generator of the `load` bench and of the peers' comparison
//! (`peer-load`): N concurrent keep-alive HTTP/1.1 connections (hyper's client) sending the
//! same GET, each run bounded in time and in request count.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use tokio::net::TcpStream;

/// What one run of the load generator measured.
#[derive(Clone, Copy, Debug)]
pub struct Outcome {
    /// Requests answered.
    pub requests: u64,
    /// Answers that were not a success, and connections that failed.
    pub errors: u64,
    /// Wall-clock seconds of the run.
    pub seconds: f64,
    /// Median latency, microseconds.
    pub p50_us: f64,
    /// 99th-percentile latency, microseconds.
    pub p99_us: f64,
}

/// One connection: sequential requests until the deadline or the shared budget runs out.
async fn connection(
    addr: SocketAddr,
    path: Arc<str>,
    deadline: Instant,
    budget: Arc<AtomicU64>,
) -> Result<(Vec<u32>, u64), String> {
    let stream = TcpStream::connect(addr).await.map_err(|e| e.to_string())?;
    stream.set_nodelay(true).map_err(|e| e.to_string())?;
    let (mut sender, conn) =
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
            .await
            .map_err(|e| e.to_string())?;
    let driver = tokio::spawn(conn);
    let mut latencies = Vec::new();
    let mut errors = 0;
    while Instant::now() < deadline
        && budget
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |b| b.checked_sub(1))
            .is_ok()
    {
        sender.ready().await.map_err(|e| e.to_string())?;
        let request = hyper::Request::get(&*path)
            .header(hyper::header::HOST, "127.0.0.1")
            .body(Empty::<Bytes>::new())
            .map_err(|e| e.to_string())?;
        let start = Instant::now();
        let response = sender
            .send_request(request)
            .await
            .map_err(|e| e.to_string())?;
        let ok = response.status().is_success();
        response
            .into_body()
            .collect()
            .await
            .map_err(|e| e.to_string())?;
        let micros = start.elapsed().as_micros();
        latencies.push(u32::try_from(micros).unwrap_or(u32::MAX));
        if !ok {
            errors += 1;
        }
    }
    drop(sender);
    let _ = driver.await;
    Ok((latencies, errors))
}

fn percentile(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    f64::from(sorted[rank.min(sorted.len() - 1)])
}

/// `connections` keep-alive HTTP/1.1 connections to `addr`, each sending `GET path` in
/// turn, until `seconds` have passed or `max_requests` were sent (whichever comes first).
pub fn run(
    client: &tokio::runtime::Runtime,
    addr: SocketAddr,
    path: &str,
    connections: u64,
    seconds: u64,
    max_requests: u64,
) -> Outcome {
    let path: Arc<str> = Arc::from(path);
    client.block_on(async {
        let start = Instant::now();
        let deadline = start + Duration::from_secs(seconds);
        let budget = Arc::new(AtomicU64::new(max_requests));
        let tasks: Vec<_> = (0..connections)
            .map(|_| tokio::spawn(connection(addr, path.clone(), deadline, budget.clone())))
            .collect();
        let mut all = Vec::new();
        let mut errors = 0;
        for task in tasks {
            match task.await {
                Ok(Ok((latencies, e))) => {
                    all.extend(latencies);
                    errors += e;
                }
                Ok(Err(error)) => {
                    eprintln!("connection failed: {error}");
                    errors += 1;
                }
                Err(error) => {
                    eprintln!("connection task failed: {error}");
                    errors += 1;
                }
            }
        }
        let seconds = start.elapsed().as_secs_f64();
        all.sort_unstable();
        Outcome {
            requests: all.len() as u64,
            errors,
            seconds,
            p50_us: percentile(&all, 0.50),
            p99_us: percentile(&all, 0.99),
        }
    })
}
