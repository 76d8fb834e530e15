//! Where a retired route sends its clients: the [`Successor`]'s path template, filled from
//! the request's own path parameters.
//!
//! Design notes. The percent-encoding of a filled value is the `percent-encoding` crate's
//! (already in the build through axum). Filling the template stays hand-written: `matchit`
//! (axum's router) matches a path to a template but does not fill one, and matching through
//! it would compile a router per answer of a deprecated route, where the route's own
//! template is at hand; the positional capture below is a dozen lines, tested.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Where clients go instead: a path template filled from the request's own parameters.
pub(crate) struct Successor {
    /// The template this route was registered at (to capture parameters by name).
    pub(crate) from: String,
    /// The successor's template, as a client requests it.
    pub(crate) to: String,
    pub(crate) method: &'static str,
    pub(crate) version: &'static str,
}

impl Successor {
    /// The successor's URL for a request to `path` of a router mounted at `mount`.
    pub(crate) fn url(&self, mount: &str, path: &str) -> String {
        format!("{mount}{}", fill(&self.from, path, &self.to))
    }
}

/// What stands as it is in a `Link` URI reference: ASCII letters and digits, and
/// `-._~!$&'()*+,;=:@/%`; everything else (and every non-ASCII byte) is percent-encoded.
const LINK_SAFE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=')
    .remove(b':')
    .remove(b'@')
    .remove(b'/')
    .remove(b'%');

/// Percent-encodes what may not stand in a `Link` URI reference.
/// (A `Display`: written without an allocation of its own.)
pub(crate) fn link_safe(text: &str) -> impl core::fmt::Display + '_ {
    utf8_percent_encode(text, LINK_SAFE)
}

/// The name of the parameter `segment` is (`{id}`, `{*rest}`), and whether it is a wildcard.
fn parameter(segment: &str) -> Option<(bool, &str)> {
    (segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .map(|n| (n.starts_with('*'), n.trim_start_matches('*')))
}

/// Fills `to` with the parameters `path` has at the places `from` names them.
fn fill(from: &str, path: &str, to: &str) -> String {
    let mut out = String::new();
    // Writing to a `String` never fails.
    let _ = write_filled(&mut out, from, path, to);
    out
}

/// Writes `to` filled with the parameters `path` has at the places `from` names them, each
/// value made [`link_safe`]; with no allocation of its own (a counting writer can size the
/// output first).
pub(crate) fn write_filled(
    out: &mut impl core::fmt::Write,
    from: &str,
    path: &str,
    to: &str,
) -> core::fmt::Result {
    for (n, segment) in to.split('/').enumerate() {
        if n > 0 {
            out.write_char('/')?;
        }
        match parameter(segment).and_then(|(_, name)| captured(from, path, name)) {
            Some(value) => write!(out, "{}", link_safe(value))?,
            None => out.write_str(segment)?,
        }
    }
    Ok(())
}

/// The value `path` has for the parameter `name` of the template `from`: its segment, or
/// for a `{*name}` wildcard everything from there on.
fn captured<'p>(from: &str, path: &'p str, name: &str) -> Option<&'p str> {
    let (position, wildcard) =
        from.split('/')
            .enumerate()
            .find_map(|(n, segment)| match parameter(segment) {
                Some((wildcard, found)) if found == name => Some((n, wildcard)),
                _ => None,
            })?;
    // The byte offset of segment `position` of `path` (a path shorter than the template
    // has the value "").
    let mut start = 0;
    for _ in 0..position {
        match path[start..].find('/') {
            Some(slash) => start += slash + 1,
            None => return Some(""),
        }
    }
    let rest = &path[start..];
    Some(if wildcard {
        rest
    } else {
        rest.split('/').next().unwrap_or("")
    })
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

    #[test]
    fn link_values_keep_only_what_a_uri_reference_allows() {
        // Unreserved and sub-delimiter characters, `:`, `@`, `/` and `%` stand as they are.
        let kept = "AZaz09-._~!$&'()*+,;=:@/%";
        assert_eq!(super::link_safe(kept).to_string(), kept);
        // Everything else is encoded byte by byte, in upper-case hex.
        assert_eq!(
            super::link_safe("a b<>\"?#[]\\^`{|}\u{7f}é").to_string(),
            "a%20b%3C%3E%22%3F%23%5B%5D%5C%5E%60%7B%7C%7D%7F%C3%A9"
        );
    }
}
