//! Generates, for a versioned enum: the latest enum (our attributes removed), one enum per
//! older shape, `From` conversions between neighbouring shapes (variant by variant, with
//! the declared mappings for added and removed variants), and the shared dispatch.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote_spanned};
use syn::spanned::Spanned;
use syn::{Fields, Ident, Type};

use super::enum_parse::EnumInput;
use super::enum_validate::{EnumPlan, VariantOrigin, VariantShape};
use super::names::shape_doc;
use crate::context::ApiContext;
use crate::serde_attrs::field_serde;

/// The variant's fields without `#[serde]` attributes (for the latest enum, which has no
/// serde derive of its own).
fn without_serde(fields: &Fields) -> Fields {
    let mut fields = fields.clone();
    for field in fields.iter_mut() {
        field.attrs.retain(|a| !a.path().is_ident("serde"));
    }
    fields
}

/// A pattern matching a variant whatever its fields: nothing, `(..)` or `{ .. }`.
fn rest(fields: &Fields, s: proc_macro2::Span) -> TokenStream {
    match fields {
        Fields::Unit => TokenStream::new(),
        Fields::Unnamed(_) => quote_spanned!(s=> (..)),
        Fields::Named(_) => quote_spanned!(s=> { .. }),
    }
}

/// A pattern binding every field of a variant, and the same bindings as constructor
/// arguments: `(__f0, __f1)` / `{ a, b }` / nothing.
fn bindings(fields: &Fields, s: proc_macro2::Span) -> TokenStream {
    match fields {
        Fields::Unit => TokenStream::new(),
        Fields::Unnamed(unnamed) => {
            let names = (0..unnamed.unnamed.len()).map(|i| Ident::new(&format!("__f{i}"), s));
            quote_spanned!(s=> (#(#names),*))
        }
        Fields::Named(named) => {
            let names = named.named.iter().filter_map(|f| f.ident.as_ref());
            quote_spanned!(s=> { #(#names),* })
        }
    }
}

fn variant_fields(input: &EnumInput, variant: &VariantShape) -> Fields {
    match variant.origin {
        VariantOrigin::Variant(i) => input.variants[i].fields.clone(),
        VariantOrigin::Removed(i) => match &input.removed[i].ty {
            Some(ty) => Fields::Unnamed(syn::parse_quote!((#ty))),
            None => Fields::Unit,
        },
    }
}

pub fn expand(context: &ApiContext, input: &EnumInput, plan: &EnumPlan) -> TokenStream {
    let h = &input.h;
    let s = h.ident.span();
    let (ident, vis, api) = (&h.ident, &h.vis, &h.api);
    let latest = plan.idents.len() - 1;
    let private = h.runtime.path(s);
    let serde = quote_spanned!(s=> #private::serde);
    let mut serde_derives = Vec::new();
    if h.response {
        serde_derives.push(quote_spanned!(s=> #serde::Serialize));
    }
    if h.request {
        serde_derives.push(quote_spanned!(s=> #serde::Deserialize));
    }
    serde_derives.push(quote_spanned!(s=> #private::schemars::JsonSchema));
    let (serde_str, schemars) = (h.runtime.path_str("serde"), h.runtime.path_str("schemars"));
    let schema_name = ident.to_string();
    let (docs, attrs, derives, container_serde) = (&h.docs, &h.attrs, &h.derives, &h.serde);
    let user_derive = (!derives.is_empty()).then(|| quote_spanned!(s=> #[derive(#(#derives),*)]));

    let latest_variants = input.variants.iter().map(|v| {
        let (docs, attrs, name) = (&v.docs, &v.attrs, &v.ident);
        let fields = without_serde(&v.fields);
        quote_spanned!(s=> #(#docs)* #(#attrs)* #name #fields)
    });
    let latest_enum = quote_spanned! {s=>
        #(#docs)*
        #(#attrs)*
        #user_derive
        #vis enum #ident { #(#latest_variants,)* }
    };

    let older = (0..latest).map(|k| {
        let shape = &plan.idents[k];
        let doc = shape_doc(context, ident, &plan.starts, k);
        let variants = plan.shapes[k].iter().map(|v| {
            let name = &v.ident;
            let fields = variant_fields(input, v);
            match v.origin {
                VariantOrigin::Variant(i) => {
                    let source = &input.variants[i];
                    let docs = &source.docs;
                    let serde_attrs = field_serde(&source.serde, v.renamed_to.is_some(), false);
                    let rename = v
                        .renamed_to
                        .as_ref()
                        .map(|n| quote_spanned!(s=> #[serde(rename = #n)]));
                    quote_spanned!(s=> #(#docs)* #(#serde_attrs)* #rename #name #fields)
                }
                VariantOrigin::Removed(_) => {
                    quote_spanned!(s=> #[doc = "Removed in a later version."] #name #fields)
                }
            }
        });

        quote_spanned! {s=>
            #[doc = #doc]
            #[derive(#(#derives,)* #(#serde_derives),*)]
            #[serde(crate = #serde_str)]
            #[schemars(crate = #schemars, rename = #schema_name)]
            #(#container_serde)*
            #vis enum #shape { #(#variants,)* }
        }
    });

    let mirror_variants = input.variants.iter().map(|v| {
        let (serde_attrs, name, fields) = (&v.serde, &v.ident, &v.fields);
        quote_spanned!(s=> #(#serde_attrs)* #name #fields)
    });
    let remote = ident.to_string();
    let mirror = quote_spanned! {s=>
        #[derive(#(#serde_derives),*)]
        #[serde(crate = #serde_str, remote = #remote)]
        #[schemars(crate = #schemars, rename = #schema_name)]
        #(#container_serde)*
        #[allow(dead_code, non_camel_case_types)]
        enum __VersionaryLatest { #(#mirror_variants,)* }
    };

    let mut conversions = Vec::new();
    for k in 0..latest {
        let cp = plan.starts[k + 1];
        let (older, newer) = (&plan.idents[k], &plan.idents[k + 1]);
        if h.response {
            // Every variant of the newer shape, written as the older shape.
            let arms = plan.shapes[k + 1].iter().map(|v| {
                let name = &v.ident;
                let fields = variant_fields(input, v);
                let bind = bindings(&fields, s);
                let added_here = matches!(v.origin, VariantOrigin::Variant(i) if input.variants[i].added.is_some_and(|a| a.index == cp));
                if added_here {
                    let VariantOrigin::Variant(i) = v.origin else { unreachable!() };
                    let down = input.variants[i].down.as_ref().map(ToTokens::to_token_stream).unwrap_or_default();
                    let rest = rest(&fields, s);
                    quote_spanned!(down.span()=> __v @ #newer::#name #rest => #down(__v),)
                } else {
                    quote_spanned!(s=> #newer::#name #bind => #older::#name #bind,)
                }
            });
            conversions.push(quote_spanned! {s=>
                #[automatically_derived]
                impl ::core::convert::From<#newer> for #older {
                    fn from(__new: #newer) -> Self {
                        match __new { #(#arms)* }
                    }
                }
            });
        }
        if h.request {
            // Every variant of the older shape, read as the newer shape.
            let arms = plan.shapes[k].iter().map(|v| {
                let name = &v.ident;
                let fields = variant_fields(input, v);
                let bind = bindings(&fields, s);
                match v.origin {
                    VariantOrigin::Removed(i) if input.removed[i].at.index == cp => {
                        let up = input.removed[i]
                            .up
                            .as_ref()
                            .map(ToTokens::to_token_stream)
                            .unwrap_or_default();
                        let rest = rest(&fields, s);
                        quote_spanned!(up.span()=> __v @ #older::#name #rest => #up(__v),)
                    }
                    _ => quote_spanned!(s=> #older::#name #bind => #newer::#name #bind,),
                }
            });
            conversions.push(quote_spanned! {s=>
                #[automatically_derived]
                impl ::core::convert::From<#older> for #newer {
                    fn from(__old: #older) -> Self {
                        match __old { #(#arms)* }
                    }
                }
            });
        }
    }

    let inner_types: Vec<&Type> = input
        .variants
        .iter()
        .flat_map(|v| v.fields.iter().map(|f| &f.ty))
        .chain(input.removed.iter().filter_map(|r| r.ty.as_ref()))
        .collect();
    let dispatch = super::dispatch::expand(&super::dispatch::Dispatch {
        names: &input.h.names,
        descriptions: &input.h.descriptions,
        doc: crate::attr::doc_text(&input.h.docs),
        api,
        ident,
        request: h.request,
        response: h.response,
        shapes: &plan.idents,
        shape_of: &plan.shape_of,
        own_state: false,
        plain: false,
        borrowed: &[],
        fallible_steps: Vec::new(),
        generics: &syn::Generics::default(),
        inner_types,
        runtime: &h.runtime,
    });

    quote_spanned! {s=>
        #latest_enum
        #(#older)*
        const _: () = {
            #mirror
            #(#conversions)*
            #dispatch
        };
    }
}
