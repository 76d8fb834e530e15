//! The pin stores' conformance suite: one set of generic async checks, run against every
//! `PinStore` (memory; SQLite with the `sqlite` feature; PostgreSQL with the `postgres`
//! feature, on a server the test starts). A store passes when a first pin wins over later
//! ones, concurrent first pins of one consumer end with one pin that every caller sees, an
//! upgrade is a compare and set that keeps the version it leaves, a rollback works within
//! its window and is refused after it, and an unknown consumer has no pin and cannot be
//! changed.

mod support;

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use support::temp_db::TempDb;

use versionary::pins::{ConsumerPin, MemoryStore, PinError, PinStore, Pins, StoreFuture};

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
    let up = store.upgrade("mover", "1", "3", 2_000).await.unwrap();
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
    let up = store.upgrade("late", "1", "2", 10).await.unwrap();
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
    let up = store.upgrade("nobody", "1", "2", 1).await;
    assert_eq!(up, Err(PinError::NotPinned));
    let back = store.rollback("nobody", HOUR, 1).await;
    assert_eq!(back, Err(PinError::NotPinned));
    assert_eq!(store.get("nobody").await.unwrap(), None);
}

/// An upgrade is a compare and set: from a version the pin is not at, it is refused with
/// the version the pin is at, and the pin stays; of many upgrades racing from the pinned
/// version, one wins and every other sees the winner's version.
async fn upgrade_is_a_compare_and_set<S: PinStore>(store: Arc<S>) {
    let first = store.pin_first("cas", "1", 0).await.unwrap();
    let stale = store.upgrade("cas", "2", "3", 5).await;
    assert_eq!(
        stale,
        Err(PinError::Changed {
            current: "1".into()
        })
    );
    assert_eq!(store.get("cas").await.unwrap(), Some(first));
    let tasks: Vec<_> = (0..16)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move { store.upgrade("cas", "1", &format!("to{i}"), 10).await })
        })
        .collect();
    let mut outcomes = Vec::new();
    for task in tasks {
        outcomes.push(task.await.unwrap());
    }
    let stored = store.get("cas").await.unwrap().expect("a pin");
    assert_eq!(stored.previous.as_deref(), Some("1"), "{stored:?}");
    let won: Vec<_> = outcomes.iter().filter(|o| o.is_ok()).collect();
    assert_eq!(won, [&Ok(stored.clone())], "one upgrade wins: {outcomes:?}");
    let changed = Err(PinError::Changed {
        current: stored.version.clone(),
    });
    assert!(
        outcomes.iter().all(|o| o.is_ok() || *o == changed),
        "the others see the winner: {outcomes:?}"
    );
}

/// The whole suite against fresh stores from `make`.
async fn conformance<S: PinStore, F: Future<Output = S>>(make: impl Fn() -> F) {
    pins_on_first_call(&make().await).await;
    concurrent_first_pins_end_with_one(Arc::new(make().await)).await;
    upgrade_then_rollback(&make().await).await;
    upgrade_is_a_compare_and_set(Arc::new(make().await)).await;
    rollback_outside_the_window_is_refused(&make().await).await;
    unknown_consumer(&make().await).await;
    // One store through every check: no check depends on an empty store.
    let shared = Arc::new(make().await);
    pins_on_first_call(&*shared).await;
    upgrade_then_rollback(&*shared).await;
    rollback_outside_the_window_is_refused(&*shared).await;
    unknown_consumer(&*shared).await;
    upgrade_is_a_compare_and_set(shared.clone()).await;
    concurrent_first_pins_end_with_one(shared).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_memory_store_conforms() {
    conformance(|| async { MemoryStore::new() }).await;
}

/// A store that breaks the contract (a later first pin replaces the first one) fails the
/// suite: the suite can fail.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_store_where_the_last_pin_wins_fails_the_suite() {
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
                    pin => self.0.upgrade(c, &pin.version, v, at).await,
                }
            })
        }
        fn upgrade<'a>(
            &'a self,
            c: &'a str,
            from: &'a str,
            to: &'a str,
            at: i64,
        ) -> StoreFuture<'a, ConsumerPin> {
            self.0.upgrade(c, from, to, at)
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

    let outcome = tokio::spawn(conformance(|| async { LastWins::default() })).await;
    assert!(
        outcome.is_err_and(|e| e.is_panic()),
        "the suite must refuse this store"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_sqlite_store_conforms() {
    use versionary::pins::SqliteStore;
    let dbs = std::sync::Mutex::new(Vec::new());
    conformance(|| {
        let db = TempDb::new("conformance");
        let store = SqliteStore::open(&db.0).expect("a temporary pin file");
        dbs.lock().unwrap().push(db);
        async { store }
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
    let up = store.upgrade("acme", "1", "2", 20).await.unwrap();
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

/// The PostgreSQL store passes the suite (each fresh store in its own schema of one server),
/// and two stores on one database (two instances of a service) agree on a first pin.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_postgres_store_conforms() {
    use versionary::pins::PostgresStore;
    let Some(server) = support::postgres::start("the_postgres_store_conforms") else {
        return;
    };
    let next = AtomicUsize::new(0);
    conformance(|| {
        let n = next.fetch_add(1, Ordering::Relaxed);
        let params = server.schema(&format!("conformance_{n}"));
        async move {
            PostgresStore::connect(&params)
                .await
                .expect("a store on the test's server")
        }
    })
    .await;
    let params = server.schema("two");
    let stores = [
        Arc::new(PostgresStore::connect(&params).await.unwrap()),
        Arc::new(PostgresStore::connect(&params).await.unwrap()),
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

    // A role that may not create tables uses the table an administrator made for it.
    server.sql(
        "CREATE ROLE app LOGIN; CREATE SCHEMA owned; \
         CREATE TABLE owned.versionary_pins (consumer TEXT PRIMARY KEY, version TEXT NOT NULL, \
         previous TEXT, changed_at BIGINT NOT NULL); \
         GRANT USAGE ON SCHEMA owned TO app; \
         GRANT SELECT, INSERT, UPDATE ON owned.versionary_pins TO app",
    );
    let app = format!(
        "host=127.0.0.1 port={} user=app dbname=postgres options='-c search_path=owned'",
        server.port
    );
    let store = PostgresStore::connect(&app)
        .await
        .expect("the app role's store");
    assert_eq!(store.pin_first("acme", "1", 5).await.unwrap().version, "1");
    assert_eq!(server.sql("SELECT version FROM owned.versionary_pins"), "1");
}

/// Malformed connection parameters, or a server that is not there, are unavailable: never
/// a panic.
#[tokio::test]
async fn a_postgres_store_that_cannot_connect_is_unavailable() {
    use versionary::pins::PostgresStore;
    let malformed = PostgresStore::connect("host=127.0.0.1 port=not-a-port").await;
    assert!(
        matches!(&malformed, Err(PinError::Unavailable(why)) if why.contains("bad connection")),
        "{malformed:?}"
    );
    // A port nothing listens on: bound, then closed.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let absent = PostgresStore::connect(&format!("host=127.0.0.1 port={port} user=x")).await;
    assert!(
        matches!(absent, Err(PinError::Unavailable(_))),
        "{absent:?}"
    );
}

versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second",
        3 => "Third",
    }
}

/// What another instance does to a pin between `Pins::upgrade`'s read and its change.
#[derive(Clone, Copy)]
enum Meddle {
    UpgradeTo(&'static str),
    RollBack,
}

/// A store where another instance changes the pin just before the next upgrade lands.
#[derive(Default)]
struct Meddler {
    pins: MemoryStore,
    next: Mutex<Option<Meddle>>,
}

impl PinStore for Meddler {
    fn get<'a>(&'a self, c: &'a str) -> StoreFuture<'a, Option<ConsumerPin>> {
        self.pins.get(c)
    }
    fn pin_first<'a>(&'a self, c: &'a str, v: &'a str, at: i64) -> StoreFuture<'a, ConsumerPin> {
        self.pins.pin_first(c, v, at)
    }
    fn upgrade<'a>(
        &'a self,
        c: &'a str,
        from: &'a str,
        to: &'a str,
        at: i64,
    ) -> StoreFuture<'a, ConsumerPin> {
        Box::pin(async move {
            let meddle = self.next.lock().unwrap().take();
            match meddle {
                Some(Meddle::UpgradeTo(v)) => {
                    let current = self.pins.get(c).await?.expect("pinned").version;
                    self.pins.upgrade(c, &current, v, at).await?;
                }
                Some(Meddle::RollBack) => {
                    self.pins.rollback(c, HOUR, at).await?;
                }
                None => {}
            }
            self.pins.upgrade(c, from, to, at).await
        })
    }
    fn rollback<'a>(&'a self, c: &'a str, w: Duration, now: i64) -> StoreFuture<'a, ConsumerPin> {
        self.pins.rollback(c, w, now)
    }
}

/// `Pins::upgrade` checks "newer" against the pin the store changes, not the one it read
/// before: an upgrade by another instance in between makes it refuse (never a downgrade),
/// and a rollback in between makes it check again and upgrade from where the pin is.
#[tokio::test]
async fn an_upgrade_racing_with_another_change_checks_its_rule_again() {
    use versionary::Version;
    let store = Arc::new(Meddler::default());
    let pins = Pins::<Shop>::new(store.clone())
        .new_consumers_at(Version::Int(1))
        .unwrap();
    pins.pin("acme").await.unwrap();
    *store.next.lock().unwrap() = Some(Meddle::UpgradeTo("3"));
    let refused = pins.upgrade("acme", "2").await;
    let not_newer = PinError::NotNewer {
        current: "3".into(),
        to: "2".into(),
    };
    assert_eq!(refused, Err(not_newer));
    let pin = store.get("acme").await.unwrap().unwrap();
    assert_eq!(
        (pin.version.as_str(), pin.previous.as_deref()),
        ("3", Some("1"))
    );

    pins.pin("globex").await.unwrap();
    pins.upgrade("globex", "2").await.unwrap();
    *store.next.lock().unwrap() = Some(Meddle::RollBack);
    let up = pins.upgrade("globex", "3").await.unwrap();
    assert_eq!(
        (up.version.as_str(), up.previous.as_deref()),
        ("3", Some("1"))
    );
    assert_eq!(store.get("globex").await.unwrap(), Some(up));
}
