//! Consumer pinning (Stripe's model): a consumer that sends no version is pinned, on its
//! first call, to the version the service names (the latest released by default), and later
//! calls without a version are served at its pin. An explicit version in a request wins for
//! that request. Pins live in a [`PinStore`]: [`MemoryStore`] (tests, one instance), with
//! the `sqlite` feature `SqliteStore` (a file, durable across restarts), or with the
//! `postgres` feature `PostgresStore` (a PostgreSQL database shared by a fleet).
//!
//! [`Pins`] is the handle a service gives to
//! [`ApiBuilder::pin_consumers`](crate::ApiBuilder::pin_consumers) and keeps for the library
//! calls ([`Pins::upgrade`], [`Pins::rollback`]); it caches pins per instance, bounded, so
//! a pinned request costs no store round trip in the steady state.
//!
//! ```
//! use std::sync::Arc;
//! use versionary::Version;
//! use versionary::pins::{MemoryStore, Pins};
//!
//! versionary::api_versions! { pub Shop { 1 => "Initial release", 2 => "Second" } }
//!
//! # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
//! let pins = Pins::<Shop>::new(MemoryStore::new()).new_consumers_at(Version::Int(1)).unwrap();
//! assert_eq!(pins.pin("acme").await.unwrap().version, "1");
//! let pin = pins.upgrade("acme", "2").await.unwrap();
//! assert_eq!((pin.version.as_str(), pin.previous.as_deref()), ("2", Some("1")));
//! assert_eq!(pins.rollback("acme").await.unwrap().version, "1");
//! # });
//! ```

use core::future::Future;
use core::pin::Pin as Boxed;
use std::time::Duration;

use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode, header};

use crate::problem::{Problem, bounded};

mod cache;
mod handle;
mod memory;
#[cfg(feature = "postgres")]
mod postgres;
#[cfg(feature = "sqlite")]
mod sqlite;

pub(crate) use handle::PinsCore;
pub use handle::{DEFAULT_CACHE_LIMIT, DEFAULT_REFRESH, DEFAULT_ROLLBACK_WINDOW, Pins};
pub use memory::MemoryStore;
#[cfg(feature = "postgres")]
pub use postgres::PostgresStore;
#[cfg(feature = "sqlite")]
pub use sqlite::SqliteStore;

/// A consumer's pin: the version it is served when it names none, the version it had before
/// its last upgrade or rollback, and when that change (or the first pin) was made.
///
/// ```
/// use versionary::pins::ConsumerPin;
///
/// let pin = ConsumerPin::first("2", 1_700_000_000);
/// assert_eq!((pin.version.as_str(), pin.previous, pin.changed_at), ("2", None, 1_700_000_000));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ConsumerPin {
    /// The label of the pinned version (`"2"`, `"2024-06-01"`).
    pub version: String,
    /// The label of the version pinned before the last upgrade, if any (what a rollback
    /// returns to).
    pub previous: Option<String>,
    /// Unix seconds of the first pin, or of the last upgrade or rollback.
    pub changed_at: i64,
}

impl ConsumerPin {
    /// A consumer's first pin, to `version` at `at` (unix seconds).
    pub fn first(version: &str, at: i64) -> ConsumerPin {
        ConsumerPin {
            version: version.to_owned(),
            previous: None,
            changed_at: at,
        }
    }

    /// The pin after an upgrade of `self` to `to` at `at`.
    pub fn upgraded(&self, to: &str, at: i64) -> ConsumerPin {
        ConsumerPin {
            version: to.to_owned(),
            previous: Some(self.version.clone()),
            changed_at: at,
        }
    }

    /// The pin after an upgrade of `self` from `from` to `to` at `at`, if `self` is still
    /// at `from` (a compare and set): [`PinError::Changed`] otherwise. Every store applies
    /// this rule, in the same atomic step as the write.
    ///
    /// ```
    /// use versionary::pins::{ConsumerPin, PinError};
    ///
    /// let pin = ConsumerPin::first("2", 0);
    /// assert_eq!(pin.upgraded_from("2", "3", 10).unwrap(), pin.upgraded("3", 10));
    /// assert_eq!(pin.upgraded_from("1", "3", 10), Err(PinError::Changed { current: "2".into() }));
    /// ```
    pub fn upgraded_from(&self, from: &str, to: &str, at: i64) -> Result<ConsumerPin, PinError> {
        if self.version != from {
            return Err(PinError::Changed {
                current: self.version.clone(),
            });
        }
        Ok(self.upgraded(to, at))
    }

    /// The pin after rolling `self` back at `now`, if its last change is at most `within`
    /// old: [`PinError::NothingToRollBack`] or [`PinError::WindowPassed`] otherwise. Every
    /// store applies this rule.
    ///
    /// ```
    /// use std::time::Duration;
    /// use versionary::pins::{ConsumerPin, PinError};
    ///
    /// let pin = ConsumerPin::first("1", 0).upgraded("2", 100);
    /// let day = Duration::from_secs(86_400);
    /// assert_eq!(pin.rolled_back(day, 200).unwrap().version, "1");
    /// assert!(matches!(pin.rolled_back(day, 200_000), Err(PinError::WindowPassed { .. })));
    /// ```
    pub fn rolled_back(&self, within: Duration, now: i64) -> Result<ConsumerPin, PinError> {
        let Some(previous) = &self.previous else {
            return Err(PinError::NothingToRollBack);
        };
        let within = i64::try_from(within.as_secs()).unwrap_or(i64::MAX);
        if now.saturating_sub(self.changed_at) > within {
            return Err(PinError::WindowPassed {
                changed_at: self.changed_at,
            });
        }
        Ok(ConsumerPin {
            version: previous.clone(),
            previous: None,
            changed_at: now,
        })
    }
}

/// Why a pin could not be read or changed.
///
/// ```
/// use versionary::pins::PinError;
///
/// assert_eq!(PinError::NotPinned.to_string(), "the consumer has no pin");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PinError {
    /// The store could not be reached or failed; the text says why.
    Unavailable(String),
    /// The consumer has no pin yet.
    NotPinned,
    /// The version is not a released version of the API.
    UnknownVersion(String),
    /// An upgrade must go to a newer version than the pinned one.
    NotNewer {
        /// The pinned version.
        current: String,
        /// The version asked for.
        to: String,
    },
    /// The pin is no longer at the version a change expected: another call changed it
    /// meanwhile.
    Changed {
        /// The version the pin is at now.
        current: String,
    },
    /// The pin was never upgraded (or was already rolled back).
    NothingToRollBack,
    /// The last change is older than the rollback window.
    WindowPassed {
        /// Unix seconds of the last change.
        changed_at: i64,
    },
}

impl core::fmt::Display for PinError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            PinError::Unavailable(why) => write!(f, "the pin store is unavailable: {why}"),
            PinError::NotPinned => f.write_str("the consumer has no pin"),
            PinError::UnknownVersion(v) => write!(f, "`{v}` is not a released version"),
            PinError::NotNewer { current, to } => write!(
                f,
                "version {to} is not newer than the pinned version {current}: roll back instead"
            ),
            PinError::Changed { current } => write!(
                f,
                "the pin changed meanwhile and is now at version {current}: read it and try again"
            ),
            PinError::NothingToRollBack => f.write_str("the pin has no earlier version"),
            PinError::WindowPassed { .. } => {
                f.write_str("the last change is older than the rollback window")
            }
        }
    }
}

impl std::error::Error for PinError {}

/// A failed call of a store's shared connection, as the usage store's error (the
/// `UsageStore` impls of the stores that keep pins and usage in one place).
#[cfg(any(feature = "sqlite", feature = "postgres"))]
pub(crate) fn store_error(error: PinError) -> crate::usage::StoreError {
    match error {
        PinError::Unavailable(why) => crate::usage::StoreError::new(why),
        other => crate::usage::StoreError::new(other.to_string()),
    }
}

/// The `Retry-After` of the 503 answer when the pin store is down, in seconds.
const RETRY_AFTER_SECONDS: &str = "5";

/// The problem answering a failed pin read or change: 503 with `Retry-After` when the store
/// is unavailable, 404 without a pin, 400 for an unknown version, 409 for a refused change
/// (or one that kept racing with others).
impl IntoResponse for PinError {
    fn into_response(self) -> Response {
        let error = self;
        let (status, kind) = match &error {
            PinError::Unavailable(_) => {
                let mut response = Problem::new(StatusCode::SERVICE_UNAVAILABLE)
                    .with_detail("the pin store is unavailable; retry later")
                    .with_type("urn:versionary:problem:pins-unavailable")
                    .framework_answer()
                    .into_response();
                response.headers_mut().insert(
                    header::RETRY_AFTER,
                    HeaderValue::from_static(RETRY_AFTER_SECONDS),
                );
                return response;
            }
            PinError::NotPinned => (StatusCode::NOT_FOUND, "not-pinned"),
            PinError::UnknownVersion(_) => (StatusCode::BAD_REQUEST, "unknown-version"),
            PinError::NotNewer { .. } => (StatusCode::CONFLICT, "not-newer"),
            PinError::Changed { .. } => (StatusCode::CONFLICT, "pin-changed"),
            PinError::NothingToRollBack | PinError::WindowPassed { .. } => {
                (StatusCode::CONFLICT, "no-rollback")
            }
        };
        Problem::new(status)
            .with_detail(bounded(&error.to_string()))
            .with_type(format!("urn:versionary:problem:{kind}"))
            .framework_answer()
            .into_response()
    }
}

/// The future of a [`PinStore`] call.
pub type StoreFuture<'a, T> = Boxed<Box<dyn Future<Output = Result<T, PinError>> + Send + 'a>>;

/// Where pins live. Every implementation must pass the same conformance suite (the tests
/// crate's `pin_stores` tests): a pin is durable before a call that created or changed it
/// returns, concurrent first calls of one consumer end with one pin that all see, and a
/// change (upgrade, rollback) checks its rule and writes in one atomic step, so concurrent
/// changes never overwrite each other unseen.
///
/// A store that cannot answer returns [`PinError::Unavailable`]; the dispatcher then serves
/// a cached pin, or a 503 problem with `Retry-After`, never another version.
///
/// ```
/// use versionary::pins::{MemoryStore, PinStore};
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let store = MemoryStore::new();
/// let first = store.pin_first("acme", "1", 10).await.unwrap();
/// let again = store.pin_first("acme", "2", 20).await.unwrap();
/// assert_eq!(first, again); // the first pin wins
/// assert_eq!(store.get("acme").await.unwrap(), Some(first));
/// # });
/// ```
pub trait PinStore: Send + Sync + 'static {
    /// The consumer's pin, if it has one.
    fn get<'a>(&'a self, consumer: &'a str) -> StoreFuture<'a, Option<ConsumerPin>>;

    /// Pins `consumer` to `version` at `at` unless it is pinned already; returns the pin
    /// that won (the existing one, or the new one, durable before this returns).
    fn pin_first<'a>(
        &'a self,
        consumer: &'a str,
        version: &'a str,
        at: i64,
    ) -> StoreFuture<'a, ConsumerPin>;

    /// Moves the consumer's pin from `from` to `to` at `at`, keeping `from` as `previous`,
    /// if the pin is at `from` when the change is made ([`ConsumerPin::upgraded_from`], a
    /// compare and set): [`PinError::Changed`] with the version it is at otherwise,
    /// [`PinError::NotPinned`] without a pin.
    fn upgrade<'a>(
        &'a self,
        consumer: &'a str,
        from: &'a str,
        to: &'a str,
        at: i64,
    ) -> StoreFuture<'a, ConsumerPin>;

    /// Returns the pin to its previous version if its last change is at most `within` old
    /// at `now` ([`ConsumerPin::rolled_back`]).
    fn rollback<'a>(
        &'a self,
        consumer: &'a str,
        within: Duration,
        now: i64,
    ) -> StoreFuture<'a, ConsumerPin>;
}

/// A shared store is a store: two routers (or a router and a tool) may use one.
impl<S: PinStore> PinStore for std::sync::Arc<S> {
    fn get<'a>(&'a self, consumer: &'a str) -> StoreFuture<'a, Option<ConsumerPin>> {
        (**self).get(consumer)
    }

    fn pin_first<'a>(
        &'a self,
        consumer: &'a str,
        version: &'a str,
        at: i64,
    ) -> StoreFuture<'a, ConsumerPin> {
        (**self).pin_first(consumer, version, at)
    }

    fn upgrade<'a>(
        &'a self,
        consumer: &'a str,
        from: &'a str,
        to: &'a str,
        at: i64,
    ) -> StoreFuture<'a, ConsumerPin> {
        (**self).upgrade(consumer, from, to, at)
    }

    fn rollback<'a>(
        &'a self,
        consumer: &'a str,
        within: Duration,
        now: i64,
    ) -> StoreFuture<'a, ConsumerPin> {
        (**self).rollback(consumer, within, now)
    }
}
