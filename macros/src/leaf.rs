//! `#[leaf(api = X)]` on a type whose JSON never changes across versions (an enum of
//! codes, a validated string, a filter struct): records its contract (serialised field and
//! value names, types, optionality, representation) for the lock and checks it against the
//! released versions, in the direction those versions use it. The item is emitted unchanged;
//! the user's serde derives do the work.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote_spanned};
use syn::spanned::Spanned;
use versionary_internals::lock::Side;

use crate::attr::{Errors, Seen, unknown_key};
use crate::context::ApiContext;
use crate::lock::field_items as lock_field_items;
use crate::lock::{
    Item, Skipped, TypeContract, container_items, field_shape, skips, type_name, variant_items,
};
use crate::serde_attrs::{has_serde_key, repr_line, serde_key_span};
use crate::serde_view::{self, Member};

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
    let (ident, generics, serde, (types, items, skipped)) = match &item {
        syn::Item::Struct(s) => (&s.ident, &s.generics, &s.attrs, struct_items(s)),
        syn::Item::Enum(e) => (&e.ident, &e.generics, &e.attrs, enum_items(e)),
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
        rename_all_fields: serde_key_span(serde, "rename_all_fields"),
        // The same contract in every version.
        versions: vec![items; context.versions.len()],
        skipped,
    };
    let (errors, warnings) = crate::guard::check(context, &contract);
    let errors = errors.into_iter().map(syn::Error::into_compile_error);
    let register = contract.register(&context.runtime, &api);
    let s = ident.span();
    let private = context.runtime.path(s);
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
            let private = context.runtime.path(ty.span());
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

/// What a leaf's contract is made of: the field types to check, the lines, and where
/// serde skips a member.
type Parts = (Vec<syn::Type>, Vec<Item>, Vec<Skipped>);

/// The field lines of a struct, with serde's reading of each field.
fn field_items(
    name: &str,
    container_default: bool,
    fields: &syn::Fields,
    members: &[Member],
) -> Parts {
    let (mut types, mut items, mut skipped) = (Vec::new(), Vec::new(), Vec::new());
    for (field, member) in fields.iter().zip(members) {
        let ident = field
            .ident
            .as_ref()
            .map(|i| i.to_string().trim_start_matches("r#").to_owned());
        skipped.extend(skips(member, ident.as_deref()));
        if member.skip_ser.is_some() && member.skip_de.is_some() {
            continue;
        }
        types.push(field.ty.clone());
        let option = crate::types::option_inner(&field.ty).is_some();
        let shape = field_shape(&field.ty, option, container_default, &field.attrs);
        let span = field
            .ident
            .as_ref()
            .map_or_else(|| field.ty.span(), Spanned::span);
        items.extend(lock_field_items(name, member, &shape, span, ident));
    }
    (types, items, skipped)
}

fn struct_items(s: &syn::ItemStruct) -> Parts {
    let name = s.ident.to_string();
    let (name, attrs, fields, span) = (&name, &s.attrs, &s.fields, s.ident.span());
    let view = serde_view::of(&syn::DeriveInput::from(s.clone()));
    let (types, mut items, skipped) = field_items(name, view.default, fields, &view.members);
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
    (types, items, skipped)
}

/// The data of an enum value as `side` sees it: none, its one type, or each field as
/// `name:type:state` (`{...}` for named fields, `(...)` for a tuple).
fn variant_data(variant: &syn::Variant, member: &Member, side: Side) -> Option<String> {
    match &variant.fields {
        syn::Fields::Unit => None,
        syn::Fields::Unnamed(unnamed) if unnamed.unnamed.len() == 1 => {
            Some(type_name(&unnamed.unnamed[0].ty))
        }
        fields => {
            let default = has_serde_key(&variant.attrs, "default");
            let parts: Vec<String> = fields
                .iter()
                .zip(&member.fields)
                .filter(|(_, m)| match side {
                    Side::Request => m.skip_de.is_none(),
                    Side::Response => m.skip_ser.is_none(),
                })
                .map(|(f, m)| {
                    let option = crate::types::option_inner(&f.ty).is_some();
                    let (ty, [request, response]) = field_shape(&f.ty, option, default, &f.attrs);
                    let (name, state) = match side {
                        Side::Request => (&m.de, request),
                        Side::Response => (&m.ser, response),
                    };
                    format!("{name}:{ty}:{state}")
                })
                .collect();
            Some(if matches!(fields, syn::Fields::Named(_)) {
                format!("{{{}}}", parts.join(","))
            } else {
                format!("({})", parts.join(","))
            })
        }
    }
}

fn enum_items(item: &syn::ItemEnum) -> Parts {
    let name = item.ident.to_string();
    let view = serde_view::of(&syn::DeriveInput::from(item.clone()));
    let (mut types, mut items, mut skipped) = (Vec::new(), Vec::new(), Vec::new());
    for (variant, member) in item.variants.iter().zip(&view.members) {
        let ident = variant.ident.to_string();
        skipped.extend(skips(member, Some(&ident)));
        if member.skip_ser.is_some() && member.skip_de.is_some() {
            continue;
        }
        for (field, m) in variant.fields.iter().zip(&member.fields) {
            if m.skip_ser.is_none() || m.skip_de.is_none() {
                types.push(field.ty.clone());
            }
        }
        let data = [Side::Request, Side::Response].map(|side| variant_data(variant, member, side));
        items.extend(variant_items(
            &name,
            member,
            data,
            variant.ident.span(),
            Some(ident),
        ));
    }
    items.extend(container_items(&name, &item.attrs, true, item.ident.span()));
    (types, items, skipped)
}

/// The item as written plus its `ApiType` impls, beside a `compile_error!`, so its uses do
/// not cascade into "not a versioned type" errors.
pub fn fallback(runtime: &crate::private::Runtime, item: TokenStream) -> TokenStream {
    let ident = match syn::parse2::<syn::Item>(item.clone()) {
        Ok(syn::Item::Struct(s)) if s.generics.params.is_empty() => s.ident,
        Ok(syn::Item::Enum(e)) if e.generics.params.is_empty() => e.ident,
        _ => return item,
    };
    let private = runtime.path(ident.span());
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
