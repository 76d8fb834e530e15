//! A lean `Serialize` and `Deserialize` for the shapes of a plain versioned struct: one
//! without type parameters or `#[serde(...)]` attributes, whose fields are written and read
//! by name alone.
//!
//! Every shape of such a type is an object of named fields, and `serde_derive`'s impls for
//! each would be a field-identifier type with three visitors, a sequence visitor, a map
//! visitor and a serializer call per field: most of the code `cargo check` spends its time
//! on in a versioned crate (see BENCHMARKS.md). Here each is a single call of a generic
//! runtime function given the fields' names and, as a tuple, their types or references:
//! `versionary::__private::de::read_struct`, whose tuple the struct is built from, and
//! `versionary::__private::ser::write_struct`. The runtime behaves as serde's derive does: the
//! same bytes out, the same error messages, `Option` fields may be absent, unknown fields
//! are refused when the type denies them and skipped otherwise, and an array of every field
//! in order is read as the object.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, format_ident, quote_spanned};
use syn::ext::IdentExt;
use syn::{Ident, Type};

use super::parse::Input;
use super::plan::{Origin, Plan};

/// Whether the shapes of `input` get the lean impls (and the lean `JsonSchema` of the
/// `schema` module): no type parameters; no `#[serde(...)]` on the container or any field
/// (which could rename, default, flatten or reroute a field); no serde derive of the user's
/// own (a response type may derive `Deserialize`, and its shapes then need the
/// `#[serde(rename)]` of renamed fields); no field type naming `Self` (the latest shape's
/// functions are free functions); and at most 256 fields in every shape (16 tuples of 16).
pub fn applies(input: &Input, plan: &Plan) -> bool {
    let serde_derive = input.h.derives.iter().any(|d| {
        d.segments
            .last()
            .is_some_and(|s| s.ident == "Serialize" || s.ident == "Deserialize")
    });
    let names_self = |ty: &Type| {
        fn walk(tokens: TokenStream) -> bool {
            tokens.into_iter().any(|t| match t {
                proc_macro2::TokenTree::Ident(i) => i == "Self",
                proc_macro2::TokenTree::Group(g) => walk(g.stream()),
                _ => false,
            })
        }
        walk(ty.to_token_stream())
    };
    input.generics.params.is_empty()
        && input.h.serde.is_empty()
        && input.fields.iter().all(|f| f.serde.is_empty())
        && !serde_derive
        && !plan.shapes.iter().flatten().any(|f| names_self(&f.ty))
        && plan.shapes.iter().all(|s| s.len() <= CHUNK * CHUNK)
}

/// One field as read from the wire: its Rust name, type and serialised name.
pub(super) struct WireField<'a> {
    pub ident: &'a Ident,
    pub ty: &'a Type,
    pub name: String,
    pub origin: Origin,
}

/// The wire fields of shape `k` (the latest when `k` is the last shape).
pub(super) fn wire_fields<'a>(input: &'a Input, plan: &'a Plan, k: usize) -> Vec<WireField<'a>> {
    plan.shapes[k]
        .iter()
        .map(|f| WireField {
            ident: &f.ident,
            ty: &f.ty,
            origin: f.origin,
            name: match (&f.renamed_to, f.origin) {
                (Some(name), _) => name.clone(),
                (None, Origin::Field(i)) if k + 1 == plan.shapes.len() => {
                    input.fields[i].ident.unraw().to_string()
                }
                (None, _) => f.ident.unraw().to_string(),
            },
        })
        .collect()
}

/// The most fields one tuple of `versionary::__private::de::Fields` holds.
const CHUNK: usize = 16;

/// `items` as one tuple, or past 16 as `Chunks` of tuples: a type when `as_type`, else an
/// expression or a pattern.
pub(super) fn tuple(
    runtime: &crate::private::Runtime,
    s: Span,
    items: &[TokenStream],
    as_type: bool,
) -> TokenStream {
    if items.len() <= CHUNK {
        return quote_spanned!(s=> (#(#items,)*));
    }
    let chunks = items.chunks(CHUNK).map(|c| quote_spanned!(s=> (#(#c,)*)));
    let private = runtime.path(s);
    if as_type {
        quote_spanned!(s=> #private::de::Chunks<(#(#chunks,)*)>)
    } else {
        quote_spanned!(s=> #private::de::Chunks((#(#chunks,)*)))
    }
}

/// The body of a `deserialize` function (its deserializer is `__deserializer`, its error
/// type `__D::Error`) building shape `k`, the Rust type `target`, from an object of its
/// fields: one call of the runtime's `read_struct` with the fields' types as a tuple, and
/// the struct built from the values.
pub fn body(
    s: Span,
    input: &Input,
    plan: &Plan,
    k: usize,
    target: &Ident,
    deny_unknown: bool,
) -> TokenStream {
    let fields = wire_fields(input, plan, k);
    let names = fields.iter().map(|f| &f.name);
    let values: Vec<TokenStream> = (0..fields.len())
        .map(|i| format_ident!("__f{}", i, span = s).into_token_stream())
        .collect();
    let types: Vec<TokenStream> = fields.iter().map(|f| f.ty.to_token_stream()).collect();
    let ty = tuple(&input.h.runtime, s, &types, true);
    let pattern = tuple(&input.h.runtime, s, &values, false);
    let build = fields.iter().zip(&values).map(|(f, value)| {
        let ident = f.ident;
        quote_spanned!(s=> #ident: #value)
    });
    let struct_name = target.unraw().to_string();
    let private = input.h.runtime.path(s);
    quote_spanned! {s=>
        match #private::de::read_struct::<__D, #ty>(__deserializer, #struct_name, &[#(#names),*], #deny_unknown) {
            ::core::result::Result::Ok(#pattern) => ::core::result::Result::Ok(#target { #(#build,)* }),
            ::core::result::Result::Err(__error) => ::core::result::Result::Err(__error),
        }
    }
}

/// The body of a `serialize` function (its serializer is `__serializer`) writing shape `k`,
/// the value `this`, named `name`: one call of the runtime's `write_struct` with the
/// fields' references as a tuple.
pub fn write_body(
    s: Span,
    input: &Input,
    plan: &Plan,
    k: usize,
    this: &TokenStream,
    name: &str,
) -> TokenStream {
    let fields = wire_fields(input, plan, k);
    let names = fields.iter().map(|f| &f.name);
    let refs: Vec<TokenStream> = fields
        .iter()
        .map(|f| {
            let ident = f.ident;
            quote_spanned!(s=> &#this.#ident)
        })
        .collect();
    let values = tuple(&input.h.runtime, s, &refs, false);
    let private = input.h.runtime.path(s);
    quote_spanned! {s=>
        #private::ser::write_struct(__serializer, #name, &[#(#names),*], #values)
    }
}

/// The lean `Serialize` (for a response type) and `Deserialize` (for a request type) of each
/// older shape, and the functions writing and reading the latest shape
/// (`__versionary_serialize_latest`, `__versionary_deserialize_latest`).
pub fn impls(s: Span, input: &Input, plan: &Plan, deny_unknown: bool) -> TokenStream {
    let private = input.h.runtime.path(s);
    let serde = quote_spanned!(s=> #private::serde);
    let latest = plan.idents.len() - 1;
    let ident = &input.h.ident;
    let mut out = TokenStream::new();
    if input.h.response {
        for (k, shape) in plan.idents[..latest].iter().enumerate() {
            let body = write_body(
                s,
                input,
                plan,
                k,
                &quote_spanned!(s=> self),
                &shape.to_string(),
            );
            out.extend(quote_spanned! {s=>
                #[automatically_derived]
                impl #serde::Serialize for #shape {
                    fn serialize<__S>(&self, __serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error>
                    where
                        __S: #serde::Serializer,
                    {
                        #body
                    }
                }
            });
        }
        let body = write_body(
            s,
            input,
            plan,
            latest,
            &quote_spanned!(s=> __self),
            &ident.unraw().to_string(),
        );
        out.extend(quote_spanned! {s=>
            fn __versionary_serialize_latest<__S>(
                __self: &#ident,
                __serializer: __S,
            ) -> ::core::result::Result<__S::Ok, __S::Error>
            where
                __S: #serde::Serializer,
            {
                #body
            }
        });
    }
    if input.h.request {
        for (k, shape) in plan.idents[..latest].iter().enumerate() {
            let body = body(s, input, plan, k, shape, deny_unknown);
            out.extend(quote_spanned! {s=>
                #[automatically_derived]
                impl<'de> #serde::Deserialize<'de> for #shape {
                    fn deserialize<__D>(__deserializer: __D) -> ::core::result::Result<Self, __D::Error>
                    where
                        __D: #serde::Deserializer<'de>,
                    {
                        #body
                    }
                }
            });
        }
        let body = body(s, input, plan, latest, ident, deny_unknown);
        out.extend(quote_spanned! {s=>
            fn __versionary_deserialize_latest<'de, __D>(
                __deserializer: __D,
            ) -> ::core::result::Result<#ident, __D::Error>
            where
                __D: #serde::Deserializer<'de>,
            {
                #body
            }
        });
    }
    out
}
