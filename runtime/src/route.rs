//! Registration of `#[endpoint]` handlers and the builder that turns them into an
//! `axum::Router` serving every declared version, selected the way the service chose.

use core::any::{Any, TypeId};
use core::convert::Infallible;
use core::future::Future;
use core::marker::PhantomData;
use core::pin::Pin;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Request, State};
use axum::handler::Handler;
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodFilter, MethodRouter};
use http::{HeaderName, HeaderValue, StatusCode, header};
use serde_json::{Value, json};
use tower::ServiceExt;

use crate::api::Api;
use crate::problem::{Problem, bounded};
use crate::select::{self, Selected, Source};
use crate::version::Version;

/// Response header naming the version a response was served as.
pub const API_VERSION: HeaderName = HeaderName::from_static("api-version");
/// Response header listing every supported version, oldest first.
pub const API_SUPPORTED_VERSIONS: HeaderName = HeaderName::from_static("api-supported-versions");

/// One `#[endpoint]` handler, registered through `inventory`. Generated; read it through
/// [`RouteTable`].
#[doc(hidden)]
#[derive(Debug)]
pub struct Endpoint {
    /// The API the endpoint belongs to.
    pub api: fn() -> TypeId,
    /// `GET`, `POST`, ...
    pub method: &'static str,
    /// The path below the version prefix, axum syntax (`/participants/{id}`).
    pub path: &'static str,
    /// Index of the first version serving the endpoint.
    pub since: usize,
    /// Index of the first version no longer serving it, if any.
    pub until: Option<usize>,
    /// Served without a version.
    pub neutral: bool,
    /// The versions served, when given as a set (`versions = [1, 3]`); otherwise the range
    /// `since..until`.
    pub versions: &'static [usize],
    /// Where the endpoint was before it moved, oldest move first.
    pub moves: &'static [Move],
    /// From this date (`YYYY-MM-DD`) on, the endpoint's responses carry deprecation notice.
    pub deprecated: Option<&'static str>,
    /// From this date on, the endpoint answers `410 Gone`.
    pub sunset: Option<&'static str>,
    /// The path (this API's template syntax) that replaces the endpoint.
    pub successor: Option<&'static str>,
    /// The success status documented for the operation.
    pub status: u16,
    /// The handler's name.
    pub handler: &'static str,
    /// Where the handler is declared.
    pub file: &'static str,
    /// Line of the `#[endpoint]` attribute.
    pub line: u32,
    /// The handler's doc comment (for its OpenAPI operation).
    pub docs: &'static str,
    /// Describes the operation from the handler's signature.
    pub describe: fn(&mut crate::openapi::Operation<'_>),
    /// Adds the handler to a `MethodRouter<A::State>` (type-erased so one registration type
    /// serves every API).
    pub make: fn(&mut MakeRoute),
}

/// An earlier method and path of an endpoint, used by versions before `before`.
#[doc(hidden)]
#[derive(Debug)]
pub struct Move {
    /// Index of the version that moved the endpoint away from here.
    pub before: usize,
    /// The earlier method.
    pub method: &'static str,
    /// The earlier path.
    pub path: &'static str,
}

inventory::collect!(Endpoint);

impl Endpoint {
    /// The method and path serving version `index`.
    pub(crate) fn at(&self, index: usize) -> (&'static str, &'static str) {
        self.moves
            .iter()
            .find(|m| index < m.before)
            .map_or((self.method, self.path), |m| (m.method, m.path))
    }

    /// Whether the endpoint is served in version `index`.
    pub(crate) fn serves(&self, index: usize, count: usize) -> bool {
        self.served(count).contains(&index)
    }

    /// The versions (by index) the endpoint is served in.
    fn served(&self, count: usize) -> Vec<usize> {
        if self.versions.is_empty() {
            (self.since..self.until.unwrap_or(count)).collect()
        } else {
            self.versions.to_vec()
        }
    }

    fn source(&self) -> String {
        format!("`{}` ({}:{})", self.handler, self.file, self.line)
    }
}

/// The method router an `#[endpoint]` registration adds its handler to, with the method
/// and, for a versioned route, what is done around the handler. Generated code only.
#[doc(hidden)]
pub struct MakeRoute {
    /// A `MethodRouter<A::State, Infallible>`; `None` once a registration of another state
    /// type took it.
    router: Option<Box<dyn Any + Send>>,
    method: &'static str,
    info: Option<Arc<RouteInfo>>,
}

impl core::fmt::Debug for MakeRoute {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("MakeRoute")
            .field("method", &self.method)
            .field("versioned", &self.info.is_some())
            .finish_non_exhaustive()
    }
}

/// Generated code adds its handler to the method router being built, wrapped in
/// [`Versioned`] when the route serves a version.
#[doc(hidden)]
pub fn __method_router<A, H, T>(make: &mut MakeRoute, handler: H)
where
    A: Api,
    H: Handler<T, A::State>,
    T: 'static,
{
    let Some(Ok(router)) = make
        .router
        .take()
        .map(|r| r.downcast::<MethodRouter<A::State, Infallible>>())
    else {
        return;
    };
    let filter = method_filter(make.method).unwrap_or(MethodFilter::GET);
    let router = match make.info.clone() {
        Some(info) => router.on(filter, Versioned { handler, info }),
        None => router.on(filter, handler),
    };
    make.router = Some(Box::new(router));
}

fn method_filter(method: &str) -> Option<MethodFilter> {
    Some(match method {
        "GET" => MethodFilter::GET,
        "POST" => MethodFilter::POST,
        "PUT" => MethodFilter::PUT,
        "PATCH" => MethodFilter::PATCH,
        "DELETE" => MethodFilter::DELETE,
        "HEAD" => MethodFilter::HEAD,
        "OPTIONS" => MethodFilter::OPTIONS,
        _ => return None,
    })
}

/// Why a router could not be built. Each is a programming error found at start-up.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BuildError {
    /// No `#[endpoint]` of this API is linked into the binary.
    NoEndpoints {
        /// The API's name.
        api: &'static str,
    },
    /// Two handlers claim the same method, path and version.
    Duplicate {
        /// `GET /participants/{id} in version 1`.
        route: String,
        /// `handler (file:line)` of the first claimant.
        first: String,
        /// `handler (file:line)` of the second claimant.
        second: String,
    },
    /// The selection or missing-version configuration is inconsistent, or a registration is.
    Invalid(String),
}

impl core::fmt::Display for BuildError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            BuildError::NoEndpoints { api } => write!(
                f,
                "API `{api}` has no endpoints: no `#[endpoint(..., api = {api})]` handler is linked into this binary (inventory only sees crates that are linked; make sure the module or crate with the handlers is used)"
            ),
            BuildError::Duplicate {
                route,
                first,
                second,
            } => write!(f, "{route} is claimed twice: by {first} and by {second}"),
            BuildError::Invalid(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for BuildError {}

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

    fn prefix(&self) -> Option<&str> {
        match self {
            VersionFrom::Path { prefix } | VersionFrom::PathPerEndpoint { prefix } => Some(prefix),
            _ => None,
        }
    }

    fn sources(&self, out: &mut Vec<Source>) -> Result<(), BuildError> {
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

/// Resolves the version of a request that names none (for example by API key).
pub type Resolver = Arc<
    dyn Fn(&http::request::Parts) -> Pin<Box<dyn Future<Output = Option<Version>> + Send>>
        + Send
        + Sync,
>;

/// What to do with a request that names no version. There is no implicit default: a
/// service chooses.
#[derive(Clone, Default)]
#[non_exhaustive]
pub enum MissingVersion {
    /// Answer 404 (path versioning) or 400 (other sources), listing supported versions.
    #[default]
    Reject,
    /// Serve this version.
    Default(Version),
    /// Serve the newest version.
    Latest,
    /// Ask an async resolver (for example: the version pinned to the client's API key);
    /// `None` rejects the request as [`MissingVersion::Reject`] would.
    Resolve(Resolver),
}

impl MissingVersion {
    /// A resolver from an async function of the request head.
    ///
    /// ```
    /// use verso::{MissingVersion, Version};
    ///
    /// let pinned = MissingVersion::resolve(|parts| {
    ///     let key = parts.headers.get("x-api-key").cloned();
    ///     async move {
    ///         match key.as_ref().map(|k| k.as_bytes()) {
    ///             Some(b"legacy-client") => Some(Version::Int(1)),
    ///             _ => None,
    ///         }
    ///     }
    /// });
    /// # drop(pinned);
    /// ```
    pub fn resolve<F, Fut>(resolver: F) -> MissingVersion
    where
        F: Fn(&http::request::Parts) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Option<Version>> + Send + 'static,
    {
        MissingVersion::Resolve(Arc::new(move |parts| Box::pin(resolver(parts))))
    }
}

impl core::fmt::Debug for MissingVersion {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            MissingVersion::Reject => f.write_str("Reject"),
            MissingVersion::Default(v) => write!(f, "Default({v})"),
            MissingVersion::Latest => f.write_str("Latest"),
            MissingVersion::Resolve(_) => f.write_str("Resolve(..)"),
        }
    }
}

/// Builds the `axum::Router` of one API from its registered endpoints.
///
/// ```
/// use axum::extract::Path;
/// use verso::{ApiBuilder, Json, VersionFrom};
///
/// verso::api_versions! {
///     pub Shop {
///         1 => "Initial release",
///         2 => "`title` renamed to `name`",
///     }
/// }
///
/// #[verso::versioned(api = Shop, response)]
/// #[derive(Clone)]
/// pub struct Item {
///     #[api(renamed(from = "title", in = 2))]
///     pub name: String,
/// }
///
/// #[verso::endpoint(GET "/items/{id}", api = Shop)]
/// async fn get_item(Path(id): Path<u32>) -> Json<Item> {
///     Json(Item { name: format!("item {id}") })
/// }
///
/// let builder = ApiBuilder::<Shop>::new().select_version(VersionFrom::path("/api"));
/// let table = builder.route_table().unwrap();
/// assert_eq!(table.rows[0].path, "/api/v1/items/{id}");
/// assert_eq!(table.rows[1].path, "/api/v2/items/{id}");
/// let router: axum::Router = builder.build(()).unwrap();
/// # drop(router);
/// ```
#[derive(Debug)]
pub struct ApiBuilder<A: Api> {
    from: VersionFrom,
    missing: MissingVersion,
    versions_path: Option<String>,
    preview: Option<HeaderName>,
    clock: crate::lifecycle::Clock,
    usage: Option<crate::usage::Usage>,
    openapi_path: Option<String>,
    api: PhantomData<fn() -> A>,
}

/// What an OpenAPI document needs to know about how versions are chosen.
#[derive(Clone)]
struct DocSpec {
    prefix: Option<String>,
    sources: Vec<Source>,
    /// Requests may leave the version out (a missing-version policy other than reject).
    optional: bool,
}

impl<A: Api> Default for ApiBuilder<A> {
    fn default() -> Self {
        ApiBuilder::new()
    }
}

/// One row of the route table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteRow {
    /// HTTP method.
    pub method: &'static str,
    /// The path as served (with the version segment for path versioning).
    pub path: String,
    /// The version this row serves, or `-` for a version-neutral endpoint.
    pub version: &'static str,
    /// The versions the endpoint exists in (`1..=2`), or `unversioned`.
    pub versions: String,
    /// The handler's name.
    pub handler: &'static str,
    /// `active` (later issues add lifecycle states).
    pub status: &'static str,
    /// `file:line` of the handler.
    pub source: String,
}

/// Every route an API serves, sorted by path, method and version: deterministic output for
/// `--routes`, docs and snapshot tests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteTable {
    /// The rows, sorted.
    pub rows: Vec<RouteRow>,
}

impl RouteTable {
    /// Aligned columns: method, path, version, versions, handler, status.
    pub fn to_text(&self) -> String {
        let header = ["METHOD", "PATH", "VERSION", "VERSIONS", "HANDLER", "STATUS"];
        let cells: Vec<[&str; 6]> = self
            .rows
            .iter()
            .map(|r| {
                [
                    r.method,
                    &r.path,
                    r.version,
                    &r.versions,
                    r.handler,
                    r.status,
                ]
            })
            .collect();
        let mut widths = header.map(str::len);
        for row in &cells {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.len());
            }
        }
        let mut out = String::new();
        for row in core::iter::once(&header).chain(&cells) {
            let line: Vec<String> = row
                .iter()
                .zip(widths)
                .map(|(cell, width)| format!("{cell:width$}"))
                .collect();
            out.push_str(line.join("  ").trim_end());
            out.push('\n');
        }
        out
    }

    /// A Markdown table.
    pub fn to_markdown(&self) -> String {
        let mut out = String::from(
            "| method | path | version | versions | handler | status |\n|---|---|---|---|---|---|\n",
        );
        for r in &self.rows {
            out.push_str(&format!(
                "| {} | `{}` | {} | {} | `{}` | {} |\n",
                r.method, r.path, r.version, r.versions, r.handler, r.status
            ));
        }
        out
    }

    /// A JSON array of `{method, path, version, versions, handler, status, source}`.
    pub fn to_json(&self) -> Value {
        Value::Array(
            self.rows
                .iter()
                .map(|r| {
                    json!({
                        "method": r.method,
                        "path": r.path,
                        "version": r.version,
                        "versions": r.versions,
                        "handler": r.handler,
                        "status": r.status,
                        "source": r.source,
                    })
                })
                .collect(),
        )
    }
}

/// One endpoint served at one version.
#[derive(Clone)]
struct Instance {
    endpoint: &'static Endpoint,
    version: usize,
    method: &'static str,
    path: &'static str,
}

#[derive(Clone)]
struct Plan {
    neutral: Vec<&'static Endpoint>,
    instances: Vec<Instance>,
}

struct Shared {
    prefix: String,
    per_endpoint: bool,
    advert: crate::lifecycle::Advert,
    labels: Vec<&'static str>,
    versions: Vec<Version>,
    /// For per-endpoint versioning: (method, path template, versions header, labels).
    endpoints: Vec<(&'static str, &'static str, HeaderValue, Vec<&'static str>)>,
}

impl<A: Api> ApiBuilder<A> {
    /// A builder with versions in the URL path at the root (`/v1/...`), requests without a
    /// version rejected, and `GET /versions` listing the versions.
    pub fn new() -> Self {
        ApiBuilder {
            from: VersionFrom::path(""),
            missing: MissingVersion::Reject,
            versions_path: Some("/versions".to_owned()),
            preview: None,
            clock: crate::lifecycle::Clock::system(),
            usage: None,
            openapi_path: Some("/openapi".to_owned()),
            api: PhantomData,
        }
    }

    /// Where the OpenAPI documents are served (`/openapi` by default: one document per
    /// released version at `GET /openapi/{version}.json`), or `None` for nowhere.
    pub fn openapi_path(mut self, path: Option<&str>) -> Self {
        self.openapi_path = path.map(|p| p.trim_end_matches('/').to_owned());
        self
    }

    fn doc_spec(&self) -> Result<DocSpec, BuildError> {
        let prefix = self.checked_prefix()?;
        let mut sources = Vec::new();
        if prefix.is_none() {
            self.from.sources(&mut sources)?;
        }
        Ok(DocSpec {
            prefix,
            sources,
            optional: !matches!(self.missing, MissingVersion::Reject),
        })
    }

    /// The OpenAPI 3.1 document of one version (by its label), as this builder serves it.
    pub fn openapi(&self, version: &str) -> Result<Value, BuildError> {
        let index = A::VERSIONS
            .iter()
            .position(|v| v.label == version && (!v.unreleased || self.preview.is_some()))
            .ok_or_else(|| {
                BuildError::Invalid(format!("`{}` has no released version `{version}`", A::NAME))
            })?;
        let plan = Self::plan(self.preview.is_some())?;
        Ok(document::<A>(&self.doc_spec()?, &plan, index))
    }

    /// The OpenAPI documents of every released version, oldest first, with their labels.
    pub fn openapi_documents(&self) -> Result<Vec<(&'static str, Value)>, BuildError> {
        let plan = Self::plan(self.preview.is_some())?;
        let spec = self.doc_spec()?;
        Ok(A::VERSIONS
            .iter()
            .enumerate()
            .filter(|(_, v)| !v.unreleased)
            .map(|(i, v)| (v.label, document::<A>(&spec, &plan, i)))
            .collect())
    }

    /// The clock that decides which deprecation and sunset dates have passed (the system
    /// clock by default; [`Clock::from_env`](crate::lifecycle::Clock::from_env) lets tests
    /// and staging move time).
    pub fn clock(mut self, clock: crate::lifecycle::Clock) -> Self {
        self.clock = clock;
        self
    }

    /// Counts requests by version and endpoint into `usage` (see [`Usage`](crate::Usage)).
    pub fn usage(mut self, usage: crate::usage::Usage) -> Self {
        self.usage = Some(usage);
        self
    }

    /// Chooses where requests name their version.
    pub fn select_version(mut self, from: VersionFrom) -> Self {
        self.from = from;
        self
    }

    /// Chooses what happens to requests that name no version.
    pub fn missing_version(mut self, policy: MissingVersion) -> Self {
        self.missing = policy;
        self
    }

    /// Serves unreleased versions (`{ unreleased }` in `api_versions!`) to requests that
    /// carry the header `name` (any value). Without this, unreleased versions are not served,
    /// listed or advertised at all; with it, they are still left out of
    /// `api-supported-versions`, `/versions` and error messages.
    pub fn preview_header(mut self, name: &'static str) -> Self {
        self.preview = Some(HeaderName::from_static(name));
        self
    }

    /// Where the version list is served (`/versions` by default), or `None` for nowhere.
    pub fn versions_path(mut self, path: Option<&str>) -> Self {
        self.versions_path = path.map(str::to_owned);
        self
    }

    fn plan(preview: bool) -> Result<Plan, BuildError> {
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

    fn checked_prefix(&self) -> Result<Option<String>, BuildError> {
        let Some(prefix) = self.from.prefix() else {
            return Ok(None);
        };
        let prefix = prefix.trim_end_matches('/');
        if !(prefix.is_empty() || prefix.starts_with('/'))
            || prefix.contains(['{', '}', '*', '?', '#'])
        {
            return Err(BuildError::Invalid(format!(
                "the version prefix `{prefix}` must be empty or a literal path starting with `/`"
            )));
        }
        Ok(Some(prefix.to_owned()))
    }

    fn served_path(prefix: &Option<String>, version: usize, path: &str) -> String {
        match prefix {
            Some(prefix) => format!("{prefix}/v{}{path}", A::VERSIONS[version].label),
            None => path.to_owned(),
        }
    }

    fn range(e: &Endpoint) -> String {
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

    /// The routes this builder serves, sorted by path, method and version.
    pub fn route_table(&self) -> Result<RouteTable, BuildError> {
        let prefix = self.checked_prefix()?;
        let plan = Self::plan(self.preview.is_some())?;
        let mut rows: Vec<RouteRow> = plan
            .instances
            .iter()
            .map(|i| RouteRow {
                method: i.method,
                path: Self::served_path(&prefix, i.version, i.path),
                version: A::VERSIONS[i.version].label,
                versions: Self::range(i.endpoint),
                handler: i.endpoint.handler,
                status: if A::VERSIONS[i.version].unreleased {
                    "preview"
                } else if A::VERSIONS[i.version].sunset.is_some() || i.endpoint.sunset.is_some() {
                    "sunset-scheduled"
                } else if A::VERSIONS[i.version].deprecated.is_some()
                    || i.endpoint.deprecated.is_some()
                {
                    "deprecated"
                } else {
                    "active"
                },
                source: format!("{}:{}", i.endpoint.file, i.endpoint.line),
            })
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
        if let Some(base) = &self.openapi_path {
            rows.push(RouteRow {
                method: "GET",
                path: format!("{base}/{{version}}.json"),
                version: "-",
                versions: "unversioned".to_owned(),
                handler: "(OpenAPI documents)",
                status: "active",
                source: "verso".to_owned(),
            });
        }
        if let Some(path) = &self.versions_path {
            rows.push(RouteRow {
                method: "GET",
                path: path.clone(),
                version: "-",
                versions: "unversioned".to_owned(),
                handler: "(version list)",
                status: "active",
                source: "verso".to_owned(),
            });
        }
        let index = |label: &str| A::VERSIONS.iter().position(|v| v.label == label);
        rows.sort_by(|a, b| {
            (&a.path, a.method, index(a.version)).cmp(&(&b.path, b.method, index(b.version)))
        });
        Ok(RouteTable { rows })
    }

    /// Adds `endpoint`'s handler for `method` to `router`, wrapped in [`Versioned`] when
    /// `info` is given.
    fn add_handler(
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
    fn route_info(
        instance: &Instance,
        per_endpoint: Option<HeaderValue>,
        shared: &Arc<Shared>,
        notice: Option<crate::lifecycle::Notice>,
        counter: Option<crate::usage::Counter>,
    ) -> Arc<RouteInfo> {
        Arc::new(RouteInfo {
            selected: Selected::new::<A>(instance.version),
            version: HeaderValue::from_static(A::VERSIONS[instance.version].label),
            supported: per_endpoint,
            shared: shared.clone(),
            notice,
            counter,
            method: instance.method,
            route: instance.path,
        })
    }

    /// The method router of one path in one version: each method's handler wrapped in
    /// [`Versioned`] (no layer, so no boxed service or future of ours per request), and a
    /// fallback answering any other method with a 405 problem carrying the version headers
    /// (axum adds `Allow`).
    fn versioned_route(
        members: impl IntoIterator<Item = Result<(&'static Endpoint, Arc<RouteInfo>), BuildError>>,
    ) -> Result<MethodRouter<A::State, Infallible>, BuildError> {
        let mut router = MethodRouter::new();
        let mut first = None;
        for member in members {
            let (endpoint, info) = member?;
            first.get_or_insert_with(|| info.clone());
            router = Self::add_handler(router, endpoint, info.method, Some(info))?;
        }
        if let Some(info) = first {
            router = router.fallback(move |request: Request| {
                let info = info.clone();
                async move { info.method_not_allowed(&request) }
            });
        }
        Ok(router)
    }

    /// The retirement notice of one instance, when its version or endpoint declares dates.
    fn notice(
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
            sunset: dates.sunset.map(|s| header(http_date(s))).transpose()?,
            sunset_date,
            successor,
            policy: A::DEPRECATION_POLICY.map(str::to_owned),
        }))
    }

    fn add_route(
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
    fn try_route(
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

    /// Builds the router: every endpoint under every version of its range, the version
    /// chosen as configured, errors as problem+json, version headers on every response.
    pub fn build(self, state: A::State) -> Result<Router, BuildError> {
        let prefix = self.checked_prefix()?;
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
            MissingVersion::Latest => Some(Missing::Fixed(
                A::VERSIONS.iter().rposition(|v| !v.unreleased).unwrap_or(0),
            )),
            MissingVersion::Resolve(resolver) => Some(Missing::Resolve(resolver.clone())),
        };
        let plan = Self::plan(self.preview.is_some())?;
        let per_endpoint = matches!(self.from, VersionFrom::PathPerEndpoint { .. });
        let labels: Vec<&'static str> = select::public_labels::<A>();
        let header_of = |labels: &[&str]| {
            HeaderValue::from_str(&labels.join(", ")).map_err(|_| {
                BuildError::Invalid("a version label is not a valid header value".into())
            })
        };
        let mut endpoints: Vec<(&'static str, &'static str, HeaderValue, Vec<&'static str>)> =
            Vec::new();
        for i in &plan.instances {
            if endpoints
                .iter()
                .any(|(m, p, ..)| *m == i.method && *p == i.path)
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
            endpoints.push((i.method, i.path, header_of(&own)?, own));
        }
        let shared = Arc::new(Shared {
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
        });
        let endpoint_header = |instance: &Instance| {
            per_endpoint
                .then(|| {
                    shared
                        .endpoints
                        .iter()
                        .find(|(m, p, ..)| *m == instance.method && *p == instance.path)
                        .map(|(_, _, h, _)| h.clone())
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
            Self::versioned_route(members.iter().map(|&n| {
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
            }))
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
                if let (true, Some(header)) = (A::VERSIONS[first.version].unreleased, &self.preview)
                {
                    route = route.layer(preview_guard::<A>(
                        header.clone(),
                        first.version,
                        StatusCode::NOT_FOUND,
                        shared.clone(),
                    ));
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
                        .with_type("urn:verso:problem:no-such-endpoint")
                        .into_response();
                        response.headers_mut().insert(API_VERSION, label);
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
                }),
                api: PhantomData,
            })
        };
        // No router-wide layer: it would box and clone per request. Versioned routes stamp
        // their own answers (see `SelectService`), the rest stamp theirs.
        Ok(root.with_state(state))
    }
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

/// The OpenAPI 3.1 document of the version at `index`.
fn document<A: Api>(spec: &DocSpec, plan: &Plan, index: usize) -> Value {
    use crate::lifecycle::Dates;
    use crate::openapi::Operation;
    let info = &A::VERSIONS[index];
    select::sync_scope(Selected::new::<A>(index), || {
        let mut generator = crate::openapi::generator();
        let mut paths = serde_json::Map::new();
        let mut ids: Vec<String> = Vec::new();
        let mut entries: Vec<(&'static Endpoint, &'static str, &'static str, bool)> = plan
            .instances
            .iter()
            .filter(|i| i.version == index)
            .map(|i| (i.endpoint, i.method, i.path, true))
            .collect();
        entries.extend(plan.neutral.iter().map(|e| (*e, e.method, e.path, false)));
        for (endpoint, method, template, versioned) in entries {
            let mut operation = Operation::new(&mut generator, template);
            operation.docs(endpoint.docs);
            (endpoint.describe)(&mut operation);
            operation.finish_path();
            let mut parameters = std::mem::take(&mut operation.parameters);
            if versioned {
                for source in &spec.sources {
                    let (name, place) = match source {
                        Source::Header(name) => (name.as_str().to_owned(), "header"),
                        Source::Query(name) => (name.clone(), "query"),
                        Source::MediaType => continue,
                    };
                    parameters.push(json!({
                        "name": name,
                        "in": place,
                        "required": !spec.optional && spec.sources.len() == 1,
                        "description": "The API version.",
                        "schema": { "type": "string", "const": info.label },
                    }));
                }
            }
            let mut op = serde_json::Map::new();
            let mut id = endpoint.handler.to_owned();
            let mut n = 1;
            while ids.contains(&id) {
                n += 1;
                id = format!("{}_{n}", endpoint.handler);
            }
            ids.push(id.clone());
            op.insert("operationId".into(), Value::from(id));
            if let Some(summary) = operation.summary.take() {
                op.insert("summary".into(), Value::from(summary));
            }
            let mut description = operation.description.take().unwrap_or_default();
            let dates = if versioned {
                Dates::of(info.deprecated, info.sunset)
                    .earliest(Dates::of(endpoint.deprecated, endpoint.sunset))
            } else {
                Dates::default()
            };
            if dates.any() {
                op.insert("deprecated".into(), Value::from(true));
                let then = endpoint.successor.map(|s| format!("use `{s}` instead"));
                let mut note = crate::lifecycle::notice_text(
                    endpoint.deprecated.or(info.deprecated),
                    endpoint.sunset.or(info.sunset),
                    then,
                );
                note[..1].make_ascii_uppercase();
                note.push('.');
                if !description.is_empty() {
                    description.push_str(
                        "

",
                    );
                }
                description.push_str(&note);
            }
            if !description.is_empty() {
                op.insert("description".into(), Value::from(description));
            }
            if !parameters.is_empty() {
                op.insert("parameters".into(), Value::from(parameters));
            }
            if let Some(body) = operation.body.take() {
                op.insert(
                    "requestBody".into(),
                    json!({ "required": true, "content": { "application/json": { "schema": body } } }),
                );
            }
            let mut success = json!({ "description": "Success." });
            if let Some((media, schema)) = operation.response.take() {
                success["content"] = json!({ media: { "schema": schema } });
            }
            op.insert(
                "responses".into(),
                json!({
                    endpoint.status.to_string(): success,
                    "default": {
                        "description": "A problem (RFC 9457): a bad or unknown version, a body that does not match this version, a missing resource.",
                        "content": { "application/problem+json": {
                            "schema": { "$ref": "#/components/schemas/Problem" }
                        } }
                    }
                }),
            );
            let served = match (&spec.prefix, versioned) {
                (Some(prefix), true) => format!("{prefix}/v{}{template}", info.label),
                _ => template.to_owned(),
            };
            let item = paths
                .entry(served)
                .or_insert_with(|| Value::Object(serde_json::Map::new()));
            item[method.to_ascii_lowercase()] = Value::Object(op);
        }
        let mut schemas = crate::openapi::definitions(&mut generator);
        schemas.insert("Problem".into(), crate::openapi::problem_schema());
        let mut description = info.description.to_owned();
        if let Some(released) = info.released {
            description.push_str(&format!(
                "

Released on {released}."
            ));
        }
        if let Some(deprecated) = info.deprecated {
            description.push_str(&format!(
                "

Deprecated on {deprecated}."
            ));
        }
        if let Some(sunset) = info.sunset {
            description.push_str(&format!(" Answers 410 Gone from {sunset}."));
        }
        json!({
            "openapi": "3.1.0",
            "info": {
                "title": A::NAME,
                "version": info.label,
                "description": description,
            },
            "paths": paths,
            "components": { "schemas": schemas },
        })
    })
}

/// The body of `GET /versions`.
fn version_list<A: Api>(now: i64) -> Value {
    use crate::lifecycle::{Dates, Stage};
    let public: Vec<&crate::version::VersionInfo> =
        A::VERSIONS.iter().filter(|v| !v.unreleased).collect();
    let last = public.len().saturating_sub(1);
    let versions: Vec<Value> = public
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let status = match Dates::of(v.deprecated, v.sunset).stage(now) {
                Stage::Sunset => "sunset",
                Stage::Deprecated => "deprecated",
                Stage::Active if i == last => "current",
                Stage::Active => "supported",
            };
            let mut entry = json!({
                "version": v.label,
                "description": v.description,
                "status": status,
            });
            for (key, date) in [
                ("released", v.released),
                ("deprecated", v.deprecated),
                ("sunset", v.sunset),
            ] {
                if let Some(date) = date {
                    entry[key] = Value::from(date);
                }
            }
            entry
        })
        .collect();
    let latest = public.last().map_or("", |v| v.label);
    json!({ "api": A::NAME, "latest": latest, "versions": versions })
}

enum Missing {
    Fixed(usize),
    Resolve(Resolver),
}

struct DispatchInner {
    routers: Vec<Router>,
    sources: Vec<Source>,
    missing: Option<Missing>,
    shared: Arc<Shared>,
    preview: Option<HeaderName>,
}

/// The response future of the preview guard.
type GuardFuture = Pin<Box<dyn Future<Output = Response> + Send>>;

/// Answers an unreleased version as if it did not exist, unless the request carries the
/// preview header.
fn preview_guard<A: Api>(
    header: HeaderName,
    version: usize,
    status: StatusCode,
    shared: Arc<Shared>,
) -> axum::middleware::FromFnLayer<
    impl Fn(Request, axum::middleware::Next) -> GuardFuture + Clone,
    (),
    (Request,),
> {
    axum::middleware::from_fn(move |request: Request, next: axum::middleware::Next| {
        let allowed = request.headers().contains_key(&header);
        let shared = shared.clone();
        Box::pin(async move {
            if allowed {
                next.run(request).await
            } else {
                let mut response =
                    select::unknown_version::<A>(&A::VERSIONS[version].version, status)
                        .into_response();
                shared.advert.stamp(&mut response);
                response
            }
        }) as GuardFuture
    })
}

/// Routes a request to the router of the version it names (header, query, media type), or
/// of the version its missing-version policy gives.
struct Dispatch<A> {
    inner: Arc<DispatchInner>,
    api: PhantomData<fn() -> A>,
}

impl<A> Clone for Dispatch<A> {
    fn clone(&self) -> Self {
        Dispatch {
            inner: self.inner.clone(),
            api: PhantomData,
        }
    }
}

impl<A: Api> tower::Service<Request> for Dispatch<A> {
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn poll_ready(
        &mut self,
        _: &mut core::task::Context<'_>,
    ) -> core::task::Poll<Result<(), Infallible>> {
        core::task::Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let inner = self.inner.clone();
        Box::pin(async move {
            let mut response = dispatch::<A>(&inner, request).await;
            inner.shared.advert.stamp(&mut response);
            Ok(response)
        })
    }
}

async fn dispatch<A: Api>(inner: &DispatchInner, request: Request) -> Response {
    let shared = &inner.shared;
    let (mut parts, body) = request.into_parts();
    let by_path = inner.sources.is_empty();
    let named = if by_path {
        // Path versioning with a missing-version policy: a request with a version segment
        // reached us only because nothing matched it.
        let rest = strip_prefix(&shared.prefix, parts.uri.path()).map(str::to_owned);
        match rest {
            Some(rest) if version_segment(&rest).is_some() => {
                return not_routed::<A>(shared, &Request::from_parts(parts, body));
            }
            Some(rest) => {
                if rewrite_path(&mut parts, &rest).is_none() {
                    return Problem::bad_request("the request path is not valid").into_response();
                }
                Ok(None)
            }
            None => {
                return Problem::not_found(format!(
                    "no resource at `{}`",
                    bounded(parts.uri.path())
                ))
                .into_response();
            }
        }
    } else {
        select::version_of::<A>(&inner.sources, &parts)
    };
    let index = match named {
        Ok(Some(index)) => index,
        Ok(None) => {
            let resolved = match &inner.missing {
                Some(Missing::Fixed(index)) => Some(*index),
                Some(Missing::Resolve(resolver)) => match resolver(&parts).await {
                    Some(version) => match A::index_of(&version) {
                        Some(index) => Some(index),
                        None => {
                            return select::unknown_version::<A>(&version, StatusCode::BAD_REQUEST)
                                .into_response();
                        }
                    },
                    None => None,
                },
                None => None,
            };
            match resolved {
                Some(index) => index,
                None => {
                    let (status, how) = if by_path {
                        (
                            StatusCode::NOT_FOUND,
                            format!("use `{}/v{{version}}/...`", shared.prefix),
                        )
                    } else {
                        (
                            StatusCode::BAD_REQUEST,
                            format!("name one in {}", describe_sources(&inner.sources)),
                        )
                    };
                    return select::missing_version::<A>(status, &how).into_response();
                }
            }
        }
        Err(problem) => return problem.into_response(),
    };
    let previewing = inner
        .preview
        .as_ref()
        .is_some_and(|h| parts.headers.contains_key(h));
    if A::VERSIONS[index].unreleased && !previewing {
        let status = if by_path {
            StatusCode::NOT_FOUND
        } else {
            StatusCode::BAD_REQUEST
        };
        return select::unknown_version::<A>(&A::VERSIONS[index].version, status).into_response();
    }
    match inner.routers[index]
        .clone()
        .oneshot(Request::from_parts(parts, body))
        .await
    {
        Ok(response) => response,
        Err(never) => match never {},
    }
}

fn describe_sources(sources: &[Source]) -> String {
    let names: Vec<String> = sources
        .iter()
        .map(|s| match s {
            Source::Header(name) => format!("the `{name}` header"),
            Source::Query(name) => format!("the `{name}` query parameter"),
            Source::MediaType => "`Accept: application/json; version=...`".to_owned(),
        })
        .collect();
    names.join(" or ")
}

fn strip_prefix<'a>(prefix: &str, path: &'a str) -> Option<&'a str> {
    if prefix.is_empty() {
        return Some(path);
    }
    path.strip_prefix(prefix)
        .filter(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// The version segment at the start of `rest` (`/v2/...`), parsed or not.
fn version_segment(rest: &str) -> Option<&str> {
    let segment = rest.trim_start_matches('/').split('/').next().unwrap_or("");
    segment
        .strip_prefix('v')
        .filter(|s| s.starts_with(|c: char| c.is_ascii_digit()))
}

/// Replaces the request path (keeping the query); `None` when the result is not a URI.
fn rewrite_path(parts: &mut http::request::Parts, path: &str) -> Option<()> {
    let path = if path.is_empty() { "/" } else { path };
    let path_and_query = match parts.uri.query() {
        Some(query) => format!("{path}?{query}"),
        None => path.to_owned(),
    };
    let mut uri = parts.uri.clone().into_parts();
    uri.path_and_query = Some(path_and_query.parse().ok()?);
    parts.uri = http::Uri::from_parts(uri).ok()?;
    Some(())
}

/// What a versioned route adds around its handler.
struct RouteInfo {
    selected: Selected,
    /// `api-version`.
    version: HeaderValue,
    /// `api-supported-versions` of this endpoint alone (per-endpoint versioning).
    supported: Option<HeaderValue>,
    shared: Arc<Shared>,
    notice: Option<crate::lifecycle::Notice>,
    counter: Option<crate::usage::Counter>,
    method: &'static str,
    route: &'static str,
}

impl RouteInfo {
    /// The version headers and, when deprecated (or gone), the notice headers.
    fn finish(&self, response: &mut Response, notice: Option<&str>) {
        let headers = response.headers_mut();
        headers.insert(API_VERSION, self.version.clone());
        if let Some(supported) = &self.supported {
            headers.insert(API_SUPPORTED_VERSIONS, supported.clone());
        }
        self.shared.advert.stamp(response);
        if let (Some(path), Some(notice)) = (notice, &self.notice) {
            notice.apply(path, response);
        }
    }

    /// The answer to a method the path does not serve in this version (axum adds `Allow`).
    fn method_not_allowed(&self, request: &Request) -> Response {
        let mut response = Problem::new(StatusCode::METHOD_NOT_ALLOWED)
            .with_detail(format!(
                "`{} {}` is not served in version {}: see the `Allow` header for the methods that are",
                bounded(request.method().as_str()),
                bounded(request.uri().path()),
                self.selected.label
            ))
            .into_response();
        self.finish(&mut response, None);
        response
    }
}

/// A versioned route's handler: sets the selected version around the handler's work
/// (extraction, handler, response encoding) and finishes its answer: the version headers,
/// the deprecation notice, bare errors (extractor rejections) rewritten as problems; after a
/// sunset it answers 410 without calling the handler.
///
/// It wraps the handler rather than layering the route: a route layer is another boxed
/// service, cloned and boxed per request. Its future is a plain struct around the handler's:
/// no allocation per request, except when a bare error must be read and rewritten, or a
/// retired route answers.
#[derive(Clone)]
struct Versioned<H> {
    handler: H,
    info: Arc<RouteInfo>,
}

impl<H, T, S> Handler<T, S> for Versioned<H>
where
    H: Handler<T, S>,
    T: 'static,
{
    type Future = Served<H::Future>;

    fn call(self, request: Request, state: S) -> Self::Future {
        use crate::lifecycle::Stage;
        let info = self.info;
        let span = tracing::info_span!(
            "verso.request",
            api = info.selected.api_name,
            api.version = info.selected.label,
            method = info.method,
            route = info.route,
        );
        let stage = match &info.notice {
            Some(notice) => notice
                .dates
                .stage(info.shared.advert.clock().unix_seconds()),
            None => Stage::Active,
        };
        if let Some(counter) = &info.counter {
            counter.count(stage == Stage::Sunset);
        }
        let notice_path = (stage != Stage::Active).then(|| request.uri().path().to_owned());
        if let (Stage::Sunset, Some(notice), Some(path)) = (stage, &info.notice, &notice_path) {
            let response = notice.gone(path);
            return Served {
                inner: None,
                rewrite: Some(Box::pin(core::future::ready(response))),
                info,
                notice_path,
                span,
            };
        }
        let selected = info.selected;
        let handler = self.handler;
        let future = {
            let _entered = span.enter();
            select::sync_scope(selected, || handler.call(request, state))
        };
        Served {
            inner: Some(select::scope(selected, future)),
            rewrite: None,
            info,
            notice_path,
            span,
        }
    }
}

type Rewrite = Pin<Box<dyn Future<Output = Response> + Send>>;

pin_project_lite::pin_project! {
    /// The future of a [`Versioned`] handler.
    struct Served<F> {
        #[pin]
        inner: Option<tokio::task::futures::TaskLocalFuture<Selected, F>>,
        rewrite: Option<Rewrite>,
        info: Arc<RouteInfo>,
        // The request path, kept only when a notice must be filled in from it.
        notice_path: Option<String>,
        span: tracing::Span,
    }
}

impl<F> Future for Served<F>
where
    F: Future<Output = Response>,
{
    type Output = Response;

    fn poll(self: Pin<&mut Self>, cx: &mut core::task::Context<'_>) -> core::task::Poll<Response> {
        use core::task::Poll;
        let this = self.project();
        let _entered = this.span.enter();
        let mut response = if let Some(rewrite) = this.rewrite.as_mut() {
            match rewrite.as_mut().poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(response) => response,
            }
        } else {
            let Some(inner) = this.inner.as_pin_mut() else {
                return Poll::Ready(Problem::internal("a route answered twice").into_response());
            };
            match inner.poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(response) if !is_bare_error(&response) => response,
                Poll::Ready(response) => {
                    let rewrite: Rewrite = Box::pin(problem_from_bare(response));
                    match this.rewrite.insert(rewrite).as_mut().poll(cx) {
                        Poll::Pending => return Poll::Pending,
                        Poll::Ready(response) => response,
                    }
                }
            }
        };
        this.info.finish(&mut response, this.notice_path.as_deref());
        Poll::Ready(response)
    }
}

/// Whether a path matches an axum path template (`/images/{id}`, `/files/{*rest}`).
fn matches_template(template: &str, path: &str) -> bool {
    let mut t = template.split('/');
    let mut p = path.split('/');
    loop {
        match (t.next(), p.next()) {
            (None, None) => return true,
            (Some(seg), Some(_)) if seg.starts_with("{*") => return true,
            (Some(seg), Some(actual)) if seg.starts_with('{') => {
                if actual.is_empty() {
                    return false;
                }
            }
            (Some(seg), Some(actual)) if seg == actual => {}
            _ => return false,
        }
    }
}

fn not_routed<A: Api>(shared: &Shared, request: &Request) -> Response {
    let path = request.uri().path();
    let supported = Value::from(shared.labels.clone());
    let list = shared.labels.join(", ");
    let example = format!(
        "{}/v{}/...",
        shared.prefix,
        shared.labels.last().copied().unwrap_or("1")
    );
    let Some(rest) = strip_prefix(&shared.prefix, path) else {
        let mut response =
            Problem::not_found(format!("no resource at `{}`", bounded(path))).into_response();
        shared.advert.stamp(&mut response);
        return response;
    };
    let segment = rest.trim_start_matches('/').split('/').next().unwrap_or("");
    let after = rest
        .trim_start_matches('/')
        .split_once('/')
        .map_or("", |(_, after)| after);
    let after = format!("/{after}");
    let mut endpoint_header = None;
    let problem = match segment.strip_prefix('v').map(Version::parse) {
        Some(Ok(version)) if shared.per_endpoint => {
            let known = shared
                .endpoints
                .iter()
                .find(|(m, p, ..)| *m == request.method().as_str() && matches_template(p, &after))
                .or_else(|| {
                    shared
                        .endpoints
                        .iter()
                        .find(|(_, p, ..)| matches_template(p, &after))
                });
            match known {
                Some((method, template, header, own)) => {
                    endpoint_header = Some(header.clone());
                    Problem::not_found(format!(
                        "`{method} {template}` exists in versions {}, not in version {version}",
                        own.join(", ")
                    ))
                    .with_type("urn:verso:problem:unknown-version")
                    .with_title("Unknown API version")
                    .with_extension("supported_versions", Value::from(own.clone()))
                }
                None => Problem::not_found(format!(
                    "no endpoint `{} {}` in any version",
                    request.method(),
                    bounded(&after)
                ))
                .with_type("urn:verso:problem:no-such-endpoint"),
            }
        }
        Some(Ok(version)) if shared.versions.contains(&version) => Problem::not_found(format!(
            "version {version} of API `{}` has no endpoint `{} {}`",
            A::NAME,
            request.method(),
            bounded(&after)
        ))
        .with_type("urn:verso:problem:no-such-endpoint"),
        Some(Ok(version)) => select::unknown_version::<A>(&version, StatusCode::NOT_FOUND),
        Some(Err(error)) => Problem::not_found(format!(
            "`{}` is not an API version ({error}); supported versions: {list}",
            bounded(segment)
        ))
        .with_type("urn:verso:problem:malformed-version")
        .with_title("Malformed API version")
        .with_extension("supported_versions", supported),
        None => select::missing_version::<A>(StatusCode::NOT_FOUND, &format!("use `{example}`")),
    };
    let mut response = problem.into_response();
    if let Some(header) = endpoint_header {
        response
            .headers_mut()
            .insert(API_SUPPORTED_VERSIONS, header);
    }
    shared.advert.stamp(&mut response);
    response
}

/// Largest error body from an inner layer that is carried into a problem's detail.
const MAX_INNER_ERROR_BODY: usize = 4096;

/// Whether a response is a bare error: an error status with no body type, or plain text
/// (axum's own rejections: 405, 413, a bad path or query). A problem, or a handler's own
/// (JSON) error body, is not.
fn is_bare_error(response: &Response) -> bool {
    let status = response.status();
    (status.is_client_error() || status.is_server_error())
        && response
            .headers()
            .get(header::CONTENT_TYPE)
            .is_none_or(|v| v.as_bytes().starts_with(b"text/plain"))
}

/// A bare error rewritten as problem+json, keeping its other headers.
async fn problem_from_bare(response: Response) -> Response {
    let status = response.status();
    let (parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, MAX_INNER_ERROR_BODY)
        .await
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    let detail = if text.trim().is_empty() {
        status.canonical_reason().unwrap_or("error").to_owned()
    } else {
        bounded(text.trim())
    };
    let mut rebuilt = Problem::new(status).with_detail(detail).into_response();
    for (name, value) in parts.headers.iter() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            rebuilt.headers_mut().insert(name.clone(), value.clone());
        }
    }
    rebuilt
}

/// `api-supported-versions` (unless set already), and bare errors as problems: for the
/// answers that do not come from a versioned route.
async fn normalize(State(shared): State<Arc<Shared>>, response: Response) -> Response {
    let mut response = if is_bare_error(&response) {
        problem_from_bare(response).await
    } else {
        response
    };
    shared.advert.stamp(&mut response);
    response
}
