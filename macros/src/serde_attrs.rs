//! What `#[serde(...)]` attributes say about a type's JSON: serialised names (`rename`,
//! `rename_all`), optionality (`default`, `skip_serializing_if`), representation (`tag`,
//! `content`, `untagged`, `transparent`, `flatten`) and strictness (`deny_unknown_fields`).
//! Read by the versioned types' and the leaves' contracts; serde itself reports misuse.
//! [`field_serde`] keeps, for an older shape, the parts of a field's attributes that apply.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Attribute, Meta, Token};
use versionary_internals::lock::Line;

/// Whether `#[serde(key)]` or `#[serde(key = ...)]` is among `attrs`.
pub fn has_serde_key(attrs: &[Attribute], key: &str) -> bool {
    serde_key_span(attrs, key).is_some()
}

/// The items of every `#[serde(...)]` attribute among `attrs`.
fn serde_metas(attrs: &[Attribute]) -> impl Iterator<Item = Meta> + '_ {
    attrs
        .iter()
        .filter(|attr| attr.path().is_ident("serde"))
        .filter_map(|attr| {
            attr.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)
                .ok()
        })
        .flatten()
}

/// `#[serde(...)]` attributes of a field, minus the metas that no longer apply to an older
/// shape (a rename when the name changed, codecs and defaults when the type changed).
pub fn field_serde(attrs: &[Attribute], renamed: bool, retyped: bool) -> Vec<TokenStream> {
    let mut out = Vec::new();
    for attr in attrs {
        if !renamed && !retyped {
            out.push(attr.to_token_stream());
            continue;
        }
        let Ok(metas) = attr.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)
        else {
            out.push(attr.to_token_stream());
            continue;
        };
        let kept: Vec<&Meta> = metas
            .iter()
            .filter(|meta| {
                let key = meta
                    .path()
                    .get_ident()
                    .map(ToString::to_string)
                    .unwrap_or_default();
                let name_key = matches!(key.as_str(), "rename" | "alias");
                let type_key = matches!(
                    key.as_str(),
                    "with"
                        | "serialize_with"
                        | "deserialize_with"
                        | "default"
                        | "skip_serializing_if"
                );
                !((renamed && name_key) || (retyped && type_key))
            })
            .collect();
        if !kept.is_empty() {
            out.push(quote!(#[serde(#(#kept),*)]));
        }
    }
    out
}

/// Where `key` is written in `#[serde(...)]` attributes.
pub fn serde_key_span(attrs: &[Attribute], key: &str) -> Option<Span> {
    serde_metas(attrs)
        .find(|m| m.path().is_ident(key))
        .map(|m| m.span())
}

/// The string value of `key = "..."` in `#[serde(...)]` attributes; for the split form
/// `key(serialize = "...", deserialize = "...")`, the serialised one.
pub fn serde_string(attrs: &[Attribute], key: &str) -> Option<String> {
    serde_metas(attrs).find_map(|meta| match meta {
        Meta::NameValue(nv) if nv.path.is_ident(key) => string_value(&nv.value),
        Meta::List(list) if list.path.is_ident(key) => {
            let inner = list
                .parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)
                .ok()?;
            inner.iter().find_map(|m| match m {
                Meta::NameValue(nv) if nv.path.is_ident("serialize") => string_value(&nv.value),
                _ => None,
            })
        }
        _ => None,
    })
}

fn string_value(expr: &syn::Expr) -> Option<String> {
    match expr {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => Some(s.value()),
        _ => None,
    }
}

/// serde's `rename_all` rules, applied to a snake_case field name.
pub fn rename_field(field: &str, rule: &str) -> String {
    let words: Vec<&str> = field.split('_').filter(|w| !w.is_empty()).collect();
    let capitalised = |w: &str| {
        let mut chars = w.chars();
        chars
            .next()
            .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
    };
    match rule {
        "lowercase" => field.to_lowercase(),
        "UPPERCASE" => field.to_uppercase(),
        "PascalCase" => words.iter().map(|w| capitalised(w)).collect(),
        "camelCase" => words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                if i == 0 {
                    (*w).to_owned()
                } else {
                    capitalised(w)
                }
            })
            .collect(),
        "SCREAMING_SNAKE_CASE" => field.to_uppercase(),
        "kebab-case" => field.replace('_', "-"),
        "SCREAMING-KEBAB-CASE" => field.replace('_', "-").to_uppercase(),
        _ => field.to_owned(),
    }
}

/// serde's `rename_all` rules, applied to a PascalCase variant name.
pub fn rename_variant(variant: &str, rule: Option<&str>) -> String {
    let mut words: Vec<String> = Vec::new();
    for c in variant.chars() {
        if c.is_uppercase() || words.is_empty() {
            words.push(String::new());
        }
        if let Some(last) = words.last_mut() {
            last.push(c);
        }
    }
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    match rule {
        Some("lowercase") => variant.to_lowercase(),
        Some("UPPERCASE") => variant.to_uppercase(),
        Some("camelCase") => {
            let mut chars = variant.chars();
            chars
                .next()
                .map_or_else(String::new, |c| c.to_lowercase().chain(chars).collect())
        }
        Some("snake_case") => lower.join("_"),
        Some("SCREAMING_SNAKE_CASE") => lower.join("_").to_uppercase(),
        Some("kebab-case") => lower.join("-"),
        Some("SCREAMING-KEBAB-CASE") => lower.join("-").to_uppercase(),
        _ => variant.to_owned(),
    }
}

/// Every name `rename_all` could give `ident` (a field when `field`, else a variant): the
/// guard pairs a value that vanished with one that appeared under another rule.
pub fn all_renamings(ident: &str, field: bool) -> Vec<String> {
    const RULES: &[&str] = &[
        "lowercase",
        "UPPERCASE",
        "PascalCase",
        "camelCase",
        "snake_case",
        "SCREAMING_SNAKE_CASE",
        "kebab-case",
        "SCREAMING-KEBAB-CASE",
    ];
    let mut out = vec![ident.to_owned()];
    for rule in RULES {
        let name = if field {
            rename_field(ident, rule)
        } else {
            rename_variant(ident, Some(rule))
        };
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// The representation lines of a type's contract (`repr X ...`, `attr X ...`), from its
/// container attributes. The default (a map for structs, external tagging for enums) has no
/// line, so only a change of representation shows. Each line carries the span of the
/// attribute that made it.
pub fn repr_lines(name: &str, attrs: &[Attribute], is_enum: bool) -> Vec<(String, Option<Span>)> {
    let mut lines = Vec::new();
    if let Some(span) = serde_key_span(attrs, "transparent") {
        lines.push((repr_line(name, "transparent"), Some(span)));
    }
    if is_enum {
        let tag = serde_string(attrs, "tag");
        let content = serde_string(attrs, "content");
        let span = serde_key_span(attrs, "tag").or_else(|| serde_key_span(attrs, "untagged"));
        let repr = if let Some(span) = serde_key_span(attrs, "untagged") {
            Some(("untagged".to_owned(), span))
        } else {
            match (tag, content) {
                (Some(tag), Some(content)) => Some((
                    format!("adjacent(tag={tag},content={content})"),
                    span.unwrap_or_else(Span::call_site),
                )),
                (Some(tag), None) => Some((
                    format!("internal(tag={tag})"),
                    span.unwrap_or_else(Span::call_site),
                )),
                _ => None,
            }
        };
        if let Some((repr, span)) = repr {
            lines.push((repr_line(name, &repr), Some(span)));
        }
    }
    if let Some(span) = serde_key_span(attrs, "deny_unknown_fields") {
        lines.push((deny_unknown_fields_line(name), Some(span)));
    }
    lines
}

/// `repr Owner repr`: a type's JSON representation, as the lock writes it.
pub fn repr_line(owner: &str, repr: &str) -> String {
    Line::Repr {
        owner: owner.to_owned(),
        repr: repr.to_owned(),
    }
    .to_string()
}

/// `attr Owner deny_unknown_fields`, as the lock writes it.
pub fn deny_unknown_fields_line(owner: &str) -> String {
    Line::Attr {
        owner: owner.to_owned(),
        attr: "deny_unknown_fields".to_owned(),
    }
    .to_string()
}
