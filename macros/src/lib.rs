//! Procedural macros of `versionary`. Use them through the `versionary` crate, which re-exports them
//! and holds the runtime they expand to.
//!
//! How a macro learns the versions of its API: `api_versions!` defines the API type *and* a
//! same-named `macro_rules!` that carries the API's context (its versions, lock, policy and
//! notice; see `context`). `#[versioned(api = X)]`, `#[leaf(api = X)]` and
//! `#[endpoint(..., api = X)]` forward their item through `X! { ... }`, which hands it,
//! together with the context, to [`__expand!`]. So every expansion sees the declared
//! versions and can reject an undeclared one with a spanned error, without reading files
//! or relying on global state. The forwarder is exported and re-exported beside the API
//! type (see `forward::forwarder`), so types and handlers may live in other crates than
//! the API.
//!
//! Each entry point below parses and expands, and on an error emits it beside a fallback
//! (the item without our attributes), so one mistake does not cascade into more errors.

mod api_versions;
mod attr;
mod calendar;
mod context;
mod endpoint;
mod forward;
mod guard;
mod leaf;
mod lock;
mod notice;
mod policy;
mod private;
mod serde_attrs;
mod serde_view;
mod types;
mod version;
mod versioned;

#[cfg(test)]
mod expand_tests;
#[cfg(test)]
mod robustness;

use proc_macro::TokenStream;

use forward::Kind;

/// Declares a service's versions, oldest first, each with a description.
///
/// See the `versionary` crate for the full syntax and examples.
///
/// # Naming the crate: `crate = path`
///
/// Generated code reaches versionary as `::versionary`. When a crate names it otherwise, a
/// renamed dependency (`vry = { package = "versionary", ... }` in `Cargo.toml`) or a
/// framework that re-exports it, say where it is with `crate = path` among the API's
/// settings, as `#[serde(crate = "...")]` does for serde (but a path, not a string). Every
/// expansion for the API then names that path and never `::versionary`: the API's own,
/// and those of its `#[versioned]`, `#[leaf]` and `#[endpoint]` items, which learn the path
/// with the API's versions.
///
/// ```
/// // In `Cargo.toml`: `vry = { package = "versionary", version = "0.1" }`, and no
/// // `versionary`. (Here the same by `extern crate`, as a doctest has no manifest.)
/// extern crate versionary as vry;
///
/// vry::api_versions! {
///     pub Shop(crate = ::vry) {
///         1 => "Initial release",
///         2 => "Items have a `colour`",
///     }
/// }
///
/// #[vry::versioned(api = Shop, response)]
/// #[derive(Clone, Debug)]
/// pub struct Item {
///     pub name: String,
///     #[api(added = 2)]
///     pub colour: String,
/// }
///
/// #[vry::endpoint(GET "/items", api = Shop)]
/// async fn list_items() -> vry::Json<Vec<Item>> {
///     vry::Json(vec![Item { name: "pen".into(), colour: "red".into() }])
/// }
///
/// fn main() {
///     let old = ItemV1::from(Item { name: "pen".into(), colour: "red".into() });
///     assert_eq!(old.name, "pen");
///     let router = vry::ApiBuilder::<Shop>::new().build(());
///     assert!(router.is_ok());
/// }
/// ```
///
/// The path must start at a crate (`::vry`, `crate::my_framework`,
/// `::my_framework::versionary`), not at `self` or `super`: the API's items may be in
/// other modules. It is written as it is in every expansion, also in other crates that use
/// the API (`api = shop_api::Shop`), so each of them must reach versionary by the same path:
/// the same renamed dependency, or an absolute path to the re-export
/// (`::shop_api::my_framework` rather than `crate::my_framework`).
#[proc_macro]
pub fn api_versions(input: TokenStream) -> TokenStream {
    let input: proc_macro2::TokenStream = input.into();
    api_versions::expand(input.clone())
        .unwrap_or_else(|error| api_versions::fallback(error, input))
        .into()
}

/// Declares the history of a request/response type; generates one type per historical shape.
#[proc_macro_attribute]
pub fn versioned(args: TokenStream, item: TokenStream) -> TokenStream {
    attribute(Kind::Versioned, args, item)
}

/// Records the contract of a type whose JSON never changes across versions (an enum of
/// codes, a validated string, a query struct), so the lock guards it.
///
/// See the `versionary` crate for the full syntax and examples.
#[proc_macro_attribute]
pub fn leaf(args: TokenStream, item: TokenStream) -> TokenStream {
    attribute(Kind::Leaf, args, item)
}

/// Registers an axum handler as an endpoint of an API for a range of its versions.
#[proc_macro_attribute]
pub fn endpoint(args: TokenStream, item: TokenStream) -> TokenStream {
    attribute(Kind::Endpoint, args, item)
}

/// Second stage of `#[versioned]` and `#[endpoint]`, invoked by the API's `macro_rules!`
/// with the declared versions. Not for direct use.
#[doc(hidden)]
#[proc_macro]
pub fn __expand(input: TokenStream) -> TokenStream {
    forward::expand(input.into()).into()
}

/// Stage one of an attribute: forward the item through the API's `macro_rules!`.
fn attribute(kind: Kind, args: TokenStream, item: TokenStream) -> TokenStream {
    let item: proc_macro2::TokenStream = item.into();
    forward::forward(kind, args.into(), item.clone())
        .unwrap_or_else(|error| forward::fallback(kind, &private::Runtime::default(), error, item))
        .into()
}
