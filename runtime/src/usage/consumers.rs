//! The bounded store of who calls what: per consumer, per route (version x endpoint), the
//! requests by the way their version was chosen and when they were first and last seen.
//!
//! A consumer's counters are allocated once, when it is first seen; recording a known
//! consumer is a read lock, a map lookup by `&str` and atomic increments (no allocation).
//! At most `limit` consumers are tracked; the requests of any other consumer are counted in
//! one overflow bucket, so memory is bounded however many consumers call.
//!
//! Counts only grow (Prometheus counters, [`Usage::by_consumer`](super::Usage::by_consumer)).
//! A flush to a store takes what each counter gained since the last flush: [`Consumers::pending`]
//! reads every counter against its mark (the value the last successful flush wrote), and
//! [`Consumers::commit`] moves the marks once the store has the batch. A request recorded
//! meanwhile is above the new mark, so it goes in the next flush; a failed flush moves no
//! mark, so its requests go in the next one. The marks are allocated on a consumer's first
//! flush: nothing without a store.

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, OnceLock, PoisonError, RwLock};

use crate::problem::{Problem, bounded};
use crate::select::Chosen;

/// The longest consumer identifier accepted, in bytes.
pub const MAX_CONSUMER_LEN: usize = 64;

/// How many consumers a [`Usage`](crate::Usage) tracks by default before counting the rest
/// in the overflow bucket ([`OVERFLOW_CONSUMER`]).
pub const DEFAULT_CONSUMER_LIMIT: usize = 10_000;

/// The name the overflow bucket is reported under: the requests of consumers seen after
/// the limit was reached. It cannot clash with a consumer, as `(` is not allowed in one.
pub const OVERFLOW_CONSUMER: &str = "(others)";

/// Whether `byte` may appear in a consumer identifier: ASCII letters and digits, and
/// `-`, `_`, `.`, `:`, `@`.
fn allowed(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b':' | b'@')
}

/// `id` if it is a valid consumer identifier (1 to [`MAX_CONSUMER_LEN`] bytes of ASCII
/// letters, digits, `-`, `_`, `.`, `:`, `@`), or the 400 problem that refuses the request.
pub(crate) fn check_consumer(id: &str) -> Result<&str, Problem> {
    let why = if id.is_empty() {
        "is empty"
    } else if id.len() > MAX_CONSUMER_LEN {
        "is too long"
    } else if !id.bytes().all(allowed) {
        "has characters other than ASCII letters, digits, `-`, `_`, `.`, `:` and `@`"
    } else {
        return Ok(id);
    };
    Err(Problem::bad_request(format!(
        "the consumer identifier `{}` {why}: at most {MAX_CONSUMER_LEN} ASCII letters, digits, `-`, `_`, `.`, `:` or `@`",
        bounded(id)
    ))
    .with_type("urn:versionary:problem:invalid-consumer")
    .with_title("Invalid consumer identifier")
    .framework_answer())
}

/// One consumer's counts on one route.
#[derive(Debug)]
pub(crate) struct Cell {
    /// Requests, by [`Chosen::index`].
    requests: [AtomicU64; Chosen::ALL.len()],
    /// Unix seconds of the first request (`i64::MAX` before any).
    first: AtomicI64,
    /// Unix seconds of the last request (`i64::MIN` before any).
    last: AtomicI64,
}

/// A [`Cell`] read at one moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Counts {
    pub(crate) requests: [u64; Chosen::ALL.len()],
    pub(crate) first: i64,
    pub(crate) last: i64,
}

impl Counts {
    /// Every request, however chosen.
    pub(crate) fn total(&self) -> u64 {
        self.requests.iter().sum()
    }
}

impl Cell {
    fn new() -> Cell {
        Cell {
            requests: Default::default(),
            first: AtomicI64::new(i64::MAX),
            last: AtomicI64::new(i64::MIN),
        }
    }

    fn record(&self, chosen: Chosen, now: i64) {
        self.requests[chosen.index()].fetch_add(1, Ordering::Relaxed);
        self.first.fetch_min(now, Ordering::Relaxed);
        self.last.fetch_max(now, Ordering::Relaxed);
    }

    /// The counts, or `None` when the cell has seen no request.
    fn read(&self) -> Option<Counts> {
        let requests = core::array::from_fn(|i| self.requests[i].load(Ordering::Relaxed));
        let counts = Counts {
            requests,
            first: self.first.load(Ordering::Relaxed),
            last: self.last.load(Ordering::Relaxed),
        };
        (counts.total() > 0).then_some(counts)
    }
}

fn cells(routes: usize) -> Box<[Cell]> {
    (0..routes).map(|_| Cell::new()).collect()
}

/// Per way chosen, the requests of one cell the store has: written only by a flush.
type Marks = [AtomicU64; Chosen::ALL.len()];

/// One consumer's (or the overflow bucket's) cells, route by route, and their marks.
#[derive(Debug)]
struct Entry {
    cells: Box<[Cell]>,
    flushed: OnceLock<Box<[Marks]>>,
}

impl Entry {
    fn new(routes: usize) -> Entry {
        Entry {
            cells: cells(routes),
            flushed: OnceLock::new(),
        }
    }
}

/// What one counter of one cell gained since the last flush.
#[derive(Clone, Debug)]
pub(crate) struct Pending {
    /// The consumer (shared with the store's key), or the overflow bucket's name.
    pub(crate) consumer: Arc<str>,
    pub(crate) route: usize,
    /// [`Chosen::index`].
    pub(crate) chosen: usize,
    /// Requests since the mark.
    pub(crate) requests: u64,
    /// The counter's value read: the mark once the store has these requests.
    seen: u64,
    pub(crate) first: i64,
    pub(crate) last: i64,
}

/// Every tracked consumer's cells, and the overflow bucket's.
#[derive(Debug)]
pub(crate) struct Consumers {
    limit: usize,
    routes: usize,
    known: RwLock<HashMap<Arc<str>, Entry>>,
    overflow: Entry,
    overflow_name: Arc<str>,
}

impl Consumers {
    /// A store for `routes` routes tracking at most `limit` consumers.
    pub(crate) fn new(limit: usize, routes: usize) -> Consumers {
        Consumers {
            limit,
            routes,
            known: RwLock::new(HashMap::new()),
            overflow: Entry::new(routes),
            overflow_name: Arc::from(OVERFLOW_CONSUMER),
        }
    }

    /// Records a request of `id` (a checked identifier) on `route`.
    pub(crate) fn record(&self, id: &str, route: usize, chosen: Chosen, now: i64) {
        if route >= self.routes {
            return;
        }
        {
            let known = self.known.read().unwrap_or_else(PoisonError::into_inner);
            if let Some(entry) = known.get(id) {
                return entry.cells[route].record(chosen, now);
            }
            if known.len() >= self.limit {
                return self.overflow.cells[route].record(chosen, now);
            }
        }
        // First sight: the only allocation a consumer costs.
        let mut known = self.known.write().unwrap_or_else(PoisonError::into_inner);
        if let Some(entry) = known.get(id) {
            return entry.cells[route].record(chosen, now);
        }
        if known.len() >= self.limit {
            return self.overflow.cells[route].record(chosen, now);
        }
        let fresh = Entry::new(self.routes);
        fresh.cells[route].record(chosen, now);
        known.insert(id.into(), fresh);
    }

    /// How many consumers are tracked.
    pub(crate) fn tracked(&self) -> usize {
        self.known
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }

    /// Every (consumer, route, counts) with requests, consumers sorted by name, the overflow
    /// bucket last (as [`OVERFLOW_CONSUMER`]).
    pub(crate) fn read(&self) -> Vec<(String, usize, Counts)> {
        let mut out = Vec::new();
        {
            let known = self.known.read().unwrap_or_else(PoisonError::into_inner);
            let mut names: Vec<&Arc<str>> = known.keys().collect();
            names.sort();
            for name in names {
                for (route, cell) in known[name].cells.iter().enumerate() {
                    if let Some(counts) = cell.read() {
                        out.push((name.to_string(), route, counts));
                    }
                }
            }
        }
        for (route, cell) in self.overflow.cells.iter().enumerate() {
            if let Some(counts) = cell.read() {
                out.push((OVERFLOW_CONSUMER.to_owned(), route, counts));
            }
        }
        out
    }

    /// Requests counted in the overflow bucket.
    pub(crate) fn overflow_requests(&self) -> u64 {
        self.overflow
            .cells
            .iter()
            .filter_map(Cell::read)
            .map(|c| c.total())
            .sum()
    }

    /// What every counter gained since the last flush, consumers in no particular order.
    /// `now` stands for the time of a request counted before its times were written.
    pub(crate) fn pending(&self, now: i64) -> Vec<Pending> {
        let mut out = Vec::new();
        let known = self.known.read().unwrap_or_else(PoisonError::into_inner);
        let overflow = [(&self.overflow_name, &self.overflow)];
        for (name, entry) in known.iter().chain(overflow) {
            let marks = entry.flushed.get();
            for (route, cell) in entry.cells.iter().enumerate() {
                for chosen in 0..Chosen::ALL.len() {
                    let seen = cell.requests[chosen].load(Ordering::Relaxed);
                    let mark = marks.map_or(0, |m| m[route][chosen].load(Ordering::Relaxed));
                    if seen <= mark {
                        continue;
                    }
                    // A request racing with this read may be counted with its times not yet
                    // written: it happened just now.
                    let last = match cell.last.load(Ordering::Relaxed) {
                        i64::MIN => now,
                        last => last,
                    };
                    let first = match cell.first.load(Ordering::Relaxed) {
                        i64::MAX => now,
                        first => first,
                    };
                    out.push(Pending {
                        consumer: name.clone(),
                        route,
                        chosen,
                        requests: seen - mark,
                        seen,
                        first: first.min(last),
                        last,
                    });
                }
            }
        }
        out
    }

    /// Moves the marks of `done` (read by [`Consumers::pending`]) once the store has them.
    /// Only one flush may run between a `pending` and its `commit`.
    pub(crate) fn commit(&self, done: &[Pending]) {
        let known = self.known.read().unwrap_or_else(PoisonError::into_inner);
        for pending in done {
            let entry = if Arc::ptr_eq(&pending.consumer, &self.overflow_name) {
                &self.overflow
            } else {
                match known.get(&*pending.consumer) {
                    Some(entry) => entry,
                    None => continue,
                }
            };
            let marks = entry.flushed.get_or_init(|| {
                (0..self.routes)
                    .map(|_| Marks::default())
                    .collect::<Box<[Marks]>>()
            });
            if let Some(mark) = marks.get(pending.route).and_then(|m| m.get(pending.chosen)) {
                mark.store(pending.seen, Ordering::Relaxed);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_bounded_in_length_and_characters() {
        assert_eq!(
            check_consumer("acme-corp_1.eu:prod@x").ok(),
            Some("acme-corp_1.eu:prod@x")
        );
        assert!(check_consumer(&"a".repeat(MAX_CONSUMER_LEN)).is_ok());
        for bad in ["", "a b", "caf\u{e9}", "(others)", "x\"y", "a/b"] {
            let problem = check_consumer(bad).unwrap_err();
            assert_eq!(problem.status(), 400, "{bad:?}");
        }
        let long = "é".repeat(MAX_CONSUMER_LEN);
        assert_eq!(check_consumer(&long).unwrap_err().status(), 400);
    }

    #[test]
    fn a_known_consumer_accumulates_counts_and_times() {
        let store = Consumers::new(10, 2);
        store.record("acme", 1, Chosen::Explicit, 100);
        store.record("acme", 1, Chosen::Defaulted, 50);
        store.record("acme", 1, Chosen::Explicit, 200);
        let rows = store.read();
        assert_eq!(rows.len(), 1);
        let (name, route, counts) = &rows[0];
        assert_eq!((name.as_str(), *route), ("acme", 1));
        assert_eq!(counts.requests[Chosen::Explicit.index()], 2);
        assert_eq!(counts.requests[Chosen::Defaulted.index()], 1);
        assert_eq!((counts.first, counts.last, counts.total()), (50, 200, 3));
        // An out-of-range route is ignored rather than a panic.
        store.record("acme", 7, Chosen::Explicit, 1);
        assert_eq!(store.read().len(), 1);
    }

    #[test]
    fn consumers_past_the_limit_are_counted_in_the_overflow_bucket() {
        let store = Consumers::new(3, 1);
        for i in 0..10 {
            store.record(&format!("c{i}"), 0, Chosen::Explicit, i);
        }
        // A tracked consumer is still counted as itself after the limit is reached.
        store.record("c0", 0, Chosen::Explicit, 20);
        assert_eq!(store.tracked(), 3);
        assert_eq!(store.overflow_requests(), 7);
        let rows = store.read();
        let names: Vec<&str> = rows.iter().map(|(n, _, _)| n.as_str()).collect();
        assert_eq!(names, ["c0", "c1", "c2", OVERFLOW_CONSUMER]);
        assert_eq!(rows[0].2.total(), 2);
        assert_eq!((rows[3].2.first, rows[3].2.last), (3, 9));
    }

    #[test]
    fn concurrent_first_calls_intern_each_consumer_once_and_lose_no_request() {
        let store = std::sync::Arc::new(Consumers::new(20, 3));
        let threads: Vec<_> = (0..8)
            .map(|t| {
                let store = store.clone();
                std::thread::spawn(move || {
                    for i in 0..1000 {
                        let id = format!("c{}", (i + t) % 50);
                        store.record(&id, i % 3, Chosen::Explicit, 1);
                    }
                })
            })
            .collect();
        for thread in threads {
            thread.join().unwrap();
        }
        let rows = store.read();
        let total: u64 = rows.iter().map(|(_, _, c)| c.total()).sum();
        assert_eq!((store.tracked(), total), (20, 8000));
        let mut names: Vec<&str> = rows.iter().map(|(n, _, _)| n.as_str()).collect();
        names.dedup();
        assert_eq!(
            names.len(),
            21,
            "20 consumers and the overflow bucket: {names:?}"
        );
    }

    #[test]
    fn pending_is_what_each_counter_gained_since_the_last_commit() {
        let store = Consumers::new(1, 2);
        store.record("acme", 1, Chosen::Explicit, 100);
        store.record("acme", 1, Chosen::Explicit, 110);
        store.record("globex", 0, Chosen::Defaulted, 120); // past the limit: overflow
        let first = store.pending(999);
        let rows: Vec<(&str, usize, usize, u64, i64, i64)> = first
            .iter()
            .map(|p| (&*p.consumer, p.route, p.chosen, p.requests, p.first, p.last))
            .collect();
        assert_eq!(
            rows,
            [
                ("acme", 1, Chosen::Explicit.index(), 2, 100, 110),
                (OVERFLOW_CONSUMER, 0, Chosen::Defaulted.index(), 1, 120, 120)
            ]
        );
        // Not committed (a failed flush): the same requests are pending again, plus new ones.
        store.record("acme", 1, Chosen::Explicit, 130);
        assert_eq!(store.pending(999)[0].requests, 3);
        store.commit(&first);
        // Committed: only the request recorded after `first` was read is left.
        let left = store.pending(999);
        assert_eq!(left.len(), 1);
        assert_eq!((left[0].requests, left[0].last), (1, 130));
        store.commit(&left);
        assert!(store.pending(999).is_empty());
        // The in-memory totals are untouched by flushing.
        assert_eq!(store.read()[0].2.total(), 3);
    }

    #[test]
    fn a_zero_limit_tracks_nobody_and_counts_everything_as_overflow() {
        let store = Consumers::new(0, 1);
        store.record("acme", 0, Chosen::Defaulted, 1);
        assert_eq!((store.tracked(), store.overflow_requests()), (0, 1));
    }
}
