//! OpenAPI 3.1 documents, one per version, generated from the same per-version types that
//! serve requests: every `#[versioned]` type describes itself (through `schemars`, which
//! reads the same serde attributes the shapes are serialised with) in the shape of the
//! version being documented.
//!
//! [`ApiBuilder::openapi`](crate::ApiBuilder::openapi) builds a version's document, and the
//! built router serves it at `GET /openapi/{version}.json`
//! ([`ApiBuilder::openapi_path`](crate::ApiBuilder::openapi_path)).
//!
//! ```
//! use axum::extract::Path;
//! use versionary::{ApiBuilder, Json};
//!
//! versionary::api_versions! { pub Shop { 1 => "Initial release", 2 => "Items have a title" } }
//!
//! #[versionary::versioned(api = Shop, response)]
//! #[derive(Clone)]
//! pub struct Item {
//!     #[api(renamed(from = "name", in = 2))]
//!     pub title: String,
//! }
//!
//! /// Reads one item.
//! #[versionary::endpoint(GET "/items/{id}", api = Shop)]
//! async fn get_item(Path(id): Path<u32>) -> Json<Item> {
//!     Json(Item { title: format!("item {id}") })
//! }
//!
//! let builder = ApiBuilder::<Shop>::new();
//! let v1 = builder.openapi("1").unwrap();
//! assert_eq!(v1["openapi"], "3.1.0");
//! let get = &v1["paths"]["/v1/items/{id}"]["get"];
//! assert_eq!(get["summary"], "Reads one item.");
//! assert_eq!(get["parameters"][0]["name"], "id");
//! assert_eq!(v1["components"]["schemas"]["Item"]["required"][0], "name");
//! let v2 = builder.openapi("2").unwrap();
//! assert_eq!(v2["components"]["schemas"]["Item"]["required"][0], "title");
//! ```
//!
//! The operation descriptions the generated code fills in ([`Operation`], [`Documented`])
//! are `crate::describe`'s, re-exported here; this module builds the documents from them
//! and the endpoint model: `document` (a version's document), `answers` (the answers older
//! versions convert the handler's errors to), `latest` (the headers an older version's answers
//! carry about the latest).
#![doc = include_str!("../docs/openapi.md")]

pub use schemars::JsonSchema;

pub use crate::describe::{__at_version, __described, __generic_name, Documented, Operation};

mod answers;
mod document;
mod latest;
mod webhooks;
pub(crate) use document::{Absent, DocSpec, document};
