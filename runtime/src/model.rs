//! The endpoint model: what the `#[endpoint]` registrations declare and what each version
//! serves, read by everything that builds from it (the router in `route`, the OpenAPI
//! documents, the docs site, the lock, the changelog and the route table).
//!
//! It depends on nothing above it: the API's declaration (`api`, `version`), the operation
//! descriptions the handlers' signatures fill in (`openapi::Operation`,
//! `openapi::converted::Body`), problems and [`BuildError`](crate::error::BuildError).
//!
//! - `endpoint`: [`Endpoint`](endpoint::Endpoint) (one registration, through `inventory`),
//!   its [`Signature`](endpoint::Signature) and [`Move`](endpoint::Move)s, the
//!   [`MakeRoute`](endpoint::MakeRoute) slot its handler is added to, and what it answers in
//!   each version.
//! - `history`: [`Change`](history::Change)/[`ChangeKind`](history::ChangeKind), how an
//!   endpoint's answers changed, and undoing them on an answer or a request.
//! - `event`: [`EventEntry`](event::EventEntry), one `#[event]` registration (its name,
//!   payload type, versions and doc), and the events of an API.
//! - `plan`: [`Plan::of`](plan::Plan::of), the endpoints placed at each version they serve.

pub(crate) mod endpoint;
pub(crate) mod event;
pub(crate) mod history;
pub(crate) mod plan;
