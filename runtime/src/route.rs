//! Registration of `#[endpoint]` handlers and the builder that turns them into an
//! `axum::Router` serving every declared version.

use core::any::{Any, TypeId};
use core::convert::Infallible;
use core::marker::PhantomData;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Request, State};
use axum::handler::Handler;
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodFilter, MethodRouter};
use http::{HeaderName, HeaderValue, header};
use serde_json::Value;

use crate::api::Api;
use crate::problem::{PROBLEM_JSON, Problem, bounded};
use crate::select::{self, Selected};
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
    /// The handler's name.
    pub handler: &'static str,
    /// Where the handler is declared.
    pub file: &'static str,
    /// Line of the `#[endpoint]` attribute.
    pub line: u32,
    /// Builds the `MethodRouter<A::State>` (boxed so one registration type serves every API).
    pub make: fn() -> Box<dyn Any + Send>,
}

inventory::collect!(Endpoint);

/// Generated code turns a handler into its (boxed) method router.
#[doc(hidden)]
pub fn __method_router<A, H, T>(method: &'static str, handler: H) -> Box<dyn Any + Send>
where
    A: Api,
    H: Handler<T, A::State>,
    T: 'static,
{
    let filter = method_filter(method).unwrap_or(MethodFilter::GET);
    Box::new(axum::routing::on(filter, handler) as MethodRouter<A::State, Infallible>)
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
        /// `GET /participants/{id}` at version `1`.
        route: String,
        /// `handler (file:line)` of the first claimant.
        first: String,
        /// `handler (file:line)` of the second claimant.
        second: String,
    },
    /// The version prefix is not a path (`/api`), or a registration is inconsistent.
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
    /// A path segment `v{version}` after `prefix`: `/api/v2/participants`. A request without
    /// a declared version there is answered 404.
    Path {
        /// The path before the version segment: `""` or `/api`.
        prefix: String,
    },
}

impl VersionFrom {
    /// Versions in the URL path after `prefix` (`""` for `/v1/...`, `"/api"` for
    /// `/api/v1/...`).
    pub fn path(prefix: impl Into<String>) -> VersionFrom {
        VersionFrom::Path {
            prefix: prefix.into(),
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
/// let router: axum::Router = ApiBuilder::<Shop>::new()
///     .select_version(VersionFrom::path("/api"))
///     .build(())
///     .unwrap();
/// let table = ApiBuilder::<Shop>::new().select_version(VersionFrom::path("/api")).route_table().unwrap();
/// assert_eq!(table.to_text(), "GET  /api/v1/items/{id}  versions 1..=2  get_item\nGET  /api/v2/items/{id}  versions 1..=2  get_item\n");
/// # drop(router);
/// ```
#[derive(Debug)]
pub struct ApiBuilder<A: Api> {
    from: VersionFrom,
    api: PhantomData<fn() -> A>,
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
    /// Full path as served, with the version segment.
    pub path: String,
    /// The version this path serves.
    pub version: &'static str,
    /// The versions the endpoint exists in, `first..=last`.
    pub versions: String,
    /// The handler's name.
    pub handler: &'static str,
    /// `file:line` of the handler.
    pub source: String,
}

/// Every route an API serves, sorted by path then method: deterministic output for
/// `--routes`, docs and snapshot tests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteTable {
    /// The rows, sorted.
    pub rows: Vec<RouteRow>,
}

impl RouteTable {
    /// One line per route: method, path, versions, handler.
    pub fn to_text(&self) -> String {
        let width = self.rows.iter().map(|r| r.method.len()).max().unwrap_or(0);
        let path_width = self.rows.iter().map(|r| r.path.len()).max().unwrap_or(0);
        let mut out = String::new();
        for r in &self.rows {
            out.push_str(&format!(
                "{:width$}  {:path_width$}  versions {}  {}\n",
                r.method, r.path, r.versions, r.handler
            ));
        }
        out
    }

    /// A Markdown table.
    pub fn to_markdown(&self) -> String {
        let mut out = String::from("| method | path | versions | handler |\n|---|---|---|---|\n");
        for r in &self.rows {
            out.push_str(&format!(
                "| {} | `{}` | {} | `{}` |\n",
                r.method, r.path, r.versions, r.handler
            ));
        }
        out
    }

    /// A JSON array of `{method, path, version, versions, handler}` objects.
    pub fn to_json(&self) -> Value {
        Value::Array(
            self.rows
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "method": r.method,
                        "path": r.path,
                        "version": r.version,
                        "versions": r.versions,
                        "handler": r.handler,
                    })
                })
                .collect(),
        )
    }
}

struct Shared {
    api: &'static str,
    prefix: String,
    supported: HeaderValue,
    supported_list: Vec<&'static str>,
    versions: Vec<Version>,
}

impl<A: Api> ApiBuilder<A> {
    /// A builder with versions in the URL path right at the root (`/v1/...`).
    pub fn new() -> Self {
        ApiBuilder {
            from: VersionFrom::path(""),
            api: PhantomData,
        }
    }

    /// Chooses where requests name their version.
    pub fn select_version(mut self, from: VersionFrom) -> Self {
        self.from = from;
        self
    }

    fn endpoints() -> Result<Vec<&'static Endpoint>, BuildError> {
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
        for e in &endpoints {
            let until = e.until.unwrap_or(count);
            if method_filter(e.method).is_none() || e.since >= until || until > count {
                return Err(BuildError::Invalid(format!(
                    "endpoint `{}` ({}:{}) has an invalid method or version range",
                    e.handler, e.file, e.line
                )));
            }
        }
        for (i, a) in endpoints.iter().enumerate() {
            for b in &endpoints[i + 1..] {
                if a.method != b.method || a.path != b.path {
                    continue;
                }
                let (a_end, b_end) = (a.until.unwrap_or(count), b.until.unwrap_or(count));
                let overlap = a.since.max(b.since);
                if overlap < a_end.min(b_end) {
                    return Err(BuildError::Duplicate {
                        route: format!(
                            "{} {} in version {}",
                            a.method,
                            a.path,
                            A::VERSIONS[overlap].label
                        ),
                        first: format!("`{}` ({}:{})", a.handler, a.file, a.line),
                        second: format!("`{}` ({}:{})", b.handler, b.file, b.line),
                    });
                }
            }
        }
        Ok(endpoints)
    }

    fn prefix(&self) -> Result<&str, BuildError> {
        let VersionFrom::Path { prefix } = &self.from;
        let prefix = prefix.trim_end_matches('/');
        if !(prefix.is_empty() || prefix.starts_with('/'))
            || prefix.contains(['{', '}', '*', '?', '#'])
        {
            return Err(BuildError::Invalid(format!(
                "the version prefix `{prefix}` must be empty or a literal path starting with `/`"
            )));
        }
        Ok(prefix)
    }

    /// The routes this builder would serve, sorted by path then method.
    pub fn route_table(&self) -> Result<RouteTable, BuildError> {
        let prefix = self.prefix()?;
        let count = A::VERSIONS.len();
        let mut rows = Vec::new();
        for e in Self::endpoints()? {
            let until = e.until.unwrap_or(count);
            let versions = format!(
                "{}..={}",
                A::VERSIONS[e.since].label,
                A::VERSIONS[until - 1].label
            );
            for v in &A::VERSIONS[e.since..until] {
                rows.push(RouteRow {
                    method: e.method,
                    path: format!("{prefix}/v{}{}", v.label, e.path),
                    version: v.label,
                    versions: versions.clone(),
                    handler: e.handler,
                    source: format!("{}:{}", e.file, e.line),
                });
            }
        }
        rows.sort_by(|a, b| (&a.path, a.method).cmp(&(&b.path, b.method)));
        Ok(RouteTable { rows })
    }

    /// Builds the router: every endpoint under every version of its range, unknown paths
    /// and versions answered with problem+json, version headers on every response.
    pub fn build(self, state: A::State) -> Result<Router, BuildError> {
        let prefix = self.prefix()?.to_owned();
        let endpoints = Self::endpoints()?;
        let count = A::VERSIONS.len();
        let supported_list: Vec<&'static str> = A::VERSIONS.iter().map(|v| v.label).collect();
        let supported = HeaderValue::from_str(&supported_list.join(", ")).map_err(|_| {
            BuildError::Invalid("a version label is not a valid header value".into())
        })?;

        let mut router: Router<A::State> = Router::new();
        for e in endpoints {
            let boxed = (e.make)();
            let method_router = boxed
                .downcast::<MethodRouter<A::State, Infallible>>()
                .map_err(|_| {
                    BuildError::Invalid(format!(
                        "endpoint `{}` ({}:{}) was registered for another state type",
                        e.handler, e.file, e.line
                    ))
                })?;
            for index in e.since..e.until.unwrap_or(count) {
                let info = &A::VERSIONS[index];
                let selected = Selected::new::<A>(index);
                let header = HeaderValue::from_static(info.label);
                let route = (*method_router)
                    .clone()
                    .layer(tower::layer::layer_fn(move |inner| SelectService {
                        inner,
                        selected,
                    }))
                    .layer(axum::middleware::map_response(
                        move |mut response: Response| {
                            let header = header.clone();
                            async move {
                                response.headers_mut().insert(API_VERSION, header);
                                response
                            }
                        },
                    ));
                let path = format!("{prefix}/v{}{}", info.label, e.path);
                router = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || router.route(&path, route)))
                    .map_err(|_| {
                        BuildError::Invalid(format!(
                            "endpoint `{}` ({}:{}): axum rejected its path `{}` (it conflicts with another route)",
                            e.handler, e.file, e.line, e.path
                        ))
                    })?;
            }
        }
        let shared = Arc::new(Shared {
            api: A::NAME,
            prefix,
            supported,
            supported_list,
            versions: A::VERSIONS.iter().map(|v| v.version).collect(),
        });
        let fallback_shared = shared.clone();
        Ok(router
            .fallback(move |request: Request| {
                let shared = fallback_shared.clone();
                async move { not_routed(&shared, &request) }
            })
            .with_state(state)
            .layer(axum::middleware::map_response_with_state(shared, normalize)))
    }
}

/// Sets the selected version around the handler (extraction, handler, response encoding).
#[derive(Clone, Debug)]
struct SelectService<S> {
    inner: S,
    selected: Selected,
}

impl<S, B> tower::Service<http::Request<B>> for SelectService<S>
where
    S: tower::Service<http::Request<B>>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = tokio::task::futures::TaskLocalFuture<Selected, S::Future>;

    fn poll_ready(
        &mut self,
        cx: &mut core::task::Context<'_>,
    ) -> core::task::Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        let selected = self.selected;
        let future = select::sync_scope(selected, || self.inner.call(request));
        select::scope(selected, future)
    }
}

fn not_routed(shared: &Shared, request: &Request) -> Response {
    let path = request.uri().path();
    let supported = Value::from(shared.supported_list.clone());
    let after_prefix = if shared.prefix.is_empty() {
        Some(path)
    } else {
        path.strip_prefix(shared.prefix.as_str())
            .filter(|rest| rest.is_empty() || rest.starts_with('/'))
    };
    let example = format!(
        "{}/v{}/...",
        shared.prefix,
        shared.supported_list.last().copied().unwrap_or("1")
    );
    let problem = match after_prefix {
        Some(rest) => {
            let segment = rest.trim_start_matches('/').split('/').next().unwrap_or("");
            match segment.strip_prefix('v').map(Version::parse) {
                Some(Ok(version)) if shared.versions.contains(&version) => {
                    Problem::not_found(format!(
                        "version {version} of API `{}` has no endpoint `{} {}`",
                        shared.api,
                        request.method(),
                        bounded(path)
                    ))
                    .with_type("urn:verso:problem:no-such-endpoint")
                }
                Some(Ok(version)) => Problem::not_found(format!(
                    "API version {version} does not exist; supported versions: {}",
                    shared.supported_list.join(", ")
                ))
                .with_type("urn:verso:problem:unknown-version")
                .with_title("Unknown API version"),
                Some(Err(error)) => Problem::not_found(format!(
                    "`{}` is not an API version ({error}); supported versions: {}",
                    bounded(segment),
                    shared.supported_list.join(", ")
                ))
                .with_type("urn:verso:problem:malformed-version")
                .with_title("Malformed API version"),
                None => Problem::not_found(format!(
                    "the path names no API version: use `{example}`; supported versions: {}",
                    shared.supported_list.join(", ")
                ))
                .with_type("urn:verso:problem:missing-version")
                .with_title("Missing API version"),
            }
        }
        None => Problem::not_found(format!("no resource at `{}`", bounded(path))),
    };
    problem
        .with_extension("supported_versions", supported)
        .into_response()
}

/// Largest error body from an inner layer that is carried into a problem's detail.
const MAX_INNER_ERROR_BODY: usize = 4096;

/// Outermost layer: `api-supported-versions` on every response; an error that is not yet
/// problem+json (axum's own rejections: 405, 413, a bad path or query) becomes one.
async fn normalize(State(shared): State<Arc<Shared>>, response: Response) -> Response {
    let status = response.status();
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(PROBLEM_JSON.as_bytes()));
    let mut response = if (status.is_client_error() || status.is_server_error()) && !is_problem {
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
    } else {
        response
    };
    response
        .headers_mut()
        .insert(API_SUPPORTED_VERSIONS, shared.supported.clone());
    response
}
