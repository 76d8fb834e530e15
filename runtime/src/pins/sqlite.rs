//! [`SqliteStore`]: pins in a SQLite file (feature `sqlite`), durable across restarts and
//! shared by the processes that open the same file; usage counts in another table of the
//! same file (`sqlite/usage.rs`).

use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use super::{ConsumerPin, PinError, PinStore, StoreFuture};

mod usage;

/// How long a call waits for another process's write to the same file.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

const SCHEMA: &str = "CREATE TABLE IF NOT EXISTS versionary_pins (
    consumer TEXT PRIMARY KEY NOT NULL,
    version TEXT NOT NULL,
    previous TEXT,
    changed_at INTEGER NOT NULL
) WITHOUT ROWID";

/// Pins in a SQLite file (the bundled library): write-ahead logging with full syncs, so a
/// pin is on disk before the call that made or changed it returns; each change is one
/// immediate transaction, so processes sharing the file never make two first pins of one
/// consumer. Calls run on tokio's blocking threads (inline outside a tokio runtime). Also
/// a [`UsageStore`](crate::usage::UsageStore): usage counts in the table `versionary_usage`
/// of the same file.
///
/// ```
/// use versionary::pins::{PinStore, SqliteStore};
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let path = std::env::temp_dir().join(format!("pins-doc-{}.db", std::process::id()));
/// let store = SqliteStore::open(&path).unwrap();
/// store.pin_first("acme", "1", 0).await.unwrap();
/// drop(store);
/// let reopened = SqliteStore::open(&path).unwrap();
/// assert_eq!(reopened.get("acme").await.unwrap().unwrap().version, "1");
/// # drop(reopened);
/// # for suffix in ["", "-wal", "-shm"] { let _ = std::fs::remove_file(format!("{}{suffix}", path.display())); }
/// # });
/// ```
#[derive(Clone, Debug)]
pub struct SqliteStore {
    connection: Arc<Mutex<Connection>>,
}

impl SqliteStore {
    /// Opens (or creates) the pin file at `path`: a blocking call, made once at start-up.
    /// [`PinError::Unavailable`] when the file cannot be opened or is not a pin database.
    pub fn open(path: impl AsRef<Path>) -> Result<SqliteStore, PinError> {
        let connection = Connection::open(path).map_err(unavailable)?;
        connection.busy_timeout(BUSY_TIMEOUT).map_err(unavailable)?;
        connection
            .pragma_update(None, "journal_mode", "WAL")
            .map_err(unavailable)?;
        connection
            .pragma_update(None, "synchronous", "FULL")
            .map_err(unavailable)?;
        connection.execute(SCHEMA, []).map_err(unavailable)?;
        Ok(SqliteStore {
            connection: Arc::new(Mutex::new(connection)),
        })
    }

    /// Runs `work` on the connection, on a blocking thread when in a tokio runtime.
    fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Connection) -> Result<T, PinError> + Send + 'static,
    ) -> StoreFuture<'static, T> {
        let connection = self.connection.clone();
        let call = move || {
            // A panic while holding the lock rolled its transaction back: the file is whole.
            let mut connection = connection.lock().unwrap_or_else(PoisonError::into_inner);
            work(&mut connection)
        };
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => Box::pin(async move {
                runtime.spawn_blocking(call).await.map_err(|e| {
                    PinError::Unavailable(format!("the pin store's call failed: {e}"))
                })?
            }),
            Err(_) => Box::pin(core::future::ready(call())),
        }
    }

    /// Replaces the consumer's pin by what `change` makes of it, in one transaction.
    fn change(
        &self,
        consumer: &str,
        change: impl FnOnce(&ConsumerPin) -> Result<ConsumerPin, PinError> + Send + 'static,
    ) -> StoreFuture<'static, ConsumerPin> {
        let consumer = consumer.to_owned();
        self.run(move |connection| {
            let tx = connection
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(unavailable)?;
            let pin = read(&tx, &consumer)?.ok_or(PinError::NotPinned)?;
            let changed = change(&pin)?;
            tx.execute(
                "UPDATE versionary_pins SET version = ?2, previous = ?3, changed_at = ?4 WHERE consumer = ?1",
                params![consumer, changed.version, changed.previous, changed.changed_at],
            )
            .map_err(unavailable)?;
            tx.commit().map_err(unavailable)?;
            Ok(changed)
        })
    }
}

fn unavailable(error: rusqlite::Error) -> PinError {
    PinError::Unavailable(error.to_string())
}

fn read(connection: &Connection, consumer: &str) -> Result<Option<ConsumerPin>, PinError> {
    connection
        .query_row(
            "SELECT version, previous, changed_at FROM versionary_pins WHERE consumer = ?1",
            [consumer],
            |row| {
                Ok(ConsumerPin {
                    version: row.get(0)?,
                    previous: row.get(1)?,
                    changed_at: row.get(2)?,
                })
            },
        )
        .optional()
        .map_err(unavailable)
}

impl PinStore for SqliteStore {
    fn get<'a>(&'a self, consumer: &'a str) -> StoreFuture<'a, Option<ConsumerPin>> {
        let consumer = consumer.to_owned();
        self.run(move |connection| read(connection, &consumer))
    }

    fn pin_first<'a>(
        &'a self,
        consumer: &'a str,
        version: &'a str,
        at: i64,
    ) -> StoreFuture<'a, ConsumerPin> {
        let (consumer, version) = (consumer.to_owned(), version.to_owned());
        self.run(move |connection| {
            let tx = connection
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(unavailable)?;
            tx.execute(
                "INSERT INTO versionary_pins (consumer, version, previous, changed_at)
                 VALUES (?1, ?2, NULL, ?3) ON CONFLICT (consumer) DO NOTHING",
                params![consumer, version, at],
            )
            .map_err(unavailable)?;
            let pin = read(&tx, &consumer)?;
            tx.commit().map_err(unavailable)?;
            pin.ok_or_else(|| PinError::Unavailable("the pin just written is gone".into()))
        })
    }

    fn upgrade<'a>(
        &'a self,
        consumer: &'a str,
        from: &'a str,
        to: &'a str,
        at: i64,
    ) -> StoreFuture<'a, ConsumerPin> {
        let (from, to) = (from.to_owned(), to.to_owned());
        self.change(consumer, move |pin| pin.upgraded_from(&from, &to, at))
    }

    fn rollback<'a>(
        &'a self,
        consumer: &'a str,
        within: Duration,
        now: i64,
    ) -> StoreFuture<'a, ConsumerPin> {
        self.change(consumer, move |pin| pin.rolled_back(within, now))
    }
}
