//! Calendar arithmetic on proleptic Gregorian dates: the dates of attributes (`released`,
//! `deprecated`, `sunset`) and of date versions, read alike by the macros and the runtime.

pub const SECONDS_PER_DAY: i64 = 86_400;

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date of a day count since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The number of days of `month` (1-12) in `year`; 0 for a month that does not exist.
pub fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

fn number(text: &str) -> Option<u32> {
    (!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

/// Seconds since the epoch at midnight UTC of a `YYYY-MM-DD` date; `None` when the text is
/// not a real calendar date.
pub fn unix_seconds(date: &str) -> Option<i64> {
    let bytes = date.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let year = number(&date[0..4])?;
    let month = number(&date[5..7])?;
    let day = number(&date[8..10])?;
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(i64::from(year), month) {
        return None;
    }
    Some(days_from_civil(i64::from(year), month, day) * SECONDS_PER_DAY)
}

/// Whole days from one `YYYY-MM-DD` date to another (negative when `to` is earlier).
pub fn days_between(from: &str, to: &str) -> Option<i64> {
    Some((unix_seconds(to)? - unix_seconds(from)?) / SECONDS_PER_DAY)
}

/// An RFC 3339 date (`2025-02-01`) or date-time (`2025-02-01T12:00:00Z`,
/// `2025-02-01T12:00:00.5+01:00`) as seconds since the epoch.
pub fn parse_rfc3339(text: &str) -> Option<i64> {
    if text.len() == 10 {
        return unix_seconds(text);
    }
    let (date, rest) = (text.get(..10)?, text.get(10..)?);
    let midnight = unix_seconds(date)?;
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    let (hour, minute, second) = (
        number(rest.get(0..2)?)?,
        number(rest.get(3..5)?)?,
        number(rest.get(6..8)?)?,
    );
    if rest.get(2..3)? != ":" || rest.get(5..6)? != ":" || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut zone = rest.get(8..)?;
    if let Some(fraction) = zone.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        zone = &fraction[digits..];
    }
    let offset = match zone {
        "Z" | "z" => 0,
        _ => {
            let sign = match zone.get(0..1)? {
                "+" => 1,
                "-" => -1,
                _ => return None,
            };
            let (h, m) = (number(zone.get(1..3)?)?, number(zone.get(4..6)?)?);
            if zone.len() != 6 || zone.get(3..4)? != ":" || h > 23 || m > 59 {
                return None;
            }
            sign * i64::from(h * 3600 + m * 60)
        }
    };
    Some(midnight + i64::from(hour * 3600 + minute * 60 + second) - offset)
}

/// A strict RFC 3339 §5.6 `date-time` (`2025-02-01T12:00:00Z`, with optional fraction and
/// a `Z` or `±HH:MM` offset) as seconds since the epoch; a date alone, or a space for `T`,
/// is refused. (Date crates such as `jiff` parse a wider ISO 8601 family — `10:00Z`
/// without seconds, `+24:00`, bracketed zones — so a field that promises RFC 3339 is
/// checked here.)
pub fn parse_date_time(text: &str) -> Option<i64> {
    if !matches!(text.as_bytes().get(10), Some(b'T' | b't')) {
        return None;
    }
    parse_rfc3339(text)
}

/// The `YYYY-MM-DD` text of a day count since 1970-01-01.
pub fn date_text(days: i64) -> String {
    let (year, month, day) = civil_from_days(days);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::parse_date_time as ok;

    #[test]
    fn only_rfc3339_date_times_are_date_times() {
        for good in [
            "2025-01-15T10:00:00Z",
            "2021-05-31T02:21:32.000Z",
            "2024-02-29T23:59:60+01:00",
            "2025-01-15t10:00:00z",
        ] {
            assert!(ok(good).is_some(), "{good}");
        }
        for bad in [
            "2023-02-29T10:00:00Z",
            "2025-01-15",
            "2025-01-15 10:00:00Z",
            "2025-01-15T10:00:00",
            "2025-13-01T10:00:00Z",
            "2025-01-15T10:00:00.Z",
            "2025-01-15T10:00:00+24:00",
            "2025-01-15T10:00Z",
            "2025-01-15T10Z",
            "20250115T100000Z",
            "2025-01-15T10:00:00+01:00[Europe/Paris]",
        ] {
            assert!(ok(bad).is_none(), "{bad}");
        }
        assert_eq!(ok("1970-01-01T01:00:00+01:00"), Some(0));
    }
}
