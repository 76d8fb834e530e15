//! Procedural macros of `verso`. Use them through the `verso` crate, which re-exports them
//! and holds the runtime they expand to.
//!
//! How a macro learns the versions of its API: `api_versions!` defines the API type *and* a
//! same-named `macro_rules!` that carries the version list. `#[versioned(api = X)]` and
//! `#[endpoint(..., api = X)]` forward their item through `X! { ... }`, which hands it,
//! together with the version list, to [`__expand!`]. So every expansion sees the declared
//! versions and can reject an undeclared one with a spanned error, without reading files
//! or relying on global state.

mod api_versions;
mod attr;
mod context;
mod endpoint;
mod forward;
mod version;
mod versioned;

use proc_macro::TokenStream;

/// Declares a service's versions, oldest first, each with a description.
///
/// See the `verso` crate for the full syntax and examples.
#[proc_macro]
pub fn api_versions(input: TokenStream) -> TokenStream {
    api_versions::expand(input.into())
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// Declares the history of a request/response type; generates one type per historical shape.
#[proc_macro_attribute]
pub fn versioned(args: TokenStream, item: TokenStream) -> TokenStream {
    forward::forward(forward::Kind::Versioned, args.into(), item.into()).into()
}

/// Registers an axum handler as an endpoint of an API for a range of its versions.
#[proc_macro_attribute]
pub fn endpoint(args: TokenStream, item: TokenStream) -> TokenStream {
    forward::forward(forward::Kind::Endpoint, args.into(), item.into()).into()
}

/// Second stage of `#[versioned]` and `#[endpoint]`, invoked by the API's `macro_rules!`
/// with the declared versions. Not for direct use.
#[doc(hidden)]
#[proc_macro]
pub fn __expand(input: TokenStream) -> TokenStream {
    forward::expand(input.into()).into()
}
