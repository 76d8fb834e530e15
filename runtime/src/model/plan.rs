//! The plan of what each version serves: every registered endpoint of an API checked and
//! placed at the method and path it has in each version it serves ([`Plan::of`]).

use core::any::TypeId;

use axum::routing::MethodFilter;

use crate::api::Api;
use crate::error::BuildError;

use super::endpoint::Endpoint;

/// One endpoint served at one version.
#[derive(Clone)]
pub(crate) struct Instance {
    pub(crate) endpoint: &'static Endpoint,
    pub(crate) version: usize,
    pub(crate) method: &'static str,
    pub(crate) path: &'static str,
}

/// What a router serves: the version-neutral endpoints, and every (endpoint, version)
/// instance with the method and path it has there.
#[derive(Clone)]
pub(crate) struct Plan {
    pub(crate) neutral: Vec<&'static Endpoint>,
    pub(crate) instances: Vec<Instance>,
}

impl Plan {
    /// The plan of API `A` from the registered endpoints, unreleased versions included when
    /// `preview`; a registration with an invalid method or version range, or two claiming
    /// one route, is an error.
    pub(crate) fn of<A: Api>(preview: bool) -> Result<Plan, BuildError> {
        let mut endpoints: Vec<&'static Endpoint> = inventory::iter::<Endpoint>
            .into_iter()
            .filter(|e| (e.api)() == TypeId::of::<A>())
            .collect();
        if endpoints.is_empty() {
            return Err(BuildError::NoEndpoints { api: A::NAME });
        }
        endpoints.sort_by(|a, b| {
            (a.path, a.method, a.since, a.file, a.line)
                .cmp(&(b.path, b.method, b.since, b.file, b.line))
        });
        let count = A::VERSIONS.len();
        let mut plan = Plan {
            neutral: Vec::new(),
            instances: Vec::new(),
        };
        for e in endpoints {
            let until = e.until.unwrap_or(count);
            let moves_ok = e.moves.iter().all(|m| method_filter(m.method).is_some());
            let set_ok =
                e.versions.iter().all(|&v| v < count) && e.versions.windows(2).all(|w| w[0] < w[1]);
            if method_filter(e.method).is_none()
                || !moves_ok
                || !set_ok
                || e.since >= until
                || until > count
            {
                return Err(BuildError::Invalid(format!(
                    "endpoint {} has an invalid method or version range",
                    e.source()
                )));
            }
            if e.neutral {
                if let Some(other) = plan
                    .neutral
                    .iter()
                    .find(|o| o.method == e.method && o.path == e.path)
                {
                    return Err(BuildError::Duplicate {
                        route: format!("{} {} (version-neutral)", e.method, e.path),
                        first: other.source(),
                        second: e.source(),
                    });
                }
                plan.neutral.push(e);
                continue;
            }
            for version in e.served(count) {
                if A::VERSIONS[version].unreleased && !preview {
                    continue;
                }
                let (method, path) = e.at(version);
                if let Some(other) = plan
                    .instances
                    .iter()
                    .find(|i| i.version == version && i.method == method && i.path == path)
                {
                    return Err(BuildError::Duplicate {
                        route: format!("{method} {path} in version {}", A::VERSIONS[version].label),
                        first: other.endpoint.source(),
                        second: e.source(),
                    });
                }
                plan.instances.push(Instance {
                    endpoint: e,
                    version,
                    method,
                    path,
                });
            }
        }
        Ok(plan)
    }
}

/// axum's filter for `method`, if axum routes it.
pub(crate) fn method_filter(method: &str) -> Option<MethodFilter> {
    let method = http::Method::from_bytes(method.as_bytes()).ok()?;
    MethodFilter::try_from(method).ok()
}

/// Where clients of an older version find the same endpoint in the latest released version:
/// the version (the API's newest released one, or under per-endpoint versioning the
/// endpoint's own newest) and the path template serving it there (the endpoint's own, or
/// its declared successor's), `None` when neither is served there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct LatestTarget {
    pub(crate) version: usize,
    pub(crate) path: Option<&'static str>,
}

impl Plan {
    /// The latest-version target of `endpoint` answering in version `version`; `None` when
    /// `version` is not older than the latest released one (or is itself unreleased).
    pub(crate) fn latest<A: Api>(
        &self,
        endpoint: &'static Endpoint,
        version: usize,
        per_endpoint: bool,
    ) -> Option<LatestTarget> {
        let released = |v: usize| !A::VERSIONS[v].unreleased;
        let latest = if per_endpoint {
            (self.instances.iter())
                .filter(|i| core::ptr::eq(i.endpoint, endpoint) && released(i.version))
                .map(|i| i.version)
                .max()?
        } else {
            A::VERSIONS.iter().rposition(|v| !v.unreleased)?
        };
        if version >= latest || !released(version) {
            return None;
        }
        let own = (self.instances.iter())
            .find(|i| core::ptr::eq(i.endpoint, endpoint) && i.version == latest)
            .map(|i| i.path);
        let successor = || {
            let target = endpoint.successor?;
            (self.instances.iter())
                .find(|i| i.path == target && i.version == latest)
                .map(|i| i.path)
        };
        Some(LatestTarget {
            version: latest,
            path: own.or_else(successor),
        })
    }
}
