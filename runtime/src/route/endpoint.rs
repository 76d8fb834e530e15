//! The axum glue of the registered endpoints, beside the handler wrapper (`handler`): a
//! registration's handler added to a method router (`__method_router`, which generated
//! code calls through the [`MakeRoute`] slot), and the method router of one path in one
//! version, each handler wrapped in [`Versioned`].

use core::convert::Infallible;
use std::sync::Arc;

use axum::extract::Request;
use axum::handler::Handler;
use axum::routing::{MethodFilter, MethodRouter};

use crate::api::Api;
use crate::error::BuildError;
use crate::model::endpoint::{Endpoint, MakeRoute};
use crate::model::plan::method_filter;
use crate::select;

use super::handler::{RouteInfo, Versioned};
use super::layers::Layers;

/// Generated code adds its handler to the method router being built, wrapped in
/// [`Versioned`] (which passes a route outside any version straight through).
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
    // One handler type per endpoint, versioned or not: axum's routing glue (`Route`,
    // `BoxedIntoRoute`, `MapFuture`, ...) is instantiated once per handler instead of twice,
    // which halves the code an edit of one handler regenerates.
    let info = match make.info.clone().map(|info| info.downcast::<RouteInfo>()) {
        Some(Ok(info)) => Some(info),
        // Only this module fills the slot, with a `RouteInfo`: never reached. The router
        // is left out, which `add_handler` reports.
        Some(Err(_)) => return,
        None => None,
    };
    let router = router.on(filter, Versioned { handler, info });
    make.router = Some(Box::new(router));
}

/// Adds `endpoint`'s handler for `method` to `router`, wrapped in [`Versioned`] when
/// `info` is given.
pub(super) fn add_handler<A: Api>(
    router: MethodRouter<A::State, Infallible>,
    endpoint: &Endpoint,
    method: &'static str,
    info: Option<Arc<RouteInfo>>,
) -> Result<MethodRouter<A::State, Infallible>, BuildError> {
    let mut make = MakeRoute {
        router: Some(Box::new(router)),
        method,
        info: info.map(|info| info as Arc<dyn core::any::Any + Send + Sync>),
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

/// The method router of one path in one version: each method's handler wrapped in
/// [`Versioned`] (no layer, so no boxed service or future of ours per request), and a
/// fallback answering any other method with a 405 problem carrying the version headers
/// (axum adds `Allow`).
pub(super) fn versioned_route<A: Api>(
    members: impl IntoIterator<Item = Result<(&'static Endpoint, Arc<RouteInfo>), BuildError>>,
    layers: &Layers<A::State>,
) -> Result<MethodRouter<A::State, Infallible>, BuildError> {
    let mut router = MethodRouter::new();
    let mut first = None;
    for member in members {
        let (endpoint, info) = member?;
        first.get_or_insert_with(|| info.clone());
        router = add_handler::<A>(router, endpoint, info.method, Some(info))?;
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
                    let selected = selected.as_chosen();
                    request.extensions_mut().insert(selected);
                    select::scope(selected, next.run(request))
                },
            ));
        }
    }
    Ok(router)
}
