//! The per-instance read cache of pins: consumer -> version index, bounded, looked up by
//! `&str` without allocating.

use std::collections::HashMap;
use std::sync::{PoisonError, RwLock};

/// A cached pin: the version's index in `Api::VERSIONS` and when it was read from the
/// store (unix seconds).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Entry {
    pub(crate) index: usize,
    pub(crate) read_at: i64,
}

/// At most `limit` pins; a new consumer past the limit evicts an arbitrary one (it is read
/// from the store again on its next request).
#[derive(Debug)]
pub(crate) struct Cache {
    map: RwLock<HashMap<Box<str>, Entry>>,
    limit: usize,
}

impl Cache {
    pub(crate) fn new(limit: usize) -> Cache {
        Cache {
            map: RwLock::default(),
            limit: limit.max(1),
        }
    }

    /// The cached pin of `consumer`: a read lock and a lookup, no allocation.
    pub(crate) fn get(&self, consumer: &str) -> Option<Entry> {
        let map = self.map.read().unwrap_or_else(PoisonError::into_inner);
        map.get(consumer).copied()
    }

    pub(crate) fn put(&self, consumer: &str, entry: Entry) {
        let mut map = self.map.write().unwrap_or_else(PoisonError::into_inner);
        if let Some(cached) = map.get_mut(consumer) {
            *cached = entry;
            return;
        }
        if map.len() >= self.limit {
            let evicted = map.keys().next().cloned();
            if let Some(evicted) = evicted {
                map.remove(&evicted);
            }
        }
        map.insert(consumer.into(), entry);
    }

    pub(crate) fn limit(&self) -> usize {
        self.limit
    }

    pub(crate) fn len(&self) -> usize {
        self.map
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stays_within_its_limit_and_updates_in_place() {
        let cache = Cache::new(2);
        let at = |index| Entry { index, read_at: 0 };
        cache.put("a", at(0));
        cache.put("b", at(1));
        cache.put("b", at(2));
        assert_eq!(cache.len(), 2);
        assert_eq!(cache.get("b"), Some(at(2)));
        cache.put("c", at(0));
        assert_eq!(cache.len(), 2);
        assert_eq!(cache.get("c"), Some(at(0)));
        assert_eq!(cache.get("nobody"), None);
    }
}
