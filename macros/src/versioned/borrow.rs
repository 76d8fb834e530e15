//! Older response shapes written from a borrow of the latest value.
//!
//! Serving an older version used to clone the latest value and run the `From` downgrades
//! step by step. For a plain struct (see [`super::compact::applies`]) each older shape whose
//! history allows it is now written straight from `&Latest` by its arm of the latest type's
//! `Serialize` impl: a single call of the runtime's `write_struct` with the shape's JSON
//! names and a tuple of references into the latest value (inline, not a function per shape:
//! fewer bodies for `cargo check` to type-check).
//!
//! - an unchanged, renamed or flattened-since field is a borrow of the latest field (a
//!   nested versioned type inside it writes itself in the selected version, by borrow too);
//! - a `nested(...)` object is written by `ser::Object` from borrows of the fields it held;
//! - `required(...)` since: `Some(&field)`; `optional(...)` since: `ser::or_else`;
//! - `retyped(..., down = g)` since: `down_ref(g, &field)`, which borrows when `g` takes
//!   `&T` and clones only that field when `g` takes `T`;
//! - a field removed in the latest shape: its `down` function, given `&Latest`.
//!
//! A shape outside these cases (two type changes of one field after it, a field removed
//! before the latest shape, whose `down` takes an intermediate shape) keeps the clone and
//! `From` chain, and the type keeps its `Clone` requirement.

use proc_macro2::TokenStream;
use quote::{ToTokens, format_ident, quote_spanned};
use syn::ext::IdentExt;
use syn::spanned::Spanned;

use super::compact::{tuple, wire_fields};
use super::parse::{Input, RetypeKind};
use super::plan::{Origin, Plan};

/// For a plain response struct: for each older shape, the body of its arm in the latest
/// type's `Serialize` impl (`self` the latest value, `__serializer` the serializer), when
/// the shape can be written from a borrow.
pub fn older_arms(input: &Input, plan: &Plan) -> Vec<Option<TokenStream>> {
    let latest = plan.idents.len() - 1;
    (0..latest).map(|k| shape_arm(input, plan, k)).collect()
}

/// The type changes of latest field `i` that older shape `k` is before.
fn retypes_after(input: &Input, plan: &Plan, k: usize, i: usize) -> Vec<usize> {
    input.fields[i]
        .retyped
        .iter()
        .enumerate()
        .filter(|(_, r)| r.at.index > plan.starts[k])
        .map(|(n, _)| n)
        .collect()
}

/// Latest field `i` (to borrow), when its type has not changed since shape `k`.
fn unchanged(input: &Input, plan: &Plan, k: usize, i: usize) -> Option<TokenStream> {
    let s = input.h.ident.span();
    let ident = &input.fields[i].ident;
    retypes_after(input, plan, k, i)
        .is_empty()
        .then(|| quote_spanned!(s=> self.#ident))
}

fn shape_arm(input: &Input, plan: &Plan, k: usize) -> Option<TokenStream> {
    let s = input.h.ident.span();
    let private = input.h.runtime.path(s);
    let latest = plan.idents.len() - 1;
    let mut lets = Vec::new();
    let mut refs = Vec::new();
    for (n, field) in plan.shapes[k].iter().enumerate() {
        let var = format_ident!("__versionary_{}", n, span = s);
        let value = match field.origin {
            Origin::Field(i) => {
                let retypes = retypes_after(input, plan, k, i);
                let source = &input.fields[i];
                let ident = &source.ident;
                match retypes.as_slice() {
                    [] => quote_spanned!(s=> &self.#ident),
                    [one] => {
                        let retyped = &source.retyped[*one];
                        match &retyped.kind {
                            RetypeKind::Required(_) => {
                                quote_spanned!(s=> &::core::option::Option::Some(&self.#ident))
                            }
                            RetypeKind::Optional(default) => {
                                // The function making the fallback: `path` or `Default::default`.
                                let fallback = match default {
                                    Some((_, Some(path))) => quote_spanned!(path.span()=> #path),
                                    _ => quote_spanned!(s=> ::core::default::Default::default),
                                };
                                quote_spanned!(s=> &#private::ser::or_else(&self.#ident, #fallback))
                            }
                            RetypeKind::Custom => {
                                let down = retyped.down.as_ref()?;
                                let ty = &field.ty;
                                // `self` keeps the item's hygiene: `down` may come from
                                // another macro (a `macro_rules!` declaring the type).
                                let this = quote_spanned!(s=> &self.#ident);
                                lets.push(quote_spanned! {down.span()=>
                                    let #var: #ty = #private::down_ref(#down, #this);
                                });
                                quote_spanned!(s=> &#var)
                            }
                        }
                    }
                    _ => return None,
                }
            }
            Origin::Removed(i) => {
                let removed = &input.removed[i];
                if removed.at.index != plan.starts[latest] {
                    return None;
                }
                let down = removed.down.as_ref()?;
                let ty = &removed.ty;
                let this = quote_spanned!(s=> self);
                lets.push(quote_spanned! {down.span()=> let #var: #ty = #down(#this);});
                quote_spanned!(s=> &#var)
            }
            Origin::Part(i, j) => {
                let inner = &input.fields[i].flattened.as_ref()?.parts.get(j)?.2;
                let object = unchanged(input, plan, k, i)?;
                quote_spanned!(s=> &#object.#inner)
            }
            Origin::Nest(n) => {
                let nested = &input.nested[n];
                if nested.parts.len() > 16 {
                    return None;
                }
                let mut names = Vec::new();
                let mut values = Vec::new();
                for (latest_field, inner) in &nested.parts {
                    let i = input.fields.iter().position(|f| f.ident == *latest_field)?;
                    let value = unchanged(input, plan, k, i)?;
                    values.push(quote_spanned!(s=> &#value));
                    names.push(inner.unraw().to_string());
                }
                let name = field.ty.to_token_stream().to_string();
                quote_spanned!(s=> &#private::ser::Object(#name, &[#(#names),*], (#(#values,)*)))
            }
        };
        refs.push(value);
    }
    let names = wire_fields(input, plan, k).into_iter().map(|f| f.name);
    let values = tuple(&input.h.runtime, s, &refs, false);
    let shape = plan.idents[k].to_string();
    Some(quote_spanned! {s=>
        {
            #(#lets)*
            #private::ser::write_struct(__serializer, #shape, &[#(#names),*], #values)
        }
    })
}
