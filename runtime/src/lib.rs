//! # versionary: versioned HTTP APIs for axum
//!
//! Keep only the latest request/response types and handlers. Declare the history with
//! attributes; versionary generates a real Rust type per historical shape, typed conversions
//! between neighbouring shapes, and axum routes for every declared version.
//!
//! ```
//! use axum::extract::Path;
//! use versionary::{ApiBuilder, Json, VersionFrom};
//!
//! // 1. Versions, declared once, oldest first.
//! versionary::api_versions! {
//!     pub Shop {
//!         1 => "Initial release",
//!         2 => "Items report `in_stock` instead of `status`",
//!     }
//! }
//!
//! // 2. The latest type, with its history.
//! #[versionary::versioned(api = Shop, response)]
//! #[derive(Clone, Debug)]
//! #[api(removed(field = status, ty = String, in = 2, down = item_status))]
//! pub struct Item {
//!     pub name: String,
//!     #[api(added = 2)]
//!     pub in_stock: bool,
//! }
//!
//! fn item_status(item: &Item) -> String {
//!     if item.in_stock { "available".into() } else { "sold-out".into() }
//! }
//!
//! // 3. An ordinary axum handler, written against the latest type.
//! #[versionary::endpoint(GET "/items/{id}", api = Shop)]
//! async fn get_item(Path(id): Path<u32>) -> Json<Item> {
//!     Json(Item { name: format!("item {id}"), in_stock: true })
//! }
//!
//! // The old shape is a real type, with a typed conversion from the latest.
//! let old = ItemV1::from(Item { name: "pen".into(), in_stock: false });
//! assert_eq!(old.status, "sold-out");
//!
//! // 4. One router serving /v1/items/{id} and /v2/items/{id}.
//! let app: axum::Router = ApiBuilder::<Shop>::new()
//!     .select_version(VersionFrom::path(""))
//!     .build(())
//!     .unwrap();
//! # drop(app);
//! ```
#![doc = include_str!("../docs/guide.md")]

pub mod api;
pub mod changelog;
mod de;
mod describe;
#[cfg(feature = "docs")]
mod docs;
mod down;
mod error;
pub mod event;
pub mod foreign;
mod headers;
pub mod json;
pub mod lifecycle;
pub mod lock;
mod model;
pub mod openapi;
pub mod operator;
pub mod pins;
mod preview;
pub mod problem;
pub mod query;
pub mod render;
pub mod route;
mod schema;
pub mod select;
mod ser;
mod site;
pub mod stream;
mod table;
pub mod types;
pub mod usage;
pub mod version;
#[cfg(feature = "webhooks")]
pub mod webhook;

pub use api::Api;
pub use headers::{API_SUPPORTED_VERSIONS, API_VERSION};
pub use json::Json;
pub use lifecycle::Clock;
pub use problem::Problem;
pub use query::Query;
pub use route::{
    ApiBuilder, BuildError, MissingVersion, Resolver, RouteRow, RouteTable, VersionFrom,
};
/// `schemars`, for `#[derive(versionary::schemars::JsonSchema)]` on leaf types (with
/// `#[schemars(crate = "versionary::schemars")]`).
pub use schemars;
pub use select::{Selected, at_version, selected};
pub use stream::{EventStream, NdJson};
pub use types::{ApiType, Versioned};
pub use usage::{MigrationReport, Usage, UsageRow};
pub use version::{MAX_VERSION_LEN, Version, VersionError, VersionInfo, VersionScheme};
pub use versionary_macros::{api_versions, endpoint, event, leaf, versioned};

/// Items the generated code names. Not a public API: it changes without notice.
#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;
