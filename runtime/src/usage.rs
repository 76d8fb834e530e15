//! Version usage telemetry: every request an endpoint answers is counted by version and
//! endpoint, so an operator can see who still calls a version before sunsetting it.
//!
//! Counting is one relaxed atomic increment per request. Each request also runs inside a
//! `tracing` span named `versionary.request` with the fields `api`, `api.version`, `method` and
//! `route`, so any subscriber (logs, OpenTelemetry) sees the version.
//!
//! ```
//! use axum::extract::Path;
//! use tower::ServiceExt;
//! use versionary::{ApiBuilder, Json, Usage};
//!
//! versionary::api_versions! { pub Pets { 1 => "Initial release", 2 => "Names are split" } }
//!
//! #[versionary::endpoint(GET "/pets/{id}", api = Pets)]
//! async fn pet(Path(id): Path<u32>) -> String {
//!     id.to_string()
//! }
//!
//! # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
//! let usage = Usage::new();
//! let app = ApiBuilder::<Pets>::new().usage(usage.clone()).build(()).unwrap();
//! for uri in ["/v1/pets/1", "/v1/pets/2", "/v2/pets/3"] {
//!     let request = http::Request::get(uri).body(axum::body::Body::empty()).unwrap();
//!     app.clone().oneshot(request).await.unwrap();
//! }
//! assert_eq!(usage.by_version(), vec![("1", 2), ("2", 1)]);
//! let rows = usage.snapshot();
//! assert_eq!((rows[0].version, rows[0].route.as_str(), rows[0].requests), ("1", "/pets/{id}", 2));
//! assert!(usage.to_prometheus().contains(r#"versionary_requests_total{api="Pets",version="2",method="GET",route="/pets/{id}"} 1"#));
//! # });
//! ```

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

/// A handle on the request counts of one built router. Cheap to clone; give a clone to
/// [`ApiBuilder::usage`](crate::ApiBuilder::usage) and read it from anywhere (a metrics
/// endpoint, a periodic exporter).
#[derive(Clone, Debug, Default)]
pub struct Usage {
    table: Arc<OnceLock<Table>>,
}

#[derive(Debug)]
struct Table {
    api: &'static str,
    rows: Vec<Row>,
}

#[derive(Debug)]
struct Row {
    version_index: usize,
    version: &'static str,
    method: &'static str,
    route: String,
    requests: AtomicU64,
    gone: AtomicU64,
}

/// The counts of one endpoint in one version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UsageRow {
    /// The version label.
    pub version: &'static str,
    /// The HTTP method.
    pub method: &'static str,
    /// The path template, without any version prefix.
    pub route: String,
    /// Requests answered, including those refused after a sunset.
    pub requests: u64,
    /// Of those, requests answered `410 Gone` because the version or endpoint was sunset.
    pub gone: u64,
}

/// Where one route's counters are.
#[derive(Clone, Debug)]
pub(crate) struct Counter {
    usage: Usage,
    index: usize,
}

impl Counter {
    pub(crate) fn count(&self, gone: bool) {
        if let Some(row) = self.usage.table.get().and_then(|t| t.rows.get(self.index)) {
            row.requests.fetch_add(1, Ordering::Relaxed);
            if gone {
                row.gone.fetch_add(1, Ordering::Relaxed);
            }
        }
    }
}

impl Usage {
    /// A handle that counts nothing until a router is built with it.
    pub fn new() -> Usage {
        Usage::default()
    }

    /// Fixes the routes counted; `Err` when the handle already counts another router.
    pub(crate) fn attach(
        &self,
        api: &'static str,
        routes: Vec<(usize, &'static str, &'static str, String)>,
    ) -> Result<Vec<Counter>, ()> {
        let count = routes.len();
        let rows = routes
            .into_iter()
            .map(|(version_index, version, method, route)| Row {
                version_index,
                version,
                method,
                route,
                requests: AtomicU64::new(0),
                gone: AtomicU64::new(0),
            })
            .collect();
        self.table.set(Table { api, rows }).map_err(|_| ())?;
        Ok((0..count)
            .map(|index| Counter {
                usage: self.clone(),
                index,
            })
            .collect())
    }

    /// Every route's counts, ordered by version (oldest first), route and method.
    pub fn snapshot(&self) -> Vec<UsageRow> {
        let Some(table) = self.table.get() else {
            return Vec::new();
        };
        let mut rows: Vec<(&Row, UsageRow)> = table
            .rows
            .iter()
            .map(|r| {
                (
                    r,
                    UsageRow {
                        version: r.version,
                        method: r.method,
                        route: r.route.clone(),
                        requests: r.requests.load(Ordering::Relaxed),
                        gone: r.gone.load(Ordering::Relaxed),
                    },
                )
            })
            .collect();
        rows.sort_by(|(a, _), (b, _)| {
            (a.version_index, &a.route, a.method).cmp(&(b.version_index, &b.route, b.method))
        });
        rows.into_iter().map(|(_, row)| row).collect()
    }

    /// Requests per version, oldest first (versions with no routes left out).
    pub fn by_version(&self) -> Vec<(&'static str, u64)> {
        let mut totals: Vec<(&'static str, u64)> = Vec::new();
        for row in self.snapshot() {
            match totals.last_mut() {
                Some((version, total)) if *version == row.version => *total += row.requests,
                _ => totals.push((row.version, row.requests)),
            }
        }
        totals
    }

    /// The counts in the Prometheus text exposition format: `versionary_requests_total` and
    /// `versionary_gone_total`, labelled by api, version, method and route.
    pub fn to_prometheus(&self) -> String {
        let api = self.table.get().map_or("", |t| t.api);
        let escape = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"");
        let mut out = String::new();
        for (metric, help) in [
            (
                "versionary_requests_total",
                "Requests answered, by API version and route.",
            ),
            (
                "versionary_gone_total",
                "Requests refused with 410 Gone after a sunset.",
            ),
        ] {
            out.push_str(&format!(
                "# HELP {metric} {help}\n# TYPE {metric} counter\n"
            ));
            for row in self.snapshot() {
                let value = if metric == "versionary_gone_total" {
                    row.gone
                } else {
                    row.requests
                };
                out.push_str(&format!(
                    "{metric}{{api=\"{}\",version=\"{}\",method=\"{}\",route=\"{}\"}} {value}\n",
                    escape(api),
                    escape(row.version),
                    row.method,
                    escape(&row.route)
                ));
            }
        }
        out
    }
}
