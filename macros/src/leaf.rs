//! `#[leaf(api = X)]` on a type whose JSON never changes across versions (an enum of
//! codes, a validated string, a filter struct): records its contract (serialised field and
//! value names, types, optionality, representation) for the lock and checks it against the
//! released versions, in the direction those versions use it. The item is emitted unchanged;
//! the user's serde derives do the work.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote_spanned};
use syn::spanned::Spanned;
use versionary_internals::lock::Line;

use crate::attr::{Errors, Seen, unknown_key};
use crate::context::ApiContext;
use crate::lock::{Item, TypeContract, container_items, field_line, type_name};
use crate::serde_attrs::{
    has_serde_key, rename_field, rename_variant, repr_line, serde_key_span, serde_string,
};

const ARGS: &[&str] = &["api"];

pub fn expand(
    context: &ApiContext,
    args: TokenStream,
    item: TokenStream,
) -> syn::Result<TokenStream> {
    let mut errors = Errors::default();
    let mut seen = Seen::default();
    let mut api = None;
    let parser = syn::meta::parser(|meta| {
        if meta.path.is_ident("api") {
            seen.check("api", meta.path.span())?;
            api = Some(meta.value()?.parse::<syn::Path>()?);
            Ok(())
        } else {
            Err(unknown_key(&meta.path, "`#[leaf(...)]`", ARGS))
        }
    });
    if let Err(error) = syn::parse::Parser::parse2(parser, args) {
        errors.push(error);
    }
    let item: syn::Item = syn::parse2(item)?;
    let (ident, generics, serde, types, items) = match &item {
        syn::Item::Struct(s) => {
            let name = s.ident.to_string();
            let (types, items) = struct_items(&name, &s.attrs, &s.fields, s.ident.span());
            (&s.ident, &s.generics, &s.attrs, types, items)
        }
        syn::Item::Enum(e) => {
            let name = e.ident.to_string();
            let (types, items) = enum_items(&name, &e.attrs, e);
            (&e.ident, &e.generics, &e.attrs, types, items)
        }
        other => {
            return Err(syn::Error::new_spanned(
                other,
                "`#[leaf]` goes on a struct or an enum whose JSON never changes across versions",
            ));
        }
    };
    if !generics.params.is_empty() {
        errors.push(syn::Error::new_spanned(
            generics,
            "a `#[leaf]` type cannot be generic: its contract is recorded once; use `#[versioned(api = ...)]` for a generic container",
        ));
    }
    errors.finish()?;
    let api = api.unwrap_or_else(|| syn::parse_quote!(__missing_api));
    let contract = TypeContract {
        name: ident.to_string(),
        leaf: true,
        request: true,
        response: true,
        span: ident.span(),
        rename_all: serde_key_span(serde, "rename_all"),
        // The same contract in every version.
        versions: vec![items; context.versions.len()],
    };
    let (errors, warnings) = crate::guard::check(context, &contract);
    let errors = errors.into_iter().map(syn::Error::into_compile_error);
    let register = contract.register(&api);
    let s = ident.span();
    let private = crate::private::path(s);
    // Naming `<T as ApiType>` for each field type is the check that it is versioned, a leaf
    // or a foreign type versionary knows: the error points at the field.
    let mut seen_types = Vec::new();
    let needs_state: Vec<TokenStream> = types
        .iter()
        .filter(|ty| {
            let key = ty.to_token_stream().to_string();
            let fresh = !seen_types.contains(&key);
            seen_types.push(key);
            fresh
        })
        .map(|ty| {
            let private = crate::private::path(ty.span());
            quote_spanned!(ty.span()=> || <#ty as #private::ApiType>::NEEDS_STATE)
        })
        .collect();
    Ok(quote_spanned! {s=>
        #(#errors)*
        #item
        const _: () = {
            #[automatically_derived]
            impl #private::ApiType for #ident {
                const NEEDS_STATE: bool = false #(#needs_state)*;
            }
            #[automatically_derived]
            impl #private::Recorded for #ident {}
            #register
            #(#warnings)*
        };
    })
}

/// The field lines of a struct (and of a struct variant, with `name` = `Enum::Variant`).
fn field_items(
    name: &str,
    container: &[syn::Attribute],
    fields: &syn::Fields,
) -> (Vec<syn::Type>, Vec<Item>) {
    let rule = serde_string(container, "rename_all");
    let mut types = Vec::new();
    let mut items = Vec::new();
    for (i, field) in fields.iter().enumerate() {
        if has_serde_key(&field.attrs, "skip") {
            continue;
        }
        types.push(field.ty.clone());
        let ident = field
            .ident
            .as_ref()
            .map(|i| i.to_string().trim_start_matches("r#").to_owned());
        let wire = serde_string(&field.attrs, "rename").unwrap_or_else(|| match (&ident, &rule) {
            (Some(ident), Some(rule)) => rename_field(ident, rule),
            (Some(ident), None) => ident.clone(),
            (None, _) => i.to_string(),
        });
        let option = crate::types::option_inner(&field.ty).is_some();
        items.push(Item {
            line: field_line(name, &wire, &field.ty, option, container, &field.attrs),
            span: field
                .ident
                .as_ref()
                .map_or_else(|| field.ty.span(), Spanned::span),
            ident,
            name_span: serde_key_span(&field.attrs, "rename"),
            member: None,
        });
    }
    (types, items)
}

fn struct_items(
    name: &str,
    attrs: &[syn::Attribute],
    fields: &syn::Fields,
    span: Span,
) -> (Vec<syn::Type>, Vec<Item>) {
    let (types, mut items) = field_items(name, attrs, fields);
    match fields {
        // A newtype is written as its field, exactly as `transparent` is.
        syn::Fields::Unnamed(unnamed) if unnamed.unnamed.len() == 1 => {
            if !has_serde_key(attrs, "transparent") {
                items.push(Item::new(repr_line(name, "transparent"), span));
            }
        }
        syn::Fields::Unnamed(_) => items.push(Item::new(repr_line(name, "tuple"), span)),
        syn::Fields::Unit => items.push(Item::new(repr_line(name, "unit"), span)),
        syn::Fields::Named(_) => {}
    }
    items.extend(container_items(name, attrs, false, span));
    (types, items)
}

fn enum_items(
    name: &str,
    attrs: &[syn::Attribute],
    item: &syn::ItemEnum,
) -> (Vec<syn::Type>, Vec<Item>) {
    let rule = serde_string(attrs, "rename_all");
    let mut types = Vec::new();
    let mut items = Vec::new();
    for variant in &item.variants {
        if has_serde_key(&variant.attrs, "skip") {
            continue;
        }
        let ident = variant.ident.to_string();
        let wire = serde_string(&variant.attrs, "rename")
            .unwrap_or_else(|| rename_variant(&ident, rule.as_deref()));
        let data = match &variant.fields {
            syn::Fields::Unit => None,
            syn::Fields::Unnamed(unnamed) if unnamed.unnamed.len() == 1 => {
                types.push(unnamed.unnamed[0].ty.clone());
                Some(type_name(&unnamed.unnamed[0].ty))
            }
            fields => {
                let inner = format!("{name}::{ident}");
                let (inner_types, inner_items) = field_items(&inner, &variant.attrs, fields);
                types.extend(inner_types);
                // Each field of the variant as `name:type:state`.
                let parts: Vec<String> = inner_items
                    .iter()
                    .filter_map(|i| match i.line.parse::<Line>() {
                        Ok(Line::Field {
                            owner,
                            name,
                            ty,
                            state,
                        }) if owner == inner => Some(format!("{name}:{ty}:{state}")),
                        _ => None,
                    })
                    .collect();
                Some(if matches!(fields, syn::Fields::Named(_)) {
                    format!("{{{}}}", parts.join(","))
                } else {
                    format!("({})", parts.join(","))
                })
            }
        };
        items.push(Item {
            line: crate::lock::variant_line(name, &wire, data),
            span: variant.ident.span(),
            ident: Some(ident),
            name_span: serde_key_span(&variant.attrs, "rename"),
            member: None,
        });
    }
    items.extend(container_items(name, attrs, true, item.ident.span()));
    (types, items)
}

/// The item as written plus its `ApiType` impls, beside a `compile_error!`, so its uses do
/// not cascade into "not a versioned type" errors.
pub fn fallback(item: TokenStream) -> TokenStream {
    let ident = match syn::parse2::<syn::Item>(item.clone()) {
        Ok(syn::Item::Struct(s)) if s.generics.params.is_empty() => s.ident,
        Ok(syn::Item::Enum(e)) if e.generics.params.is_empty() => e.ident,
        _ => return item,
    };
    let private = crate::private::path(ident.span());
    quote_spanned! {ident.span()=>
        #item
        const _: () = {
            #[automatically_derived]
            impl #private::ApiType for #ident {}
            #[automatically_derived]
            impl #private::Recorded for #ident {}
        };
    }
}
