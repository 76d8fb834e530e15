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
#![doc = include_str!("../docs/consumers.md")]

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

use crate::lifecycle::Clock;
use crate::select::Chosen;

mod consumers;
mod flush;
mod prometheus;
mod report;
mod store;
mod stored;

use consumers::Consumers;
pub(crate) use consumers::check_consumer;
pub use consumers::{DEFAULT_CONSUMER_LIMIT, MAX_CONSUMER_LEN, OVERFLOW_CONSUMER};
use flush::SharedStore;
pub use flush::{FLUSH_BATCH_ROWS, Flushed, Flusher};
pub use report::{
    ConsumerCalls, ConsumerUsage, EndpointCalls, MigrationReport, UnversionedConsumer,
};
pub(crate) use store::MemoryTotals;
pub use store::{StoreError, UsageCount, UsageFuture, UsageStore};

/// A handle on the request counts of one built router. Cheap to clone; give a clone to
/// [`ApiBuilder::usage`](crate::ApiBuilder::usage) and read it from anywhere (a metrics
/// endpoint, a periodic exporter).
///
/// With consumer identification ([`ApiBuilder::identify_consumer`](crate::ApiBuilder::identify_consumer))
/// it also counts, per consumer, version and endpoint, how each request's version was
/// chosen, and when the consumer was first and last seen: see [`Usage::migration_report`].
/// With a [store](Usage::store), those counts are flushed to it ([`Usage::flush`],
/// [`Usage::flush_every`]), so they survive restarts and add up across instances
/// ([`Usage::stored_report`]).
#[derive(Clone, Debug)]
pub struct Usage {
    table: Arc<OnceLock<Table>>,
    consumer_limit: usize,
    consumer_series: bool,
    store: Option<SharedStore>,
    /// Held by a flush, and by a stored report while it reads: one at a time.
    flushing: Arc<tokio::sync::Mutex<()>>,
}

impl Default for Usage {
    fn default() -> Usage {
        Usage {
            table: Arc::default(),
            consumer_limit: DEFAULT_CONSUMER_LIMIT,
            consumer_series: false,
            store: None,
            flushing: Arc::default(),
        }
    }
}

#[derive(Debug)]
struct Table {
    api: &'static str,
    rows: Vec<Row>,
    consumers: Consumers,
    /// Per-consumer Prometheus series (`Usage::consumer_series`).
    consumer_series: bool,
    /// The router's clock: first and last seen, and the report's "now".
    clock: Clock,
}

#[derive(Debug)]
struct Row {
    version_index: usize,
    version: &'static str,
    method: &'static str,
    route: String,
    lifecycle: RouteLifecycle,
    requests: AtomicU64,
    gone: AtomicU64,
}

/// One counted route as the router describes it: its version and endpoint, and where they
/// are in their life.
#[derive(Clone, Debug)]
pub(crate) struct CountedRoute {
    pub(crate) version_index: usize,
    pub(crate) version: &'static str,
    pub(crate) method: &'static str,
    pub(crate) route: String,
    pub(crate) lifecycle: RouteLifecycle,
}

/// The dates of a route (the earlier of its version's and its endpoint's), and the newest
/// released version serving the same endpoint when newer than the route's.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct RouteLifecycle {
    pub(crate) deprecated: Option<i64>,
    pub(crate) sunset: Option<i64>,
    pub(crate) newer: Option<&'static str>,
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

    /// Records a request of consumer `id` (checked by [`check_consumer`]): no allocation
    /// once the consumer is known.
    pub(crate) fn count_consumer(&self, id: &str, chosen: Chosen) {
        if let Some(table) = self.usage.table.get() {
            let now = table.clock.unix_seconds();
            table.consumers.record(id, self.index, chosen, now);
        }
    }
}

impl Usage {
    /// A handle that counts nothing until a router is built with it.
    pub fn new() -> Usage {
        Usage::default()
    }

    /// Tracks at most `limit` consumers ([`DEFAULT_CONSUMER_LIMIT`] by default); the
    /// requests of consumers first seen after that are counted together, reported as
    /// [`OVERFLOW_CONSUMER`]. Each tracked consumer costs its identifier, a hash map entry
    /// and 56 bytes per route (version x endpoint) of the router, allocated when it is first
    /// seen, and 40 more per route on its first [flush](Usage::flush) to a store. Set it
    /// before giving the handle to the builder.
    ///
    /// ```
    /// let usage = versionary::Usage::new().consumer_limit(500);
    /// # drop(usage);
    /// ```
    pub fn consumer_limit(mut self, limit: usize) -> Usage {
        self.consumer_limit = limit;
        self
    }

    /// Adds per-consumer series to [`Usage::to_prometheus`]
    /// (`versionary_consumer_requests_total`, labelled by consumer and by how the version
    /// was chosen). Off by default: the label cardinality grows with the consumers (up to
    /// the [limit](Usage::consumer_limit), plus the overflow bucket). Set it before giving the
    /// handle to the builder.
    ///
    /// ```
    /// let usage = versionary::Usage::new().consumer_series();
    /// # drop(usage);
    /// ```
    pub fn consumer_series(mut self) -> Usage {
        self.consumer_series = true;
        self
    }

    /// Fixes the routes counted; `Err` when the handle already counts another router.
    pub(crate) fn attach(
        &self,
        api: &'static str,
        routes: Vec<CountedRoute>,
        clock: Clock,
    ) -> Result<Vec<Counter>, ()> {
        let count = routes.len();
        let rows = routes
            .into_iter()
            .map(|r| Row {
                version_index: r.version_index,
                version: r.version,
                method: r.method,
                route: r.route,
                lifecycle: r.lifecycle,
                requests: AtomicU64::new(0),
                gone: AtomicU64::new(0),
            })
            .collect();
        let table = Table {
            api,
            rows,
            consumers: Consumers::new(self.consumer_limit, count),
            consumer_series: self.consumer_series,
            clock,
        };
        self.table.set(table).map_err(|_| ())?;
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
}
