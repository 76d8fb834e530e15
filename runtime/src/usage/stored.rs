//! [`Usage::stored_report`]: the migration report from the store's totals (every instance's
//! flushes, across restarts) plus this instance's requests not flushed yet.

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use super::Usage;
use super::consumers::{Counts, Pending};
use super::report::{MigrationReport, empty_report};
use super::store::{StoreError, UsageCount};
use super::{OVERFLOW_CONSUMER, Table};
use crate::select::Chosen;

/// The calls of a report in consumer order, the overflow bucket last: `(overflow, name,
/// route)`.
type Calls = BTreeMap<(bool, String, usize), Counts>;

impl Usage {
    /// The migration report ([`Usage::migration_report`]) from the store given to
    /// [`Usage::store`]: the totals every instance flushed, over restarts, plus this
    /// instance's requests not flushed yet (nothing is counted twice: a flush of this
    /// handle waits for the report). Counts are totals since the store's first flush;
    /// rows of versions or endpoints this router no longer serves are left out.
    /// [`ApiBuilder::consumer_report`](crate::ApiBuilder::consumer_report) serves this
    /// report when the handle has a store. `Err` without a store or when it fails.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use std::time::Duration;
    /// use tower::ServiceExt;
    /// use versionary::pins::MemoryStore;
    /// use versionary::{ApiBuilder, Clock, Usage};
    ///
    /// versionary::api_versions! { pub Pets { 1 => "Initial release", 2 => "Names are split" } }
    ///
    /// #[versionary::endpoint(GET "/pets", api = Pets)]
    /// async fn pets() -> &'static str { "[]" }
    ///
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let store = Arc::new(MemoryStore::new());
    /// // Two instances (or one before and one after a restart) sharing the store.
    /// let instance = |usage: &Usage| {
    ///     ApiBuilder::<Pets>::new()
    ///         .clock(Clock::at("2026-12-01T12:00:00Z").unwrap())
    ///         .usage(usage.clone())
    ///         .consumer_header("x-client-id")
    ///         .build(())
    ///         .unwrap()
    /// };
    /// let (a, b) = (Usage::new().store(store.clone()), Usage::new().store(store.clone()));
    /// for (usage, requests) in [(&a, 2), (&b, 3)] {
    ///     let app = instance(usage);
    ///     for _ in 0..requests {
    ///         let request = http::Request::get("/v1/pets").header("x-client-id", "acme");
    ///         app.clone().oneshot(request.body(axum::body::Body::empty()).unwrap()).await.unwrap();
    ///     }
    /// }
    /// a.flush().await.unwrap(); // `b` has not flushed: its own report adds its requests
    /// let report = b.stored_report(Duration::from_secs(30 * 86_400)).await.unwrap();
    /// let acme = &report.endpoints[0].consumers[0];
    /// assert_eq!((acme.consumer.as_str(), acme.requests), ("acme", 5));
    /// assert_eq!(acme.last_seen, "2026-12-01T12:00:00Z");
    /// # });
    /// ```
    pub async fn stored_report(&self, window: Duration) -> Result<MigrationReport, StoreError> {
        let store = self.shared_store()?;
        let Some(table) = self.table.get() else {
            return Ok(empty_report(window));
        };
        let (totals, pending) = {
            // No flush of this handle between reading the totals and the marks.
            let _flushing = self.flushing.lock().await;
            let totals = store.usage_totals(table.api, None).await?;
            (totals, table.consumers.pending(table.clock.unix_seconds()))
        };
        let calls = merge(table, &totals, &pending);
        let overflow = calls
            .iter()
            .filter(|((overflow, ..), _)| *overflow)
            .map(|(_, counts)| counts.total())
            .sum();
        let calls = calls
            .into_iter()
            .map(|((_, name, route), counts)| (name, route, counts))
            .collect();
        Ok(self.report_from(calls, overflow, window))
    }
}

/// The store's `totals` and this instance's `pending` requests, by consumer and route of
/// `table` (rows of other routes, or of ways this library does not know, left out).
fn merge(table: &Table, totals: &[UsageCount], pending: &[Pending]) -> Calls {
    let routes: HashMap<(&str, &str, &str), usize> = table
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| ((r.version, r.method, r.route.as_str()), i))
        .collect();
    let mut calls = Calls::new();
    let mut add = |consumer: &str, route: usize, chosen: usize, requests: u64, seen: (i64, i64)| {
        let key = (consumer == OVERFLOW_CONSUMER, consumer.to_owned(), route);
        let counts = calls.entry(key).or_insert(Counts {
            requests: [0; Chosen::ALL.len()],
            first: i64::MAX,
            last: i64::MIN,
        });
        counts.requests[chosen] = counts.requests[chosen].saturating_add(requests);
        counts.first = counts.first.min(seen.0);
        counts.last = counts.last.max(seen.1);
    };
    for row in totals {
        let route = routes.get(&(&*row.version, &*row.method, &*row.route));
        let chosen = Chosen::ALL.iter().position(|c| c.as_str() == row.chosen);
        if let (Some(&route), Some(chosen)) = (route, chosen) {
            let seen = (row.first_seen, row.last_seen);
            add(&row.consumer, route, chosen, row.requests, seen);
        }
    }
    for p in pending.iter().filter(|p| p.chosen < Chosen::ALL.len()) {
        add(
            &p.consumer,
            p.route,
            p.chosen,
            p.requests,
            (p.first, p.last),
        );
    }
    calls
}
