//! A lean `JsonSchema` for the shapes of a plain versioned struct (see `compact::applies`
//! for which structs are plain).
//!
//! `schemars`' derive writes, for every field of every shape, a block of statements that
//! `cargo check` then type-checks and borrow-checks: with older shapes, most of the schema
//! code in a versioned crate (see BENCHMARKS.md). Here each shape's schema is one call of a
//! generic runtime function (`versionary::__private::schema::object`) with one table row per
//! field, and the schema it builds is the one the derive would have built.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote_spanned};
use syn::spanned::Spanned;

use super::compact::wire_fields;
use super::names::older_field_doc;
use super::parse::Input;
use super::plan::{Origin, Plan};
use crate::attr::doc_text;

/// The call building the schema of shape `k` (the latest when `k` is the last shape),
/// documented by `doc`; its generator is `__generator`.
fn object(
    s: Span,
    input: &Input,
    plan: &Plan,
    k: usize,
    doc: &TokenStream,
    deny: bool,
) -> TokenStream {
    let private = input.h.runtime.path(s);
    let schema = quote_spanned!(s=> #private::schema);
    let rows = wire_fields(input, plan, k).into_iter().map(|f| {
        let doc = match f.origin {
            Origin::Field(i) => doc_text(&input.fields[i].docs),
            origin => older_field_doc(input, origin)
                .unwrap_or_default()
                .into_token_stream(),
        };
        let (ty, name) = (f.ty, f.name);
        quote_spanned!(ty.span()=> #schema::property::<#ty>(#name, #doc))
    });
    quote_spanned!(s=> #schema::object(__generator, #doc, #deny, &[#(#rows),*]))
}

/// `impl JsonSchema` for the older shape `k`, named `name` in documents (the type's name)
/// and documented by `doc`.
pub fn older_impl(
    s: Span,
    input: &Input,
    plan: &Plan,
    k: usize,
    name: &str,
    doc: &str,
    deny: bool,
) -> TokenStream {
    let shape = &plan.idents[k];
    let private = input.h.runtime.path(s);
    let schemars = quote_spanned!(s=> #private::schemars);
    let cow = quote_spanned!(s=> ::std::borrow::Cow<'static, str>);
    let body = object(s, input, plan, k, &doc.to_token_stream(), deny);
    quote_spanned! {s=>
        #[automatically_derived]
        impl #schemars::JsonSchema for #shape {
            fn schema_name() -> #cow {
                ::std::borrow::Cow::Borrowed(#name)
            }
            fn schema_id() -> #cow {
                ::std::borrow::Cow::Borrowed(::core::concat!(::core::module_path!(), "::", #name))
            }
            fn json_schema(__generator: &mut #schemars::SchemaGenerator) -> #schemars::Schema {
                #body
            }
        }
    }
}

/// `fn __versionary_schema_latest`, the schema of the latest shape, documented by the type's
/// doc comment.
pub fn latest_fn(s: Span, input: &Input, plan: &Plan, deny: bool) -> TokenStream {
    let private = input.h.runtime.path(s);
    let schemars = quote_spanned!(s=> #private::schemars);
    let body = object(
        s,
        input,
        plan,
        plan.idents.len() - 1,
        &doc_text(&input.h.docs),
        deny,
    );
    quote_spanned! {s=>
        fn __versionary_schema_latest(__generator: &mut #schemars::SchemaGenerator) -> #schemars::Schema {
            #body
        }
    }
}
