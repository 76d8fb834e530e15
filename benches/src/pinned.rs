//! The pinned-consumer case: `document_api` (header versions) with its consumers named by
//! `x-client-id`, counted, and pinned in a SQLite file under the system's temporary
//! directory. The same `GET /books/42/summary` is sent by the consumer `acme` naming no
//! version (served at its cached pin) and naming its version explicitly: both identify the
//! consumer and record its usage, so their difference is what serving at a pin costs.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Router;
use axum::body::Body;
use axum::http::Request;
use versionary::{Api, Clock};
use versionary_examples::document_api::{self, Config, DocumentApi};

/// The version `acme` is pinned to, and names in the explicit request.
pub const VERSION: &str = "2025-01-15";

/// `document_api` over a pin file of its own, removed (with its journal files) on drop.
#[derive(Debug)]
pub struct PinnedService {
    /// The service's router.
    pub router: Router,
    file: PathBuf,
}

impl Drop for PinnedService {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm"] {
            let mut path = self.file.clone().into_os_string();
            path.push(suffix);
            let _ = std::fs::remove_file(path);
        }
    }
}

/// The service, its pin file new. The first request without a version pins `acme`.
///
/// # Errors
/// When the pin file cannot be made or the service does not build.
pub fn service() -> Result<PinnedService, String> {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let file = std::env::temp_dir().join(format!(
        "versionary-bench-pins-{}-{n}.db",
        std::process::id()
    ));
    let _ = std::fs::remove_file(&file);
    // The newest version is the one a first call is pinned to: the two requests ask the same.
    let latest = <DocumentApi as Api>::VERSIONS
        .iter()
        .rev()
        .find(|v| !v.unreleased)
        .map(|v| v.label);
    if latest != Some(VERSION) {
        return Err(format!(
            "document_api's latest version is {latest:?}, not {VERSION}"
        ));
    }
    let config = Config {
        clock: Clock::system(),
        pins_db: file.clone(),
        operator_token: None,
    };
    let router = document_api::app_with(&config).map_err(|e| e.to_string())?;
    Ok(PinnedService { router, file })
}

/// `GET /books/42/summary` from `acme`, naming no version: served at its pin.
pub fn summary_pinned(_: u32) -> Request<Body> {
    Request::get("/books/42/summary")
        .header("x-client-id", "acme")
        .body(Body::empty())
        .unwrap_or_default()
}

/// The same request naming the pinned version in `api-version`.
pub fn summary_explicit(_: u32) -> Request<Body> {
    Request::get("/books/42/summary")
        .header("x-client-id", "acme")
        .header("api-version", VERSION)
        .body(Body::empty())
        .unwrap_or_default()
}
