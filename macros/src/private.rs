//! The one place generated code names the runtime. Everything it needs is reached through
//! [`path`], `::versionary::__private` (the public traits and types it implements or names,
//! `Api`, `ApiType`, `Versioned`, `VersionInfo`, `Version` and `Problem`, are re-exported
//! there too), so the runtime's public API can change without touching expansions. [`path`]
//! and the string form [`path_str`] are built from [`CRATE`]: no other file spells the
//! crate's name.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote_spanned;

/// The name of the runtime crate generated code refers to.
const CRATE: &str = "versionary";

/// `::versionary::__private`, spanned at `span`: the only way generated code reaches the runtime.
pub fn path(span: Span) -> TokenStream {
    let krate = Ident::new(CRATE, span);
    quote_spanned!(span=> ::#krate::__private)
}

/// `"::versionary::__private::{item}"`, for attributes that take a path as a string
/// (`#[serde(crate = "...")]`, `#[schemars(crate = "...")]`).
pub fn path_str(item: &str) -> String {
    format!("::{CRATE}::__private::{item}")
}
