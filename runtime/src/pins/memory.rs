//! [`MemoryStore`]: pins in a map, for tests and single-instance services that accept
//! losing pins on restart; and usage counts beside them (`memory/usage.rs`).

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use super::{ConsumerPin, PinError, PinStore, StoreFuture};
use crate::usage::MemoryTotals;

mod usage;

/// Pins in memory: each call is atomic under one lock, nothing survives the process. Also
/// a [`UsageStore`](crate::usage::UsageStore) (usage counts beside the pins).
///
/// ```
/// use versionary::pins::{MemoryStore, PinStore};
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let store = MemoryStore::new();
/// assert_eq!(store.get("acme").await.unwrap(), None);
/// store.pin_first("acme", "1", 0).await.unwrap();
/// assert_eq!(store.upgrade("acme", "1", "2", 5).await.unwrap().previous.as_deref(), Some("1"));
/// # });
/// ```
#[derive(Debug, Default)]
pub struct MemoryStore {
    pins: Mutex<HashMap<String, ConsumerPin>>,
    usage: MemoryTotals,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> MemoryStore {
        MemoryStore::default()
    }

    fn pins(&self) -> MutexGuard<'_, HashMap<String, ConsumerPin>> {
        // A panic elsewhere while holding the lock leaves the map whole: every change is
        // one insert.
        self.pins.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Replaces the consumer's pin by what `change` makes of it.
    fn change(
        &self,
        consumer: &str,
        change: impl FnOnce(&ConsumerPin) -> Result<ConsumerPin, PinError>,
    ) -> Result<ConsumerPin, PinError> {
        let mut pins = self.pins();
        let pin = pins.get_mut(consumer).ok_or(PinError::NotPinned)?;
        *pin = change(pin)?;
        Ok(pin.clone())
    }
}

impl PinStore for MemoryStore {
    fn get<'a>(&'a self, consumer: &'a str) -> StoreFuture<'a, Option<ConsumerPin>> {
        let pin = self.pins().get(consumer).cloned();
        Box::pin(core::future::ready(Ok(pin)))
    }

    fn pin_first<'a>(
        &'a self,
        consumer: &'a str,
        version: &'a str,
        at: i64,
    ) -> StoreFuture<'a, ConsumerPin> {
        let pin = self
            .pins()
            .entry(consumer.to_owned())
            .or_insert_with(|| ConsumerPin::first(version, at))
            .clone();
        Box::pin(core::future::ready(Ok(pin)))
    }

    fn upgrade<'a>(
        &'a self,
        consumer: &'a str,
        from: &'a str,
        to: &'a str,
        at: i64,
    ) -> StoreFuture<'a, ConsumerPin> {
        let changed = self.change(consumer, |pin| pin.upgraded_from(from, to, at));
        Box::pin(core::future::ready(changed))
    }

    fn rollback<'a>(
        &'a self,
        consumer: &'a str,
        within: Duration,
        now: i64,
    ) -> StoreFuture<'a, ConsumerPin> {
        let changed = self.change(consumer, |pin| pin.rolled_back(within, now));
        Box::pin(core::future::ready(changed))
    }
}
