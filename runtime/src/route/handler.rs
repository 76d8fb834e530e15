//! The wrapper around each versioned handler: the selected version around its work, the
//! version and lifecycle headers on its answer, bare errors rewritten as problems.

use core::future::Future;
use core::pin::Pin;
use std::sync::Arc;

use axum::extract::Request;
use axum::handler::Handler;
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode};

use crate::headers::API_SUPPORTED_VERSIONS;
use crate::lifecycle::{API_LATEST_VERSION, Latest, Notice};
use crate::model::history::{ChangeKind, RequestMoves, apply};
use crate::problem::{Problem, bounded};
use crate::select::{self, Selected};
use crate::usage::{Counter, check_consumer};

use super::answers::{is_bare_error, problem_from_bare};
use super::shared::{Shared, mount_of, mount_str};

/// What a versioned route adds around its handler.
pub(super) struct RouteInfo {
    pub(super) selected: Selected,
    /// `api-version`.
    pub(super) version: HeaderValue,
    /// `api-supported-versions` of this endpoint alone (per-endpoint versioning).
    pub(super) supported: Option<HeaderValue>,
    pub(super) shared: Arc<Shared>,
    pub(super) notice: Option<Notice>,
    /// What answers say about the latest released version, when this one is older.
    pub(super) latest: Option<Latest>,
    pub(super) counter: Option<Counter>,
    pub(super) method: &'static str,
    pub(super) route: &'static str,
    /// The changes of the endpoint's answers this version undoes, latest first (usually none).
    pub(super) undone: Box<[ChangeKind]>,
    /// The request headers this version takes query or body values from, if any.
    pub(super) request_moves: Option<RequestMoves>,
}

impl RouteInfo {
    /// The version headers (with `api-latest-version` in an older version) and what the
    /// request's `trail` adds: the notice headers when deprecated (or gone), the `Link` to
    /// the latest version.
    pub(super) fn finish(&self, response: &mut Response, trail: Trail, selected: Selected) {
        // For layers outside the router, which run before the version is known; opt-in, as
        // the first extension of an answer costs three allocations (the version header
        // below names the version for free).
        if self.shared.selected_in_responses {
            response.extensions_mut().insert(selected);
        }
        let headers = response.headers_mut();
        headers.insert(self.shared.version_header.clone(), self.version.clone());
        if let Some(supported) = &self.supported {
            headers.insert(API_SUPPORTED_VERSIONS, supported.clone());
        }
        if let Some(latest) = &self.latest {
            headers.insert(API_LATEST_VERSION, latest.version.clone());
        }
        self.shared.advert.stamp(response);
        match (trail, &self.notice) {
            (Trail::Notice(link), Some(notice)) => notice.apply(link, response),
            (Trail::Latest(link), _) => {
                response.headers_mut().append(http::header::LINK, link);
            }
            _ => {}
        }
    }

    /// What the answer to `request` carries beyond the route's own headers: with `notice`
    /// (the request's mount point and path, while a notice applies) the notice and its
    /// `Link`, which lists the latest version's too; else that link alone, if any.
    fn trail(&self, notice: Option<&(String, String)>, request: &Request) -> Trail {
        let latest = self.latest_link(request);
        match (notice, &self.notice) {
            (Some((mount, path)), Some(n)) => Trail::Notice(n.link(mount, path, latest)),
            _ => latest.map_or(Trail::None, Trail::Latest),
        }
    }

    /// The `Link: <...>; rel="latest-version"` of an answer to `request`, in an older
    /// version whose selection has a URL for the latest: made at build time, or written
    /// for the request's own path (parameters, mount point) and query.
    fn latest_link(&self, request: &Request) -> Option<HeaderValue> {
        let link = self.latest.as_ref()?.link.as_ref()?;
        let uri = request.uri();
        let mount = mount_str(&self.shared, uri.path(), request.extensions(), link.plain);
        link.value(mount, uri.path(), uri.query())
    }

    /// The answer to a method the path does not serve in this version (axum adds `Allow`).
    pub(super) fn method_not_allowed(&self, request: &Request) -> Response {
        let mut response = Problem::new(StatusCode::METHOD_NOT_ALLOWED)
            .with_detail(format!(
                "`{} {}` is not served in version {}: see the `Allow` header for the methods that are",
                bounded(request.method().as_str()),
                bounded(request.uri().path()),
                self.selected.label
            ))
            .with_instance(format!(
                "{}{}",
                mount_of(&self.shared, request.uri().path(), request.extensions()),
                bounded(request.uri().path())
            ))
            .into_response();
        self.finish(&mut response, Trail::None, self.selected.as_chosen());
        response
    }

    /// Checks and records who is calling (`ApiBuilder::identify_consumer`): the 400 answer
    /// to a bad identifier, or `None`. A request of a known consumer allocates nothing here.
    fn identify(&self, request: Request, selected: Selected) -> (Request, Option<Response>) {
        let Some(identify) = &self.shared.identify else {
            return (request, None);
        };
        let (parts, body) = request.into_parts();
        let refused = match (identify.0)(&parts).map(check_consumer) {
            None => None,
            Some(Ok(id)) => {
                if let Some(counter) = &self.counter {
                    counter.count_consumer(id, selected.chosen());
                }
                None
            }
            Some(Err(problem)) => Some(problem.into_response()),
        };
        (Request::from_parts(parts, body), refused)
    }
}

/// What an answer carries beyond its route's own headers, made from the request before the
/// handler takes it.
pub(super) enum Trail {
    /// Nothing.
    None,
    /// The route's notice applies (deprecated, or gone), with this `Link` value (the
    /// successor's, the latest version's, the policy's).
    Notice(Option<HeaderValue>),
    /// Only the link to the latest version.
    Latest(HeaderValue),
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
pub(super) struct Versioned<H> {
    pub(super) handler: H,
    /// `None` for an endpoint outside any version: its handler's future runs untouched (the
    /// builder finishes those answers with a layer).
    pub(super) info: Option<Arc<RouteInfo>>,
}

impl<H, T, S> Handler<T, S> for Versioned<H>
where
    H: Handler<T, S>,
    T: 'static,
{
    type Future = Served<H::Future>;

    fn call(self, request: Request, state: S) -> Self::Future {
        use crate::lifecycle::Stage;
        let Some(info) = self.info else {
            return Served::plain(self.handler.call(request, state));
        };
        // How the version was chosen: the dispatcher says, when it chose it.
        let selected = info.selected.as_chosen();
        let (mut request, refused) = info.identify(request, selected);
        if let Some(response) = refused {
            return Served::done(response, info, selected, Trail::None, tracing::Span::none());
        }
        let span = if request_span_wanted() {
            tracing::info_span!(
                "versionary.request",
                api = info.selected.api_name,
                api.version = info.selected.label,
                method = info.method,
                route = info.route,
            )
        } else {
            tracing::Span::none()
        };
        let stage = match &info.notice {
            Some(notice) => notice
                .dates
                .stage(info.shared.advert.clock().unix_seconds()),
            None => Stage::Active,
        };
        if let Some(counter) = &info.counter {
            counter.count(stage == Stage::Sunset);
        }
        // Where the request was sent (mount point, path in this router), kept only when a
        // notice must be filled in from it.
        let notice_path = (stage != Stage::Active).then(|| {
            let path = request.uri().path();
            let plain = info.notice.as_ref().is_some_and(|n| n.plain);
            let mount = mount_str(&info.shared, path, request.extensions(), plain);
            (mount.to_owned(), path.to_owned())
        });
        if let (Stage::Sunset, Some(notice), Some((mount, path))) =
            (stage, &info.notice, &notice_path)
        {
            let response = notice.gone(mount, path);
            let trail = info.trail(notice_path.as_ref(), &request);
            return Served::done(response, info, selected, trail, span);
        }
        let trail = info.trail(notice_path.as_ref(), &request);
        // The version is in scope for the handler (`versionary::selected()`, or `Selected` as an
        // extractor); the builder's layers put it in the request's extensions themselves, so
        // the common route allocates nothing for it.
        if let Some(moves) = &info.request_moves {
            request.extensions_mut().insert(moves.clone());
        }
        let handler = self.handler;
        let future = {
            let _entered = span.enter();
            select::sync_scope(selected, || handler.call(request, state))
        };
        Served {
            inner: Inner::Scoped {
                future: select::scope(selected, future),
            },
            rewrite: None,
            info: Some(info),
            selected: Some(selected),
            trail,
            span,
        }
    }
}

/// Whether anything may record a request's span: a `tracing` subscriber taking INFO, or a
/// `log` logger taking INFO (`tracing` writes spans to `log` when no subscriber is set and its
/// `log` feature is on, as axum's default `tower-log` feature turns it on). Otherwise the
/// span is `Span::none()`: a span the macro builds disabled still calls into `tracing`'s
/// `log` bridge when it is entered, left and dropped, about 250 instructions a request.
fn request_span_wanted() -> bool {
    use tracing::level_filters::{LevelFilter, STATIC_MAX_LEVEL};
    let tracing_wants =
        tracing::Level::INFO <= STATIC_MAX_LEVEL && tracing::Level::INFO <= LevelFilter::current();
    tracing_wants || log::Level::Info <= log::max_level()
}

pub(super) type Rewrite = Pin<Box<dyn Future<Output = Response> + Send>>;

pin_project_lite::pin_project! {
    /// The handler's future inside a [`Served`].
    #[project = InnerProj]
    pub(super) enum Inner<F> {
        /// A versioned route's: run with its version selected.
        Scoped {
            #[pin]
            future: tokio::task::futures::TaskLocalFuture<Selected, F>,
        },
        /// A route outside any version: passed through.
        Plain {
            #[pin]
            future: F,
        },
        /// None: the answer is `rewrite`'s (a retired route).
        Done,
    }
}

pin_project_lite::pin_project! {
    /// The future of a [`Versioned`] handler.
    pub(super) struct Served<F> {
        #[pin]
        inner: Inner<F>,
        rewrite: Option<Rewrite>,
        // `None` only with `Inner::Plain`.
        info: Option<Arc<RouteInfo>>,
        // The version served and how it was chosen; `None` only with `Inner::Plain`.
        selected: Option<Selected>,
        // What the answer carries beyond the route's own headers (a notice, the latest
        // version's link): one field, so that the future is no larger for them.
        trail: Trail,
        span: tracing::Span,
    }
}

impl<F> Served<F> {
    /// The future of a route outside any version: the handler's, passed through.
    fn plain(future: F) -> Served<F> {
        Served {
            inner: Inner::Plain { future },
            rewrite: None,
            info: None,
            selected: None,
            trail: Trail::None,
            span: tracing::Span::none(),
        }
    }

    /// The future of an answer made without the handler (a refused or retired request).
    fn done(
        response: Response,
        info: Arc<RouteInfo>,
        selected: Selected,
        trail: Trail,
        span: tracing::Span,
    ) -> Served<F> {
        Served {
            inner: Inner::Done,
            rewrite: Some(Box::pin(core::future::ready(response))),
            info: Some(info),
            selected: Some(selected),
            trail,
            span,
        }
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
        let inner = match this.inner.project() {
            InnerProj::Plain { future } => return future.poll(cx),
            InnerProj::Scoped { future } => Some(future),
            InnerProj::Done => None,
        };
        let Some(info) = this.info.as_ref() else {
            return Poll::Ready(
                Problem::internal("a versioned route lost its version").into_response(),
            );
        };
        let mut response = if let Some(rewrite) = this.rewrite.as_mut() {
            match rewrite.as_mut().poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(response) => response,
            }
        } else {
            let Some(inner) = inner else {
                return Poll::Ready(Problem::internal("a route answered twice").into_response());
            };
            match inner.poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(response) if !is_bare_error(&response) => {
                    if info.undone.is_empty()
                        || response
                            .extensions()
                            .get::<crate::problem::FrameworkProblem>()
                            .is_some()
                    {
                        response
                    } else {
                        // Under the selected version: a `down` function may answer a body.
                        select::sync_scope(this.selected.unwrap_or(info.selected), || {
                            apply(&info.undone, response)
                        })
                    }
                }
                Poll::Ready(response) => {
                    let rewrite: Rewrite = Box::pin(problem_from_bare(response));
                    match this.rewrite.insert(rewrite).as_mut().poll(cx) {
                        Poll::Pending => return Poll::Pending,
                        Poll::Ready(response) => response,
                    }
                }
            }
        };
        let selected = this.selected.unwrap_or(info.selected);
        let trail = core::mem::replace(this.trail, Trail::None);
        info.finish(&mut response, trail, selected);
        Poll::Ready(response)
    }
}
