//! The one place generated code names the runtime. Everything it needs is reached through
//! [`path`], `::verso::__private`, so the runtime's public API can change without touching
//! expansions; the few items not re-exported there yet are reached through [`runtime`].
//! Both, and the string forms of [`path_str`], are built from [`CRATE`]: no other file
//! spells the crate's name.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote_spanned;

/// The name of the runtime crate generated code refers to.
const CRATE: &str = "verso";

/// `::verso`, spanned at `span`: the runtime crate itself, for the items of its public API
/// generated code implements or names (`Api`, `ApiType`, `Versioned`, `VersionInfo`,
/// `Version`, `Problem`). Anything else goes through [`path`].
pub fn runtime(span: Span) -> TokenStream {
    let krate = Ident::new(CRATE, span);
    quote_spanned!(span=> ::#krate)
}

/// `::verso::__private`, spanned at `span`.
pub fn path(span: Span) -> TokenStream {
    let runtime = runtime(span);
    quote_spanned!(span=> #runtime::__private)
}

/// `"::verso::__private::{item}"`, for attributes that take a path as a string
/// (`#[serde(crate = "...")]`, `#[schemars(crate = "...")]`).
pub fn path_str(item: &str) -> String {
    format!("::{CRATE}::__private::{item}")
}
