//! The example services of versionary. Each module is one service, written the way a user
//! writes one: the latest types and handlers, plus annotations. Each binary in
//! `examples/<name>/main.rs` runs one of them with [`run`].

use std::process::ExitCode;

use axum::Router;
use versionary::{BuildError, RouteTable};

pub mod book_a_secure_move;
pub mod document_api;
pub mod integration_api;
pub mod lead_providers;
pub mod library;

/// Serves `router` on `listener` until the process is interrupted.
pub async fn serve(listener: tokio::net::TcpListener, router: Router) -> std::io::Result<()> {
    axum::serve(listener, router)
        .with_graceful_shutdown(async {
            // If the signal handler cannot be installed, serve until killed.
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
        })
        .await
}

/// Handles the command-line flags of an example: `--routes` writes the route table to
/// `out`; anything else but no argument is a usage error. `None` means: serve.
pub fn command_line(
    name: &str,
    args: &[String],
    routes: fn() -> Result<RouteTable, BuildError>,
    out: &mut dyn std::io::Write,
) -> Option<ExitCode> {
    match args {
        [] => None,
        [flag] if flag == "--routes" => Some(match routes() {
            Ok(table) => match out.write_all(table.to_text().as_bytes()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(_) => ExitCode::FAILURE,
            },
            Err(error) => {
                eprintln!("{name}: {error}");
                ExitCode::FAILURE
            }
        }),
        _ => {
            eprintln!("usage: cargo run --example {name} [-- --routes]");
            Some(ExitCode::from(2))
        }
    }
}

/// The `main` of every example: `--routes` prints the route table; otherwise binds
/// `127.0.0.1:$PORT` (default 3000), prints `listening on http://127.0.0.1:PORT` and serves.
pub fn run(
    name: &str,
    app: fn() -> Result<Router, BuildError>,
    routes: fn() -> Result<RouteTable, BuildError>,
) -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(code) = command_line(name, &args, routes, &mut std::io::stdout()) {
        return code;
    }
    let port = match std::env::var("PORT") {
        Err(_) => 3000,
        Ok(text) => match text.parse::<u16>() {
            Ok(port) => port,
            Err(_) => {
                eprintln!("{name}: PORT must be a port number, got {text:?}");
                return ExitCode::from(2);
            }
        },
    };
    let router = match app() {
        Ok(router) => router,
        Err(error) => {
            eprintln!("{name}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("{name}: cannot start the runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async move {
        let listener = match tokio::net::TcpListener::bind(("127.0.0.1", port)).await {
            Ok(listener) => listener,
            Err(error) => {
                eprintln!("{name}: cannot listen on 127.0.0.1:{port}: {error}");
                return ExitCode::FAILURE;
            }
        };
        let port = listener.local_addr().map_or(port, |a| a.port());
        println!("listening on http://127.0.0.1:{port}");
        match serve(listener, router).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("{name}: {error}");
                ExitCode::FAILURE
            }
        }
    })
}
