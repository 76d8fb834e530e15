//! Helpers shared by the attribute parsers: duplicate/unknown key errors, error
//! accumulation, version literals, doc comments.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote, quote_spanned};
use syn::parse::{Parse, ParseStream};
use syn::spanned::Spanned;
use syn::{Lit, LitStr};

use crate::version::Version;

/// Collects every error of an expansion so they are reported together.
#[derive(Default)]
pub struct Errors(Option<syn::Error>);

impl Errors {
    pub fn push(&mut self, error: syn::Error) {
        match &mut self.0 {
            Some(all) => all.combine(error),
            None => self.0 = Some(error),
        }
    }

    pub fn push_new(&mut self, span: Span, message: impl core::fmt::Display) {
        self.push(syn::Error::new(span, message));
    }

    pub fn finish(self) -> syn::Result<()> {
        match self.0 {
            Some(error) => Err(error),
            None => Ok(()),
        }
    }
}

/// Tracks keys seen inside one attribute list to reject duplicates.
#[derive(Default)]
pub struct Seen(Vec<String>);

impl Seen {
    /// Errors when `key` was already given in this list.
    pub fn check(&mut self, key: &str, span: Span) -> syn::Result<()> {
        if self.0.iter().any(|k| k == key) {
            return Err(syn::Error::new(
                span,
                format!("duplicate key `{key}`: give it once"),
            ));
        }
        self.0.push(key.to_owned());
        Ok(())
    }
}

/// A `parse_nested_meta` callback reading a `key = value` list: each key must be one of
/// `keys` (else a spanned error listing them, naming the list `what`) and given once;
/// `each` reads its value.
pub fn keyed<'k>(
    what: &'k str,
    keys: &'k [&'k str],
    mut each: impl FnMut(&str, &syn::meta::ParseNestedMeta) -> syn::Result<()> + 'k,
) -> impl FnMut(syn::meta::ParseNestedMeta) -> syn::Result<()> + 'k {
    let mut seen = Seen::default();
    move |meta| {
        let key = meta
            .path
            .get_ident()
            .map(ToString::to_string)
            .unwrap_or_default();
        if !keys.contains(&key.as_str()) {
            return Err(unknown_key(&meta.path, what, keys));
        }
        seen.check(&key, syn::spanned::Spanned::span(&meta.path))?;
        each(&key, &meta)
    }
}

/// The error for a key that is not one of `valid`.
pub fn unknown_key(path: &syn::Path, what: &str, valid: &[&str]) -> syn::Error {
    let name = path.get_ident().map_or_else(
        || quote::ToTokens::to_token_stream(path).to_string(),
        ToString::to_string,
    );
    let list = valid
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ");
    syn::Error::new_spanned(
        path,
        format!("unknown key `{name}` in {what}; valid keys: {list}"),
    )
}

/// A version as written in an attribute: `2`, `"2"`, `"2025-01-15"`, `"1.2.0"`.
#[derive(Clone)]
pub struct VersionLit {
    pub version: Version,
    pub text: String,
    pub span: Span,
}

impl Parse for VersionLit {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let lit: Lit = input.parse().map_err(|e| {
            syn::Error::new(
                e.span(),
                "expected a version: an integer (`2`) or a string (`\"2025-01-15\"`, `\"1.2.0\"`)",
            )
        })?;
        let (text, span) = match &lit {
            Lit::Int(int) => (int.to_string(), int.span()),
            Lit::Str(s) => (s.value(), s.span()),
            other => {
                return Err(syn::Error::new_spanned(
                    other,
                    "expected a version: an integer (`2`) or a string (`\"2025-01-15\"`, `\"1.2.0\"`)",
                ));
            }
        };
        let version = Version::parse(&text).map_err(|e| {
            syn::Error::new(span, format!("`{text}` is not a version: {}", e.message()))
        })?;
        Ok(VersionLit {
            version,
            text,
            span,
        })
    }
}

/// Parses a string literal holding a serialised field name.
pub fn field_name(lit: &LitStr) -> syn::Result<String> {
    let value = lit.value();
    if value.is_empty() {
        return Err(syn::Error::new(lit.span(), "a field name cannot be empty"));
    }
    Ok(value)
}

/// The text of doc comments, as rustdoc and `schemars` read it: the lines, each without
/// one leading space, joined by newlines. A string literal when every line is one, else a
/// `concat!` (for `#[doc = include_str!(...)]` and the like).
pub fn doc_text(attrs: &[syn::Attribute]) -> TokenStream {
    let lines: Vec<&syn::Expr> = attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) => Some(&nv.value),
            _ => None,
        })
        .collect();
    let literal = |e: &syn::Expr| match e {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => {
            let v = s.value();
            Some(v.strip_prefix(' ').map(str::to_owned).unwrap_or(v))
        }
        _ => None,
    };
    if let Some(texts) = lines.iter().map(|e| literal(e)).collect::<Option<Vec<_>>>() {
        return texts.join("\n").into_token_stream();
    }
    let parts = lines.iter().enumerate().map(|(i, e)| {
        let sep = (i > 0).then(|| quote_spanned!(e.span()=> "\n",));
        match literal(e) {
            Some(text) => quote_spanned!(e.span()=> #sep #text,),
            None => quote_spanned!(e.span()=> #sep #e,),
        }
    });
    quote!(::core::concat!(#(#parts)*))
}

/// A declared version and where it was written (`since = 2`, `until = 3`).
pub type SpannedVersion = Option<(usize, Span)>;

/// The rule `until` comes after `since` of `#[endpoint]` and `#[event]`; `exists` says what
/// the pair bounds, in its error's words ("the endpoint exists", "the event is sent").
pub fn check_until_after_since(
    context: &crate::context::ApiContext,
    (since, until): (SpannedVersion, SpannedVersion),
    exists: &str,
    errors: &mut Errors,
) {
    if let (Some((since, _)), Some((until, span))) = (since, until)
        && until <= since
    {
        errors.push_new(
            span,
            format!(
                "`until` ({}) must come after `since` ({}): {exists} from `since` up to, not including, `until`",
                context.label(until),
                context.label(since)
            ),
        );
    }
}

/// The rule `until` is not the first version of `#[endpoint]` and `#[event]`;
/// `would_exist` says what would be empty ("the endpoint would exist").
pub fn check_until_not_first(until: SpannedVersion, would_exist: &str, errors: &mut Errors) {
    if let Some((0, span)) = until {
        errors.push_new(
            span,
            format!("`until` cannot be the first version: {would_exist} in no version"),
        );
    }
}
