//! Flushing the consumer counts to a [`UsageStore`]: [`Usage::store`], [`Usage::flush`] and
//! the periodic [`Flusher`] ([`Usage::flush_every`]).
//!
//! A flush writes what each counter gained since the last successful flush (see
//! `consumers.rs`: marks, moved once the store has the batch), so a request recorded during
//! a flush is in the next one, and the requests of a failed flush stay for the next one:
//! every request reaches the store exactly once. Flushes of one handle run one at a time.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use super::Usage;
use super::consumers::Pending;
use super::store::{StoreError, UsageCount, UsageStore};
use crate::select::Chosen;

/// The most rows one [`UsageStore::add_usage`] call of a flush carries: a flush of more
/// is several batches, each committed (and its requests marked as flushed) on its own.
pub const FLUSH_BATCH_ROWS: usize = 10_000;

/// The store a [`Usage`] flushes to.
#[derive(Clone)]
pub(super) struct SharedStore(pub(super) Arc<dyn UsageStore>);

impl core::fmt::Debug for SharedStore {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("UsageStore")
    }
}

/// What a flush wrote: rows (consumer x version x endpoint x way chosen) and requests.
///
/// ```
/// let nothing = versionary::usage::Flushed::default();
/// assert_eq!((nothing.rows, nothing.requests), (0, 0));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Flushed {
    /// Rows added to the store.
    pub rows: usize,
    /// Requests those rows carried.
    pub requests: u64,
}

impl Usage {
    /// Flushes the consumer counts to `store` ([`Usage::flush`], [`Usage::flush_every`]):
    /// typically the store the service gives [`Pins`](crate::pins::Pins), so pins and
    /// usage live in one place (one SQLite file, another table). Set it before giving the
    /// handle to the builder, so the operator endpoint
    /// ([`ApiBuilder::consumer_report`](crate::ApiBuilder::consumer_report)) reports from it.
    /// One store per router: what was flushed is marked in the router's counters, so a
    /// second store given to a clone of the handle would get only what the first did not.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use versionary::pins::MemoryStore;
    ///
    /// let store = Arc::new(MemoryStore::new()); // one store, shared with `Pins::new(store.clone())`
    /// let usage = versionary::Usage::new().store(store.clone());
    /// # drop(usage);
    /// ```
    pub fn store(mut self, store: impl UsageStore) -> Usage {
        self.store = Some(SharedStore(Arc::new(store)));
        self
    }

    /// Whether a store is set ([`Usage::store`]).
    pub(crate) fn has_store(&self) -> bool {
        self.store.is_some()
    }

    pub(super) fn shared_store(&self) -> Result<Arc<dyn UsageStore>, StoreError> {
        match &self.store {
            Some(store) => Ok(store.0.clone()),
            None => Err(StoreError::new(
                "this `Usage` has no store: give it one with `Usage::store`",
            )),
        }
    }

    /// Adds the requests counted since the last successful flush to the store, in batches
    /// of at most [`FLUSH_BATCH_ROWS`] rows, each applied atomically; returns what it
    /// wrote. Flushes of one handle (and its clones) run one at a time.
    ///
    /// Nothing is lost or counted twice: a request recorded during a flush goes in the next
    /// one, and after an `Err` the requests not written stay in memory for the next flush.
    /// In a tokio runtime the flush runs in a task of its own, so dropping this future
    /// (a timeout) does not stop a write half-way. `Err` without a store.
    ///
    /// Call it last in a graceful shutdown, after the server has stopped taking requests
    /// ([`Flusher::shutdown`] does, for a periodic flusher):
    ///
    /// ```no_run
    /// use std::sync::Arc;
    /// use versionary::pins::{MemoryStore, Pins};
    /// use versionary::{ApiBuilder, Usage};
    ///
    /// versionary::api_versions! { pub Shop { 1 => "Initial release" } }
    ///
    /// #[versionary::endpoint(GET "/items", api = Shop)]
    /// async fn items() -> &'static str { "[]" }
    ///
    /// #[tokio::main]
    /// async fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     // Pins and usage in one store: with the `sqlite` feature,
    ///     // `SqliteStore::open("pins.db")?` (one file, two tables) instead.
    ///     let store = Arc::new(MemoryStore::new());
    ///     let usage = Usage::new().store(store.clone());
    ///     let app = ApiBuilder::<Shop>::new()
    ///         .usage(usage.clone())
    ///         .consumer_header("x-client-id")
    ///         .pin_consumers(Pins::new(store))
    ///         .build(())?;
    ///     let flusher = usage.flush_every(std::time::Duration::from_secs(60))?;
    ///     let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    ///     axum::serve(listener, app)
    ///         .with_graceful_shutdown(async { let _ = tokio::signal::ctrl_c().await; })
    ///         .await?;
    ///     // The server takes no more requests: flush what it counted since the last
    ///     // periodic flush.
    ///     let tail = flusher.shutdown().await?;
    ///     println!("flushed {} requests on shutdown", tail.requests);
    ///     Ok(())
    /// }
    /// ```
    pub async fn flush(&self) -> Result<Flushed, StoreError> {
        let store = self.shared_store()?;
        let guard = self.flushing.clone().lock_owned().await;
        let usage = self.clone();
        let work = async move {
            let flushed = usage.flush_locked(&*store).await;
            drop(guard);
            flushed
        };
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => runtime
                .spawn(work)
                .await
                .map_err(|e| StoreError::new(format!("the flush task failed: {e}")))?,
            Err(_) => work.await,
        }
    }

    /// The flush itself, with the handle's flush lock held.
    async fn flush_locked(&self, store: &dyn UsageStore) -> Result<Flushed, StoreError> {
        let Some(table) = self.table.get() else {
            return Ok(Flushed::default());
        };
        let mut pending = table.consumers.pending(table.clock.unix_seconds());
        pending.retain(|p| p.route < table.rows.len());
        let mut flushed = Flushed::default();
        for chunk in pending.chunks(FLUSH_BATCH_ROWS) {
            let batch: Vec<UsageCount> = chunk.iter().filter_map(|p| self.count_of(p)).collect();
            store.add_usage(table.api, &batch).await?;
            table.consumers.commit(chunk);
            flushed.rows += batch.len();
            flushed.requests += batch.iter().map(|c| c.requests).sum::<u64>();
        }
        Ok(flushed)
    }

    /// The store's row for `pending`.
    fn count_of(&self, pending: &Pending) -> Option<UsageCount> {
        let row = self.table.get()?.rows.get(pending.route)?;
        Some(UsageCount {
            consumer: pending.consumer.to_string(),
            version: row.version.to_owned(),
            method: row.method.to_owned(),
            route: row.route.clone(),
            chosen: Chosen::ALL.get(pending.chosen)?.as_str().to_owned(),
            requests: pending.requests,
            first_seen: pending.first,
            last_seen: pending.last,
        })
    }

    /// Flushes every `period` (after the last flush ended) in a task of the current tokio
    /// runtime, which needs timers (`#[tokio::main]` has them). A failed flush is logged
    /// (a `tracing` warning) and its requests kept for the next. Await
    /// [`Flusher::shutdown`] in the service's graceful shutdown to stop it and flush the
    /// tail (see [`Usage::flush`]); dropping the [`Flusher`] stops it without flushing.
    /// `Err` without a store, for a zero period, or outside a tokio runtime.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use std::time::Duration;
    /// use versionary::pins::MemoryStore;
    /// use versionary::Usage;
    ///
    /// # tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap().block_on(async {
    /// let usage = Usage::new().store(Arc::new(MemoryStore::new()));
    /// let flusher = usage.flush_every(Duration::from_secs(30)).unwrap();
    /// assert!(usage.flush_every(Duration::ZERO).is_err());
    /// assert!(Usage::new().flush_every(Duration::from_secs(30)).is_err()); // no store
    /// // ... serve, then, in the graceful shutdown:
    /// assert_eq!(flusher.shutdown().await.unwrap().requests, 0);
    /// # });
    /// ```
    pub fn flush_every(&self, period: Duration) -> Result<Flusher, StoreError> {
        self.shared_store()?;
        if period.is_zero() {
            return Err(StoreError::new("the flush period must be longer than zero"));
        }
        let runtime = tokio::runtime::Handle::try_current()
            .map_err(|_| StoreError::new("`Usage::flush_every` needs a tokio runtime"))?;
        let (stop, mut stopped) = oneshot::channel::<()>();
        let usage = self.clone();
        let task = runtime.spawn(async move {
            // Until `stop` is sent or dropped.
            while tokio::time::timeout(period, &mut stopped).await.is_err() {
                if let Err(error) = usage.flush().await {
                    tracing::warn!(%error, "versionary: usage flush failed; the counts are kept for the next flush");
                }
            }
        });
        Ok(Flusher {
            stop: Some(stop),
            task: Some(task),
            usage: self.clone(),
        })
    }
}

/// The periodic flush of a [`Usage`] ([`Usage::flush_every`]). Await
/// [`Flusher::shutdown`] in the graceful shutdown; dropping it stops the periodic flushes
/// without flushing the tail.
#[derive(Debug)]
#[must_use = "dropping a `Flusher` stops its periodic flushes: keep it, and await `shutdown` at the end"]
pub struct Flusher {
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
    usage: Usage,
}

impl Flusher {
    /// Stops the periodic flushes (waiting for one under way), then flushes what was
    /// counted since ([`Usage::flush`]). See [`Usage::flush_every`] for an example.
    pub async fn shutdown(mut self) -> Result<Flushed, StoreError> {
        if let Some(stop) = self.stop.take() {
            // The task may have ended (a panic): the final flush below still runs.
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
        self.usage.flush().await
    }
}
