//! The one place a site served beside the API plugs into the builder: the docs site
//! (`ApiBuilder::docs`, feature `docs`) hands the builder a [`SiteHook`], and the builder
//! asks it for its rows of the route table and, when building, for its routes. The builder
//! knows nothing else of the site; the site knows the builder only through [`Site`].

use core::convert::Infallible;

use axum::routing::MethodRouter;

use crate::api::Api;
use crate::error::BuildError;
use crate::lifecycle::Clock;
use crate::model::plan::Plan;
use crate::openapi::DocSpec;

use crate::operator::OperatorCheck;
use crate::preview::Preview;
use crate::table::{RouteRow, RouteTable};
use crate::usage::Usage;

/// One route of a site: its path and what answers there.
pub(crate) type Route<S> = (String, MethodRouter<S, Infallible>);

/// A site's routes, or why they cannot be served.
pub(crate) type Routes<S> = Result<Vec<Route<S>>, BuildError>;

/// What a site is built from, handed over by `ApiBuilder::build`.
// Read by the docs site only: without the feature, no site is ever handed one.
#[cfg_attr(not(feature = "docs"), allow(dead_code))]
pub(crate) struct Site {
    /// Where the site is served (`/docs`), without a trailing `/`.
    pub(crate) base: String,
    /// Where the router serves the OpenAPI documents (`/openapi`), if anywhere.
    pub(crate) openapi: Option<String>,
    /// The declared mount point (`ApiBuilder::mounted_at`).
    pub(crate) mount: Option<String>,
    /// How versions are selected, for the OpenAPI documents and "Try it out".
    pub(crate) spec: DocSpec,
    /// What each version serves (unreleased versions included when previews are enabled).
    pub(crate) plan: Plan,
    /// The builder's route table: the paths each endpoint is served at.
    pub(crate) table: RouteTable,
    /// Decides which deprecation and sunset dates have passed.
    pub(crate) clock: Clock,
    /// The preview header and permission check, when previews are enabled.
    pub(crate) preview: Option<Preview>,
    /// The consumer counts operators see (`ApiBuilder::consumer_report`'s check over
    /// `ApiBuilder::usage`), when both are configured.
    pub(crate) operators: Option<Operators>,
}

/// What operators see on the site: the usage counts, behind the consumer report's
/// permission check.
// Read by the docs site only.
#[cfg_attr(not(feature = "docs"), allow(dead_code))]
pub(crate) struct Operators {
    pub(crate) usage: Usage,
    pub(crate) check: OperatorCheck,
}

/// A site served at `base` beside the API's routes.
pub(crate) struct SiteHook<A: Api> {
    /// Where the site is served (`/docs`), without a trailing `/`.
    pub(crate) base: String,
    /// The site's rows of the route table, given `base` and whether the site serves the
    /// OpenAPI documents itself (previews, or no `openapi_path`).
    pub(crate) rows: fn(&str, bool) -> Vec<RouteRow>,
    /// The site's routes, checked against the API's own paths.
    pub(crate) routes: fn(Site) -> Routes<A::State>,
}

impl<A: Api> core::fmt::Debug for SiteHook<A> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "SiteHook({})", self.base)
    }
}
