//! Serves `lead_providers` on 127.0.0.1 for the peers' comparison (`scripts/bench.sh
//! peers`): `peer-serve <versionary|handwritten> <port> <seconds>`. One thread (a current-thread
//! runtime), so that pinned to one core with `taskset` it gets the one core the Python peer
//! gets. It stops by itself after `seconds` (at most 3600), so a run that is interrupted
//! leaves nothing behind.

use std::time::Duration;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [which, port, seconds] = args.as_slice() else {
        eprintln!("usage: peer-serve <versionary|handwritten> <port> <seconds>");
        std::process::exit(2);
    };
    let port: u16 = port.parse().unwrap_or_else(|_| {
        eprintln!("not a port: {port}");
        std::process::exit(2);
    });
    let seconds: u64 = seconds.parse().unwrap_or(60).clamp(1, 3600);
    let router = match which.as_str() {
        "versionary" => versionary_examples::lead_providers::app()
            .unwrap_or_else(|e| panic!("lead_providers builds: {e}")),
        "handwritten" => versionary_bench::handwritten::app(),
        other => {
            eprintln!("unknown server `{other}` (versionary or handwritten)");
            std::process::exit(2);
        }
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("a runtime: {e}"));
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .unwrap_or_else(|e| panic!("bind 127.0.0.1:{port}: {e}"));
        let server = axum::serve(listener, router);
        // Stopping when the time is up is the normal end.
        if let Ok(Err(error)) = tokio::time::timeout(Duration::from_secs(seconds), server).await {
            eprintln!("server error: {error}");
        }
    });
}
