//! [`Dates`] and [`Stage`]: the declared dates of a version or endpoint and where it is in
//! its life at a moment, the formats the lifecycle headers write dates in, and how the
//! documents word a notice.

use std::time::SystemTime;

use versionary_internals::calendar::unix_seconds;

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

#[cfg(test)]
mod tests {
    use super::*;
    use versionary_internals::calendar::{
        civil_from_days, days_between, days_from_civil, parse_rfc3339,
    };

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
