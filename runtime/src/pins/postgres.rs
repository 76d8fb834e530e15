//! [`PostgresStore`]: pins in a PostgreSQL database (feature `postgres`), shared by a fleet
//! of instances.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tokio_postgres::types::{ToSql, Type};
use tokio_postgres::{Client, Config, NoTls, Row, Statement};

use super::{ConsumerPin, PinError, PinStore, StoreFuture};

mod usage;

/// How long connecting may take, unless the connection parameters say otherwise
/// (`connect_timeout`); creating the table and preparing the statements may then take
/// [`CALL_TIMEOUT`] more.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// How long one statement may wait for its answer before the store is unavailable (the
/// connection is then dropped and made again on a later call).
const CALL_TIMEOUT: Duration = Duration::from_secs(5);

/// How many times an upgrade or rollback reads and compares-and-sets before giving up
/// (each failed try means another change of the same pin succeeded).
const CHANGE_ATTEMPTS: usize = 16;

/// The tables (the pins, and the usage counts of [`UsageStore`](crate::usage::UsageStore)),
/// created if missing (one round trip): under an advisory lock, so that
/// instances starting at once do not race on the catalog, and only when it is missing, so
/// that a role without `CREATE` uses a table made beforehand.
const SCHEMA: &str = "DO $$
BEGIN
    IF to_regclass('versionary_pins') IS NULL THEN
        PERFORM pg_advisory_xact_lock(hashtext('versionary_pins'));
        CREATE TABLE IF NOT EXISTS versionary_pins (
            consumer TEXT PRIMARY KEY,
            version TEXT NOT NULL,
            previous TEXT,
            changed_at BIGINT NOT NULL
        );
    END IF;
    -- A role that may not create it and only keeps pins goes on without it (flushing
    -- usage then fails, saying the table is missing).
    IF to_regclass('versionary_usage') IS NULL THEN
        PERFORM pg_advisory_xact_lock(hashtext('versionary_usage'));
        BEGIN
        CREATE TABLE IF NOT EXISTS versionary_usage (
            api TEXT NOT NULL,
            consumer TEXT NOT NULL,
            version TEXT NOT NULL,
            method TEXT NOT NULL,
            route TEXT NOT NULL,
            chosen TEXT NOT NULL,
            requests BIGINT NOT NULL,
            first_seen BIGINT NOT NULL,
            last_seen BIGINT NOT NULL,
            PRIMARY KEY (api, consumer, version, method, route, chosen)
        );
        EXCEPTION WHEN insufficient_privilege THEN NULL;
        END;
    END IF;
END $$";

const GET: &str = "SELECT version, previous, changed_at FROM versionary_pins WHERE consumer = $1";

/// Inserts the first pin unless there is one, and returns the pin that won, in one
/// statement. Both parts see the statement's snapshot: a pin committed by another
/// instance after it began is in neither (the insert waited for it and did nothing), and
/// the caller reads it again.
const PIN_FIRST: &str = "WITH inserted AS (
    INSERT INTO versionary_pins (consumer, version, previous, changed_at)
    VALUES ($1, $2, NULL, $3)
    ON CONFLICT (consumer) DO NOTHING
    RETURNING version, previous, changed_at
)
SELECT version, previous, changed_at FROM inserted
UNION ALL
SELECT version, previous, changed_at FROM versionary_pins WHERE consumer = $1";

/// Replaces a pin only if it is still the one read (a compare and set): one row back when
/// it was, none when another change came first.
const REPLACE: &str = "UPDATE versionary_pins SET version = $5, previous = $6, changed_at = $7
WHERE consumer = $1 AND version = $2 AND previous IS NOT DISTINCT FROM $3 AND changed_at = $4
RETURNING 1";

/// Pins in PostgreSQL, for a fleet of instances sharing them: a table `versionary_pins`
/// (created if missing) keyed by consumer.
/// It is also a [`UsageStore`](crate::usage::UsageStore): the usage counts of every
/// instance add up in a table `versionary_usage` beside the pins.
///
/// - **One pin per consumer.** A first pin is one `INSERT .. ON CONFLICT DO NOTHING`
///   statement returning the pin that won, so instances racing on a consumer's first calls
///   end with one pin, and every caller gets that one.
/// - **Durable.** Each write is its own transaction, committed (with the server's default
///   `synchronous_commit = on`, flushed to its write-ahead log) before the call returns.
/// - **No lost changes.** An upgrade or rollback reads the pin, applies its rule
///   ([`ConsumerPin::upgraded_from`], [`ConsumerPin::rolled_back`]) and writes with a
///   compare and set on the pin it read, trying again when another change came first.
/// - **One pipelined connection.** Every call is a single statement, prepared once per
///   connection, so no call holds the connection for a transaction: concurrent calls of
///   many tasks are sent back to back on it without waiting for each other's answers
///   (`tokio-postgres` pipelines), and no pool is needed.
/// - **Down and up again.** A lost connection, a refused one, or a statement unanswered
///   within 5 seconds is [`PinError::Unavailable`] (the dispatcher then serves cached pins
///   and answers `503` to the others); the next call connects again, so a server that comes
///   back is used again without restarting the service.
///
/// Plain TCP or a Unix socket (no TLS). The calls need a tokio runtime with its timer
/// (`#[tokio::main]` has one). [`PostgresStore::round_trips`] counts the statements sent,
/// so a test or a benchmark can check that cached pins cost none.
///
/// ```no_run
/// use versionary::pins::{Pins, PostgresStore};
/// use versionary::ApiBuilder;
///
/// versionary::api_versions! { pub Shop { 1 => "Initial release", 2 => "Second" } }
///
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let store = PostgresStore::connect("host=127.0.0.1 user=app dbname=shop").await?;
/// let pins = Pins::<Shop>::new(store.clone());
/// let app: axum::Router = ApiBuilder::<Shop>::new()
///     .consumer_header("x-client-id")
///     .pin_consumers(pins.clone())
///     .build(())?;
/// pins.pin("acme").await?;
/// println!("{} statements sent", store.round_trips());
/// # drop(app); Ok(()) }
/// ```
#[derive(Clone)]
pub struct PostgresStore(Arc<Shared>);

struct Shared {
    config: Config,
    /// The open connection, if any.
    live: Mutex<Option<Arc<Live>>>,
    /// Held while connecting, so that one task connects and the others wait for it.
    connecting: tokio::sync::Mutex<()>,
    /// Failed attempts to connect, and why the last one failed: tasks that waited for an
    /// attempt that failed answer with its error instead of trying again one by one.
    failures: AtomicU64,
    last_failure: Mutex<String>,
    round_trips: AtomicU64,
}

/// A connection and its prepared statements.
struct Live {
    client: Client,
    get: Statement,
    pin_first: Statement,
    replace: Statement,
}

/// Which prepared statement to run.
#[derive(Clone, Copy)]
enum Sql {
    Get,
    PinFirst,
    Replace,
    /// A statement run unprepared (two round trips: parse, then bind and run), waiting
    /// up to the given time: the rare, large statements of usage flushes.
    Text(&'static str, Duration),
}

impl core::fmt::Debug for PostgresStore {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("PostgresStore")
            .field("connected", &self.current().is_some())
            .field("round_trips", &self.round_trips())
            .finish()
    }
}

impl PostgresStore {
    /// Connects with `params`, a libpq connection string (`host=127.0.0.1 port=5432
    /// user=app dbname=shop`, or a `postgresql://` URL), and creates the pin table if it is
    /// missing. [`PinError::Unavailable`] when the parameters are malformed or the server
    /// cannot be reached; once connected, a lost connection is made again by a later call.
    ///
    /// ```no_run
    /// use versionary::pins::{PinStore, PostgresStore};
    ///
    /// # async fn run() -> Result<(), versionary::pins::PinError> {
    /// let store = PostgresStore::connect("postgresql://app@127.0.0.1/shop").await?;
    /// let pin = store.pin_first("acme", "2", 1_767_225_600).await?;
    /// assert_eq!(store.get("acme").await?, Some(pin));
    /// # Ok(()) }
    /// ```
    pub async fn connect(params: &str) -> Result<PostgresStore, PinError> {
        let mut config: Config = params
            .parse()
            .map_err(|e| PinError::Unavailable(format!("bad connection parameters: {e}")))?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        let store = PostgresStore(Arc::new(Shared {
            config,
            live: Mutex::new(None),
            connecting: tokio::sync::Mutex::new(()),
            failures: AtomicU64::new(0),
            last_failure: Mutex::new(String::new()),
            round_trips: AtomicU64::new(0),
        }));
        store.live().await?;
        Ok(store)
    }

    /// How many statements this store has sent to the server since it was made (creating
    /// the table and preparing statements on each connection included): the round trips it
    /// cost. Pins served from the cache of [`Pins`](crate::pins::Pins) cost none.
    ///
    /// ```no_run
    /// use versionary::pins::{PinStore, PostgresStore};
    ///
    /// # async fn run() -> Result<(), versionary::pins::PinError> {
    /// let store = PostgresStore::connect("host=127.0.0.1 user=app dbname=shop").await?;
    /// let before = store.round_trips();
    /// store.get("acme").await?;
    /// assert_eq!(store.round_trips(), before + 1);
    /// # Ok(()) }
    /// ```
    pub fn round_trips(&self) -> u64 {
        self.0.round_trips.load(Ordering::Relaxed)
    }

    fn slot(&self) -> MutexGuard<'_, Option<Arc<Live>>> {
        // Every change of the slot is one assignment: a poisoned lock holds a whole value.
        self.0.live.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The open connection, unless it was lost.
    fn current(&self) -> Option<Arc<Live>> {
        self.slot()
            .as_ref()
            .filter(|live| !live.client.is_closed())
            .cloned()
    }

    /// The open connection, or a new one (one task connects; those waiting for it share
    /// its outcome).
    async fn live(&self) -> Result<Arc<Live>, PinError> {
        if let Some(live) = self.current() {
            return Ok(live);
        }
        let failures = self.0.failures.load(Ordering::Acquire);
        let _connecting = self.0.connecting.lock().await;
        if let Some(live) = self.current() {
            return Ok(live);
        }
        if self.0.failures.load(Ordering::Acquire) != failures {
            let why = self
                .0
                .last_failure
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            return Err(PinError::Unavailable(why.clone()));
        }
        let connect = self.0.config.get_connect_timeout().copied();
        let within = connect.unwrap_or(CONNECT_TIMEOUT) + CALL_TIMEOUT;
        let opened = tokio::time::timeout(within, self.open()).await;
        let opened = opened.unwrap_or_else(|_| Err(no_answer("connecting")));
        match opened {
            Ok(live) => {
                let live = Arc::new(live);
                *self.slot() = Some(live.clone());
                Ok(live)
            }
            Err(error) => {
                let why = match &error {
                    PinError::Unavailable(why) => why.clone(),
                    other => other.to_string(),
                };
                *self
                    .0
                    .last_failure
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner) = why;
                self.0.failures.fetch_add(1, Ordering::Release);
                tracing::warn!(%error, "versionary: cannot connect to the PostgreSQL pin store");
                Err(error)
            }
        }
    }

    /// Connects, creates the table if missing, and prepares the statements.
    async fn open(&self) -> Result<Live, PinError> {
        let (client, connection) = self.0.config.connect(NoTls).await.map_err(unavailable)?;
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::warn!(%error, "versionary: the PostgreSQL pin store's connection ended");
            }
        });
        self.sent();
        client.batch_execute(SCHEMA).await.map_err(unavailable)?;
        self.sent();
        let get = client.prepare_typed(GET, &[Type::TEXT]).await;
        self.sent();
        let first_types = [Type::TEXT, Type::TEXT, Type::INT8];
        let pin_first = client.prepare_typed(PIN_FIRST, &first_types).await;
        self.sent();
        let pin_types = [Type::TEXT, Type::TEXT, Type::TEXT, Type::INT8];
        let replace_types = [&pin_types[..], &pin_types[1..]].concat();
        let replace = client.prepare_typed(REPLACE, &replace_types).await;
        Ok(Live {
            get: get.map_err(unavailable)?,
            pin_first: pin_first.map_err(unavailable)?,
            replace: replace.map_err(unavailable)?,
            client,
        })
    }

    fn sent(&self) {
        self.0.round_trips.fetch_add(1, Ordering::Relaxed);
    }

    /// Runs one prepared statement: its rows, or [`PinError::Unavailable`] (and the
    /// connection is dropped, to be made again by a later call).
    async fn query(&self, sql: Sql, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<Row>, PinError> {
        let live = self.live().await?;
        let client = &live.client;
        let answer = match sql {
            Sql::Text(text, within) => {
                self.sent();
                self.sent();
                tokio::time::timeout(within, client.query(text, params)).await
            }
            prepared => {
                let statement = match prepared {
                    Sql::Get => &live.get,
                    Sql::PinFirst => &live.pin_first,
                    _ => &live.replace,
                };
                self.sent();
                tokio::time::timeout(CALL_TIMEOUT, client.query(statement, params)).await
            }
        };
        let error = match answer {
            Ok(Ok(rows)) => return Ok(rows),
            Ok(Err(error)) => unavailable(error),
            Err(_) => no_answer("a statement"),
        };
        let mut slot = self.slot();
        if slot.as_ref().is_some_and(|open| Arc::ptr_eq(open, &live)) {
            *slot = None;
        }
        Err(error)
    }

    async fn read(&self, consumer: &str) -> Result<Option<ConsumerPin>, PinError> {
        let rows = self.query(Sql::Get, &[&consumer]).await?;
        rows.first().map(pin).transpose()
    }

    /// Replaces the consumer's pin by what `change` makes of it: read, apply, compare and
    /// set on the pin read; again if another change came first.
    async fn change(
        &self,
        consumer: &str,
        change: impl Fn(&ConsumerPin) -> Result<ConsumerPin, PinError>,
    ) -> Result<ConsumerPin, PinError> {
        for _ in 0..CHANGE_ATTEMPTS {
            let old = self.read(consumer).await?.ok_or(PinError::NotPinned)?;
            let new = change(&old)?;
            let params: [&(dyn ToSql + Sync); 7] = [
                &consumer,
                &old.version,
                &old.previous,
                &old.changed_at,
                &new.version,
                &new.previous,
                &new.changed_at,
            ];
            if !self.query(Sql::Replace, &params).await?.is_empty() {
                return Ok(new);
            }
        }
        Err(PinError::Unavailable(format!(
            "the pin of `{consumer}` kept changing under {CHANGE_ATTEMPTS} tries"
        )))
    }
}

fn unavailable(error: tokio_postgres::Error) -> PinError {
    let why = match error.as_db_error() {
        Some(db) => format!("PostgreSQL: {db}"),
        None => format!("PostgreSQL: {error}"),
    };
    PinError::Unavailable(why)
}

fn no_answer(what: &str) -> PinError {
    PinError::Unavailable(format!("PostgreSQL: no answer to {what} in time"))
}

fn pin(row: &Row) -> Result<ConsumerPin, PinError> {
    Ok(ConsumerPin {
        version: row.try_get(0).map_err(unavailable)?,
        previous: row.try_get(1).map_err(unavailable)?,
        changed_at: row.try_get(2).map_err(unavailable)?,
    })
}

impl PinStore for PostgresStore {
    fn get<'a>(&'a self, consumer: &'a str) -> StoreFuture<'a, Option<ConsumerPin>> {
        Box::pin(self.read(consumer))
    }

    fn pin_first<'a>(
        &'a self,
        consumer: &'a str,
        version: &'a str,
        at: i64,
    ) -> StoreFuture<'a, ConsumerPin> {
        Box::pin(async move {
            let rows = self
                .query(Sql::PinFirst, &[&consumer, &version, &at])
                .await?;
            if let Some(row) = rows.first() {
                return pin(row);
            }
            // Another instance's first pin was committed after this statement began: it
            // won, and a new statement sees it.
            self.read(consumer).await?.ok_or_else(|| {
                PinError::Unavailable(format!("the first pin of `{consumer}` is gone"))
            })
        })
    }

    fn upgrade<'a>(
        &'a self,
        consumer: &'a str,
        from: &'a str,
        to: &'a str,
        at: i64,
    ) -> StoreFuture<'a, ConsumerPin> {
        Box::pin(self.change(consumer, move |pin| pin.upgraded_from(from, to, at)))
    }

    fn rollback<'a>(
        &'a self,
        consumer: &'a str,
        within: Duration,
        now: i64,
    ) -> StoreFuture<'a, ConsumerPin> {
        Box::pin(self.change(consumer, move |pin| pin.rolled_back(within, now)))
    }
}
