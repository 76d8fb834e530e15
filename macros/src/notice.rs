//! The notice an API promises before retiring something: a sunset needs a deprecation at
//! least `notice_days` before it. Shared by `api_versions!` (per version) and `#[endpoint]`.

use syn::LitStr;

use crate::attr::Errors;
use crate::calendar::{SECONDS_PER_DAY, date_text, days_between, unix_seconds};

/// Checks a `deprecated`/`sunset` pair against the API's promised notice.
pub fn check(
    deprecated: Option<&LitStr>,
    sunset: Option<&LitStr>,
    notice_days: u32,
    api: &str,
    errors: &mut Errors,
) {
    let Some(sunset) = sunset else {
        return;
    };
    let earliest = |from: &str| {
        unix_seconds(from)
            .map(|s| date_text(s / SECONDS_PER_DAY + i64::from(notice_days)))
            .unwrap_or_default()
    };
    let Some(deprecated) = deprecated else {
        let suggestion = unix_seconds(&sunset.value())
            .map(|s| date_text(s / SECONDS_PER_DAY - i64::from(notice_days)))
            .unwrap_or_default();
        errors.push_new(
            sunset.span(),
            format!(
                "a sunset needs a deprecation announced first: add `deprecated = \"{suggestion}\"` (or earlier); `{api}` promises {notice_days} days of notice"
            ),
        );
        return;
    };
    let Some(days) = days_between(&deprecated.value(), &sunset.value()) else {
        return;
    };
    if days < 0 {
        errors.push_new(
            sunset.span(),
            format!(
                "sunset `{}` is before the deprecation `{}`: deprecate first, then sunset on or after `{}`",
                sunset.value(),
                deprecated.value(),
                earliest(&deprecated.value())
            ),
        );
    } else if days < i64::from(notice_days) {
        errors.push_new(
            sunset.span(),
            format!(
                "sunset `{}` is only {days} days after the deprecation `{}`, but `{api}` promises at least {notice_days} days of notice (`notice_days = {notice_days}`): sunset on or after `{}`",
                sunset.value(),
                deprecated.value(),
                earliest(&deprecated.value())
            ),
        );
    }
}
