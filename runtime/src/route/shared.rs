//! What every route of one router shares: the version headers and lifecycle advert
//! ([`Shared`]), the endpoints per-endpoint versioning knows ([`KnownEndpoint`]), and where
//! the router is as clients see it (mount point, version prefix).

use crate::lifecycle::Advert;
use crate::version::Version;
use http::HeaderName;
use std::sync::Arc;

/// What the routes, the dispatcher and the framework's answers of one router share.
pub(super) struct Shared {
    /// The response header naming the version served.
    pub(super) version_header: HeaderName,
    /// Where the router is mounted, when declared (`ApiBuilder::mounted_at`).
    pub(super) mount: Option<String>,
    pub(super) prefix: String,
    pub(super) per_endpoint: bool,
    pub(super) advert: Advert,
    pub(super) labels: Vec<&'static str>,
    pub(super) versions: Vec<Version>,
    /// For per-endpoint versioning: each endpoint's route, versions header and labels.
    pub(super) endpoints: Vec<KnownEndpoint>,
    /// `ApiBuilder::selected_in_responses`: answers carry their `Selected` in their extensions.
    pub(super) selected_in_responses: bool,
    /// `ApiBuilder::identify_consumer`: who is calling, from the request's parts.
    pub(super) identify: Option<Identify>,
}

/// The service's consumer identification (`ApiBuilder::identify_consumer`): the consumer's
/// identifier, borrowed from the request's parts, or `None` for an anonymous request.
#[derive(Clone)]
pub(super) struct Identify(pub(super) Arc<IdentifyFn>);

/// The function behind [`Identify`].
pub(super) type IdentifyFn =
    dyn for<'a> Fn(&'a http::request::Parts) -> Option<&'a str> + Send + Sync;

impl core::fmt::Debug for Identify {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Identify(..)")
    }
}

/// An endpoint as the answers of per-endpoint versioning know it: to tell, on the way to a
/// 404, which endpoint a path was meant for and in which versions it exists.
pub(super) struct KnownEndpoint {
    pub(super) method: &'static str,
    pub(super) path: &'static str,
    /// `path` compiled once by axum's own matcher (`matchit`): `/images/{id}`,
    /// `/files/{*rest}`.
    template: matchit::Router<()>,
    /// The versions header of the endpoint (`api-supported-versions`).
    pub(super) header: http::HeaderValue,
    pub(super) labels: Vec<&'static str>,
}

impl KnownEndpoint {
    pub(super) fn new(
        method: &'static str,
        path: &'static str,
        header: http::HeaderValue,
        labels: Vec<&'static str>,
    ) -> Self {
        let mut template = matchit::Router::new();
        // A template the matcher refuses matches no path.
        let _ = template.insert(path, ());
        KnownEndpoint {
            method,
            path,
            template,
            header,
            labels,
        }
    }

    /// Whether `path` matches the endpoint's path template.
    pub(super) fn matches(&self, path: &str) -> bool {
        self.template.at(path).is_ok()
    }
}

/// The path before the router's own paths, as clients see it: the declared mount point, or
/// the part of axum's `OriginalUri` that nesting stripped from `path` (empty when not nested).
pub(super) fn mount_of(shared: &Shared, path: &str, extensions: &http::Extensions) -> String {
    if let Some(mount) = &shared.mount {
        return mount.clone();
    }
    extensions
        .get::<axum::extract::OriginalUri>()
        .and_then(|original| original.path().strip_suffix(path).map(str::to_owned))
        .unwrap_or_default()
}

/// [`mount_of`], borrowed (nothing allocated): the declared mount point, or what nesting
/// stripped from `path`; for a route the dispatcher reached at a path without its version
/// prefix (`plain`), the prefix is taken off too, as the dispatcher stripped it.
pub(super) fn mount_str<'a>(
    shared: &'a Shared,
    path: &str,
    extensions: &'a http::Extensions,
    plain: bool,
) -> &'a str {
    if let Some(mount) = &shared.mount {
        return mount;
    }
    let stripped = extensions
        .get::<axum::extract::OriginalUri>()
        .and_then(|original| original.path().strip_suffix(path))
        .unwrap_or_default();
    if plain {
        stripped
            .strip_suffix(shared.prefix.as_str())
            .unwrap_or(stripped)
    } else {
        stripped
    }
}

/// `path` after `prefix` (the version prefix of path versioning), if it starts there.
pub(super) fn strip_prefix<'a>(prefix: &str, path: &'a str) -> Option<&'a str> {
    if prefix.is_empty() {
        return Some(path);
    }
    path.strip_prefix(prefix)
        .filter(|rest| rest.is_empty() || rest.starts_with('/'))
}
