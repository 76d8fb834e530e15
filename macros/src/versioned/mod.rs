//! `#[versioned(api = X, request|response)]` on a struct: parse the item and its `#[api]`
//! history into a model ([`parse`]), check the cross-attribute rules and plan one shape per
//! change point ([`validate`]), then generate the shapes, conversions and serde impls
//! ([`expand`]). Expansion never reports user errors.

mod dispatch;
mod enum_expand;
mod enum_parse;
mod enum_validate;
mod expand;
mod parse;
mod validate;

use proc_macro2::TokenStream;
use quote::ToTokens;

use crate::context::ApiContext;

pub fn expand(
    context: &ApiContext,
    args: TokenStream,
    item: TokenStream,
) -> syn::Result<TokenStream> {
    match parse::parse(context, args, item)? {
        parse::Parsed::Struct(input) => {
            let plan = validate::validate(context, &input)?;
            Ok(expand::expand(context, &input, &plan))
        }
        parse::Parsed::Enum(input) => {
            let plan = enum_validate::validate(context, &input)?;
            Ok(enum_expand::expand(context, &input, &plan))
        }
    }
}

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
