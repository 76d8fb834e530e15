//! Building: `ApiBuilder::build` as a pipeline of named steps (start-up checks, selection,
//! plan, what the routes share, each version's routes, the framework's routes, the
//! dispatch between versions), and `ApiBuilder::route_table`, the routes `build` serves.

use std::sync::Arc;

use axum::Router;
use axum::extract::Request;
use http::HeaderValue;

use crate::api::Api;
use crate::error::BuildError;
use crate::lifecycle::{Advert, Dates};
use crate::model::endpoint::Endpoint;
use crate::model::plan::{Instance, Plan};
use crate::select::{self, Source};
use crate::usage::{CountedRoute, Counter, RouteLifecycle};
use crate::version::Version;

use super::answers::not_routed;
use super::assemble::{Assembly, check_neutral, served_path};
use super::builder::ApiBuilder;
use super::dispatch::{Dispatch, DispatchInner, Missing};
use super::framework::framework_routes;
use super::from::VersionFrom;
use super::missing::MissingVersion;
use super::shared::{KnownEndpoint, Shared};
use crate::table::{RouteRow, RouteTable};

/// How requests that do not name their version in the path choose it.
struct Selection {
    /// Where requests name their version (empty under path versioning).
    sources: Vec<Source>,
    /// What a request naming none is served, if anything.
    missing: Option<Missing>,
}

impl<A: Api> ApiBuilder<A> {
    /// The checks every use of the builder makes before anything else (`build`, and
    /// `route_table`, which lists what `build` would serve): a released endpoint or event
    /// deleted, a foreign type whose JSON changed, the mount, the prefix and `earlier_dates`. Returns
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
            // Nor one that lost an event released versions send.
            let events = lock.events_gone();
            if !events.is_empty() {
                return Err(BuildError::ReleasedEventsGone {
                    api: A::NAME,
                    events,
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
        crate::model::event::check_unique::<A>(A::NAME)?;
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
        let selection = self.selection(&prefix)?;
        let plan = Plan::of::<A>(self.preview.is_some())?;
        let pins = self.checked_pins()?;
        // Pinning serves requests naming no version, as a missing-version policy does.
        let plain_paths = selection.missing.is_some() || pins.is_some();
        check_neutral::<A>(&plan, &prefix, plain_paths)?;
        let shared = Arc::new(self.shared(&plan, &prefix)?);
        let query = selection.sources.iter().find_map(|s| match s {
            Source::Query(name) => Some(name.clone()),
            _ => None,
        });
        let assembly = Assembly::<A> {
            counters: self.counters(&plan)?,
            plan: &plan,
            prefix: &prefix,
            shared: &shared,
            layers: &self.layers,
            preview: self.preview.as_ref(),
            query: query.as_deref(),
        };
        let mut root = assembly.prefixed_routes(Router::new())?;
        root = assembly.neutral_routes(root)?;
        root = framework_routes(&self, root, &plan, &shared)?;
        let root = if prefix.is_some() && !plain_paths {
            let shared = shared.clone();
            root.fallback(move |request: Request| {
                let shared = shared.clone();
                async move { not_routed::<A>(&shared, &request) }
            })
        } else {
            // Per-version routers at the plain paths, chosen per request.
            root.fallback_service(Dispatch::<A> {
                inner: Arc::new(DispatchInner {
                    routers: assembly.version_routers(&state)?,
                    sources: selection.sources,
                    missing: selection.missing,
                    shared: shared.clone(),
                    preview: self.preview.clone(),
                    earlier_dates: self.earlier_dates,
                    pins,
                }),
                api: core::marker::PhantomData,
            })
        };
        // No router-wide layer: it would box and clone per request. Versioned routes stamp
        // their own answers (see `SelectService`), the rest stamp theirs.
        Ok(root.with_state(state))
    }

    /// Where requests name their version, and what is served to one naming none.
    fn selection(&self, prefix: &Option<String>) -> Result<Selection, BuildError> {
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
        Ok(Selection { sources, missing })
    }

    /// What every route of the router shares: headers, mount, prefix, lifecycle advert, and
    /// for per-endpoint versioning, each endpoint with its own versions.
    fn shared(&self, plan: &Plan, prefix: &Option<String>) -> Result<Shared, BuildError> {
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
        Ok(Shared {
            version_header: self.served_version_header(),
            mount: self.checked_mount()?,
            prefix: prefix.clone().unwrap_or_default(),
            per_endpoint: matches!(self.from, VersionFrom::PathPerEndpoint { .. }),
            advert: Advert::new::<A>(self.clock.clone()).map_err(|()| {
                BuildError::Invalid("a version label is not a valid header value".into())
            })?,
            labels: select::public_labels::<A>(),
            versions: A::VERSIONS
                .iter()
                .filter(|v| !v.unreleased)
                .map(|v| v.version)
                .collect(),
            endpoints,
            selected_in_responses: self.selected_in_responses,
            identify: self.identify.clone(),
        })
    }

    /// One usage row per instance (`ApiBuilder::usage`), or none; path versioning with a
    /// missing-version policy routes an instance twice (prefixed and plain), and both count
    /// into its row.
    fn counters(&self, plan: &Plan) -> Result<Vec<Option<Counter>>, BuildError> {
        let Some(usage) = &self.usage else {
            return Ok(vec![None; plan.instances.len()]);
        };
        let rows = plan
            .instances
            .iter()
            .map(|i| CountedRoute {
                version_index: i.version,
                version: A::VERSIONS[i.version].label,
                method: i.method,
                route: i.path.to_owned(),
                lifecycle: lifecycle_of::<A>(plan, i),
            })
            .collect();
        let counters = usage
            .attach(A::NAME, rows, self.clock.clone())
            .map_err(|()| {
                BuildError::Invalid(
                    "this `Usage` already counts another router: give each router its own".into(),
                )
            })?;
        Ok(counters.into_iter().map(Some).collect())
    }

    /// The routes this builder serves, sorted by path, method and version.
    pub fn route_table(&self) -> Result<RouteTable, BuildError> {
        let prefix = self.startup_checks()?;
        let plan = Plan::of::<A>(self.preview.is_some())?;
        let mut rows: Vec<RouteRow> = plan
            .instances
            .iter()
            .map(|i| instance_row::<A>(i, &prefix))
            .collect();
        rows.extend(plan.neutral.iter().map(|e| RouteRow {
            method: e.method,
            path: e.path.to_owned(),
            version: "-",
            versions: "unversioned".to_owned(),
            handler: e.handler,
            status: "active",
            source: format!("{}:{}", e.file, e.line),
        }));
        rows.extend(self.framework_rows());
        let index = |label: &str| A::VERSIONS.iter().position(|v| v.label == label);
        rows.sort_by(|a, b| {
            (&a.path, a.method, index(a.version)).cmp(&(&b.path, b.method, index(b.version)))
        });
        if let Some(mount) = self.checked_mount()? {
            for row in &mut rows {
                row.path.insert_str(0, &mount);
            }
        }
        Ok(RouteTable { rows })
    }

    /// The route table's rows of the framework's own routes: the OpenAPI documents, the
    /// version list and the docs site.
    fn framework_rows(&self) -> Vec<RouteRow> {
        let framework = RouteRow::framework;
        let mut rows = Vec::new();
        if let Some(base) = &self.openapi_path {
            rows.push(framework(
                format!("{base}/{{version}}.json"),
                "(OpenAPI documents)",
            ));
        }
        if let Some(path) = &self.versions_path {
            rows.push(framework(path.clone(), "(version list)"));
        }
        if let Some(report) = &self.report {
            rows.push(framework(
                report.path.clone(),
                "(consumer migration report)",
            ));
        }
        if let Some(operator) = &self.pin_operator {
            let pin = format!("{}/pins/{{consumer}}", operator.path);
            rows.push(framework(format!("{pin}/rollback"), "(pin rollback)"));
            rows.push(framework(pin, "(consumer pin)"));
        }
        if let Some(site) = &self.site {
            let previews = self.openapi_path.is_none() || self.preview.is_some();
            rows.extend((site.rows)(&site.base, previews));
        }
        rows
    }
}

/// Where an instance is in its life, for the migration report: the earlier of its version's
/// and its endpoint's dates, and the newest released version of the same endpoint when
/// newer.
fn lifecycle_of<A: Api>(plan: &Plan, i: &Instance) -> RouteLifecycle {
    let info = &A::VERSIONS[i.version];
    let dates = Dates::of(info.deprecated, info.sunset)
        .earliest(Dates::of(i.endpoint.deprecated, i.endpoint.sunset));
    let newer = plan
        .instances
        .iter()
        .filter(|o| o.method == i.method && o.path == i.path && o.version > i.version)
        .filter(|o| !A::VERSIONS[o.version].unreleased)
        .map(|o| o.version)
        .max()
        .map(|v| A::VERSIONS[v].label);
    RouteLifecycle {
        deprecated: dates.deprecated,
        sunset: dates.sunset,
        newer,
    }
}

/// The route table's row of one instance.
fn instance_row<A: Api>(i: &Instance, prefix: &Option<String>) -> RouteRow {
    let info = &A::VERSIONS[i.version];
    RouteRow {
        method: i.method,
        path: served_path::<A>(prefix, i.version, i.path),
        version: info.label,
        versions: range::<A>(i.endpoint),
        handler: i.endpoint.handler,
        status: if info.unreleased {
            "preview"
        } else if info.sunset.is_some() || i.endpoint.sunset.is_some() {
            "sunset-scheduled"
        } else if info.deprecated.is_some() || i.endpoint.deprecated.is_some() {
            "deprecated"
        } else {
            "active"
        },
        source: format!("{}:{}", i.endpoint.file, i.endpoint.line),
    }
}

/// The versions an endpoint serves, as the route table writes them (`1..=3`, `1,3`).
fn range<A: Api>(e: &Endpoint) -> String {
    if !e.versions.is_empty() {
        let labels: Vec<&str> = e.versions.iter().map(|&v| A::VERSIONS[v].label).collect();
        return labels.join(",");
    }
    let until = e.until.unwrap_or(A::VERSIONS.len());
    format!(
        "{}..={}",
        A::VERSIONS[e.since].label,
        A::VERSIONS[until - 1].label
    )
}
