//! The lifecycle headers: each response's `api-supported-versions` and
//! `api-deprecated-versions` (an [`Advert`] per stretch of time between declared dates),
//! and a retiring route's `Deprecation` (RFC 9745), `Sunset` (RFC 8594) and `Link`
//! (RFC 8288) headers (its [`Notice`]).

use http::HeaderName;

use crate::api::Api;
use crate::headers::API_SUPPORTED_VERSIONS;
use crate::version::VersionInfo;

use super::clock::Clock;
use super::dates::{Dates, Stage};
use super::successor::Successor;

/// `Deprecation` (RFC 9745): when the version or endpoint was deprecated, as a structured
/// date (`@` and seconds since the epoch).
pub const DEPRECATION: HeaderName = HeaderName::from_static("deprecation");
/// `Sunset` (RFC 8594): when the version or endpoint stops answering, as an HTTP-date.
pub const SUNSET: HeaderName = HeaderName::from_static("sunset");
/// Response header listing the deprecated versions that are still served (as in ASP.NET API
/// Versioning: a deprecated version is listed here and not in `api-supported-versions`).
pub const API_DEPRECATED_VERSIONS: HeaderName = HeaderName::from_static("api-deprecated-versions");

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
    pub(crate) fn new<A: Api>(clock: Clock) -> Result<Advert, ()> {
        let public: Vec<&VersionInfo> = A::VERSIONS.iter().filter(|v| !v.unreleased).collect();
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
        if headers.contains_key(API_SUPPORTED_VERSIONS) {
            return;
        }
        let epoch = self.now();
        headers.insert(API_SUPPORTED_VERSIONS, epoch.supported.clone());
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
    /// Whether the route is reached at a path without its version prefix (path versions
    /// with a missing-version policy or pins): the dispatcher took the prefix off, so it is
    /// not part of the mount point the successor's URL starts with.
    pub(crate) plain: bool,
}

impl Notice {
    /// The successor's URL for a request to `path` of a router mounted at `mount`.
    pub(crate) fn successor_url(&self, mount: &str, path: &str) -> Option<String> {
        (self.successor.as_ref()).map(|s| s.url(mount, path))
    }

    /// The `Link` header for a request to `path` of a router mounted at `mount`, with the
    /// answer's link to the latest version (`also`) after the successor's.
    pub(crate) fn link(
        &self,
        mount: &str,
        path: &str,
        also: Option<http::HeaderValue>,
    ) -> Option<http::HeaderValue> {
        let mut links = Vec::new();
        if let Some(url) = self.successor_url(mount, path) {
            links.push(format!("<{url}>; rel=\"successor-version\""));
        }
        if let Some(also) = also {
            match also.to_str() {
                Ok(text) => links.push(text.to_owned()),
                Err(_) => return Some(also),
            }
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

    /// Adds `Deprecation`, `Sunset` and `link` (made by [`Notice::link`] from the request)
    /// to a response. (`Link` is appended: a handler's own links stay.)
    pub(crate) fn apply(
        &self,
        link: Option<http::HeaderValue>,
        response: &mut axum::response::Response,
    ) {
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
}
