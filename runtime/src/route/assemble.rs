//! Assembling the routes of the plan: each instance's route (what its handler is wrapped
//! in, its retirement notice, its usage counter), grouped by path into the prefixed
//! routes of path versioning, the version-neutral routes, and one router per version for
//! the dispatcher.

use core::convert::Infallible;
use std::sync::Arc;

use axum::Router;
use axum::extract::Request;
use axum::response::IntoResponse;
use axum::routing::MethodRouter;
use http::HeaderValue;

use crate::api::Api;
use crate::error::BuildError;
use crate::lifecycle::{
    API_LATEST_VERSION, Dates, Latest, LatestLink, Notice, Successor, http_date, structured_date,
};
use crate::model::endpoint::Endpoint;
use crate::model::history::RequestMoves;
use crate::model::plan::{Instance, Plan};
use crate::problem::{Problem, bounded};
use crate::select::Selected;
use crate::usage::Counter;

use super::answers::normalize;
use super::dispatch::preview_guard;
use super::endpoint::{add_handler, versioned_route};
use super::handler::RouteInfo;
use super::layers::Layers;
use super::shared::{Shared, mount_of};
use crate::preview::Preview;

/// What the routes of one build are assembled from.
pub(super) struct Assembly<'a, A: Api> {
    pub(super) plan: &'a Plan,
    pub(super) prefix: &'a Option<String>,
    pub(super) shared: &'a Arc<Shared>,
    /// One usage counter per instance of the plan, when usage is counted.
    pub(super) counters: Vec<Option<Counter>>,
    pub(super) layers: &'a Layers<A::State>,
    pub(super) preview: Option<&'a Preview>,
    /// The query parameter naming versions, when requests may name theirs there: the
    /// latest-version links of query versions set it.
    pub(super) query: Option<&'a str>,
}

impl<A: Api> Assembly<'_, A> {
    /// The method router of the instances (one path, one version) in `members`, served
    /// at `registered_at`.
    fn route_of(
        &self,
        members: &[usize],
        registered_at: &str,
    ) -> Result<MethodRouter<A::State, Infallible>, BuildError> {
        let members = members.iter().map(|&n| {
            let instance = &self.plan.instances[n];
            let notice = notice::<A>(instance, self.plan, self.prefix, registered_at)?;
            let latest = self.latest(instance, registered_at)?;
            let info = route_info::<A>(
                instance,
                self.endpoint_header(instance),
                self.shared,
                (notice, latest),
                self.counters[n].clone(),
            );
            Ok((instance.endpoint, info))
        });
        versioned_route::<A>(members, self.layers)
    }

    /// What the answers of `instance`, registered at `registered_at`, say about the latest
    /// released version, when its version is older: the version, and a link to the same
    /// endpoint (or its successor) there when path or query versions give it a URL.
    fn latest(
        &self,
        instance: &Instance,
        registered_at: &str,
    ) -> Result<Option<Latest>, BuildError> {
        let per_endpoint = self.shared.per_endpoint;
        let Some(target) = self
            .plan
            .latest::<A>(instance.endpoint, instance.version, per_endpoint)
        else {
            return Ok(None);
        };
        let label = A::VERSIONS[target.version].label;
        let query = self.query.filter(|_| self.prefix.is_none());
        let link = match target.path {
            Some(path) if self.prefix.is_some() || query.is_some() => Some(
                LatestLink::new(
                    registered_at,
                    served_path::<A>(self.prefix, target.version, path),
                    query,
                    label,
                    self.shared.mount.as_deref(),
                    self.prefix.is_some() && registered_at == instance.path,
                )
                .map_err(|error| {
                    BuildError::Invalid(format!(
                        "endpoint {}: its latest-version link {error}",
                        instance.endpoint.source()
                    ))
                })?,
            ),
            _ => None,
        };
        Ok(Some(Latest {
            version: HeaderValue::from_static(label),
            link,
        }))
    }

    /// The `api-supported-versions` of `instance`'s endpoint alone, under per-endpoint
    /// versioning.
    fn endpoint_header(&self, instance: &Instance) -> Option<HeaderValue> {
        if !self.shared.per_endpoint {
            return None;
        }
        self.shared
            .endpoints
            .iter()
            .find(|e| e.method == instance.method && e.path == instance.path)
            .map(|e| e.header.clone())
    }

    /// Under path versioning: every instance at its prefixed path (`/v2/items`), unreleased
    /// versions behind the preview guard.
    pub(super) fn prefixed_routes(
        &self,
        mut root: Router<A::State>,
    ) -> Result<Router<A::State>, BuildError> {
        if self.prefix.is_none() {
            return Ok(root);
        }
        let paths =
            (self.plan.instances.iter()).map(|i| served_path::<A>(self.prefix, i.version, i.path));
        for (path, members) in by_path(paths) {
            let first = &self.plan.instances[members[0]];
            let mut route = self.route_of(&members, &path)?;
            if let (true, Some(preview)) = (A::VERSIONS[first.version].unreleased, self.preview) {
                route = route.layer(preview_guard::<A>(preview.clone(), self.shared.clone()));
            }
            root = add_route::<A>(root, &path, route, first.endpoint)?;
        }
        Ok(root)
    }

    /// The version-neutral endpoints: not hot, so an ordinary middleware stamps and
    /// normalises their answers.
    pub(super) fn neutral_routes(
        &self,
        mut root: Router<A::State>,
    ) -> Result<Router<A::State>, BuildError> {
        for endpoint in &self.plan.neutral {
            let route = add_handler::<A>(MethodRouter::new(), endpoint, endpoint.method, None)?;
            let route = unversioned(route, self.shared);
            root = add_route::<A>(root, endpoint.path, route, endpoint)?;
        }
        Ok(root)
    }

    /// One router per version at the plain paths, for the dispatcher.
    pub(super) fn version_routers(&self, state: &A::State) -> Result<Vec<Router>, BuildError> {
        let mut routers = Vec::with_capacity(A::VERSIONS.len());
        for version in 0..A::VERSIONS.len() {
            let mut router: Router<A::State> = Router::new();
            let paths =
                (self.plan.instances.iter()).map(|i| (i.version == version).then_some(i.path));
            for (path, members) in by_path(paths) {
                let route = self.route_of(&members, path)?;
                let endpoint = self.plan.instances[members[0]].endpoint;
                router = add_route::<A>(router, path, route, endpoint)?;
            }
            router = self.version_fallback(router, version);
            routers.push(router.with_state(state.clone()));
        }
        Ok(routers)
    }

    /// `router` (version `version`'s), answering a path it does not serve with a 404
    /// problem carrying the version headers.
    fn version_fallback(&self, router: Router<A::State>, version: usize) -> Router<A::State> {
        let label = HeaderValue::from_static(A::VERSIONS[version].label);
        // An older released version's answers name the latest, as its routes' do.
        let newest = A::VERSIONS.iter().rposition(|v| !v.unreleased);
        let latest = newest
            .filter(|&n| version < n && !A::VERSIONS[version].unreleased)
            .map(|n| HeaderValue::from_static(A::VERSIONS[n].label));
        let shared = self.shared.clone();
        router.fallback(move |request: Request| {
            let (label, latest, shared) = (label.clone(), latest.clone(), shared.clone());
            async move {
                let mut response = Problem::not_found(format!(
                    "version {} of API `{}` has no endpoint `{} {}`",
                    A::VERSIONS[version].label,
                    A::NAME,
                    request.method(),
                    bounded(request.uri().path())
                ))
                .with_type("urn:versionary:problem:no-such-endpoint")
                .with_instance(format!(
                    "{}{}",
                    mount_of(&shared, request.uri().path(), request.extensions()),
                    bounded(request.uri().path())
                ))
                .into_response();
                let name = shared.version_header.clone();
                response.headers_mut().insert(name, label);
                if let Some(latest) = latest {
                    response.headers_mut().insert(API_LATEST_VERSION, latest);
                }
                shared.advert.stamp(&mut response);
                response
            }
        })
    }
}

/// `route` with its answers stamped (version headers) and bare errors turned into
/// problems by an ordinary middleware: for the routes that are not versioned.
pub(super) fn unversioned<S>(
    route: MethodRouter<S, Infallible>,
    shared: &Arc<Shared>,
) -> MethodRouter<S, Infallible>
where
    S: Clone + Send + Sync + 'static,
{
    route.layer(axum::middleware::map_response_with_state(
        shared.clone(),
        normalize,
    ))
}

/// A version-neutral endpoint must not answer where a versioned one is served: it would
/// shadow it, even for requests that name a version.
pub(super) fn check_neutral<A: Api>(
    plan: &Plan,
    prefix: &Option<String>,
    plain_paths_routed: bool,
) -> Result<(), BuildError> {
    for neutral in &plan.neutral {
        let shadowed = plan.instances.iter().find(|i| {
            i.method == neutral.method
                && (served_path::<A>(prefix, i.version, i.path) == neutral.path
                    || (prefix.is_none() || plain_paths_routed) && i.path == neutral.path)
        });
        if let Some(instance) = shadowed {
            return Err(BuildError::Duplicate {
                route: format!(
                    "{} {} (version-neutral, and served in version {})",
                    neutral.method,
                    neutral.path,
                    A::VERSIONS[instance.version].label
                ),
                first: instance.endpoint.source(),
                second: neutral.source(),
            });
        }
    }
    Ok(())
}

/// What a versioned route does around the handler of one instance.
fn route_info<A: Api>(
    instance: &Instance,
    per_endpoint: Option<HeaderValue>,
    shared: &Arc<Shared>,
    (notice, latest): (Option<Notice>, Option<Latest>),
    counter: Option<Counter>,
) -> Arc<RouteInfo> {
    // The changes of the endpoint's answers this version undoes, computed once.
    let undone = instance.endpoint.undone_at(instance.version);
    Arc::new(RouteInfo {
        selected: Selected::new::<A>(instance.version),
        version: HeaderValue::from_static(A::VERSIONS[instance.version].label),
        supported: per_endpoint,
        shared: shared.clone(),
        notice,
        latest,
        counter,
        method: instance.method,
        route: instance.path,
        request_moves: RequestMoves::of(&undone),
        undone: undone.into(),
    })
}

/// The retirement notice of one instance, when its version or endpoint declares dates.
fn notice<A: Api>(
    instance: &Instance,
    plan: &Plan,
    prefix: &Option<String>,
    registered_at: &str,
) -> Result<Option<Notice>, BuildError> {
    let e = instance.endpoint;
    let info = &A::VERSIONS[instance.version];
    let own = Dates::of(e.deprecated, e.sunset);
    let dates = Dates::of(info.deprecated, info.sunset).earliest(own);
    if !dates.any() {
        return Ok(None);
    }
    let successor = successor::<A>(instance, own, plan, prefix, registered_at)?;
    let header = |text: String| {
        HeaderValue::from_str(&text)
            .map_err(|_| BuildError::Invalid(format!("`{text}` is not a header value")))
    };
    let sunset_date = if own.sunset.is_some() && own.sunset == dates.sunset {
        e.sunset
    } else {
        info.sunset.or(e.sunset)
    };
    Ok(Some(Notice {
        dates,
        subject: format!(
            "`{} {}` in version {}",
            instance.method, instance.path, info.label
        ),
        deprecation: dates
            .deprecated
            .map(|d| header(structured_date(d)))
            .transpose()?,
        sunset: (dates.sunset)
            .map(|s| {
                let date = http_date(s).ok_or_else(|| {
                    BuildError::Invalid(format!(
                        "endpoint {}: its sunset cannot be written as an HTTP date (1970 to 9999)",
                        e.source()
                    ))
                })?;
                header(date)
            })
            .transpose()?,
        sunset_date,
        successor,
        policy: A::DEPRECATION_POLICY.map(str::to_owned),
        plain: prefix.is_some() && registered_at == instance.path,
    }))
}

/// Where clients of a retiring instance are sent: the endpoint's declared successor (when
/// the endpoint itself retires), else the same endpoint in the newest released version.
fn successor<A: Api>(
    instance: &Instance,
    own: Dates,
    plan: &Plan,
    prefix: &Option<String>,
    registered_at: &str,
) -> Result<Option<Successor>, BuildError> {
    let e = instance.endpoint;
    let Some(target) = e.successor.filter(|_| own.any()) else {
        let newest = A::VERSIONS.iter().rposition(|v| !v.unreleased);
        return Ok(newest
            .filter(|&n| n != instance.version && e.serves(n, A::VERSIONS.len()))
            .map(|n| {
                let (method, path) = e.at(n);
                Successor {
                    from: registered_at.to_owned(),
                    to: served_path::<A>(prefix, n, path),
                    method,
                    version: A::VERSIONS[n].label,
                }
            }));
    };
    let found = plan
        .instances
        .iter()
        .filter(|o| o.path == target && !A::VERSIONS[o.version].unreleased)
        .max_by_key(|o| o.version)
        .ok_or_else(|| {
            BuildError::Invalid(format!(
                "endpoint {}: its successor `{target}` is not an endpoint of any released version",
                e.source()
            ))
        })?;
    Ok(Some(Successor {
        from: registered_at.to_owned(),
        to: served_path::<A>(prefix, found.version, target),
        method: found.method,
        version: A::VERSIONS[found.version].label,
    }))
}

/// The path version `version` serves `path` at: after the prefix and the version segment
/// under path versioning, else as it is.
pub(super) fn served_path<A: Api>(prefix: &Option<String>, version: usize, path: &str) -> String {
    match prefix {
        Some(prefix) => format!("{prefix}/v{}{path}", A::VERSIONS[version].label),
        None => path.to_owned(),
    }
}

/// `router.route(path, route)` for `endpoint`'s route, a conflict reported as its.
fn add_route<A: Api>(
    router: Router<A::State>,
    path: &str,
    route: MethodRouter<A::State, Infallible>,
    endpoint: &Endpoint,
) -> Result<Router<A::State>, BuildError> {
    try_route::<A>(router, path, route, || {
        format!(
            "endpoint {}: axum rejected the path `{path}` (it conflicts with another route)",
            endpoint.source()
        )
    })
}

/// `router.route(path, route)`, with axum's panic on a conflicting path turned into
/// `BuildError::Invalid(conflict())`.
pub(super) fn try_route<A: Api>(
    router: Router<A::State>,
    path: &str,
    route: MethodRouter<A::State, Infallible>,
    conflict: impl FnOnce() -> String,
) -> Result<Router<A::State>, BuildError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
        router.route(path, route)
    }))
    .map_err(|_| BuildError::Invalid(conflict()))
}

/// The indices of `paths` grouped by path, in order of first appearance; `None` skips an
/// index.
fn by_path<P, I>(paths: I) -> Vec<(P, Vec<usize>)>
where
    P: Eq + core::hash::Hash + Clone,
    I: IntoIterator,
    I::Item: Into<Option<P>>,
{
    let mut groups: Vec<(P, Vec<usize>)> = Vec::new();
    let mut index: std::collections::HashMap<P, usize> = std::collections::HashMap::new();
    for (n, path) in paths.into_iter().enumerate() {
        let Some(path) = path.into() else { continue };
        match index.entry(path.clone()) {
            std::collections::hash_map::Entry::Occupied(e) => groups[*e.get()].1.push(n),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(groups.len());
                groups.push((path, vec![n]));
            }
        }
    }
    groups
}
