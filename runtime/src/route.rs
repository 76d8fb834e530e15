//! The router: the builder of an API's `axum::Router` and what serves its requests, built
//! from the endpoint model (`crate::model`).
//!
//! One concept per module:
//! - configuration: `builder` ([`ApiBuilder`] and its settings), `from` ([`VersionFrom`]),
//!   `missing` ([`MissingVersion`], [`Resolver`]), `layers` (the user's layers); beside
//!   them, outside `route`, `crate::preview` (who may reach unreleased versions) and
//!   `crate::site` (the hook the docs site plugs in through);
//! - building: `build` (the pipeline of `ApiBuilder::build`, and `ApiBuilder::route_table`),
//!   `assemble` (each version's routes from the plan), `framework` (the OpenAPI documents,
//!   the docs site and the version list); the table's types are `crate::table`'s;
//! - serving: `shared` (what a router's routes share), `endpoint` (the axum glue: a
//!   registered endpoint's handler added to a method router), `handler` (the wrapper around
//!   each versioned handler), `dispatch` (choosing a request's version) and `answers` (the
//!   framework's own answers: unknown routes and versions, bare errors as problems, the
//!   version list).

mod answers;
mod assemble;
mod build;
mod builder;
mod consumers;
mod dispatch;
pub(crate) mod endpoint;
mod framework;
mod from;
mod handler;
mod layers;
mod missing;
mod pins;
mod shared;

pub use crate::error::BuildError;
pub use crate::headers::{API_SUPPORTED_VERSIONS, API_VERSION};
pub use crate::table::{RouteRow, RouteTable};
pub use builder::ApiBuilder;
pub use from::VersionFrom;
pub use missing::{MissingVersion, Resolver};
