//! The one place generated code names the runtime. Everything it needs is reached through
//! [`Runtime::path`], `<root>::__private` (the public traits and types it implements or
//! names, `Api`, `ApiType`, `Versioned`, `VersionInfo`, `Version` and `Problem`, are
//! re-exported there too), so the runtime's public API can change without touching
//! expansions. The root is `::versionary` ([`CRATE`]: no other file spells the crate's
//! name), or the path an API gives with `crate = path` in `api_versions!`: a renamed
//! dependency (`::vry`) or a re-export (`::my_framework::versionary`). The API's forwarding
//! `macro_rules!` hands that path to every expansion with the rest of its context (see
//! `context`), so no expansion for such an API names `::versionary`.

use proc_macro2::{Ident, Span, TokenStream, TokenTree};
use quote::{ToTokens, quote, quote_spanned};

/// The name of the runtime crate generated code refers to by default.
const CRATE: &str = "versionary";

/// Where generated code finds the runtime: `::versionary`, or the root an API gives with
/// `crate = path`.
#[derive(Clone, Default)]
pub struct Runtime {
    /// `None` for `::versionary`.
    root: Option<syn::Path>,
}

impl Runtime {
    /// The runtime at `root` (`crate = root`).
    pub fn at(root: syn::Path) -> Self {
        Runtime { root: Some(root) }
    }

    /// `<root>::__private`, spanned at `span` (a given root keeps the spans it was written
    /// with, so an error resolving it points at `crate = ...`): the only way generated code
    /// reaches the runtime.
    pub fn path(&self, span: Span) -> TokenStream {
        match &self.root {
            None => {
                let krate = Ident::new(CRATE, span);
                quote_spanned!(span=> ::#krate::__private)
            }
            Some(root) => quote_spanned!(span=> #root::__private),
        }
    }

    /// `"<root>::__private::{item}"`, for attributes that take a path as a string
    /// (`#[serde(crate = "...")]`, `#[schemars(crate = "...")]`).
    pub fn path_str(&self, item: &str) -> String {
        let root = match &self.root {
            None => format!("::{CRATE}"),
            // A path's tokens print with spaces between them (`:: vry`); it has no other.
            Some(root) => root.to_token_stream().to_string().replace(' ', ""),
        };
        format!("{root}::__private::{item}")
    }

    /// The runtime at `value`, the tokens after `crate =` in an `api_versions!` in error: a
    /// path, or a path in quotes; `::versionary` when they are neither.
    pub fn lenient(value: &TokenStream) -> Self {
        let path = syn::parse2::<syn::LitStr>(value.clone()).map_or_else(
            |_| syn::parse2::<syn::Path>(value.clone()),
            |lit| lit.parse::<syn::Path>(),
        );
        path.map_or_else(|_| Runtime::default(), Runtime::at)
    }

    /// For an exported forwarder carrying a root that starts at `crate`:
    /// `#[allow(clippy::crate_in_macro_def)]`. The root means the crate where each expansion
    /// lands, as `crate = path` documents, not the macro's crate.
    pub fn exported_lints(&self) -> Option<TokenStream> {
        let root = self.root.as_ref()?;
        let at_crate = root.leading_colon.is_none()
            && root
                .segments
                .first()
                .is_some_and(|first| first.ident == "crate");
        at_crate.then(|| quote!(#[allow(clippy::crate_in_macro_def)]))
    }

    /// `(root)` after `fallback` in the hand-over of an API in error (see
    /// `forward::expand`); nothing for `::versionary`.
    pub fn fallback_marker(&self) -> Option<TokenStream> {
        self.root.as_ref().map(|root| quote!((#root)))
    }

    /// `, crate = root` for the forwarded context (see `context::forwarded`); nothing for
    /// `::versionary`, so the context of an API without the key is as it always was.
    pub fn forwarded(&self) -> Option<TokenStream> {
        self.root.as_ref().map(|root| quote!(, crate = #root))
    }
}

/// `crate = path`'s value, read from `input` up to the next `,` at its level: the path of
/// the runtime as the crate using the API names it. Anything else is an error saying what
/// to write, spanned at the value.
pub fn root(input: syn::parse::ParseStream, key: Span) -> syn::Result<syn::Path> {
    let mut tokens = TokenStream::new();
    while !input.is_empty() && !input.peek(syn::Token![,]) {
        tokens.extend([input.parse::<TokenTree>()?]);
    }
    const USAGE: &str = "`crate` takes the path of the `versionary` crate as the crates using this API name it: `crate = ::vry` for a renamed dependency (`vry = { package = \"versionary\", ... }`), `crate = ::my_framework::versionary` for a re-export";
    if tokens.is_empty() {
        return Err(syn::Error::new(key, USAGE));
    }
    if let Ok(lit) = syn::parse2::<syn::LitStr>(tokens.clone()) {
        return Err(syn::Error::new(
            lit.span(),
            format!(
                "write the path without quotes: `crate = {}`",
                lit.value().trim()
            ),
        ));
    }
    let path = syn::parse::Parser::parse2(syn::Path::parse_mod_style, tokens.clone())
        .map_err(|_| syn::Error::new_spanned(&tokens, USAGE))?;
    let relative = path
        .segments
        .first()
        .filter(|first| first.ident == "self" || first.ident == "super");
    if let (None, Some(first)) = (path.leading_colon, relative) {
        return Err(syn::Error::new_spanned(
            &first.ident,
            format!(
                "`crate = {}` would mean something else in each module that uses the API: start the path at a crate, `crate = ::vry` or `crate = crate::reexport`",
                path.to_token_stream().to_string().replace(' ', "")
            ),
        ));
    }
    Ok(path)
}
