//! The pin stores' conformance suite: one set of generic async checks, run against every
//! `PinStore` (memory; SQLite with the `sqlite` feature). A store passes when a first pin
//! wins over later ones, concurrent first pins of one consumer end with one pin that every
//! caller sees, an upgrade keeps the version it leaves, a rollback works within its window
//! and is refused after it, and an unknown consumer has no pin and cannot be changed.

use std::sync::Arc;
use std::time::Duration;

use versionary::pins::{ConsumerPin, MemoryStore, PinError, PinStore};

const HOUR: Duration = Duration::from_secs(3600);

/// The first call pins; a second call with another version returns the first pin.
async fn pins_on_first_call<S: PinStore>(store: &S) {
    assert_eq!(store.get("first").await.unwrap(), None);
    let pin = store.pin_first("first", "1", 100).await.unwrap();
    assert_eq!(pin, ConsumerPin::first("1", 100));
    assert_eq!(store.get("first").await.unwrap(), Some(pin.clone()));
    let again = store.pin_first("first", "2", 200).await.unwrap();
    assert_eq!(again, pin, "a second first pin must return the first");
    assert_eq!(store.get("first").await.unwrap(), Some(pin));
}

/// Many tasks pin one consumer at once, each to its own version: one pin wins, and every
/// task, and a later read, sees it.
async fn concurrent_first_pins_end_with_one<S: PinStore>(store: Arc<S>) {
    let tasks: Vec<_> = (0..32)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move {
                let version = format!("v{}", i % 4);
                store.pin_first("racer", &version, i).await.unwrap()
            })
        })
        .collect();
    let mut seen = Vec::new();
    for task in tasks {
        seen.push(task.await.unwrap());
    }
    let stored = store.get("racer").await.unwrap().expect("a pin");
    assert!(
        seen.iter().all(|pin| *pin == stored),
        "every caller sees the one pin {stored:?}: {seen:?}"
    );
    assert_eq!(stored.previous, None);
}

/// An upgrade keeps the version it leaves; a rollback within the window restores it.
async fn upgrade_then_rollback<S: PinStore>(store: &S) {
    store.pin_first("mover", "1", 1_000).await.unwrap();
    let up = store.upgrade("mover", "3", 2_000).await.unwrap();
    assert_eq!(up, ConsumerPin::first("1", 1_000).upgraded("3", 2_000));
    assert_eq!(store.get("mover").await.unwrap(), Some(up));
    let back = store.rollback("mover", HOUR, 2_000 + 3_600).await.unwrap();
    assert_eq!(
        back,
        ConsumerPin {
            version: "1".into(),
            previous: None,
            changed_at: 5_600
        }
    );
    assert_eq!(store.get("mover").await.unwrap(), Some(back));
    // Rolled back once: nothing left to roll back.
    let again = store.rollback("mover", HOUR, 5_601).await;
    assert_eq!(again, Err(PinError::NothingToRollBack));
}

/// A rollback after the window is refused, and the pin stays.
async fn rollback_outside_the_window_is_refused<S: PinStore>(store: &S) {
    store.pin_first("late", "1", 0).await.unwrap();
    let up = store.upgrade("late", "2", 10).await.unwrap();
    let refused = store.rollback("late", HOUR, 10 + 3_601).await;
    assert_eq!(refused, Err(PinError::WindowPassed { changed_at: 10 }));
    assert_eq!(store.get("late").await.unwrap(), Some(up));
    // Never upgraded: nothing to roll back.
    store.pin_first("still", "1", 0).await.unwrap();
    let nothing = store.rollback("still", HOUR, 1).await;
    assert_eq!(nothing, Err(PinError::NothingToRollBack));
}

/// A consumer never pinned has no pin, and cannot be upgraded or rolled back.
async fn unknown_consumer<S: PinStore>(store: &S) {
    assert_eq!(store.get("nobody").await.unwrap(), None);
    let up = store.upgrade("nobody", "2", 1).await;
    assert_eq!(up, Err(PinError::NotPinned));
    let back = store.rollback("nobody", HOUR, 1).await;
    assert_eq!(back, Err(PinError::NotPinned));
    assert_eq!(store.get("nobody").await.unwrap(), None);
}

/// The whole suite against fresh stores from `make`.
async fn conformance<S: PinStore>(make: impl Fn() -> S) {
    pins_on_first_call(&make()).await;
    concurrent_first_pins_end_with_one(Arc::new(make())).await;
    upgrade_then_rollback(&make()).await;
    rollback_outside_the_window_is_refused(&make()).await;
    unknown_consumer(&make()).await;
    // One store through every check: no check depends on an empty store.
    let shared = Arc::new(make());
    pins_on_first_call(&*shared).await;
    upgrade_then_rollback(&*shared).await;
    rollback_outside_the_window_is_refused(&*shared).await;
    unknown_consumer(&*shared).await;
    concurrent_first_pins_end_with_one(shared).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_memory_store_conforms() {
    conformance(MemoryStore::new).await;
}

/// A store that breaks the contract (a later first pin replaces the first one) fails the
/// suite: the suite can fail.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_store_where_the_last_pin_wins_fails_the_suite() {
    use versionary::pins::StoreFuture;

    #[derive(Default)]
    struct LastWins(MemoryStore);

    impl PinStore for LastWins {
        fn get<'a>(&'a self, consumer: &'a str) -> StoreFuture<'a, Option<ConsumerPin>> {
            self.0.get(consumer)
        }
        fn pin_first<'a>(
            &'a self,
            c: &'a str,
            v: &'a str,
            at: i64,
        ) -> StoreFuture<'a, ConsumerPin> {
            Box::pin(async move {
                match self.0.pin_first(c, v, at).await? {
                    pin if pin.version == v => Ok(pin),
                    _ => self.0.upgrade(c, v, at).await,
                }
            })
        }
        fn upgrade<'a>(&'a self, c: &'a str, to: &'a str, at: i64) -> StoreFuture<'a, ConsumerPin> {
            self.0.upgrade(c, to, at)
        }
        fn rollback<'a>(
            &'a self,
            c: &'a str,
            within: Duration,
            now: i64,
        ) -> StoreFuture<'a, ConsumerPin> {
            self.0.rollback(c, within, now)
        }
    }

    let outcome = tokio::spawn(conformance(LastWins::default)).await;
    assert!(
        outcome.is_err_and(|e| e.is_panic()),
        "the suite must refuse this store"
    );
}

/// A fresh SQLite file in the temporary directory, removed (with its WAL files) on drop.
struct TempDb(std::path::PathBuf);

impl TempDb {
    fn new(name: &str) -> TempDb {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let file = format!("versionary-pins-{name}-{}-{n}.db", std::process::id());
        let db = TempDb(std::env::temp_dir().join(file));
        db.remove();
        db
    }

    fn remove(&self) {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", self.0.display()));
        }
    }
}

impl Drop for TempDb {
    fn drop(&mut self) {
        self.remove();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_sqlite_store_conforms() {
    use versionary::pins::SqliteStore;
    let dbs = std::sync::Mutex::new(Vec::new());
    conformance(|| {
        let db = TempDb::new("conformance");
        let store = SqliteStore::open(&db.0).expect("a temporary pin file");
        dbs.lock().unwrap().push(db);
        store
    })
    .await;
}

/// Two stores on one file (two instances of a service): concurrent first pins of one
/// consumer through both end with one pin that both see.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_sqlite_stores_on_one_file_agree_on_the_first_pin() {
    use versionary::pins::SqliteStore;
    let db = TempDb::new("two");
    let stores = [
        Arc::new(SqliteStore::open(&db.0).unwrap()),
        Arc::new(SqliteStore::open(&db.0).unwrap()),
    ];
    let tasks: Vec<_> = (0..20)
        .map(|i| {
            let store = stores[i % 2].clone();
            tokio::spawn(async move { store.pin_first("shared", &format!("{i}"), 0).await })
        })
        .collect();
    let mut seen = Vec::new();
    for task in tasks {
        seen.push(task.await.unwrap().unwrap());
    }
    let one = stores[0].get("shared").await.unwrap().unwrap();
    assert_eq!(stores[1].get("shared").await.unwrap(), Some(one.clone()));
    assert!(seen.iter().all(|pin| *pin == one), "{seen:?}");
}

/// A pin survives the store: dropped and reopened on the same file, it is still there, with
/// its history.
#[tokio::test]
async fn a_sqlite_pin_survives_a_restart() {
    use versionary::pins::SqliteStore;
    let db = TempDb::new("restart");
    let store = SqliteStore::open(&db.0).unwrap();
    store.pin_first("acme", "1", 10).await.unwrap();
    let up = store.upgrade("acme", "2", 20).await.unwrap();
    drop(store);
    let reopened = SqliteStore::open(&db.0).unwrap();
    assert_eq!(reopened.get("acme").await.unwrap(), Some(up));
    assert_eq!(
        reopened.rollback("acme", HOUR, 30).await.unwrap().version,
        "1"
    );
}

/// A file that is not a pin database is refused as unavailable, never a panic.
#[test]
fn a_file_that_is_not_a_database_is_unavailable() {
    use versionary::pins::SqliteStore;
    let db = TempDb::new("garbage");
    std::fs::write(&db.0, b"this is not a SQLite database, not at all").unwrap();
    let opened = SqliteStore::open(&db.0);
    assert!(
        matches!(opened, Err(PinError::Unavailable(_))),
        "{opened:?}"
    );
}
