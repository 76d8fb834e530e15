//! The user's layers around versioned routes (`ApiBuilder::layer`), applied inside the
//! version selection.

use core::convert::Infallible;
use std::sync::Arc;

use axum::routing::MethodRouter;

/// The user's layers for versioned routes (`ApiBuilder::layer`), each applied to a route.
pub(crate) type RouteLayer<S> =
    Arc<dyn Fn(MethodRouter<S, Infallible>) -> MethodRouter<S, Infallible> + Send + Sync>;

/// The user's layers, in the order given.
pub(crate) struct Layers<S>(pub(crate) Vec<RouteLayer<S>>);

impl<S> core::fmt::Debug for Layers<S> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{} layer(s)", self.0.len())
    }
}
