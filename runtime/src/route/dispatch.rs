//! Choosing a request's version (header, query, media type, or the missing-version policy)
//! and handing it to that version's router.

use core::convert::Infallible;
use core::future::Future;
use core::marker::PhantomData;
use core::pin::Pin;
use std::sync::Arc;

use axum::Router;
use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use tower::ServiceExt;

use crate::api::Api;
use crate::problem::{Problem, bounded};
use crate::select::{self, Chosen, Source};

use super::answers::not_routed;
use super::missing::Resolver;
use super::shared::{Shared, strip_prefix};
use crate::pins::{PinError, PinsCore};
use crate::preview::Preview;
use crate::usage::check_consumer;

pub(super) enum Missing {
    Fixed(usize),
    Resolve(Resolver),
}

pub(super) struct DispatchInner {
    pub(super) routers: Vec<Router>,
    pub(super) sources: Vec<Source>,
    pub(super) missing: Option<Missing>,
    pub(super) shared: Arc<Shared>,
    pub(super) preview: Option<Preview>,
    /// A date between versions is served as the closest earlier one.
    pub(super) earlier_dates: bool,
    /// Consumer pinning (`ApiBuilder::pin_consumers`), ahead of the missing-version policy.
    pub(super) pins: Option<PinsCore>,
}

/// The response future of the preview guard.
pub(super) type GuardFuture = Pin<Box<dyn Future<Output = Response> + Send>>;

/// Answers an unreleased version as if it did not exist (under path versions), unless the
/// request asks for a preview and is allowed one.
pub(super) fn preview_guard<A: Api>(
    preview: Preview,
    shared: Arc<Shared>,
) -> axum::middleware::FromFnLayer<
    impl Fn(Request, axum::middleware::Next) -> GuardFuture + Clone,
    (),
    (Request,),
> {
    axum::middleware::from_fn(move |request: Request, next: axum::middleware::Next| {
        let (shared, preview) = (shared.clone(), preview.clone());
        Box::pin(async move {
            let (parts, body) = request.into_parts();
            if preview.allows(&parts).await {
                next.run(Request::from_parts(parts, body)).await
            } else {
                // Exactly what a version that never existed gets.
                not_routed::<A>(&shared, &Request::from_parts(parts, body))
            }
        }) as GuardFuture
    })
}

/// Routes a request to the router of the version it names (header, query, media type), or
/// of the version its missing-version policy gives.
pub(super) struct Dispatch<A> {
    pub(super) inner: Arc<DispatchInner>,
    pub(super) api: PhantomData<fn() -> A>,
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

pub(super) async fn dispatch<A: Api>(inner: &DispatchInner, request: Request) -> Response {
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
        select::version_of::<A>(&inner.sources, &parts, inner.earlier_dates)
    };
    let (index, chosen) = match named {
        Ok(Some(named)) => named,
        Ok(None) => match pinned(inner, &parts).await {
            Some(Ok(index)) => (index, Chosen::Pinned),
            Some(Err(refused)) => return refused,
            None => match defaulted::<A>(inner, &parts, by_path).await {
                Ok(index) => (index, Chosen::Defaulted),
                Err(refused) => return refused,
            },
        },
        Err(problem) => return problem.into_response(),
    };
    if A::VERSIONS[index].unreleased
        && !match &inner.preview {
            Some(preview) => preview.allows(&parts).await,
            None => false,
        }
    {
        let status = if by_path {
            StatusCode::NOT_FOUND
        } else {
            StatusCode::BAD_REQUEST
        };
        return select::unknown_version::<A>(&A::VERSIONS[index].version, status).into_response();
    }
    let routed = inner.routers[index]
        .clone()
        .oneshot(Request::from_parts(parts, body));
    match select::scope_chosen(chosen, routed).await {
        Ok(response) => response,
        Err(never) => match never {},
    }
}

/// For a request naming no version: the index of its consumer's pinned version, or the
/// answer refusing it (a bad identifier, a store that is down); `None` when pinning does not
/// apply (not configured, an anonymous request).
async fn pinned(
    inner: &DispatchInner,
    parts: &http::request::Parts,
) -> Option<Result<usize, Response>> {
    let pins = inner.pins.as_ref()?;
    let identify = inner.shared.identify.as_ref()?;
    let consumer = match check_consumer((identify.0)(parts)?) {
        Ok(consumer) => consumer,
        Err(problem) => return Some(Err(problem.into_response())),
    };
    Some(pins.served(consumer).await.map_err(|error| {
        match error {
            // The store holds a version this API does not declare (any more): the service's
            // data, not the request, is wrong; never serve another version.
            PinError::UnknownVersion(version) => Problem::internal(format!(
                "the consumer is pinned to version `{}`, which this API does not declare",
                bounded(&version)
            ))
            .framework_answer()
            .into_response(),
            error => error.into_response(),
        }
    }))
}

/// The version the missing-version policy gives a request naming none, or the answer
/// refusing it (no policy, or a resolver naming an unknown version).
async fn defaulted<A: Api>(
    inner: &DispatchInner,
    parts: &http::request::Parts,
    by_path: bool,
) -> Result<usize, Response> {
    let shared = &inner.shared;
    let resolved = match &inner.missing {
        Some(Missing::Fixed(index)) => Some(*index),
        Some(Missing::Resolve(resolver)) => match resolver(parts).await {
            Some(version) => match select::index_at::<A>(&version, inner.earlier_dates) {
                Some((index, _)) => Some(index),
                None => {
                    return Err(
                        select::unknown_version::<A>(&version, StatusCode::BAD_REQUEST)
                            .into_response(),
                    );
                }
            },
            None => None,
        },
        None => None,
    };
    if let Some(index) = resolved {
        return Ok(index);
    }
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
    Err(select::missing_version::<A>(status, &how).into_response())
}

pub(super) fn describe_sources(sources: &[Source]) -> String {
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

/// The version segment at the start of `rest` (`/v2/...`), parsed or not.
pub(super) fn version_segment(rest: &str) -> Option<&str> {
    let segment = rest.trim_start_matches('/').split('/').next().unwrap_or("");
    segment
        .strip_prefix('v')
        .filter(|s| s.starts_with(|c: char| c.is_ascii_digit()))
}

/// Replaces the request path (keeping the query); `None` when the result is not a URI.
pub(super) fn rewrite_path(parts: &mut http::request::Parts, path: &str) -> Option<()> {
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
