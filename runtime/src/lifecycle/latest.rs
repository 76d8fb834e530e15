//! Telling clients of an older version about the latest released one: every answer of an
//! older version names it in `api-latest-version`, and where the way versions are selected
//! has a URL for it (path versions, query-parameter versions), `Link: <...>;
//! rel="latest-version"` (RFC 5829) points at the same endpoint there ([`Latest`]).
//!
//! Built once per route. A link that depends on nothing the request carries (no path
//! parameters, no query pairs besides the version's) is one header value made at build
//! time; any other is written per answer, sized first so that it costs one allocation.

use core::fmt::Write;

use http::{HeaderName, HeaderValue};

use super::successor::{link_safe, write_filled};

/// Response header naming the latest released version, on every answer served at an older
/// one (beside `api-version`, which names the version served).
///
/// ```
/// assert_eq!(versionary::lifecycle::API_LATEST_VERSION.as_str(), "api-latest-version");
/// ```
pub const API_LATEST_VERSION: HeaderName = HeaderName::from_static("api-latest-version");

/// What the answers of one route (an endpoint in a version older than the latest released
/// one) say about the latest.
pub(crate) struct Latest {
    /// `api-latest-version`.
    pub(crate) version: HeaderValue,
    /// Where the same endpoint (or its successor) is in the latest version, when the
    /// selection has a URL for it and it is served there.
    pub(crate) link: Option<LatestLink>,
}

/// Where one route's `Link: <...>; rel="latest-version"` points.
pub(crate) struct LatestLink {
    /// The template the route is registered at: the request path's parameters are read at
    /// the places it names them.
    from: String,
    /// The latest version's template, as a client requests it (with the version segment
    /// under path versions).
    to: String,
    /// Under query versions: the parameter's name and the form-encoded pair naming the
    /// latest version (`api-version=2025-06-01`).
    query: Option<(String, String)>,
    /// The whole header value for a request at `fixed_mount` whose link depends on nothing
    /// it carries.
    fixed: Option<HeaderValue>,
    fixed_mount: String,
    /// Whether the route is reached at a path without its version prefix (path versions
    /// with a missing-version policy or pins): the prefix is then part of what the
    /// dispatcher took off the path, not of the mount point.
    pub(crate) plain: bool,
}

/// A writer that only counts what is written to it: the exact size of a link, first.
struct Count(usize);

impl Write for Count {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        self.0 += s.len();
        Ok(())
    }
}

impl LatestLink {
    /// The link of a route registered at `from` to the template `to` of version `latest`;
    /// `query` names the version's query parameter under query versions; `mount` is the
    /// declared mount point, if any. `Err` when `to` cannot be a header value.
    pub(crate) fn new(
        from: &str,
        to: String,
        query: Option<&str>,
        latest: &str,
        mount: Option<&str>,
        plain: bool,
    ) -> Result<LatestLink, String> {
        let query = query.map(|name| {
            let pair = form_urlencoded::Serializer::new(String::new())
                .append_pair(name, latest)
                .finish();
            (name.to_owned(), pair)
        });
        let mut link = LatestLink {
            from: from.to_owned(),
            to,
            query,
            fixed: None,
            fixed_mount: mount.unwrap_or("").to_owned(),
            plain,
        };
        if !link.to.contains('{') {
            let mut text = String::new();
            // Writing to a `String` never fails.
            let _ = link.write(&mut text, &link.fixed_mount, &link.from, None);
            link.fixed = Some(
                HeaderValue::from_str(&text)
                    .map_err(|_| format!("`{text}` is not a header value"))?,
            );
        }
        Ok(link)
    }

    /// The `Link` value for a request to `path` (and `query`) of a router mounted at
    /// `mount`: the one made at build time when it applies, else written now.
    pub(crate) fn value(
        &self,
        mount: &str,
        path: &str,
        query: Option<&str>,
    ) -> Option<HeaderValue> {
        if let Some(fixed) = &self.fixed
            && mount == self.fixed_mount
            && self.only_version_pairs(query)
        {
            return Some(fixed.clone());
        }
        let mut count = Count(0);
        self.write(&mut count, mount, path, query).ok()?;
        let mut text = String::with_capacity(count.0);
        self.write(&mut text, mount, path, query).ok()?;
        // Exactly sized: the bytes become the header's without another allocation.
        HeaderValue::from_maybe_shared(bytes::Bytes::from(text.into_bytes())).ok()
    }

    /// Whether `query` has no pairs but the version's (under query versions; any query
    /// otherwise, as it is not part of the link).
    fn only_version_pairs(&self, query: Option<&str>) -> bool {
        let (Some((name, _)), Some(query)) = (&self.query, query) else {
            return true;
        };
        form_urlencoded::parse(query.as_bytes()).all(|(key, _)| key == name.as_str())
    }

    /// Writes `<{mount}{to filled from path}[?{other pairs&}{version pair}]>;
    /// rel="latest-version"`.
    fn write(
        &self,
        out: &mut impl Write,
        mount: &str,
        path: &str,
        query: Option<&str>,
    ) -> core::fmt::Result {
        write!(out, "<{}", link_safe(mount))?;
        write_filled(out, &self.from, path, &self.to)?;
        if let Some((name, pair)) = &self.query {
            out.write_char('?')?;
            let others = query.unwrap_or("").split('&').filter(|raw| {
                !raw.is_empty()
                    && form_urlencoded::parse(raw.as_bytes())
                        .next()
                        .is_some_and(|(key, _)| key != name.as_str())
            });
            for other in others {
                write!(out, "{}&", link_safe(other))?;
            }
            out.write_str(pair)?;
        }
        out.write_str(">; rel=\"latest-version\"")
    }
}

#[cfg(test)]
mod tests {
    use super::LatestLink;

    fn link(from: &str, to: &str, query: Option<&str>, mount: Option<&str>) -> LatestLink {
        LatestLink::new(from, to.to_owned(), query, "3", mount, false).unwrap()
    }

    #[test]
    fn path_links_are_filled_from_the_request() {
        let moved = link("/v1/books/{id}/forms", "/v3/books/{id}/summary", None, None);
        assert_eq!(
            moved.value("", "/v1/books/4%202/forms", None).unwrap(),
            "</v3/books/4%202/summary>; rel=\"latest-version\""
        );
        assert_eq!(
            moved
                .value("/api", "/v1/books/7/forms", Some("a=b"))
                .unwrap(),
            "</api/v3/books/7/summary>; rel=\"latest-version\""
        );
    }

    #[test]
    fn links_without_parameters_are_made_once() {
        let fixed = link("/v1/items", "/v3/items", None, Some("/shop"));
        assert!(fixed.fixed.is_some());
        assert_eq!(
            fixed.value("/shop", "/v1/items", None).unwrap(),
            "</shop/v3/items>; rel=\"latest-version\""
        );
        // Another mount point (nested without `mounted_at`): written for the request.
        assert_eq!(
            fixed.value("/other", "/v1/items", None).unwrap(),
            "</other/v3/items>; rel=\"latest-version\""
        );
    }

    #[test]
    fn query_links_keep_the_other_pairs_and_name_the_latest_version() {
        let query = link("/items", "/items", Some("api-version"), None);
        assert_eq!(
            query.value("", "/items", Some("api-version=1")).unwrap(),
            "</items?api-version=3>; rel=\"latest-version\""
        );
        assert_eq!(
            query.value("", "/items", None).unwrap(),
            "</items?api-version=3>; rel=\"latest-version\""
        );
        assert_eq!(
            (query.value("", "/items", Some("genre=sf&api-version=1&&page=2"))).unwrap(),
            "</items?genre=sf&page=2&api-version=3>; rel=\"latest-version\""
        );
        // A value that may not stand in a `Link` is encoded, never refused.
        assert_eq!(
            query.value("", "/items", Some("q=a>b\"c")).unwrap(),
            "</items?q=a%3Eb%22c&api-version=3>; rel=\"latest-version\""
        );
    }
}
