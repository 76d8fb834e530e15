//! Consumer pinning in the router: `ApiBuilder::pin_consumers` (a request naming no version
//! served at its consumer's pin, see `dispatch`), and the pins' operator endpoints
//! (`ApiBuilder::pin_operator`) behind the service's permission check.

use core::future::Future;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, Request};
use axum::response::{IntoResponse, Response};

use crate::api::Api;
use crate::error::BuildError;
use crate::operator::{Access, OperatorEndpoint, refusal};
use crate::pins::{PinError, Pins, PinsCore};
use crate::problem::Problem;
use crate::usage::check_consumer;

use super::assemble::{try_route, unversioned};
use super::builder::ApiBuilder;
use super::shared::Shared;

/// The largest body `POST {base}/pins/{consumer}` reads.
const MAX_BODY: usize = 4096;

impl<A: Api> ApiBuilder<A> {
    /// Pins consumers (Stripe's model): a request that names no version, from a consumer
    /// [`identify_consumer`](ApiBuilder::identify_consumer) names, is served at the
    /// consumer's pin, made on its first such request (see [`Pins`]), with
    /// [`Chosen::Pinned`](crate::select::Chosen::Pinned). A request that names a version is
    /// served that version; an anonymous one gets the
    /// [`missing_version`](ApiBuilder::missing_version) policy.
    ///
    /// When the store fails, a consumer whose pin this instance caches is served at it (a
    /// `tracing` warning says so); any other gets a 503 problem with `Retry-After`, never
    /// another version.
    ///
    /// ```
    /// use tower::ServiceExt;
    /// use versionary::pins::{MemoryStore, Pins};
    /// use versionary::{ApiBuilder, VersionFrom};
    ///
    /// versionary::api_versions! { pub Shop { 1 => "Initial release", 2 => "Second" } }
    ///
    /// #[versionary::endpoint(GET "/items", api = Shop)]
    /// async fn items(selected: versionary::Selected) -> String {
    ///     format!("{} {}", selected.label(), selected.chosen())
    /// }
    ///
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let pins = Pins::<Shop>::new(MemoryStore::new());
    /// let app = ApiBuilder::<Shop>::new()
    ///     .select_version(VersionFrom::header("api-version"))
    ///     .consumer_header("x-client-id")
    ///     .pin_consumers(pins.clone())
    ///     .build(())
    ///     .unwrap();
    /// let call = |version: Option<&'static str>| {
    ///     let mut request = http::Request::get("/items").header("x-client-id", "acme");
    ///     if let Some(version) = version {
    ///         request = request.header("api-version", version);
    ///     }
    ///     let app = app.clone();
    ///     async move {
    ///         let response = app.oneshot(request.body(axum::body::Body::empty()).unwrap()).await.unwrap();
    ///         axum::body::to_bytes(response.into_body(), 64).await.unwrap()
    ///     }
    /// };
    /// assert_eq!(call(None).await, "2 pinned"); // pinned to the latest on its first call
    /// assert_eq!(call(Some("1")).await, "1 explicit"); // a named version wins
    /// assert_eq!(pins.get("acme").await.unwrap().unwrap().version, "2");
    /// # });
    /// ```
    pub fn pin_consumers(mut self, pins: Pins<A>) -> Self {
        self.pins = Some(pins);
        self
    }

    /// Serves the pins' operator endpoints under `base` to the requests `allow` lets in
    /// (an async check answering [`Access`], as for
    /// [`consumer_report`](ApiBuilder::consumer_report)); needs
    /// [`pin_consumers`](ApiBuilder::pin_consumers):
    /// - `GET {base}/pins/{consumer}`: the consumer's pin (JSON), 404 without one;
    /// - `POST {base}/pins/{consumer}` with `{"version": "3"}`: upgrades the pin
    ///   ([`Pins::upgrade`]); 404 without a pin, 400 for a version that is not released,
    ///   409 for one that is not newer (checked against the pin as the store changes it),
    ///   or when other changes of the pin kept racing with this one;
    /// - `POST {base}/pins/{consumer}/rollback`: rolls the pin back ([`Pins::rollback`]);
    ///   409 when there is nothing to roll back or the window has passed.
    ///
    /// A store that fails answers 503 with `Retry-After`.
    ///
    /// ```
    /// use versionary::operator::Access;
    /// use versionary::pins::{MemoryStore, Pins};
    /// use versionary::ApiBuilder;
    ///
    /// versionary::api_versions! { pub Shop { 1 => "Initial release" } }
    ///
    /// #[versionary::endpoint(GET "/items", api = Shop)]
    /// async fn items() -> &'static str { "[]" }
    ///
    /// let app: axum::Router = ApiBuilder::<Shop>::new()
    ///     .consumer_header("x-client-id")
    ///     .pin_consumers(Pins::new(MemoryStore::new()))
    ///     .pin_operator("/operator", |parts| {
    ///         let allowed = parts.headers.get("authorization").is_some_and(|t| t == "Bearer s3cret");
    ///         async move { if allowed { Access::Allowed } else { Access::Unauthenticated("Bearer") } }
    ///     })
    ///     .build(())
    ///     .unwrap();
    /// # drop(app);
    /// ```
    pub fn pin_operator<F, Fut>(mut self, base: &str, allow: F) -> Self
    where
        F: Fn(&http::request::Parts) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Access> + Send + 'static,
    {
        self.pin_operator = Some(OperatorEndpoint {
            path: base.trim_end_matches('/').to_owned(),
            check: Arc::new(move |parts| Box::pin(allow(parts))),
        });
        self
    }

    /// The pins the dispatcher serves from, checked: pinning needs consumers identified.
    pub(super) fn checked_pins(&self) -> Result<Option<PinsCore>, BuildError> {
        if self.pins.is_some() && self.identify.is_none() {
            return Err(BuildError::Invalid(
                "`pin_consumers` needs `identify_consumer`: pins are by consumer".into(),
            ));
        }
        Ok(self.pins.as_ref().map(|pins| pins.core().clone()))
    }
}

/// `root` with the pins' operator endpoints, if the builder asks for them.
pub(super) fn pin_routes<A: Api>(
    builder: &ApiBuilder<A>,
    root: Router<A::State>,
    shared: &Arc<Shared>,
) -> Result<Router<A::State>, BuildError> {
    let Some(endpoint) = builder.pin_operator.clone() else {
        return Ok(root);
    };
    let Some(pins) = builder.pins.clone() else {
        return Err(BuildError::Invalid(
            "`pin_operator` needs `pin_consumers`: it changes the pins they keep".into(),
        ));
    };
    if !endpoint.path.starts_with('/') {
        return Err(BuildError::Invalid(format!(
            "the pin operator path `{}` must start with `/`",
            endpoint.path
        )));
    }
    let pin = format!("{}/pins/{{consumer}}", endpoint.path);
    let operator = Arc::new((endpoint, pins));
    let handler = |rollback: bool| {
        let operator = operator.clone();
        move |Path(consumer): Path<String>, request: Request| {
            let operator = operator.clone();
            async move { operate(&operator.0, &operator.1, &consumer, request, rollback).await }
        }
    };
    let filter = axum::routing::MethodFilter::GET.or(axum::routing::MethodFilter::POST);
    let conflict = || format!("the pin operator path `{pin}` conflicts with a route");
    let one = unversioned(axum::routing::on(filter, handler(false)), shared);
    let root = try_route::<A>(root, &pin, one, conflict)?;
    let back = unversioned(axum::routing::post(handler(true)), shared);
    try_route::<A>(root, &format!("{pin}/rollback"), back, conflict)
}

/// One operator request on a consumer's pin: read it (`GET`), upgrade it (`POST` with the
/// version), or roll it back.
async fn operate<A: Api>(
    endpoint: &OperatorEndpoint,
    pins: &Pins<A>,
    consumer: &str,
    request: Request,
    rollback: bool,
) -> Response {
    let (parts, body) = request.into_parts();
    if let Some(refused) = refusal((endpoint.check)(&parts).await) {
        return refused;
    }
    if let Err(problem) = check_consumer(consumer) {
        return problem.into_response();
    }
    let done = if rollback {
        pins.rollback(consumer).await
    } else if parts.method == http::Method::GET {
        match pins.get(consumer).await {
            Ok(pin) => pin.ok_or(PinError::NotPinned),
            Err(error) => Err(error),
        }
    } else {
        match target(body).await {
            Ok(to) => pins.upgrade(consumer, &to).await,
            Err(problem) => return problem.into_response(),
        }
    };
    match done {
        Ok(pin) => axum::Json(pin).into_response(),
        Err(error) => error.into_response(),
    }
}

/// The version an upgrade request's JSON body names: `{"version": "3"}`.
async fn target(body: axum::body::Body) -> Result<String, Problem> {
    #[derive(serde::Deserialize)]
    struct Upgrade {
        version: String,
    }
    let bytes = axum::body::to_bytes(body, MAX_BODY)
        .await
        .map_err(|_| Problem::bad_request(format!("the body is over {MAX_BODY} bytes")))?;
    serde_json::from_slice::<Upgrade>(&bytes)
        .map(|u| u.version)
        .map_err(|_| {
            Problem::bad_request("the body must be JSON naming the version: {\"version\": \"3\"}")
        })
}
