//! Deprecation and sunset: calendar dates, the service's clock, and the response headers of
//! RFC 9745 (`Deprecation`), RFC 8594 (`Sunset`) and RFC 8288 (`Link`).
//!
//! Versions and endpoints declare their dates in code (`deprecated = "..."`,
//! `sunset = "..."`); the macros refuse a sunset that gives less notice than the API promises.
//! At run time a [`Clock`] decides which dates have passed: from the deprecation date on,
//! responses carry the notice headers; from the sunset date on, the version or endpoint
//! answers `410 Gone`.
//!
//! One concept per module: `clock` ([`Clock`]), `dates` ([`Dates`], [`Stage`] and the
//! headers' date formats), `headers` (the lifecycle headers: each version's in
//! `api-supported-versions`/`api-deprecated-versions`, a retiring route's `Deprecation`,
//! `Sunset` and `Link`), `latest` (what answers of an older version say about the latest:
//! `api-latest-version`, `Link; rel="latest-version"`), `successor` (where a retired route
//! sends its clients) and `gone` (the `410 Gone` answer after a sunset).
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
#![doc = include_str!("../docs/lifecycle.md")]

mod clock;
mod dates;
mod gone;
mod headers;
mod latest;
mod successor;

pub use clock::{Clock, ClockError};
pub use dates::{Dates, Stage, http_date, structured_date};
pub use headers::{API_DEPRECATED_VERSIONS, DEPRECATION, SUNSET};
pub use latest::API_LATEST_VERSION;
pub use versionary_internals::calendar::{
    date_text, days_between, parse_date_time, parse_rfc3339, unix_seconds,
};

pub(crate) use dates::notice_text;
pub(crate) use headers::{Advert, Notice};
pub(crate) use latest::{Latest, LatestLink};
pub(crate) use successor::Successor;
