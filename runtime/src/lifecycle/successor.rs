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
fn link_safe(text: &str) -> String {
    utf8_percent_encode(text, LINK_SAFE).to_string()
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
        assert_eq!(super::link_safe(kept), kept);
        // Everything else is encoded byte by byte, in upper-case hex.
        assert_eq!(
            super::link_safe("a b<>\"?#[]\\^`{|}\u{7f}é"),
            "a%20b%3C%3E%22%3F%23%5B%5D%5C%5E%60%7B%7C%7D%7F%C3%A9"
        );
    }
}
