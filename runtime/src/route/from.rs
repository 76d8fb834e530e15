//! [`VersionFrom`]: where a request names its version (path, header, query parameter,
//! media type, or several), and the selection sources it gives the dispatcher.

use http::HeaderName;

use crate::error::BuildError;
use crate::select::Source;

/// Where a request names its version.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum VersionFrom {
    /// Global URL-path versions: a segment `v{version}` after `prefix`
    /// (`/api/v2/participants`); every endpoint is served under every version of its range.
    Path {
        /// The path before the version segment: `""` or `/api`.
        prefix: String,
    },
    /// Per-endpoint URL-path versions: like [`VersionFrom::Path`], but each endpoint
    /// advertises (in `api-supported-versions` and in errors) only its own versions.
    PathPerEndpoint {
        /// The path before the version segment.
        prefix: String,
    },
    /// A request header, such as `api-version: 2`.
    Header(HeaderName),
    /// A query parameter, such as `?api-version=2`.
    Query(String),
    /// The `version` parameter of the `Accept` media type:
    /// `Accept: application/json; version=2`.
    MediaType,
    /// Any of several header, query or media-type sources; a request naming two different
    /// versions is answered 400 "ambiguous".
    Any(Vec<VersionFrom>),
}

impl VersionFrom {
    /// The request headers that may name the version.
    pub(crate) fn header_names(&self, out: &mut Vec<HeaderName>) {
        match self {
            VersionFrom::Header(name) => out.push(name.clone()),
            VersionFrom::Any(list) => list.iter().for_each(|from| from.header_names(out)),
            _ => {}
        }
    }

    /// Versions in the URL path after `prefix` (`""` for `/v1/...`, `"/api"` for
    /// `/api/v1/...`).
    pub fn path(prefix: impl Into<String>) -> VersionFrom {
        VersionFrom::Path {
            prefix: prefix.into(),
        }
    }

    /// Per-endpoint versions in the URL path after `prefix`.
    pub fn path_per_endpoint(prefix: impl Into<String>) -> VersionFrom {
        VersionFrom::PathPerEndpoint {
            prefix: prefix.into(),
        }
    }

    /// Versions in the request header `name` (for example `api-version`).
    pub fn header(name: &'static str) -> VersionFrom {
        VersionFrom::Header(HeaderName::from_static(name))
    }

    /// Versions in the query parameter `name` (for example `api-version`).
    pub fn query(name: impl Into<String>) -> VersionFrom {
        VersionFrom::Query(name.into())
    }

    pub(crate) fn prefix(&self) -> Option<&str> {
        match self {
            VersionFrom::Path { prefix } | VersionFrom::PathPerEndpoint { prefix } => Some(prefix),
            _ => None,
        }
    }

    pub(crate) fn sources(&self, out: &mut Vec<Source>) -> Result<(), BuildError> {
        match self {
            VersionFrom::Header(name) => out.push(Source::Header(name.clone())),
            VersionFrom::Query(name) if !name.is_empty() => out.push(Source::Query(name.clone())),
            VersionFrom::Query(_) => {
                return Err(BuildError::Invalid(
                    "the version query parameter needs a name".into(),
                ));
            }
            VersionFrom::MediaType => out.push(Source::MediaType),
            VersionFrom::Any(all) => {
                for from in all {
                    from.sources(out)?;
                }
            }
            VersionFrom::Path { .. } | VersionFrom::PathPerEndpoint { .. } => {
                return Err(BuildError::Invalid(
                    "path versioning cannot be combined with other sources in `VersionFrom::Any`"
                        .into(),
                ));
            }
        }
        Ok(())
    }
}
