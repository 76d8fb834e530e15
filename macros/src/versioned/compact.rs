//! A lean `Deserialize` for the shapes of a plain versioned struct: one without type
//! parameters or `#[serde(...)]` attributes, whose fields are read by name alone.
//!
//! Every shape of such a type is an object of named fields, and `serde_derive`'s impl for
//! each would be a field-identifier type with three visitors, a sequence visitor and a map
//! visitor: most of the code `cargo check` spends its time on in a versioned crate (see
//! BENCHMARKS.md). This one has a map visitor only, with the key lookup, duplicate check and
//! missing-field rule in generic runtime functions (`verso::__private::de`) that behave as
//! serde's derive does: the same error messages, `Option` fields may be absent, unknown
//! fields are refused when the type denies them and skipped otherwise. One difference: a
//! JSON array is not accepted in place of the object.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote_spanned};
use syn::ext::IdentExt;
use syn::{Ident, Type};

use super::parse::Input;
use super::validate::{Origin, Plan};

/// Whether the shapes of `input` get the lean `Deserialize`: no type parameters and no
/// `#[serde(...)]` on the container or any field (which could rename, default, flatten or
/// reroute a field).
pub fn applies(input: &Input) -> bool {
    input.generics.params.is_empty()
        && input.h.serde.is_empty()
        && input.fields.iter().all(|f| f.serde.is_empty())
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

/// The body of a `deserialize` function (its deserializer is `__deserializer`, its error
/// type `__D::Error`) building shape `k`, the Rust type `target`, from an object of its
/// fields.
pub fn body(
    s: Span,
    input: &Input,
    plan: &Plan,
    k: usize,
    target: &Ident,
    deny_unknown: bool,
) -> TokenStream {
    let fields = wire_fields(input, plan, k);
    let expecting = format!("struct {target}");
    let serde = quote_spanned!(s=> ::verso::__private::serde);
    let de = quote_spanned!(s=> ::verso::__private::de);
    let names = fields.iter().map(|f| &f.name);
    let slots: Vec<Ident> = (0..fields.len())
        .map(|i| format_ident!("__f{}", i, span = s))
        .collect();
    let declare = fields.iter().zip(&slots).map(|(f, slot)| {
        let ty = f.ty;
        quote_spanned!(s=> let mut #slot: ::core::option::Option<#ty> = ::core::option::Option::None;)
    });
    let arms = slots.iter().enumerate().map(
        |(i, slot)| quote_spanned!(s=> #i => #de::value(&mut __map, &mut #slot, __FIELDS[#i])?,),
    );
    let build = fields.iter().zip(&slots).enumerate().map(|(i, (f, slot))| {
        let ident = f.ident;
        quote_spanned!(s=> #ident: #de::take(#slot, __FIELDS[#i])?)
    });
    let struct_name = target.to_string();
    quote_spanned! {s=>
        const __FIELDS: &[&str] = &[#(#names),*];
        struct __Visitor;
        #[automatically_derived]
        impl<'de> #serde::de::Visitor<'de> for __Visitor {
            type Value = #target;
            fn expecting(&self, __f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                __f.write_str(#expecting)
            }
            fn visit_map<__A>(self, mut __map: __A) -> ::core::result::Result<#target, __A::Error>
            where
                __A: #serde::de::MapAccess<'de>,
            {
                #(#declare)*
                while let ::core::option::Option::Some(__key) =
                    #de::key(&mut __map, __FIELDS, #deny_unknown)?
                {
                    match __key {
                        #(#arms)*
                        _ => #de::skip(&mut __map)?,
                    }
                }
                ::core::result::Result::Ok(#target { #(#build,)* })
            }
        }
        #serde::Deserializer::deserialize_struct(__deserializer, #struct_name, __FIELDS, __Visitor)
    }
}
