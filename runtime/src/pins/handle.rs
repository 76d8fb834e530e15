//! [`Pins`]: the service's handle on its pins (store, policy, cache), shared by the
//! dispatcher and the library calls; [`PinsCore`], its part the dispatcher holds.

use core::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use crate::api::Api;
use crate::lifecycle::Clock;
use crate::version::{Version, VersionInfo};

use super::cache::{Cache, Entry};
use super::{ConsumerPin, PinError, PinStore};

/// How many consumers' pins an instance caches by default ([`Pins::cache_limit`]).
pub const DEFAULT_CACHE_LIMIT: usize = 100_000;

/// How long after a pin's last change it may be rolled back by default (Stripe's 72 hours).
pub const DEFAULT_ROLLBACK_WINDOW: Duration = Duration::from_secs(72 * 3600);

/// How many times [`Pins::upgrade`] tries again when other calls keep changing the pin
/// between its read and its change (each failed try means another change succeeded).
const UPGRADE_ATTEMPTS: usize = 8;

/// How long a cached pin is served before the store is asked again, by default: forever
/// (`None`); set [`Pins::refresh_after`] when several instances share a store.
pub const DEFAULT_REFRESH: Option<Duration> = None;

/// The pins of the consumers of the API `A`: a [`PinStore`], the version new consumers are
/// pinned to (the latest released by default), the rollback window, and a bounded
/// per-instance cache. Cheap to clone; give a clone to
/// [`ApiBuilder::pin_consumers`](crate::ApiBuilder::pin_consumers) and keep one for the
/// library calls.
///
/// The cache is updated by this instance's upgrades and rollbacks; another instance sharing
/// the store sees them after [`Pins::refresh_after`] (never, by default).
///
/// ```
/// use std::time::Duration;
/// use versionary::pins::{MemoryStore, PinError, Pins};
/// use versionary::Clock;
///
/// versionary::api_versions! { pub Shop { 1 => "Initial release", 2 => "Second" } }
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let pins = Pins::<Shop>::new(MemoryStore::new())
///     .rollback_window(Duration::from_secs(3600))
///     .clock(Clock::at("2026-01-01T00:00:00Z").unwrap());
/// assert_eq!(pins.pin("acme").await.unwrap().version, "2"); // the latest released
/// assert_eq!(pins.upgrade("acme", "1").await, Err(PinError::NotNewer { current: "2".into(), to: "1".into() }));
/// assert_eq!(pins.upgrade("nobody", "2").await, Err(PinError::NotPinned));
/// # });
/// ```
pub struct Pins<A: Api> {
    core: PinsCore,
    api: PhantomData<fn() -> A>,
}

impl<A: Api> Clone for Pins<A> {
    fn clone(&self) -> Self {
        Pins {
            core: self.core.clone(),
            api: PhantomData,
        }
    }
}

impl<A: Api> core::fmt::Debug for Pins<A> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Pins<{}>(cached: {})", A::NAME, self.core.0.cache.len())
    }
}

/// What the dispatcher needs of [`Pins`], without its API type.
#[derive(Clone)]
pub(crate) struct PinsCore(Arc<CoreInner>);

struct CoreInner {
    store: Arc<dyn PinStore>,
    cache: Cache,
    versions: &'static [VersionInfo],
    /// The index of the version new consumers are pinned to.
    new_at: usize,
    window: Duration,
    /// Seconds a cached pin is served before the store is read again, if ever.
    refresh: Option<i64>,
    clock: Clock,
}

impl<A: Api> Pins<A> {
    /// Pins in `store`: new consumers pinned to the latest released version, a 72 hour
    /// rollback window, at most [`DEFAULT_CACHE_LIMIT`] pins cached.
    ///
    /// ```
    /// use versionary::pins::{MemoryStore, Pins};
    ///
    /// versionary::api_versions! { pub Shop { 1 => "Initial release", 2 => "Second", 3 => "Third" } }
    ///
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let pins = Pins::<Shop>::new(MemoryStore::new());
    /// assert_eq!(pins.pin("acme").await.unwrap().version, "3");
    /// # });
    /// ```
    pub fn new(store: impl PinStore) -> Pins<A> {
        let newest = A::VERSIONS.iter().rposition(|v| !v.unreleased).unwrap_or(0);
        Pins {
            core: PinsCore(Arc::new(CoreInner {
                store: Arc::new(store),
                cache: Cache::new(DEFAULT_CACHE_LIMIT),
                versions: A::VERSIONS,
                new_at: newest,
                window: DEFAULT_ROLLBACK_WINDOW,
                refresh: DEFAULT_REFRESH.map(secs),
                clock: Clock::system(),
            })),
            api: PhantomData,
        }
    }

    /// Pins new consumers to `version` instead of the latest released one;
    /// [`PinError::UnknownVersion`] unless it is a released version of `A`.
    ///
    /// ```
    /// use versionary::pins::{MemoryStore, Pins};
    ///
    /// versionary::api_versions! { pub Shop { 1 => "Initial release", 2 => "Second", 3 => "Third" } }
    ///
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// use versionary::{pins::PinError, Version};
    /// let pins = Pins::<Shop>::new(MemoryStore::new()).new_consumers_at(Version::Int(2)).unwrap();
    /// assert_eq!(pins.pin("acme").await.unwrap().version, "2");
    /// let unknown = Pins::<Shop>::new(MemoryStore::new()).new_consumers_at(Version::Int(9));
    /// assert_eq!(unknown.unwrap_err(), PinError::UnknownVersion("9".into()));
    /// # });
    /// ```
    pub fn new_consumers_at(self, version: Version) -> Result<Pins<A>, PinError> {
        match A::index_of(&version).filter(|&i| !A::VERSIONS[i].unreleased) {
            Some(new_at) => Ok(self.with(|c| c.new_at = new_at)),
            None => Err(PinError::UnknownVersion(version.to_string())),
        }
    }

    /// How long after its last change a pin may be rolled back.
    ///
    /// ```
    /// use versionary::pins::{MemoryStore, Pins};
    ///
    /// versionary::api_versions! { pub Shop { 1 => "Initial release", 2 => "Second", 3 => "Third" } }
    ///
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// use std::sync::Arc;
    /// use std::sync::atomic::{AtomicU64, Ordering};
    /// use std::time::{Duration, UNIX_EPOCH};
    /// use versionary::{Clock, Version, pins::PinError};
    ///
    /// let now = Arc::new(AtomicU64::new(0));
    /// let seconds = now.clone();
    /// let clock = Clock::custom(move || UNIX_EPOCH + Duration::from_secs(seconds.load(Ordering::Relaxed)));
    /// let pins = Pins::<Shop>::new(MemoryStore::new())
    ///     .new_consumers_at(Version::Int(1))
    ///     .unwrap()
    ///     .rollback_window(Duration::from_secs(3600))
    ///     .clock(clock);
    /// pins.pin("acme").await.unwrap();
    /// pins.upgrade("acme", "2").await.unwrap();
    /// now.store(3601, Ordering::Relaxed);
    /// assert_eq!(pins.rollback("acme").await, Err(PinError::WindowPassed { changed_at: 0 }));
    /// # });
    /// ```
    pub fn rollback_window(self, window: Duration) -> Pins<A> {
        self.with(|c| c.window = window)
    }

    /// How many consumers' pins this instance caches (at least one).
    ///
    /// ```
    /// use versionary::pins::{MemoryStore, Pins};
    ///
    /// versionary::api_versions! { pub Shop { 1 => "Initial release", 2 => "Second", 3 => "Third" } }
    ///
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let pins = Pins::<Shop>::new(MemoryStore::new()).cache_limit(1_000);
    /// assert_eq!(pins.pin("acme").await.unwrap().version, "3");
    /// # });
    /// ```
    pub fn cache_limit(self, limit: usize) -> Pins<A> {
        self.with(|c| c.cache = Cache::new(limit))
    }

    /// Reads a cached pin from the store again once it is `after` old, so that the changes
    /// another instance makes reach this one (a pin is still served from the cache when
    /// the store is down then).
    ///
    /// ```
    /// use versionary::pins::{MemoryStore, Pins};
    ///
    /// versionary::api_versions! { pub Shop { 1 => "Initial release", 2 => "Second", 3 => "Third" } }
    ///
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// use std::time::Duration;
    /// let pins = Pins::<Shop>::new(MemoryStore::new()).refresh_after(Duration::from_secs(60));
    /// assert_eq!(pins.pin("acme").await.unwrap().version, "3");
    /// # });
    /// ```
    pub fn refresh_after(self, after: Duration) -> Pins<A> {
        self.with(|c| c.refresh = Some(secs(after)))
    }

    /// The clock pins are dated by (the system's by default).
    ///
    /// ```
    /// use versionary::pins::{MemoryStore, Pins};
    ///
    /// versionary::api_versions! { pub Shop { 1 => "Initial release", 2 => "Second", 3 => "Third" } }
    ///
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// use versionary::Clock;
    /// let pins = Pins::<Shop>::new(MemoryStore::new()).clock(Clock::at("2026-01-01T00:00:00Z").unwrap());
    /// assert_eq!(pins.pin("acme").await.unwrap().changed_at, 1_767_225_600);
    /// # });
    /// ```
    pub fn clock(self, clock: Clock) -> Pins<A> {
        self.with(|c| c.clock = clock)
    }

    /// A handle with one setting changed (and an empty cache), sharing the store.
    fn with(self, change: impl FnOnce(&mut CoreInner)) -> Pins<A> {
        let old = &self.core.0;
        let mut inner = CoreInner {
            store: old.store.clone(),
            cache: Cache::new(old.cache.limit()),
            versions: old.versions,
            new_at: old.new_at,
            window: old.window,
            refresh: old.refresh,
            clock: old.clock.clone(),
        };
        change(&mut inner);
        Pins {
            core: PinsCore(Arc::new(inner)),
            api: PhantomData,
        }
    }

    /// The consumer's pin, read from the store.
    ///
    /// ```
    /// use versionary::pins::{MemoryStore, Pins};
    ///
    /// versionary::api_versions! { pub Shop { 1 => "Initial release", 2 => "Second", 3 => "Third" } }
    ///
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let pins = Pins::<Shop>::new(MemoryStore::new());
    /// assert_eq!(pins.get("acme").await.unwrap(), None);
    /// pins.pin("acme").await.unwrap();
    /// assert_eq!(pins.get("acme").await.unwrap().unwrap().version, "3");
    /// # });
    /// ```
    pub async fn get(&self, consumer: &str) -> Result<Option<ConsumerPin>, PinError> {
        self.core.0.store.get(consumer).await
    }

    /// Pins the consumer as its first call without a version would, unless it is pinned
    /// already; returns its pin.
    ///
    /// ```
    /// use versionary::pins::{MemoryStore, Pins};
    ///
    /// versionary::api_versions! { pub Shop { 1 => "Initial release", 2 => "Second", 3 => "Third" } }
    ///
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let pins = Pins::<Shop>::new(MemoryStore::new());
    /// let first = pins.pin("acme").await.unwrap();
    /// assert_eq!(pins.pin("acme").await.unwrap(), first);
    /// # });
    /// ```
    pub async fn pin(&self, consumer: &str) -> Result<ConsumerPin, PinError> {
        let core = &self.core.0;
        let label = core.versions[core.new_at].label;
        let pin = core
            .store
            .pin_first(consumer, label, core.clock.unix_seconds())
            .await?;
        self.core.remember(consumer, &pin);
        Ok(pin)
    }

    /// Upgrades the consumer's pin to the released version labelled `to`, newer than its
    /// pinned one; the version it leaves can be restored by [`Pins::rollback`] within the
    /// window. The store changes the pin only if it is still at the version checked (a
    /// compare and set); when another instance changed it meanwhile, "newer" is checked
    /// again against its new version ([`PinError::NotNewer`] if it no longer holds,
    /// [`PinError::Changed`] if the pin keeps changing).
    ///
    /// ```
    /// use versionary::pins::{MemoryStore, Pins};
    ///
    /// versionary::api_versions! { pub Shop { 1 => "Initial release", 2 => "Second", 3 => "Third" } }
    ///
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// use versionary::Version;
    /// let pins = Pins::<Shop>::new(MemoryStore::new()).new_consumers_at(Version::Int(1)).unwrap();
    /// pins.pin("acme").await.unwrap();
    /// let pin = pins.upgrade("acme", "3").await.unwrap();
    /// assert_eq!((pin.version.as_str(), pin.previous.as_deref()), ("3", Some("1")));
    /// # });
    /// ```
    pub async fn upgrade(&self, consumer: &str, to: &str) -> Result<ConsumerPin, PinError> {
        let core = &self.core.0;
        let target = core
            .versions
            .iter()
            .position(|v| v.label == to && !v.unreleased)
            .ok_or_else(|| PinError::UnknownVersion(to.to_owned()))?;
        let mut current = core
            .store
            .get(consumer)
            .await?
            .ok_or(PinError::NotPinned)?
            .version;
        // The store changes the pin only if it is still at `current` (a compare and set):
        // when another call moved it meanwhile, the rule is checked again against where it
        // is now, so a concurrent upgrade or rollback is never overwritten unseen.
        for _ in 0..UPGRADE_ATTEMPTS {
            if self.core.index_of(&current) >= Some(target) {
                return Err(PinError::NotNewer {
                    current,
                    to: to.to_owned(),
                });
            }
            let at = core.clock.unix_seconds();
            match core.store.upgrade(consumer, &current, to, at).await {
                Ok(pin) => {
                    self.core.remember(consumer, &pin);
                    return Ok(pin);
                }
                Err(PinError::Changed { current: now_at }) => current = now_at,
                Err(error) => return Err(error),
            }
        }
        Err(PinError::Changed { current })
    }

    /// Returns the consumer's pin to the version it had before its last upgrade, if that
    /// upgrade is within the rollback window.
    ///
    /// ```
    /// use versionary::pins::{MemoryStore, Pins};
    ///
    /// versionary::api_versions! { pub Shop { 1 => "Initial release", 2 => "Second", 3 => "Third" } }
    ///
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// use versionary::{pins::PinError, Version};
    /// let pins = Pins::<Shop>::new(MemoryStore::new()).new_consumers_at(Version::Int(1)).unwrap();
    /// pins.pin("acme").await.unwrap();
    /// pins.upgrade("acme", "2").await.unwrap();
    /// assert_eq!(pins.rollback("acme").await.unwrap().version, "1");
    /// assert_eq!(pins.rollback("acme").await, Err(PinError::NothingToRollBack));
    /// # });
    /// ```
    pub async fn rollback(&self, consumer: &str) -> Result<ConsumerPin, PinError> {
        let core = &self.core.0;
        let pin = core
            .store
            .rollback(consumer, core.window, core.clock.unix_seconds())
            .await?;
        self.core.remember(consumer, &pin);
        Ok(pin)
    }

    pub(crate) fn core(&self) -> &PinsCore {
        &self.core
    }
}

fn secs(duration: Duration) -> i64 {
    i64::try_from(duration.as_secs()).unwrap_or(i64::MAX)
}

impl PinsCore {
    fn index_of(&self, label: &str) -> Option<usize> {
        self.0.versions.iter().position(|v| v.label == label)
    }

    /// Caches `pin` as the consumer's, when its version is declared.
    fn remember(&self, consumer: &str, pin: &ConsumerPin) {
        if let Some(index) = self.index_of(&pin.version) {
            let read_at = self.0.clock.unix_seconds();
            self.0.cache.put(consumer, Entry { index, read_at });
        }
    }

    /// The index of the version `consumer` is served at when it names none: its cached pin,
    /// or its pin in the store (made now on its first call). When the store fails, a cached
    /// pin is served (and a warning says so); otherwise the error is returned, and the
    /// request must not be served another version.
    pub(crate) async fn served(&self, consumer: &str) -> Result<usize, PinError> {
        let inner = &self.0;
        let cached = inner.cache.get(consumer);
        if let Some(entry) = cached {
            let fresh = match inner.refresh {
                None => true,
                Some(refresh) => inner.clock.unix_seconds().saturating_sub(entry.read_at) < refresh,
            };
            if fresh {
                return Ok(entry.index);
            }
        }
        match (self.read_or_pin(consumer).await, cached) {
            (Ok(index), _) => Ok(index),
            (Err(PinError::Unavailable(why)), Some(entry)) => {
                tracing::warn!(
                    consumer,
                    error = %why,
                    "versionary: the pin store is unavailable; serving the cached pin"
                );
                Ok(entry.index)
            }
            (Err(error), _) => {
                tracing::warn!(consumer, %error, "versionary: no pin to serve the request at");
                Err(error)
            }
        }
    }

    /// The consumer's pin from the store (pinned now if it has none), cached.
    async fn read_or_pin(&self, consumer: &str) -> Result<usize, PinError> {
        let inner = &self.0;
        let pin = match inner.store.get(consumer).await? {
            Some(pin) => pin,
            None => {
                let label = inner.versions[inner.new_at].label;
                let now = inner.clock.unix_seconds();
                inner.store.pin_first(consumer, label, now).await?
            }
        };
        let index = self
            .index_of(&pin.version)
            .ok_or(PinError::UnknownVersion(pin.version))?;
        let read_at = inner.clock.unix_seconds();
        inner.cache.put(consumer, Entry { index, read_at });
        Ok(index)
    }
}
