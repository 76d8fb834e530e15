//! `#[versioned(api = X, request|response)]` on a struct or an enum.
//!
//! A struct goes through: [`header`] (the `#[versioned(...)]` arguments and container
//! attributes), [`parse`] (the fields and their `#[api]` history, into a model),
//! [`validate`] (the cross-attribute rules, one `check_*` function each), [`plan`] (one
//! shape per change point), [`expand`] (the shapes, conversions and serde impls, with
//! [`compact`], [`schema`] and [`dispatch`]) and [`contract`] (what the lock records).
//! An enum takes the same road through `enum_parse`, `enum_validate` and `enum_expand`.
//! Expansion never reports user errors.

mod borrow;
mod compact;
mod contract;
mod dispatch;
mod enum_expand;
mod enum_parse;
mod enum_validate;
mod expand;
mod fallback;
mod header;
mod names;
mod parse;
mod plan;
mod schema;
mod validate;

use proc_macro2::TokenStream;
use quote::ToTokens;

use crate::attr::Errors;
use crate::context::ApiContext;

/// A parsed `#[versioned]` item.
enum Parsed {
    Struct(parse::Input),
    Enum(enum_parse::EnumInput),
}

/// Parses the item: the header both kinds share, then the struct's fields or the enum's
/// variants.
fn parse_item(context: &ApiContext, args: TokenStream, item: TokenStream) -> syn::Result<Parsed> {
    let mut errors = Errors::default();
    match syn::parse2::<syn::Item>(item)? {
        syn::Item::Struct(item) => {
            let header = header::header(
                context,
                args,
                item.vis,
                item.ident,
                item.attrs,
                &item.generics,
                true,
                &mut errors,
            );
            parse::parse(context, header, item.generics, item.fields, errors).map(Parsed::Struct)
        }
        syn::Item::Enum(item) => {
            let header = header::header(
                context,
                args,
                item.vis,
                item.ident,
                item.attrs,
                &item.generics,
                false,
                &mut errors,
            );
            enum_parse::parse(context, header, item.variants, errors).map(Parsed::Enum)
        }
        other => Err(syn::Error::new_spanned(
            other,
            "`#[versioned]` goes on a struct with named fields or on an enum",
        )),
    }
}

pub fn expand(
    context: &ApiContext,
    args: TokenStream,
    item: TokenStream,
) -> syn::Result<TokenStream> {
    match parse_item(context, args, item)? {
        Parsed::Struct(input) => {
            let plan = validate::validate(context, &input)?;
            let contract = contract::of_struct(context, &input, &plan);
            let mut expansion = expand::expand(context, &input, &plan);
            expansion.extend(names::version_aliases(
                context,
                &input.h.vis,
                &input.h.ident,
                &input.generics,
                &plan.starts,
                &plan.idents,
            ));
            guarded(context, &contract, &input.h.api, expansion)
        }
        Parsed::Enum(input) => {
            let plan = enum_validate::validate(context, &input)?;
            let contract = contract::of_enum(context, &input, &plan);
            let mut expansion = enum_expand::expand(context, &input, &plan);
            expansion.extend(names::version_aliases(
                context,
                &input.h.vis,
                &input.h.ident,
                &syn::Generics::default(),
                &plan.starts,
                &plan.idents,
            ));
            guarded(context, &contract, &input.h.api, expansion)
        }
    }
}

/// The expansion, unless a released version's contract was broken; with the contract's
/// registration for the lock and the policy's warnings.
fn guarded(
    context: &ApiContext,
    contract: &crate::lock::TypeContract,
    api: &syn::Path,
    expansion: TokenStream,
) -> syn::Result<TokenStream> {
    let (errors, warnings) = crate::guard::check(context, contract);
    // A broken contract is reported beside the full expansion, so the error is the only
    // one: uses of the type still find its impls.
    let errors = errors.into_iter().map(syn::Error::into_compile_error);
    let register = contract.register(&context.runtime, api);
    Ok(quote::quote! {
        #(#errors)*
        #expansion
        const _: () = {
            #register
            #(#warnings)*
        };
    })
}

pub use fallback::fallback;

/// The item without our `#[api]` (and the orphaned `#[serde]`) attributes, for the fallback
/// emitted beside `compile_error!`.
pub fn strip(item: TokenStream) -> TokenStream {
    let Ok(mut item) = syn::parse2::<syn::Item>(item.clone()) else {
        return item;
    };
    let ours = |attr: &syn::Attribute| attr.path().is_ident("api") || attr.path().is_ident("serde");
    match &mut item {
        syn::Item::Struct(s) => {
            s.attrs.retain(|a| !ours(a));
            for field in s.fields.iter_mut() {
                field.attrs.retain(|a| !ours(a));
            }
        }
        syn::Item::Enum(e) => {
            e.attrs.retain(|a| !ours(a));
            for variant in e.variants.iter_mut() {
                variant.attrs.retain(|a| !ours(a));
                for field in variant.fields.iter_mut() {
                    field.attrs.retain(|a| !ours(a));
                }
            }
        }
        _ => {}
    }
    item.into_token_stream()
}
