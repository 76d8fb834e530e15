//! The one place generated code names the runtime: everything it needs is reached through
//! `::verso::__private`, so the runtime's public API can change without touching expansions.

use proc_macro2::{Span, TokenStream};
use quote::quote_spanned;

/// `::verso::__private`, spanned at `span`.
pub fn path(span: Span) -> TokenStream {
    quote_spanned!(span=> ::verso::__private)
}
