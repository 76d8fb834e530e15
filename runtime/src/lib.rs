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
#[cfg(feature = "docs")]
mod docs;
mod down;
pub mod foreign;
pub mod json;
pub mod lifecycle;
pub mod lock;
pub mod openapi;
pub mod problem;
pub mod query;
pub mod route;
mod schema;
pub mod select;
mod ser;
pub mod types;
pub mod usage;
pub mod version;

pub use api::Api;
pub use json::Json;
pub use lifecycle::Clock;
pub use problem::Problem;
pub use query::Query;
pub use route::{
    API_SUPPORTED_VERSIONS, API_VERSION, ApiBuilder, BuildError, MissingVersion, Resolver,
    RouteRow, RouteTable, VersionFrom,
};
/// `schemars`, for `#[derive(versionary::schemars::JsonSchema)]` on leaf types (with
/// `#[schemars(crate = "versionary::schemars")]`).
pub use schemars;
pub use select::{Selected, at_version, selected};
pub use types::{ApiType, Versioned};
pub use usage::{Usage, UsageRow};
pub use version::{MAX_VERSION_LEN, Version, VersionError, VersionInfo, VersionScheme};
pub use versionary_macros::{api_versions, endpoint, leaf, versioned};

/// Items the generated code names. Not a public API: it changes without notice.
#[doc(hidden)]
pub mod __private {
    pub use axum;
    pub use inventory;
    pub use schemars;
    pub use serde;

    /// The generic half of the lean `Deserialize` of plain versioned structs.
    pub mod de {
        pub use crate::de::{Chunks, read_struct};
    }
    /// The generic half of the lean `Serialize` of plain versioned structs.
    pub mod ser {
        pub use crate::ser::{Object, OrOwned, or_else, write_struct};
    }
    pub use crate::down::{ByRef, ByValue, DownOwned, DownRef, down_owned, down_ref};
    /// The generic half of the lean `JsonSchema` of plain versioned structs.
    pub mod schema {
        pub use crate::schema::{Property, object, property};
    }
    pub use crate::openapi::converted::{
        AnswerProbe, Body, DescribeAny, DescribeNothing, DescribeTyped,
    };
    pub use crate::openapi::{__at_version, __described, __generic_name, Operation};
    pub use versionary_macros::__expand;

    // The public traits and types generated code implements or names, so that it reaches
    // the runtime only through this module.
    pub use crate::api::Api;
    pub use crate::problem::Problem;
    pub use crate::types::{ApiType, Versioned};
    pub use crate::version::{Version, VersionInfo};

    pub use crate::lock::Contract;
    pub use crate::route::endpoint::{__method_router, Endpoint, MakeRoute, Move, Signature};
    pub use crate::route::history::{__answer, Change, ChangeKind};
    pub use crate::select::shape::{__shape_index, ShapeError};
    pub use crate::select::state::{field_failed, with_state};
    pub use crate::types::Recorded;
    pub use axum::response::Response;
    pub use http::{HeaderMap, HeaderValue};

    /// `Clone`, asked for with a message that says why.
    #[diagnostic::on_unimplemented(
        message = "`{Self}` must implement `Clone`: its older response shapes are converted from a copy",
        label = "add `#[derive(Clone)]` to this type",
        note = "an enum, or a struct with serde attributes or type parameters, whose shape changed across versions is cloned and downgraded when an older version is served (a plain struct is written from a borrow and needs no `Clone`)"
    )]
    pub trait CloneForOlderVersions: Sized {
        /// Clones the value.
        fn __versionary_clone(&self) -> Self;
    }
    impl<T: ::core::clone::Clone> CloneForOlderVersions for T {
        fn __versionary_clone(&self) -> Self {
            self.clone()
        }
    }

    /// Copies a response value so it can be downgraded to an older shape.
    pub fn clone_for_older<T: CloneForOlderVersions>(value: &T) -> T {
        value.__versionary_clone()
    }

    /// `Default::default()` for a request field added in a later version.
    pub fn default_value<T: ::core::default::Default>() -> T {
        T::default()
    }
}
