//! Deprecation and sunset: calendar dates, the service's clock, and the response headers of
//! RFC 9745 (`Deprecation`), RFC 8594 (`Sunset`) and RFC 8288 (`Link`).
//!
//! Versions and endpoints declare their dates in code (`deprecated = "..."`,
//! `sunset = "..."`); the macros refuse a sunset that gives less notice than the API promises.
//! At run time a [`Clock`] decides which dates have passed: from the deprecation date on,
//! responses carry the notice headers; from the sunset date on, the version or endpoint
//! answers `410 Gone`.
//!
//! ```
//! use versionary::lifecycle::{Clock, http_date, structured_date, unix_seconds};
//!
//! let sunset = unix_seconds("2025-03-17").unwrap();
//! assert_eq!(http_date(sunset).unwrap(), "Mon, 17 Mar 2025 00:00:00 GMT");
//! assert_eq!(structured_date(sunset), "@1742169600");
//!
//! let clock = Clock::at("2025-02-01T12:00:00Z").unwrap();
//! assert_eq!(clock.unix_seconds(), unix_seconds("2025-02-01").unwrap() + 12 * 3600);
//! assert!(Clock::at("2025-02-30").is_err());
//! ```

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::HeaderName;

/// `Deprecation` (RFC 9745): when the version or endpoint was deprecated, as a structured
/// date (`@` and seconds since the epoch).
pub const DEPRECATION: HeaderName = HeaderName::from_static("deprecation");
/// `Sunset` (RFC 8594): when the version or endpoint stops answering, as an HTTP-date.
pub const SUNSET: HeaderName = HeaderName::from_static("sunset");
/// Response header listing the deprecated versions that are still served (as in ASP.NET API
/// Versioning: a deprecated version is listed here and not in `api-supported-versions`).
pub const API_DEPRECATED_VERSIONS: HeaderName = HeaderName::from_static("api-deprecated-versions");

pub use versionary_internals::calendar::{
    date_text, days_between, parse_date_time, parse_rfc3339, unix_seconds,
};

/// An IMF-fixdate (RFC 9110 §5.6.7), the `Sunset` header's format:
/// `Mon, 17 Mar 2025 00:00:00 GMT` (written by the `httpdate` crate, which hyper uses for
/// `Date`); `None` for a time an HTTP date cannot express (before 1970, after 9999).
pub fn http_date(seconds: i64) -> Option<String> {
    let since_epoch = core::time::Duration::from_secs(u64::try_from(seconds).ok()?);
    if seconds >= 253_402_300_800 {
        return None; // year 10000
    }
    Some(httpdate::fmt_http_date(
        SystemTime::UNIX_EPOCH + since_epoch,
    ))
}

/// A structured-field Date (RFC 9651 §3.3.7), the `Deprecation` header's format:
/// `@1736899200`.
pub fn structured_date(seconds: i64) -> String {
    format!("@{seconds}")
}

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

/// How the documents word a notice: `deprecated on D; answers 410 Gone from S; <then>`.
pub(crate) fn notice_text(
    deprecated: Option<&str>,
    sunset: Option<&str>,
    then: Option<String>,
) -> String {
    let mut text = String::from("deprecated");
    if let Some(date) = deprecated {
        text.push_str(&format!(" on {date}"));
    }
    if let Some(date) = sunset {
        text.push_str(&format!("; answers 410 Gone from {date}"));
    }
    if let Some(then) = then {
        text.push_str("; ");
        text.push_str(&then);
    }
    text
}

/// Where a version or endpoint is in its life at some moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Served without notice.
    Active,
    /// Served, with `Deprecation`, `Sunset` and `Link` headers.
    Deprecated,
    /// Answered with `410 Gone`.
    Sunset,
}

/// The declared dates of a version or endpoint, as seconds since the epoch.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Dates {
    /// Deprecated from this moment on.
    pub deprecated: Option<i64>,
    /// Gone from this moment on.
    pub sunset: Option<i64>,
}

impl Dates {
    /// Parses declared `YYYY-MM-DD` dates (the macros have checked them).
    pub fn of(deprecated: Option<&str>, sunset: Option<&str>) -> Dates {
        Dates {
            deprecated: deprecated.and_then(unix_seconds),
            sunset: sunset.and_then(unix_seconds),
        }
    }

    /// The earlier of each date.
    pub fn earliest(self, other: Dates) -> Dates {
        let min = |a: Option<i64>, b: Option<i64>| match (a, b) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        Dates {
            deprecated: min(self.deprecated, other.deprecated),
            sunset: min(self.sunset, other.sunset),
        }
    }

    /// Whether any date is declared.
    pub fn any(self) -> bool {
        self.deprecated.is_some() || self.sunset.is_some()
    }

    /// The stage at `now` (seconds since the epoch). A sunset implies deprecation.
    pub fn stage(self, now: i64) -> Stage {
        if self.sunset.is_some_and(|s| now >= s) {
            Stage::Sunset
        } else if self.deprecated.is_some_and(|d| now >= d) {
            Stage::Deprecated
        } else {
            Stage::Active
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use versionary_internals::calendar::{civil_from_days, days_from_civil};

    #[test]
    fn dates_round_trip_through_day_counts() {
        for days in [-800_000, -1, 0, 1, 59, 60, 365, 11_016, 20_000, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days, "{y}-{m}-{d}");
        }
        assert_eq!(unix_seconds("1970-01-01"), Some(0));
        assert_eq!(unix_seconds("2000-02-29"), Some(951_782_400));
        assert_eq!(unix_seconds("1900-02-29"), None);
        assert_eq!(unix_seconds("2025-13-01"), None);
        assert_eq!(unix_seconds("2025-1-01"), None);
        assert_eq!(days_between("2025-01-15", "2025-03-16"), Some(60));
    }

    #[test]
    fn http_dates_are_imf_fixdates() {
        // RFC 9110's own example.
        assert_eq!(
            http_date(784_111_777).unwrap(),
            "Sun, 06 Nov 1994 08:49:37 GMT"
        );
        assert_eq!(http_date(0).unwrap(), "Thu, 01 Jan 1970 00:00:00 GMT");
        // What an HTTP date cannot say is refused, not panicked on.
        assert_eq!(http_date(-1), None);
        assert_eq!(http_date(253_402_300_800), None);
        assert!(http_date(253_402_300_799).is_some());
        // RFC 9745's example: `Deprecation: @1688169599` is 2023-06-30T23:59:59Z.
        assert_eq!(parse_rfc3339("2023-06-30T23:59:59Z"), Some(1_688_169_599));
        assert_eq!(structured_date(1_688_169_599), "@1688169599");
    }

    #[test]
    fn rfc3339_offsets_and_refusals() {
        let base = unix_seconds("2025-02-01").unwrap();
        assert_eq!(parse_rfc3339("2025-02-01T01:00:00+01:00"), Some(base));
        assert_eq!(parse_rfc3339("2025-02-01T00:00:00.123Z"), Some(base));
        assert_eq!(parse_rfc3339("2025-01-31T23:00:00-01:00"), Some(base));
        for bad in [
            "",
            "2025-02-01T",
            "2025-02-01T25:00:00Z",
            "2025-02-01T12:00:00",
            "2025-02-01T12:00:00+1:00",
            "2025-02-01T12:00:00.Z",
            "tomorrow",
            "2025-02-01T12:00:00Z junk",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
    }

    #[test]
    fn stages_follow_the_dates() {
        let dates = Dates::of(Some("2025-01-15"), Some("2025-03-17"));
        let at = |d: &str| dates.stage(unix_seconds(d).unwrap());
        assert_eq!(at("2025-01-14"), Stage::Active);
        assert_eq!(at("2025-01-15"), Stage::Deprecated);
        assert_eq!(at("2025-03-16"), Stage::Deprecated);
        assert_eq!(at("2025-03-17"), Stage::Sunset);
        assert_eq!(Dates::default().stage(i64::MAX), Stage::Active);
    }
}

/// The version headers every response carries, per stretch of time between declared dates:
/// `api-supported-versions` (served without notice) and `api-deprecated-versions` (served,
/// deprecated). Built once; a request only picks its stretch, and only reads the clock when
/// some version has a date.
pub(crate) struct Advert {
    clock: Clock,
    /// The moments at which the headers change, ascending.
    boundaries: Vec<i64>,
    /// `boundaries.len() + 1` stretches.
    epochs: Vec<Epoch>,
}

pub(crate) struct Epoch {
    pub(crate) supported: http::HeaderValue,
    pub(crate) deprecated: Option<http::HeaderValue>,
}

impl Advert {
    /// `Err` when a label is not a header value (the macros make that impossible).
    pub(crate) fn new<A: crate::api::Api>(clock: Clock) -> Result<Advert, ()> {
        let public: Vec<&crate::version::VersionInfo> =
            A::VERSIONS.iter().filter(|v| !v.unreleased).collect();
        let dates: Vec<Dates> = public
            .iter()
            .map(|v| Dates::of(v.deprecated, v.sunset))
            .collect();
        let mut boundaries: Vec<i64> = dates
            .iter()
            .flat_map(|d| [d.deprecated, d.sunset])
            .flatten()
            .collect();
        boundaries.sort_unstable();
        boundaries.dedup();
        let at = |now: i64| -> Result<Epoch, ()> {
            let pick = |stage: Stage| -> Vec<&str> {
                public
                    .iter()
                    .zip(&dates)
                    .filter(|(_, d)| d.stage(now) == stage)
                    .map(|(v, _)| v.label)
                    .collect()
            };
            let supported =
                http::HeaderValue::from_str(&pick(Stage::Active).join(", ")).map_err(|_| ())?;
            let deprecated = pick(Stage::Deprecated);
            let deprecated = if deprecated.is_empty() {
                None
            } else {
                Some(http::HeaderValue::from_str(&deprecated.join(", ")).map_err(|_| ())?)
            };
            Ok(Epoch {
                supported,
                deprecated,
            })
        };
        let mut epochs = vec![at(i64::MIN)?];
        for &b in &boundaries {
            epochs.push(at(b)?);
        }
        Ok(Advert {
            clock,
            boundaries,
            epochs,
        })
    }

    pub(crate) fn clock(&self) -> &Clock {
        &self.clock
    }

    /// The headers in force now.
    pub(crate) fn now(&self) -> &Epoch {
        if self.boundaries.is_empty() {
            return &self.epochs[0];
        }
        let now = self.clock.unix_seconds();
        &self.epochs[self.boundaries.partition_point(|b| *b <= now)]
    }

    /// Sets both headers on `response`, unless it already lists supported versions.
    pub(crate) fn stamp(&self, response: &mut axum::response::Response) {
        let headers = response.headers_mut();
        if headers.contains_key(crate::headers::API_SUPPORTED_VERSIONS) {
            return;
        }
        let epoch = self.now();
        headers.insert(
            crate::headers::API_SUPPORTED_VERSIONS,
            epoch.supported.clone(),
        );
        if let Some(deprecated) = &epoch.deprecated {
            headers.insert(API_DEPRECATED_VERSIONS, deprecated.clone());
        }
    }
}

/// What one route (an endpoint in one version) says about its retirement.
pub(crate) struct Notice {
    pub(crate) dates: Dates,
    /// `GET /books/{id}/forms` in version `2024-06-01`, for the 410 answer.
    pub(crate) subject: String,
    pub(crate) deprecation: Option<http::HeaderValue>,
    pub(crate) sunset: Option<http::HeaderValue>,
    pub(crate) sunset_date: Option<&'static str>,
    pub(crate) successor: Option<Successor>,
    /// `<policy>; rel="deprecation"` (and `rel="sunset"`), when the API names a policy.
    pub(crate) policy: Option<String>,
}

/// Where clients go instead: a path template filled from the request's own parameters.
pub(crate) struct Successor {
    /// The template this route was registered at (to capture parameters by name).
    pub(crate) from: String,
    /// The successor's template, as a client requests it.
    pub(crate) to: String,
    pub(crate) method: &'static str,
    pub(crate) version: &'static str,
}

/// Percent-encodes what may not stand in a `Link` URI reference.
fn link_safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/%".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Fills `to` with the parameters `path` has at the places `from` names them.
fn fill(from: &str, path: &str, to: &str) -> String {
    let mut captured: Vec<(&str, String)> = Vec::new();
    let mut actual = path.split('/');
    for segment in from.split('/') {
        let Some(name) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) else {
            actual.next();
            continue;
        };
        if let Some(rest) = name.strip_prefix('*') {
            captured.push((rest, actual.by_ref().collect::<Vec<_>>().join("/")));
            break;
        }
        captured.push((name, actual.next().unwrap_or("").to_owned()));
    }
    to.split('/')
        .map(|segment| {
            let name = segment
                .strip_prefix('{')
                .and_then(|s| s.strip_suffix('}'))
                .map(|n| n.trim_start_matches('*'));
            match name.and_then(|n| captured.iter().find(|(c, _)| *c == n)) {
                Some((_, value)) => link_safe(value),
                None => segment.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

impl Notice {
    /// The successor's URL for a request to `path` of a router mounted at `mount`.
    pub(crate) fn successor_url(&self, mount: &str, path: &str) -> Option<String> {
        (self.successor.as_ref()).map(|s| format!("{mount}{}", fill(&s.from, path, &s.to)))
    }

    /// The `Link` header for a request to `path` of a router mounted at `mount`.
    fn link(&self, mount: &str, path: &str) -> Option<http::HeaderValue> {
        let mut links = Vec::new();
        if let Some(url) = self.successor_url(mount, path) {
            links.push(format!("<{url}>; rel=\"successor-version\""));
        }
        if let Some(policy) = &self.policy {
            links.push(format!(
                "<{policy}>; rel=\"deprecation\"; type=\"text/html\""
            ));
            if self.sunset.is_some() {
                links.push(format!("<{policy}>; rel=\"sunset\"; type=\"text/html\""));
            }
        }
        (!links.is_empty())
            .then(|| http::HeaderValue::from_str(&links.join(", ")).ok())
            .flatten()
    }

    /// Adds `Deprecation`, `Sunset` and `Link` to a response of a request to `path` of a
    /// router mounted at `mount`. (`Link` is appended: a handler's own links stay.)
    pub(crate) fn apply(&self, mount: &str, path: &str, response: &mut axum::response::Response) {
        let link = self.link(mount, path);
        let headers = response.headers_mut();
        if let Some(value) = &self.deprecation {
            headers.insert(DEPRECATION, value.clone());
        }
        if let Some(value) = &self.sunset {
            headers.insert(SUNSET, value.clone());
        }
        if let Some(link) = link {
            headers.append(http::header::LINK, link);
        }
    }

    /// The `410 Gone` answer after the sunset, naming the successor; the route adds the
    /// notice's headers to it, as to every answer.
    pub(crate) fn gone(&self, mount: &str, path: &str) -> axum::response::Response {
        use axum::response::IntoResponse;
        let date = self.sunset_date.unwrap_or("its sunset date");
        let mut problem = crate::problem::Problem::new(http::StatusCode::GONE)
            .with_type("urn:versionary:problem:sunset")
            .with_title("Gone");
        let detail = match (&self.successor, self.successor_url(mount, path)) {
            (Some(s), Some(url)) => {
                problem = problem
                    .with_extension("successor", url.clone())
                    .with_extension("successor_version", s.version);
                format!(
                    "{} was retired on {date}; use `{} {url}` in version {}",
                    self.subject, s.method, s.version
                )
            }
            _ => format!("{} was retired on {date}", self.subject),
        };
        if let Some(sunset) = self.sunset_date {
            problem = problem.with_extension("sunset", sunset);
        }
        (problem.with_detail(detail))
            .with_instance(format!("{mount}{path}"))
            .into_response()
    }
}

#[cfg(test)]
mod fill_tests {
    #[test]
    fn successor_templates_are_filled_from_the_request() {
        assert_eq!(
            super::fill(
                "/v1/books/{id}/forms",
                "/v1/books/42/forms",
                "/v2/books/{id}/summary"
            ),
            "/v2/books/42/summary"
        );
        assert_eq!(
            super::fill("/files/{*rest}", "/files/a/b c", "/docs/{*rest}"),
            "/docs/a/b%20c"
        );
        assert_eq!(super::fill("/a/{x}", "/a/%3E", "/b/{x}"), "/b/%3E");
    }
}
