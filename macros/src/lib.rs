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
mod event;
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

#[doc = include_str!("../docs/api_versions.md")]
#[proc_macro]
pub fn api_versions(input: TokenStream) -> TokenStream {
    let input: proc_macro2::TokenStream = input.into();
    api_versions::expand(input.clone())
        .unwrap_or_else(|error| api_versions::fallback(error, input))
        .into()
}

#[doc = include_str!("../docs/versioned.md")]
#[proc_macro_attribute]
pub fn versioned(args: TokenStream, item: TokenStream) -> TokenStream {
    attribute(Kind::Versioned, args, item)
}

#[doc = include_str!("../docs/leaf.md")]
#[proc_macro_attribute]
pub fn leaf(args: TokenStream, item: TokenStream) -> TokenStream {
    attribute(Kind::Leaf, args, item)
}

#[doc = include_str!("../docs/endpoint.md")]
#[proc_macro_attribute]
pub fn endpoint(args: TokenStream, item: TokenStream) -> TokenStream {
    attribute(Kind::Endpoint, args, item)
}

#[doc = include_str!("../docs/event.md")]
#[proc_macro_attribute]
pub fn event(args: TokenStream, item: TokenStream) -> TokenStream {
    attribute(Kind::Event, args, item)
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
