//! Assembling the router: each version's routes, the dispatch between versions, and the
//! framework's own routes (OpenAPI documents, the version list).

use core::convert::Infallible;
use core::marker::PhantomData;
use std::sync::Arc;

use axum::Router;
use axum::extract::Request;
use axum::response::IntoResponse;
use axum::routing::MethodRouter;
use http::{HeaderName, HeaderValue};
use serde_json::Value;

use crate::api::Api;
use crate::problem::{Problem, bounded};
use crate::select::{self, Selected};
use crate::version::Version;

use super::answers::KnownEndpoint;
use super::answers::{mount_of, normalize, not_routed, version_list};
use super::builder::{ApiBuilder, BuildError, Layers, MissingVersion, VersionFrom};
use super::dispatch::{Dispatch, DispatchInner, Missing, preview_guard};
use super::endpoint::{Endpoint, Instance, MakeRoute, Plan};
use super::handler::RouteInfo;
use crate::openapi::document;

pub(super) struct Shared {
    /// The response header naming the version served.
    pub(super) version_header: HeaderName,
    /// Where the router is mounted, when declared (`ApiBuilder::mounted_at`).
    pub(super) mount: Option<String>,
    pub(super) prefix: String,
    pub(super) per_endpoint: bool,
    pub(super) advert: crate::lifecycle::Advert,
    pub(super) labels: Vec<&'static str>,
    pub(super) versions: Vec<Version>,
    /// For per-endpoint versioning: each endpoint's route, versions header and labels.
    pub(super) endpoints: Vec<KnownEndpoint>,
    /// `ApiBuilder::selected_in_responses`: answers carry their `Selected` in their extensions.
    pub(super) selected_in_responses: bool,
}

impl<A: Api> ApiBuilder<A> {
    /// The checks every use of the builder makes before anything else (`build`, and
    /// `route_table`, which lists what `build` would serve): a released endpoint deleted,
    /// a foreign type whose JSON changed, the mount, the prefix and `earlier_dates`. Returns
    /// the path prefix, if the version is in the path.
    pub(super) fn startup_checks(&self) -> Result<Option<String>, BuildError> {
        if let Some(lock) = crate::lock::Compiled::of::<A>() {
            // First: a service that lost a released endpoint must not start, whatever else.
            let gone = lock.endpoints_gone(self.clock.unix_seconds());
            if !gone.is_empty() {
                return Err(BuildError::ReleasedEndpointsGone {
                    api: A::NAME,
                    endpoints: gone,
                    lock: A::LOCK.unwrap_or_default(),
                });
            }
            // Nor one whose foreign types would answer released versions with new JSON.
            let changes = lock.foreign_types_changed();
            if !changes.is_empty() {
                return Err(BuildError::ForeignTypesChanged {
                    api: A::NAME,
                    changes,
                    lock: A::LOCK.unwrap_or_default(),
                });
            }
        }
        let prefix = self.checked_prefix()?;
        self.checked_mount()?;
        if self.earlier_dates && prefix.is_some() {
            return Err(BuildError::Invalid(
                "`earlier_dates` serves a date between versions as the closest earlier one; it needs versions named in a header, a query parameter or the media type, not in the path".into(),
            ));
        }
        if self.earlier_dates
            && !A::VERSIONS
                .iter()
                .all(|v| matches!(v.version, Version::Date { .. }))
        {
            return Err(BuildError::Invalid(format!(
                "`earlier_dates` needs date versions; `{}` declares others",
                A::NAME
            )));
        }
        Ok(prefix)
    }

    /// Builds the router: every endpoint under every version of its range, the version
    /// chosen as configured, errors as problem+json, version headers on every response.
    pub fn build(self, state: A::State) -> Result<Router, BuildError> {
        let prefix = self.startup_checks()?;
        let mut sources = Vec::new();
        if prefix.is_none() {
            self.from.sources(&mut sources)?;
        }
        let missing = match &self.missing {
            MissingVersion::Reject => None,
            MissingVersion::Default(version) => {
                Some(Missing::Fixed(A::index_of(version).ok_or_else(|| {
                    BuildError::Invalid(format!(
                        "the default version {version} is not declared by `{}`",
                        A::NAME
                    ))
                })?))
            }
            MissingVersion::Latest => Some(Missing::Fixed(Self::newest_released())),
            MissingVersion::Oldest => Some(Missing::Fixed(Self::oldest_released())),
            MissingVersion::Resolve(resolver) => Some(Missing::Resolve(resolver.clone())),
        };
        let plan = Self::plan(self.preview.is_some())?;
        Self::check_neutral(&plan, &prefix, missing.is_some())?;
        let per_endpoint = matches!(self.from, VersionFrom::PathPerEndpoint { .. });
        let labels: Vec<&'static str> = select::public_labels::<A>();
        let header_of = |labels: &[&str]| {
            HeaderValue::from_str(&labels.join(", ")).map_err(|_| {
                BuildError::Invalid("a version label is not a valid header value".into())
            })
        };
        let mut endpoints: Vec<KnownEndpoint> = Vec::new();
        for i in &plan.instances {
            if endpoints
                .iter()
                .any(|e| e.method == i.method && e.path == i.path)
            {
                continue;
            }
            let own: Vec<&'static str> = plan
                .instances
                .iter()
                .filter(|o| o.method == i.method && o.path == i.path)
                .filter(|o| !A::VERSIONS[o.version].unreleased)
                .map(|o| A::VERSIONS[o.version].label)
                .collect();
            endpoints.push(KnownEndpoint::new(i.method, i.path, header_of(&own)?, own));
        }
        let shared = Arc::new(Shared {
            version_header: self.served_version_header(),
            mount: self.checked_mount()?,
            prefix: prefix.clone().unwrap_or_default(),
            per_endpoint,
            advert: crate::lifecycle::Advert::new::<A>(self.clock.clone()).map_err(|()| {
                BuildError::Invalid("a version label is not a valid header value".into())
            })?,
            labels,
            versions: A::VERSIONS
                .iter()
                .filter(|v| !v.unreleased)
                .map(|v| v.version)
                .collect(),
            endpoints,
            selected_in_responses: self.selected_in_responses,
        });
        let endpoint_header = |instance: &Instance| {
            per_endpoint
                .then(|| {
                    shared
                        .endpoints
                        .iter()
                        .find(|e| e.method == instance.method && e.path == instance.path)
                        .map(|e| e.header.clone())
                })
                .flatten()
        };

        // One usage row per instance; path versioning with a missing-version policy routes
        // an instance twice (prefixed and plain), and both count into its row.
        let counters: Vec<Option<crate::usage::Counter>> = match &self.usage {
            Some(usage) => usage
                .attach(
                    A::NAME,
                    plan.instances
                        .iter()
                        .map(|i| {
                            (
                                i.version,
                                A::VERSIONS[i.version].label,
                                i.method,
                                i.path.to_owned(),
                            )
                        })
                        .collect(),
                )
                .map_err(|()| {
                    BuildError::Invalid(
                        "this `Usage` already counts another router: give each router its own"
                            .into(),
                    )
                })?
                .into_iter()
                .map(Some)
                .collect(),
            None => vec![None; plan.instances.len()],
        };
        // The method router of the instances (one path, one version) in `members`.
        let route_of = |members: &[usize], registered_at: &str| {
            Self::versioned_route(
                members.iter().map(|&n| {
                    let instance = &plan.instances[n];
                    let notice = Self::notice(instance, &plan, &prefix, registered_at)?;
                    Ok((
                        instance.endpoint,
                        Self::route_info(
                            instance,
                            endpoint_header(instance),
                            &shared,
                            notice,
                            counters[n].clone(),
                        ),
                    ))
                }),
                &self.layers,
            )
        };

        let mut root: Router<A::State> = Router::new();
        if prefix.is_some() {
            let paths = plan
                .instances
                .iter()
                .map(|i| Self::served_path(&prefix, i.version, i.path));
            for (path, members) in by_path(paths) {
                let first = &plan.instances[members[0]];
                let mut route = route_of(&members, &path)?;
                if let (true, Some(preview)) =
                    (A::VERSIONS[first.version].unreleased, &self.preview)
                {
                    route = route.layer(preview_guard::<A>(preview.clone(), shared.clone()));
                }
                root = Self::add_route(root, &path, route, first.endpoint)?;
            }
        }
        // Routes outside any version: not hot, so an ordinary middleware stamps and
        // normalises their answers.
        let unversioned = axum::middleware::map_response_with_state(shared.clone(), normalize);
        for endpoint in &plan.neutral {
            let route = Self::add_handler(MethodRouter::new(), endpoint, endpoint.method, None)?
                .layer(unversioned.clone());
            root = Self::add_route(root, endpoint.path, route, endpoint)?;
        }
        if let Some(base) = &self.openapi_path {
            let spec = Arc::new((self.doc_spec()?, plan.clone()));
            let cache: Arc<Vec<std::sync::OnceLock<Value>>> = Arc::new(
                (0..A::VERSIONS.len())
                    .map(|_| std::sync::OnceLock::new())
                    .collect(),
            );
            let route = axum::routing::get(
                move |axum::extract::Path(file): axum::extract::Path<String>| {
                    let (spec, cache) = (spec.clone(), cache.clone());
                    async move {
                        let index = file.strip_suffix(".json").and_then(|label| {
                            A::VERSIONS
                                .iter()
                                .position(|v| v.label == label && !v.unreleased)
                        });
                        match index {
                            Some(index) => axum::Json(
                                cache[index]
                                    .get_or_init(|| document::<A>(&spec.0, &spec.1, index))
                                    .clone(),
                            )
                            .into_response(),
                            None => Problem::not_found(format!(
                                "no OpenAPI document `{}`; documents: {}",
                                bounded(&file),
                                select::public_labels::<A>()
                                    .iter()
                                    .map(|l| format!("{l}.json"))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ))
                            .into_response(),
                        }
                    }
                },
            )
            .layer(unversioned.clone());
            root = Self::try_route(root, &format!("{base}/{{file}}"), route, || {
                format!("the OpenAPI path `{base}` conflicts with a route")
            })?;
        }
        #[cfg(feature = "docs")]
        if let Some(base) = &self.docs {
            let site = crate::docs::Site {
                base: base.clone(),
                openapi: self.openapi_path.clone(),
                mount: self.checked_mount()?,
                spec: self.doc_spec()?,
                plan: plan.clone(),
                table: self.route_table()?,
                clock: self.clock.clone(),
                preview: self.preview.clone().map(|p| (p.header, p.allow)),
            };
            for (path, route) in crate::docs::routes::<A>(site)? {
                root = Self::try_route(root, &path, route.layer(unversioned.clone()), || {
                    format!("the docs path `{path}` conflicts with a route")
                })?;
            }
        }
        if let Some(path) = &self.versions_path {
            let clock = self.clock.clone();
            let route = axum::routing::get(move || {
                let now = clock.unix_seconds();
                async move { axum::Json(version_list::<A>(now)) }
            })
            .layer(unversioned);
            root = Self::try_route(root, path, route, || {
                format!("the version list path `{path}` conflicts with a route")
            })?;
        }

        let root = if prefix.is_some() && missing.is_none() {
            let shared = shared.clone();
            root.fallback(move |request: Request| {
                let shared = shared.clone();
                async move { not_routed::<A>(&shared, &request) }
            })
        } else {
            // Per-version routers at the plain paths, chosen per request.
            let mut routers = Vec::with_capacity(A::VERSIONS.len());
            for version in 0..A::VERSIONS.len() {
                let mut router: Router<A::State> = Router::new();
                let paths = plan
                    .instances
                    .iter()
                    .map(|i| (i.version == version).then_some(i.path));
                for (path, members) in by_path(paths) {
                    let route = route_of(&members, path)?;
                    let endpoint = plan.instances[members[0]].endpoint;
                    router = Self::add_route(router, path, route, endpoint)?;
                }
                let label = HeaderValue::from_static(A::VERSIONS[version].label);
                let fallback_shared = shared.clone();
                router = router.fallback(move |request: Request| {
                    let (label, shared) = (label.clone(), fallback_shared.clone());
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
                        shared.advert.stamp(&mut response);
                        response
                    }
                });
                routers.push(router.with_state(state.clone()));
            }
            root.fallback_service(Dispatch::<A> {
                inner: Arc::new(DispatchInner {
                    routers,
                    sources,
                    missing,
                    shared: shared.clone(),
                    preview: self.preview.clone(),
                    earlier_dates: self.earlier_dates,
                }),
                api: PhantomData,
            })
        };
        // No router-wide layer: it would box and clone per request. Versioned routes stamp
        // their own answers (see `SelectService`), the rest stamp theirs.
        Ok(root.with_state(state))
    }

    /// A version-neutral endpoint must not answer where a versioned one is served: it would
    /// shadow it, even for requests that name a version.
    fn check_neutral(
        plan: &Plan,
        prefix: &Option<String>,
        plain_paths_routed: bool,
    ) -> Result<(), BuildError> {
        for neutral in &plan.neutral {
            let shadowed = plan.instances.iter().find(|i| {
                i.method == neutral.method
                    && (Self::served_path(prefix, i.version, i.path) == neutral.path
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

    /// Adds `endpoint`'s handler for `method` to `router`, wrapped in [`Versioned`] when
    /// `info` is given.
    pub(super) fn add_handler(
        router: MethodRouter<A::State, Infallible>,
        endpoint: &Endpoint,
        method: &'static str,
        info: Option<Arc<RouteInfo>>,
    ) -> Result<MethodRouter<A::State, Infallible>, BuildError> {
        let mut make = MakeRoute {
            router: Some(Box::new(router)),
            method,
            info,
        };
        (endpoint.make)(&mut make);
        make.router
            .and_then(|r| r.downcast::<MethodRouter<A::State, Infallible>>().ok())
            .map(|boxed| *boxed)
            .ok_or_else(|| {
                BuildError::Invalid(format!(
                    "endpoint {} was registered for another state type",
                    endpoint.source()
                ))
            })
    }

    /// What a versioned route does around the handler of one instance.
    pub(super) fn route_info(
        instance: &Instance,
        per_endpoint: Option<HeaderValue>,
        shared: &Arc<Shared>,
        notice: Option<crate::lifecycle::Notice>,
        counter: Option<crate::usage::Counter>,
    ) -> Arc<RouteInfo> {
        // The changes of the endpoint's answers this version undoes, computed once.
        let undone = instance.endpoint.undone_at(instance.version);
        Arc::new(RouteInfo {
            selected: Selected::new::<A>(instance.version),
            version: HeaderValue::from_static(A::VERSIONS[instance.version].label),
            supported: per_endpoint,
            shared: shared.clone(),
            notice,
            counter,
            method: instance.method,
            route: instance.path,
            request_moves: super::history::RequestMoves::of(&undone),
            undone: undone.into(),
        })
    }

    /// The method router of one path in one version: each method's handler wrapped in
    /// [`Versioned`] (no layer, so no boxed service or future of ours per request), and a
    /// fallback answering any other method with a 405 problem carrying the version headers
    /// (axum adds `Allow`).
    pub(super) fn versioned_route(
        members: impl IntoIterator<Item = Result<(&'static Endpoint, Arc<RouteInfo>), BuildError>>,
        layers: &Layers<A::State>,
    ) -> Result<MethodRouter<A::State, Infallible>, BuildError> {
        let mut router = MethodRouter::new();
        let mut first = None;
        for member in members {
            let (endpoint, info) = member?;
            first.get_or_insert_with(|| info.clone());
            router = Self::add_handler(router, endpoint, info.method, Some(info))?;
        }
        if let Some(info) = first {
            let selected = info.selected;
            router = router.fallback(move |request: Request| {
                let info = info.clone();
                async move { info.method_not_allowed(&request) }
            });
            if !layers.0.is_empty() {
                // The user's layers, inside one that selects the version for them.
                for layer in &layers.0 {
                    router = layer(router);
                }
                router = router.layer(axum::middleware::from_fn(
                    move |mut request: Request, next: axum::middleware::Next| {
                        request.extensions_mut().insert(selected);
                        select::scope(selected, next.run(request))
                    },
                ));
            }
        }
        Ok(router)
    }

    /// The retirement notice of one instance, when its version or endpoint declares dates.
    pub(super) fn notice(
        instance: &Instance,
        plan: &Plan,
        prefix: &Option<String>,
        registered_at: &str,
    ) -> Result<Option<crate::lifecycle::Notice>, BuildError> {
        use crate::lifecycle::{Dates, Notice, Successor, http_date, structured_date};
        let e = instance.endpoint;
        let info = &A::VERSIONS[instance.version];
        let own = Dates::of(e.deprecated, e.sunset);
        let dates = Dates::of(info.deprecated, info.sunset).earliest(own);
        if !dates.any() {
            return Ok(None);
        }
        let newest = A::VERSIONS.iter().rposition(|v| !v.unreleased);
        let successor = match e.successor.filter(|_| own.any()) {
            Some(target) => {
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
                Some(Successor {
                    from: registered_at.to_owned(),
                    to: Self::served_path(prefix, found.version, target),
                    method: found.method,
                    version: A::VERSIONS[found.version].label,
                })
            }
            None => newest
                .filter(|&n| n != instance.version && e.serves(n, A::VERSIONS.len()))
                .map(|n| {
                    let (method, path) = e.at(n);
                    Successor {
                        from: registered_at.to_owned(),
                        to: Self::served_path(prefix, n, path),
                        method,
                        version: A::VERSIONS[n].label,
                    }
                }),
        };
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
        }))
    }

    pub(super) fn add_route(
        router: Router<A::State>,
        path: &str,
        route: MethodRouter<A::State, Infallible>,
        endpoint: &Endpoint,
    ) -> Result<Router<A::State>, BuildError> {
        Self::try_route(router, path, route, || {
            format!(
                "endpoint {}: axum rejected the path `{path}` (it conflicts with another route)",
                endpoint.source()
            )
        })
    }

    /// `router.route(path, route)`, with axum's panic on a conflicting path turned into
    /// `BuildError::Invalid(conflict())`.
    pub(super) fn try_route(
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
}

/// The indices of `paths` grouped by path, in order of first appearance; `None` skips an
/// index.
pub(super) fn by_path<P, I>(paths: I) -> Vec<(P, Vec<usize>)>
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
