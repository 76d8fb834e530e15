//! [`Clock`]: where a service reads the time from (the system clock, a fixed or custom one,
//! or one set by an environment variable).

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use versionary_internals::calendar::parse_rfc3339;

use super::dates::http_date;

/// Where a service reads the time from: the system clock, or a fixed or custom one so tests
/// (and staging environments) can move time.
///
/// ```
/// use versionary::lifecycle::Clock;
///
/// // `API_NOW=2025-02-01` moves the service to that day; unset, it is the system clock.
/// let clock = Clock::from_env("VERSIONARY_DOCTEST_NOW").unwrap();
/// assert!(clock.unix_seconds() > 1_700_000_000);
///
/// let fixed = Clock::at("2025-03-17").unwrap();
/// assert_eq!(fixed.unix_seconds(), 1_742_169_600);
/// ```
#[derive(Clone)]
pub struct Clock(ClockKind);

#[derive(Clone)]
enum ClockKind {
    System,
    Fixed(i64),
    Custom(Arc<dyn Fn() -> SystemTime + Send + Sync>),
}

impl core::fmt::Debug for Clock {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match &self.0 {
            ClockKind::System => f.write_str("Clock::system()"),
            ClockKind::Fixed(s) => match http_date(*s) {
                Some(date) => write!(f, "Clock::fixed({date})"),
                None => write!(f, "Clock::fixed({s} s since 1970)"),
            },
            ClockKind::Custom(_) => f.write_str("Clock::custom(..)"),
        }
    }
}

impl Default for Clock {
    fn default() -> Self {
        Clock::system()
    }
}

/// A clock setting that is not an RFC 3339 date or date-time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClockError {
    message: String,
}

impl core::fmt::Display for ClockError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ClockError {}

impl Clock {
    /// The system clock.
    pub fn system() -> Clock {
        Clock(ClockKind::System)
    }

    /// A clock stopped at `time`.
    pub fn fixed(time: SystemTime) -> Clock {
        let seconds = match time.duration_since(UNIX_EPOCH) {
            Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
            Err(e) => -i64::try_from(e.duration().as_secs()).unwrap_or(i64::MAX),
        };
        Clock(ClockKind::Fixed(seconds))
    }

    /// A clock stopped at an RFC 3339 date (`2025-02-01`, midnight UTC) or date-time.
    pub fn at(text: &str) -> Result<Clock, ClockError> {
        parse_rfc3339(text)
            .map(|s| Clock(ClockKind::Fixed(s)))
            .ok_or_else(|| ClockError {
                message: format!(
                    "`{}` is not an RFC 3339 date (`2025-02-01`) or date-time (`2025-02-01T12:00:00Z`)",
                    crate::problem::bounded(text)
                ),
            })
    }

    /// The clock named by the environment variable `var`: the system clock when it is unset,
    /// the time it gives otherwise. A value that is not an RFC 3339 date is an error, never
    /// silently the system clock.
    pub fn from_env(var: &str) -> Result<Clock, ClockError> {
        match std::env::var(var) {
            Err(std::env::VarError::NotPresent) => Ok(Clock::system()),
            Err(std::env::VarError::NotUnicode(_)) => Err(ClockError {
                message: format!("`{var}` is not valid UTF-8"),
            }),
            Ok(text) => Clock::at(text.trim()).map_err(|e| ClockError {
                message: format!("`{var}`: {e}"),
            }),
        }
    }

    /// A clock that asks `now` for the time.
    pub fn custom(now: impl Fn() -> SystemTime + Send + Sync + 'static) -> Clock {
        Clock(ClockKind::Custom(Arc::new(now)))
    }

    /// The current time.
    pub fn now(&self) -> SystemTime {
        match &self.0 {
            ClockKind::System => SystemTime::now(),
            ClockKind::Fixed(s) if *s >= 0 => UNIX_EPOCH + Duration::from_secs(s.unsigned_abs()),
            ClockKind::Fixed(s) => UNIX_EPOCH - Duration::from_secs(s.unsigned_abs()),
            ClockKind::Custom(now) => now(),
        }
    }

    /// The current time in seconds since the epoch.
    pub fn unix_seconds(&self) -> i64 {
        match &self.0 {
            ClockKind::Fixed(s) => *s,
            _ => match self.now().duration_since(UNIX_EPOCH) {
                Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
                Err(e) => -i64::try_from(e.duration().as_secs()).unwrap_or(i64::MAX),
            },
        }
    }
}
