//! [`ApiBuilder`]: the builder of an API's router and all of its settings (where requests
//! name their version, what happens when they name none, layers, previews, the clock,
//! usage, mount point, the framework's routes, the docs site), with the OpenAPI documents it
//! would serve. The values of the settings are their own modules' (`from`, `missing`,
//! `layers`, `crate::preview`, `crate::site`); building is `build`'s.

use core::convert::Infallible;
use core::future::Future;
use core::marker::PhantomData;
use std::sync::Arc;

use axum::extract::Request;
use axum::routing::MethodRouter;
use http::HeaderName;
use serde_json::Value;

use crate::api::Api;
use crate::error::BuildError;
use crate::headers::API_VERSION;
use crate::lifecycle::Clock;
use crate::model::plan::Plan;
use crate::openapi::{Absent, DocSpec, document};
use crate::operator::OperatorEndpoint;
use crate::usage::Usage;

use super::from::VersionFrom;
use super::layers::Layers;
use super::missing::MissingVersion;
use super::shared::Identify;
use crate::preview::Preview;
use crate::site::SiteHook;

/// Builds the `axum::Router` of one API from its registered endpoints.
///
/// ```
/// use axum::extract::Path;
/// use versionary::{ApiBuilder, Json, VersionFrom};
///
/// versionary::api_versions! {
///     pub Shop {
///         1 => "Initial release",
///         2 => "`title` renamed to `name`",
///     }
/// }
///
/// #[versionary::versioned(api = Shop, response)]
/// #[derive(Clone)]
/// pub struct Item {
///     #[api(renamed(from = "title", in = 2))]
///     pub name: String,
/// }
///
/// #[versionary::endpoint(GET "/items/{id}", api = Shop)]
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
    pub(super) from: VersionFrom,
    pub(super) missing: MissingVersion,
    pub(super) versions_path: Option<String>,
    pub(super) preview: Option<Preview>,
    pub(super) clock: Clock,
    pub(super) usage: Option<Usage>,
    pub(super) openapi_path: Option<String>,
    pub(super) mount: Option<String>,
    pub(super) earlier_dates: bool,
    pub(super) version_header: Option<HeaderName>,
    /// Whether versioned answers carry their [`Selected`](crate::Selected) in their extensions.
    pub(super) selected_in_responses: bool,
    /// Who is calling (`ApiBuilder::identify_consumer`).
    pub(super) identify: Option<Identify>,
    /// The migration report's operator endpoint (`ApiBuilder::consumer_report`).
    pub(super) report: Option<OperatorEndpoint>,
    /// Consumer pinning (`ApiBuilder::pin_consumers`).
    pub(super) pins: Option<crate::pins::Pins<A>>,
    /// The pins' operator endpoints (`ApiBuilder::pin_operator`).
    pub(super) pin_operator: Option<OperatorEndpoint>,
    /// The docs site, when served (`ApiBuilder::docs`).
    pub(super) site: Option<SiteHook<A>>,
    pub(super) layers: Layers<A::State>,
    pub(super) api: PhantomData<fn() -> A>,
}

impl<A: Api> Default for ApiBuilder<A> {
    fn default() -> Self {
        ApiBuilder::new()
    }
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
            clock: Clock::system(),
            usage: None,
            openapi_path: Some("/openapi".to_owned()),
            mount: None,
            earlier_dates: false,
            version_header: None,
            site: None,
            identify: None,
            report: None,
            pins: None,
            pin_operator: None,
            selected_in_responses: false,
            layers: Layers(Vec::new()),
            api: PhantomData,
        }
    }

    /// Where the OpenAPI documents are served (`/openapi` by default: one document per
    /// released version at `GET /openapi/{version}.json`), or `None` for nowhere.
    pub fn openapi_path(mut self, path: Option<&str>) -> Self {
        self.openapi_path = path.map(|p| p.trim_end_matches('/').to_owned());
        self
    }

    pub(super) fn doc_spec(&self) -> Result<DocSpec, BuildError> {
        let prefix = self.checked_prefix()?;
        let mut sources = Vec::new();
        if prefix.is_none() {
            self.from.sources(&mut sources)?;
        }
        Ok(DocSpec {
            mount: self.checked_mount()?,
            prefix,
            sources,
            absent: self.absent_version(),
            per_endpoint: matches!(self.from, VersionFrom::PathPerEndpoint { .. }),
        })
    }

    /// What a request naming no version is served, as the documents say it.
    fn absent_version(&self) -> Absent {
        match &self.missing {
            MissingVersion::Reject => Absent::Rejected,
            MissingVersion::Default(version) => {
                A::index_of(version).map_or(Absent::Rejected, Absent::Serves)
            }
            MissingVersion::Latest => Absent::Serves(Self::newest_released()),
            MissingVersion::Oldest => Absent::Serves(Self::oldest_released()),
            MissingVersion::Resolve(_) => Absent::Resolved,
        }
    }

    /// The index of the newest released version (`MissingVersion::Latest`).
    pub(super) fn newest_released() -> usize {
        A::VERSIONS.iter().rposition(|v| !v.unreleased).unwrap_or(0)
    }

    /// The index of the oldest released version (`MissingVersion::Oldest`).
    pub(super) fn oldest_released() -> usize {
        A::VERSIONS.iter().position(|v| !v.unreleased).unwrap_or(0)
    }

    /// The OpenAPI 3.1 document of one version (by its label), as this builder serves it.
    pub fn openapi(&self, version: &str) -> Result<Value, BuildError> {
        let index = A::VERSIONS
            .iter()
            .position(|v| v.label == version && (!v.unreleased || self.preview.is_some()))
            .ok_or_else(|| {
                BuildError::Invalid(format!("`{}` has no released version `{version}`", A::NAME))
            })?;
        let plan = Plan::of::<A>(self.preview.is_some())?;
        Ok(document::<A>(&self.doc_spec()?, &plan, index))
    }

    /// The OpenAPI documents of every released version, oldest first, with their labels.
    pub fn openapi_documents(&self) -> Result<Vec<(&'static str, Value)>, BuildError> {
        let plan = Plan::of::<A>(self.preview.is_some())?;
        let spec = self.doc_spec()?;
        Ok(A::VERSIONS
            .iter()
            .enumerate()
            .filter(|(_, v)| !v.unreleased)
            .map(|(i, v)| (v.label, document::<A>(&spec, &plan, i)))
            .collect())
    }

    /// The clock that decides which deprecation and sunset dates have passed (the system
    /// clock by default; [`Clock::from_env`](Clock::from_env) lets tests
    /// and staging move time).
    pub fn clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// Counts requests by version and endpoint into `usage` (see [`Usage`](crate::Usage)).
    pub fn usage(mut self, usage: Usage) -> Self {
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
    /// carry the header `name` (any value) **and** that `allow` lets in: an async check on
    /// the request's parts, such as an API key on an allow-list. Without this, unreleased
    /// versions are not served, listed or advertised at all; with it, they are still left out
    /// of `api-supported-versions`, `/versions` and error messages, and a request that is not
    /// allowed gets exactly the answer it would get if the version did not exist.
    ///
    /// ```
    /// use versionary::{ApiBuilder, Json};
    ///
    /// versionary::api_versions! { pub Shop { 1 => "Initial release", 2 => "Next" { unreleased } } }
    ///
    /// #[versionary::endpoint(GET "/items", api = Shop)]
    /// async fn items() -> Json<Vec<String>> { Json(Vec::new()) }
    ///
    /// let app: axum::Router = ApiBuilder::<Shop>::new()
    ///     .preview_header("api-preview", |parts| {
    ///         let key = parts.headers.get("api-key").cloned();
    ///         async move { key.is_some_and(|k| k == "partner-7") }
    ///     })
    ///     .build(())
    ///     .unwrap();
    /// # drop(app);
    /// ```
    pub fn preview_header<F, Fut>(mut self, name: &'static str, allow: F) -> Self
    where
        F: Fn(&http::request::Parts) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = bool> + Send + 'static,
    {
        self.preview = Some(Preview {
            header: HeaderName::from_static(name),
            allow: Arc::new(move |parts| Box::pin(allow(parts))),
        });
        self
    }

    /// Where the version list is served (`/versions` by default), or `None` for nowhere.
    pub fn versions_path(mut self, path: Option<&str>) -> Self {
        self.versions_path = path.map(str::to_owned);
        self
    }

    /// Declares where the router is mounted in the larger application (`"/api"` after
    /// `Router::nest("/api", router)`, or behind a proxy that strips a prefix), so that the
    /// URLs versionary writes for clients carry it: successor links and `Link` headers of retired
    /// endpoints, problems' `instance`, the route table and the OpenAPI `servers` entry.
    /// Without it, versionary takes the prefix from axum's `OriginalUri` when the router is
    /// nested, for the URLs it writes per request.
    ///
    /// ```
    /// use versionary::{ApiBuilder, Json};
    ///
    /// versionary::api_versions! { pub Shop { 1 => "Initial release" } }
    ///
    /// #[versionary::endpoint(GET "/items", api = Shop)]
    /// async fn items() -> Json<Vec<String>> { Json(Vec::new()) }
    ///
    /// let builder = ApiBuilder::<Shop>::new().mounted_at("/api/");
    /// let table = builder.route_table().unwrap();
    /// assert!(table.rows.iter().any(|row| row.path == "/api/v1/items"));
    /// assert_eq!(builder.openapi("1").unwrap()["servers"][0]["url"], "/api");
    /// let app: axum::Router = axum::Router::new().nest("/api", builder.build(()).unwrap());
    /// # drop(app);
    /// ```
    pub fn mounted_at(mut self, path: &str) -> Self {
        self.mount = Some(path.trim_end_matches('/').to_owned());
        self
    }

    /// Layers `layer` around every versioned route, after its version is selected: the
    /// middleware sees the version in the request's extensions (a [`Selected`](crate::Selected)) and through
    /// [`versionary::selected()`](crate::selected), and any answer of the route. (A layer on the
    /// built router runs before routing, so it cannot know the version yet; it finds the
    /// label in the answer's version header, and the [`Selected`](crate::Selected) in the
    /// response's extensions after [`ApiBuilder::selected_in_responses`].) Layers given first
    /// run innermost, as with axum's `layer`.
    ///
    /// ```
    /// use axum::{extract::Request, middleware::{self, Next}, response::Response};
    /// use versionary::{ApiBuilder, Json, Selected};
    ///
    /// versionary::api_versions! { pub Shop { 1 => "Initial release" } }
    ///
    /// #[versionary::endpoint(GET "/items", api = Shop)]
    /// async fn items() -> Json<Vec<String>> { Json(Vec::new()) }
    ///
    /// async fn audit(request: Request, next: Next) -> Response {
    ///     let version = request.extensions().get::<Selected>().map(|s| s.label());
    ///     assert_eq!(version, Some("1"));
    ///     next.run(request).await
    /// }
    ///
    /// let app: axum::Router = ApiBuilder::<Shop>::new()
    ///     .layer(middleware::from_fn(audit))
    ///     .build(())
    ///     .unwrap();
    /// # drop(app);
    /// ```
    pub fn layer<L>(mut self, layer: L) -> Self
    where
        L: tower::Layer<axum::routing::Route> + Clone + Send + Sync + 'static,
        L::Service: tower::Service<Request, Error = Infallible> + Clone + Send + Sync + 'static,
        <L::Service as tower::Service<Request>>::Response: axum::response::IntoResponse + 'static,
        <L::Service as tower::Service<Request>>::Future: Send + 'static,
    {
        self.layers.0.push(Arc::new(
            move |route: MethodRouter<A::State, Infallible>| route.layer(layer.clone()),
        ));
        self
    }

    /// The response header that names the version an answer was served as. By default it
    /// is the header the client names the version in, when versions are selected by one
    /// header (`VersionFrom::header("x-api-version")` answers with `x-api-version`), and
    /// `api-version` otherwise.
    ///
    /// ```
    /// use versionary::{ApiBuilder, Json, VersionFrom};
    ///
    /// versionary::api_versions! { pub Shop { 1 => "Initial release" } }
    ///
    /// #[versionary::endpoint(GET "/items", api = Shop)]
    /// async fn items() -> Json<Vec<String>> { Json(Vec::new()) }
    ///
    /// let app: axum::Router = ApiBuilder::<Shop>::new()
    ///     .select_version(VersionFrom::query("v"))
    ///     .version_header("x-served-version")
    ///     .build(())
    ///     .unwrap();
    /// # drop(app);
    /// ```
    pub fn version_header(mut self, name: &'static str) -> Self {
        self.version_header = Some(HeaderName::from_static(name));
        self
    }

    /// Puts the [`Selected`](crate::Selected) version into the extensions of every answer of a
    /// versioned route, for layers on the built router (or on an application it is nested
    /// in): they run before routing, so they learn the version from the response.
    ///
    /// Off by default because it costs three heap allocations per request (`http`'s
    /// extension map, its table and the boxed value) where an answer has no extensions
    /// otherwise. Without it an outer layer still finds the version's label, for free, in
    /// the version header every versioned answer carries (`api-version`, or the name given
    /// to [`ApiBuilder::version_header`]).
    ///
    /// ```
    /// use axum::{extract::Request, middleware::{self, Next}, response::Response};
    /// use tower::ServiceExt;
    /// use versionary::{ApiBuilder, Json, Selected};
    ///
    /// versionary::api_versions! { pub Shop { 1 => "Initial release" } }
    ///
    /// #[versionary::endpoint(GET "/items", api = Shop)]
    /// async fn items() -> Json<Vec<String>> { Json(Vec::new()) }
    ///
    /// // Outside the versioned router: the version is known once the answer comes back.
    /// async fn metrics(request: Request, next: Next) -> Response {
    ///     let response = next.run(request).await;
    ///     let selected = response.extensions().get::<Selected>().copied();
    ///     assert_eq!(selected.map(|s| (s.api_name(), s.label())), Some(("Shop", "1")));
    ///     // The label alone is in the version header, with or without the extension.
    ///     assert_eq!(response.headers()["api-version"], "1");
    ///     response
    /// }
    ///
    /// let api = ApiBuilder::<Shop>::new().selected_in_responses().build(()).unwrap();
    /// let app = axum::Router::new().nest("/api", api).layer(middleware::from_fn(metrics));
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let request = Request::get("/api/v1/items").body(axum::body::Body::empty()).unwrap();
    /// let response = app.oneshot(request).await.unwrap();
    /// assert_eq!(response.status(), 200);
    /// # });
    /// ```
    pub fn selected_in_responses(mut self) -> Self {
        self.selected_in_responses = true;
        self
    }

    /// The response header naming the version served (see [`ApiBuilder::version_header`]).
    pub(super) fn served_version_header(&self) -> HeaderName {
        if let Some(name) = &self.version_header {
            return name.clone();
        }
        let mut headers = Vec::new();
        self.from.header_names(&mut headers);
        match headers.as_slice() {
            [only] => only.clone(),
            _ => API_VERSION,
        }
    }

    /// For an API versioned by dates: a request naming a date that is not a version is
    /// served as the closest earlier released version, as Stripe and Cadwyn do (a client
    /// pinned to `2024-02-02` gets `2024-01-15`, and the answer says so in its version
    /// header). A date before the first version is still unknown (400). Versions named in a
    /// header, a query parameter or the media type only: a URL names a route, so `build`
    /// refuses it with path versions.
    ///
    /// ```
    /// use versionary::{ApiBuilder, Json, VersionFrom};
    ///
    /// versionary::api_versions! { pub Shop { "2024-01-15" => "Initial release" } }
    ///
    /// #[versionary::endpoint(GET "/items", api = Shop)]
    /// async fn items() -> Json<Vec<String>> { Json(Vec::new()) }
    ///
    /// let app: axum::Router = ApiBuilder::<Shop>::new()
    ///     .select_version(VersionFrom::header("shop-version"))
    ///     .earlier_dates()
    ///     .build(())
    ///     .unwrap();
    /// # drop(app);
    /// ```
    pub fn earlier_dates(mut self) -> Self {
        self.earlier_dates = true;
        self
    }

    /// Serves a documentation site for integrators at `path` (`"/docs"`), from the same
    /// router, every file embedded in the binary (it works offline). Cargo feature `docs`.
    ///
    /// - `GET {path}`: the interactive reference ([Swagger UI](https://swagger.io/tools/swagger-ui/))
    ///   of every served version, from the OpenAPI documents the router serves (see
    ///   [`ApiBuilder::openapi_path`]); the latest version is selected, a deprecated one is
    ///   labelled with its dates, and "Try it out" sends the selected version the way this
    ///   builder selects it (path, header, query parameter or media type).
    /// - `GET {path}/versions`: the version matrix, one row per endpoint and one column per
    ///   version: where each endpoint is served, deprecated (with dates) or gone, and its
    ///   successor.
    /// - `GET {path}/release-notes`: the [changelog](crate::changelog) as HTML, newest first.
    /// - `GET {path}/assets/{file}`: the pages' scripts and styles.
    ///
    /// Unreleased versions appear only to requests that
    /// [`preview_header`](ApiBuilder::preview_header) lets in; such a service also serves
    /// their OpenAPI documents at `GET {path}/openapi/{version}.json` (as does one without
    /// [`openapi_path`](ApiBuilder::openapi_path)). Any other path under `path` is a 404
    /// problem.
    ///
    /// ```
    /// use versionary::{ApiBuilder, Json};
    ///
    /// versionary::api_versions! { pub Shop { 1 => "Initial release", 2 => "Items are priced" } }
    ///
    /// #[versionary::endpoint(GET "/items", api = Shop)]
    /// async fn items() -> Json<Vec<String>> { Json(Vec::new()) }
    ///
    /// let builder = ApiBuilder::<Shop>::new().docs("/docs");
    /// let table = builder.route_table().unwrap();
    /// for page in ["/docs", "/docs/versions", "/docs/release-notes"] {
    ///     assert!(table.rows.iter().any(|row| row.path == page), "{page}");
    /// }
    /// let app: axum::Router = builder.build(()).unwrap();
    /// # drop(app);
    /// ```
    #[cfg(feature = "docs")]
    pub fn docs(mut self, path: &str) -> Self {
        self.site = Some(crate::docs::hook::<A>(
            path.trim_end_matches('/').to_owned(),
        ));
        self
    }

    /// The declared mount point, checked.
    pub(super) fn checked_mount(&self) -> Result<Option<String>, BuildError> {
        let Some(mount) = &self.mount else {
            return Ok(None);
        };
        if !mount.starts_with('/') || mount.contains(['{', '}', '*', '?', '#', ' ']) {
            return Err(BuildError::Invalid(format!(
                "the mount point `{mount}` must be a literal path starting with `/` (`/api`)"
            )));
        }
        Ok(Some(mount.clone()))
    }

    pub(super) fn checked_prefix(&self) -> Result<Option<String>, BuildError> {
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
}
