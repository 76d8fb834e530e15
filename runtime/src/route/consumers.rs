//! Consumers: who is calling (`ApiBuilder::identify_consumer`), and the migration report's
//! operator endpoint (`ApiBuilder::consumer_report`) behind the service's permission check.

use core::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode, header};

use crate::api::Api;
use crate::error::BuildError;
use crate::operator::{Access, OperatorEndpoint, refusal};
use crate::problem::{Problem, bounded};
use crate::usage::{StoreError, Usage};

use super::assemble::{try_route, unversioned};
use super::builder::ApiBuilder;
use super::shared::{Identify, Shared};

/// The report's window when the request names none, in days.
const DEFAULT_WINDOW_DAYS: u64 = 30;
/// The longest window a request may name, in days.
const MAX_WINDOW_DAYS: u64 = 3650;
/// The `Retry-After` of the 503 answer when the usage store fails, in seconds.
const RETRY_AFTER_SECONDS: &str = "5";

impl<A: Api> ApiBuilder<A> {
    /// Identifies who is calling: `identify` reads the consumer's identifier from the
    /// request's parts (a header, an API key, an extension set by the service's auth layer)
    /// and returns it borrowed, or `None` for an anonymous request. An identifier must be 1
    /// to [`MAX_CONSUMER_LEN`](crate::usage::MAX_CONSUMER_LEN) bytes of ASCII letters,
    /// digits, `-`, `_`, `.`, `:` or `@`: any other is answered with a 400 problem (never
    /// stored, the handler not called). With [`ApiBuilder::usage`], each consumer's
    /// requests are counted by version and endpoint (see [`Usage::migration_report`]).
    ///
    /// ```
    /// use tower::ServiceExt;
    /// use versionary::{ApiBuilder, Usage};
    ///
    /// versionary::api_versions! { pub Shop { 1 => "Initial release" } }
    ///
    /// #[versionary::endpoint(GET "/items", api = Shop)]
    /// async fn items() -> &'static str { "[]" }
    ///
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let usage = Usage::new();
    /// let app = ApiBuilder::<Shop>::new()
    ///     .usage(usage.clone())
    ///     .identify_consumer(|parts| parts.headers.get("x-client-id")?.to_str().ok())
    ///     .build(())
    ///     .unwrap();
    /// let call = |client: &'static str| {
    ///     let request = http::Request::get("/v1/items").header("x-client-id", client);
    ///     app.clone().oneshot(request.body(axum::body::Body::empty()).unwrap())
    /// };
    /// assert_eq!(call("acme").await.unwrap().status(), 200);
    /// assert_eq!(call("not valid!").await.unwrap().status(), 400);
    /// let rows = usage.by_consumer();
    /// assert_eq!((rows[0].consumer.as_str(), rows[0].version, rows[0].requests), ("acme", "1", 1));
    /// # });
    /// ```
    pub fn identify_consumer<F>(mut self, identify: F) -> Self
    where
        F: for<'a> Fn(&'a http::request::Parts) -> Option<&'a str> + Send + Sync + 'static,
    {
        self.identify = Some(Identify(Arc::new(identify)));
        self
    }

    /// Identifies consumers by the request header `name`, the common case of
    /// [`ApiBuilder::identify_consumer`]: a request without it is anonymous, one whose
    /// value is not a valid identifier (including a value that is not visible ASCII) is
    /// answered with a 400 problem.
    ///
    /// ```
    /// use versionary::{ApiBuilder, Usage};
    ///
    /// versionary::api_versions! { pub Shop { 1 => "Initial release" } }
    ///
    /// #[versionary::endpoint(GET "/items", api = Shop)]
    /// async fn items() -> &'static str { "[]" }
    ///
    /// let app: axum::Router = ApiBuilder::<Shop>::new()
    ///     .usage(Usage::new())
    ///     .consumer_header("x-client-id")
    ///     .build(())
    ///     .unwrap();
    /// # drop(app);
    /// ```
    pub fn consumer_header(self, name: &'static str) -> Self {
        let name = http::HeaderName::from_static(name);
        // A value that is not text is an invalid identifier (U+FFFD is refused), not an
        // anonymous request.
        self.identify_consumer(move |parts| {
            let value = parts.headers.get(&name)?;
            Some(value.to_str().unwrap_or("\u{fffd}"))
        })
    }

    /// Serves the migration report ([`Usage::migration_report`]) at `GET {path}` to the
    /// requests `allow` lets in: an async check on the request's parts, like
    /// [`preview_header`](ApiBuilder::preview_header)'s, answering
    /// [`Access`](crate::operator::Access) (401 and 403 problems otherwise). Needs
    /// [`ApiBuilder::usage`] and [`ApiBuilder::identify_consumer`].
    ///
    /// The report is JSON, or a plain text table for `?format=text` or a request accepting
    /// `text/plain` but not JSON. `?window=N` lists the consumers seen in the last `N` days
    /// (30 by default, at most 3650). When the [`Usage`] has a [store](Usage::store), the
    /// report is [`Usage::stored_report`] (every instance, across restarts), and a failing
    /// store is answered with a 503 problem with `Retry-After`. With the docs site
    /// (`ApiBuilder::docs`, feature `docs`), the version matrix shows the requests this check
    /// allows how many consumers called each version in the last 30 days; others see it
    /// without counts.
    ///
    /// ```
    /// use versionary::operator::Access;
    /// use versionary::{ApiBuilder, Usage};
    ///
    /// versionary::api_versions! { pub Shop { 1 => "Initial release" } }
    ///
    /// #[versionary::endpoint(GET "/items", api = Shop)]
    /// async fn items() -> &'static str { "[]" }
    ///
    /// let app: axum::Router = ApiBuilder::<Shop>::new()
    ///     .usage(Usage::new())
    ///     .identify_consumer(|parts| parts.headers.get("x-client-id")?.to_str().ok())
    ///     .consumer_report("/operator/consumers", |parts| {
    ///         let token = parts.headers.get("authorization").cloned();
    ///         async move {
    ///             match token {
    ///                 None => Access::Unauthenticated("Bearer"),
    ///                 Some(t) if t == "Bearer s3cret" => Access::Allowed,
    ///                 Some(_) => Access::Forbidden,
    ///             }
    ///         }
    ///     })
    ///     .build(())
    ///     .unwrap();
    /// # drop(app);
    /// ```
    pub fn consumer_report<F, Fut>(mut self, path: &str, allow: F) -> Self
    where
        F: Fn(&http::request::Parts) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Access> + Send + 'static,
    {
        self.report = Some(OperatorEndpoint {
            path: path.trim_end_matches('/').to_owned(),
            check: Arc::new(move |parts| Box::pin(allow(parts))),
        });
        self
    }
}

/// `root` with the report's operator endpoint, if the builder asks for it.
pub(super) fn report_route<A: Api>(
    builder: &ApiBuilder<A>,
    root: Router<A::State>,
    shared: &Arc<Shared>,
) -> Result<Router<A::State>, BuildError> {
    let Some(report) = builder.report.clone() else {
        return Ok(root);
    };
    let (Some(usage), Some(_)) = (builder.usage.clone(), &builder.identify) else {
        return Err(BuildError::Invalid(
            "`consumer_report` needs `usage` and `identify_consumer`: the report lists the consumers they count".into(),
        ));
    };
    if !report.path.starts_with('/') {
        return Err(BuildError::Invalid(format!(
            "the consumer report path `{}` must start with `/`",
            report.path
        )));
    }
    let path = report.path.clone();
    let route = axum::routing::get(move |request: Request| {
        let (usage, report) = (usage.clone(), report.clone());
        async move { answer_report(&usage, &report, request).await }
    });
    try_route::<A>(root, &path, unversioned(route, shared), || {
        format!("the consumer report path `{path}` conflicts with a route")
    })
}

/// The report, to a request its check allows, in the format it asks for.
async fn answer_report(usage: &Usage, report: &OperatorEndpoint, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    if let Some(refused) = refusal((report.check)(&parts).await) {
        return refused;
    }
    let (mut window, mut text) = (DEFAULT_WINDOW_DAYS, None);
    for (key, value) in form_urlencoded::parse(parts.uri.query().unwrap_or("").as_bytes()) {
        match (&*key, &*value) {
            ("window", days) => match days.parse::<u64>() {
                Ok(days) if (1..=MAX_WINDOW_DAYS).contains(&days) => window = days,
                _ => {
                    return Problem::bad_request(format!(
                        "`window` is a number of days from 1 to {MAX_WINDOW_DAYS}, not `{}`",
                        bounded(days)
                    ))
                    .into_response();
                }
            },
            ("format", "text") => text = Some(true),
            ("format", "json") => text = Some(false),
            ("format", other) => {
                return Problem::bad_request(format!(
                    "`format` is `json` or `text`, not `{}`",
                    bounded(other)
                ))
                .into_response();
            }
            _ => {}
        }
    }
    let text = text.unwrap_or_else(|| prefers_text(&parts.headers));
    let window = Duration::from_secs(window * 86_400);
    let made = if usage.has_store() {
        match usage.stored_report(window).await {
            Ok(made) => made,
            Err(error) => return store_unavailable(&error),
        }
    } else {
        usage.migration_report(window)
    };
    if text {
        let mut response = made.to_text().into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        response
    } else {
        axum::Json(made).into_response()
    }
}

/// The 503 problem answering a report whose usage store failed.
fn store_unavailable(error: &StoreError) -> Response {
    tracing::warn!(%error, "versionary: the consumer report could not read the usage store");
    let mut response = Problem::new(StatusCode::SERVICE_UNAVAILABLE)
        .with_detail(bounded(&error.to_string()))
        .with_type("urn:versionary:problem:usage-store-unavailable")
        .into_response();
    response.headers_mut().insert(
        header::RETRY_AFTER,
        HeaderValue::from_static(RETRY_AFTER_SECONDS),
    );
    response
}

/// Whether `Accept` names `text/plain` and not JSON.
fn prefers_text(headers: &http::HeaderMap) -> bool {
    let accept: Vec<&str> = headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|v| v.split(';').next().unwrap_or("").trim())
        .collect();
    accept.contains(&"text/plain")
        && !accept
            .iter()
            .any(|m| *m == "application/json" || m.ends_with("+json"))
}
