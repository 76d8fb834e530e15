//! Registration of `#[endpoint]` handlers and the builder that turns them into an
//! `axum::Router` serving every declared version, selected the way the service chose.
//!
//! One module per concept: `endpoint` (the registry of `#[endpoint]` handlers and the plan
//! of what each version serves), `builder` (the builder and its configuration), `build`
//! (assembling the router), `table` (the route table), `dispatch` (choosing a request's
//! version), `handler` (the wrapper around each versioned handler), `history` (how an
//! endpoint's statuses, errors and headers looked in older versions) and `answers` (the
//! framework's own answers: unknown routes and versions, bare errors as problems, the version
//! list).

mod answers;
mod build;
mod builder;
mod dispatch;
pub(crate) mod endpoint;
mod handler;
pub(crate) mod history;
mod table;

pub use builder::{ApiBuilder, BuildError, MissingVersion, Resolver, VersionFrom};
pub(crate) use endpoint::Endpoint;
pub use table::{RouteRow, RouteTable};
pub use crate::headers::{API_SUPPORTED_VERSIONS, API_VERSION};
