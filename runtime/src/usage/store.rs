//! [`UsageStore`]: where [`Usage::flush`](super::Usage::flush) adds each instance's counts,
//! so they survive restarts and add up across instances; and the in-memory table the pins'
//! `MemoryStore` keeps them in.

use core::future::Future;
use core::pin::Pin as Boxed;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};

/// The future of a [`UsageStore`] call.
pub type UsageFuture<'a, T> = Boxed<Box<dyn Future<Output = Result<T, StoreError>> + Send + 'a>>;

/// Why a usage store (or a flush) failed; the text says why. After a failed flush the
/// counts stay in memory for the next one.
///
/// ```
/// let error = versionary::usage::StoreError::new("connection refused");
/// assert_eq!(error.to_string(), "the usage store failed: connection refused");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreError {
    why: String,
}

impl StoreError {
    /// An error saying `why`.
    pub fn new(why: impl Into<String>) -> StoreError {
        StoreError { why: why.into() }
    }

    /// Why the store failed.
    pub fn why(&self) -> &str {
        &self.why
    }
}

impl core::fmt::Display for StoreError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "the usage store failed: {}", self.why)
    }
}

impl std::error::Error for StoreError {}

/// One row of usage: a consumer's requests to one endpoint in one version, chosen one way.
/// In a batch given to [`UsageStore::add_usage`] it is a delta (the requests since the last
/// flush); read back by [`UsageStore::usage_totals`] it is a total over every flush of
/// every instance.
///
/// ```
/// use versionary::usage::UsageCount;
///
/// let row = UsageCount {
///     consumer: "acme".into(),
///     version: "2".into(),
///     method: "GET".into(),
///     route: "/pets/{id}".into(),
///     chosen: "explicit".into(),
///     requests: 3,
///     first_seen: 1_700_000_000,
///     last_seen: 1_700_000_060,
/// };
/// assert_eq!(row.key(), ("acme", "2", "GET", "/pets/{id}", "explicit"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UsageCount {
    /// The consumer, or [`OVERFLOW_CONSUMER`](super::OVERFLOW_CONSUMER) for the consumers
    /// past an instance's limit.
    pub consumer: String,
    /// The version label.
    pub version: String,
    /// The HTTP method.
    pub method: String,
    /// The path template, without any version prefix.
    pub route: String,
    /// How the version was chosen: a [`Chosen::as_str`](crate::select::Chosen::as_str)
    /// (`explicit`, `closest-earlier`, `defaulted`, `pinned`, `preview`).
    pub chosen: String,
    /// Requests.
    pub requests: u64,
    /// Unix seconds of the consumer's first request to the endpoint in the version.
    pub first_seen: i64,
    /// Unix seconds of its last request to the endpoint in the version.
    pub last_seen: i64,
}

impl UsageCount {
    /// What identifies the row in a store (with the API's name): consumer, version,
    /// method, route and way chosen.
    pub fn key(&self) -> (&str, &str, &str, &str, &str) {
        (
            &self.consumer,
            &self.version,
            &self.method,
            &self.route,
            &self.chosen,
        )
    }
}

/// Where usage counts are kept across restarts and instances: the pins'
/// [`MemoryStore`](crate::pins::MemoryStore) (one process; tests), with the `sqlite`
/// feature `SqliteStore` (the same file as the pins, another table), and with the
/// `postgres` feature `PostgresStore` (the pins' database, another table; a batch is one
/// `INSERT .. SELECT FROM unnest(..) .. ON CONFLICT` statement). Given to
/// [`Usage::store`](super::Usage::store).
///
/// # The table
///
/// One row per API, consumer, version, method, route and way the version was chosen
/// ([`UsageCount`] plus the API's name); in SQL:
///
/// ```sql
/// CREATE TABLE versionary_usage (
///     api TEXT NOT NULL,
///     consumer TEXT NOT NULL,
///     version TEXT NOT NULL,
///     method TEXT NOT NULL,
///     route TEXT NOT NULL,
///     chosen TEXT NOT NULL,      -- explicit, closest-earlier, defaulted, pinned, preview
///     requests BIGINT NOT NULL,  -- never negative
///     first_seen BIGINT NOT NULL, -- Unix seconds
///     last_seen BIGINT NOT NULL,  -- Unix seconds
///     PRIMARY KEY (api, consumer, version, method, route, chosen)
/// )
/// ```
///
/// # Adding a batch (the upsert)
///
/// [`add_usage`](UsageStore::add_usage) adds every row of the batch to the row with the
/// same key, or inserts it: **counts add** (`requests = requests + new.requests`),
/// **`first_seen` is the minimum** and **`last_seen` the maximum** of the two, and the way
/// chosen is part of the key, so each row keeps it. In PostgreSQL:
/// `INSERT ... ON CONFLICT (api, consumer, version, method, route, chosen) DO UPDATE SET
/// requests = versionary_usage.requests + excluded.requests, first_seen =
/// LEAST(versionary_usage.first_seen, excluded.first_seen), last_seen =
/// GREATEST(versionary_usage.last_seen, excluded.last_seen)`.
///
/// A batch is applied **atomically**: all of it (one transaction) or, with an `Err`, none
/// of it. [`Usage::flush`](super::Usage::flush) relies on this to count every request
/// exactly once: after an `Err` it sends the same requests again in the next flush. A
/// batch never holds two rows with one key.
///
/// ```
/// use versionary::pins::MemoryStore;
/// use versionary::usage::{UsageCount, UsageStore};
///
/// let row = |requests, first_seen, last_seen| UsageCount {
///     consumer: "acme".into(), version: "1".into(), method: "GET".into(),
///     route: "/pets".into(), chosen: "defaulted".into(), requests, first_seen, last_seen,
/// };
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let store = MemoryStore::new();
/// store.add_usage("Pets", &[row(2, 100, 200)]).await.unwrap();
/// store.add_usage("Pets", &[row(3, 50, 150)]).await.unwrap(); // another instance's flush
/// assert_eq!(store.usage_totals("Pets", None).await.unwrap(), [row(5, 50, 200)]);
/// assert!(store.usage_totals("Pets", Some(201)).await.unwrap().is_empty());
/// assert!(store.usage_totals("Other", None).await.unwrap().is_empty());
/// # });
/// ```
pub trait UsageStore: Send + Sync + 'static {
    /// Adds `batch` to the totals of `api`, atomically (see the upsert above).
    fn add_usage<'a>(&'a self, api: &'a str, batch: &'a [UsageCount]) -> UsageFuture<'a, ()>;

    /// The totals of `api`, ordered by consumer, version, method, route and way chosen;
    /// with `since`, only the rows whose `last_seen` is at or after it (Unix seconds).
    fn usage_totals<'a>(
        &'a self,
        api: &'a str,
        since: Option<i64>,
    ) -> UsageFuture<'a, Vec<UsageCount>>;
}

/// A shared store is a store: the pins and the usage counts of a service, or several
/// routers, may use one.
impl<S: UsageStore + ?Sized> UsageStore for Arc<S> {
    fn add_usage<'a>(&'a self, api: &'a str, batch: &'a [UsageCount]) -> UsageFuture<'a, ()> {
        (**self).add_usage(api, batch)
    }

    fn usage_totals<'a>(
        &'a self,
        api: &'a str,
        since: Option<i64>,
    ) -> UsageFuture<'a, Vec<UsageCount>> {
        (**self).usage_totals(api, since)
    }
}

/// The key of a row in [`MemoryTotals`]: API, consumer, version, method, route, way.
type Key = (String, String, String, String, String, String);

/// Usage totals in memory, under one lock: what the pins' `MemoryStore` keeps.
#[derive(Debug, Default)]
pub(crate) struct MemoryTotals {
    rows: Mutex<BTreeMap<Key, (u64, i64, i64)>>,
}

impl MemoryTotals {
    /// Adds `batch` to the totals of `api` (counts add, first the minimum, last the maximum).
    pub(crate) fn add(&self, api: &str, batch: &[UsageCount]) {
        // Each row is one insert or one update of plain numbers: a panic elsewhere while
        // holding the lock leaves the map whole.
        let mut rows = self.rows.lock().unwrap_or_else(PoisonError::into_inner);
        for row in batch {
            let key = (
                api.to_owned(),
                row.consumer.clone(),
                row.version.clone(),
                row.method.clone(),
                row.route.clone(),
                row.chosen.clone(),
            );
            let total = rows.entry(key).or_insert((0, i64::MAX, i64::MIN));
            total.0 = total.0.saturating_add(row.requests);
            total.1 = total.1.min(row.first_seen);
            total.2 = total.2.max(row.last_seen);
        }
    }

    /// The totals of `api` in key order, only those last seen at or after `since`.
    pub(crate) fn read(&self, api: &str, since: Option<i64>) -> Vec<UsageCount> {
        let since = since.unwrap_or(i64::MIN);
        let rows = self.rows.lock().unwrap_or_else(PoisonError::into_inner);
        rows.iter()
            .filter(|((a, ..), (_, _, last))| a == api && *last >= since)
            .map(
                |((_, consumer, version, method, route, chosen), &(requests, first, last))| {
                    UsageCount {
                        consumer: consumer.clone(),
                        version: version.clone(),
                        method: method.clone(),
                        route: route.clone(),
                        chosen: chosen.clone(),
                        requests,
                        first_seen: first,
                        last_seen: last,
                    }
                },
            )
            .collect()
    }
}
