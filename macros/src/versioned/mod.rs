//! `#[versioned(api = X, request|response)]` on a struct: parse the item and its `#[api]`
//! history into a model ([`parse`]), check the cross-attribute rules and plan one shape per
//! change point ([`validate`]), then generate the shapes, conversions and serde impls
//! ([`expand`]). Expansion never reports user errors.

mod compact;
mod contract;
mod dispatch;
mod enum_expand;
mod enum_parse;
mod enum_validate;
mod expand;
mod parse;
mod schema;
mod validate;

pub use contract::container_items;
pub use parse::option_inner;

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
            let contract = contract::of_struct(context, &input, &plan);
            guarded(
                context,
                &contract,
                &input.h.api,
                expand::expand(context, &input, &plan),
            )
        }
        parse::Parsed::Enum(input) => {
            let plan = enum_validate::validate(context, &input)?;
            let contract = contract::of_enum(context, &input, &plan);
            guarded(
                context,
                &contract,
                &input.h.api,
                enum_expand::expand(context, &input, &plan),
            )
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
    let register = contract.register(api);
    Ok(quote::quote! {
        #(#errors)*
        #expansion
        const _: () = {
            #register
            #(#warnings)*
        };
    })
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
