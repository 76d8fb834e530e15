//! What the generated shapes and their fields are called: in JSON, and in the doc comments
//! of the older shapes.

use syn::Attribute;

use super::parse::Input;
use super::plan::{Origin, ShapeField};
use crate::context::ApiContext;
use crate::serde_attrs::{rename_field, serde_string};

/// The doc of the older shape `k`: which versions it serves.
pub fn shape_doc(context: &ApiContext, ident: &syn::Ident, starts: &[usize], k: usize) -> String {
    let first = context.label(starts[k]);
    let last = context.label(starts[k + 1] - 1);
    if first == last {
        format!("The shape of [`{ident}`] in version {first} of the API.")
    } else {
        format!("The shape of [`{ident}`] in versions {first} to {last} of the API.")
    }
}

/// The doc comment of a field that only older shapes have, saying what became of it
/// (`None` for a field of the latest type, which keeps the user's doc comment).
pub fn older_field_doc(input: &Input, origin: Origin) -> Option<String> {
    match origin {
        Origin::Field(_) => None,
        Origin::Removed(_) => Some(format!(
            "Removed in a later version (see `{}`).",
            input.h.ident
        )),
        Origin::Part(i, _) => Some(format!(
            "Moved into `{}` in a later version.",
            input.fields[i].ident
        )),
        Origin::Nest(_) => {
            Some("Its fields moved out to the top level in a later version.".to_owned())
        }
    }
}

/// The name a field has in JSON: its explicit old name, its `#[serde(rename)]`, or its
/// identifier under the container's `rename_all`.
pub fn serialized_name(input: &Input, field: &ShapeField) -> String {
    if let Some(name) = &field.renamed_to {
        return name.clone();
    }
    let attrs: &[Attribute] = match field.origin {
        Origin::Field(i) => &input.fields[i].serde,
        Origin::Removed(_) | Origin::Part(..) | Origin::Nest(_) => &[],
    };
    latest_name(input, attrs, &field.ident)
}

/// The name a field called `ident` with the serde attributes `attrs` has in JSON, leaving
/// out old names: its `#[serde(rename)]`, or its identifier under the container's
/// `rename_all`.
pub fn latest_name(input: &Input, attrs: &[Attribute], ident: &syn::Ident) -> String {
    if let Some(name) = serde_string(attrs, "rename") {
        return name;
    }
    let ident = ident.to_string();
    let ident = ident.trim_start_matches("r#");
    match serde_string(&input.h.serde, "rename_all").as_deref() {
        Some(rule) => rename_field(ident, rule),
        None => ident.to_owned(),
    }
}

/// A name for the shape of every version that has none of its own: `ItemV{label}` is the
/// type serving that version, whichever version its shape started in (`ItemV3` is `Item`
/// when the latest shape starts at version 2; `ItemV2` is `ItemV1` when version 2 changed
/// nothing). A type without history gets none: it is its only shape.
pub fn version_aliases(
    context: &ApiContext,
    vis: &syn::Visibility,
    ident: &syn::Ident,
    generics: &syn::Generics,
    starts: &[usize],
    idents: &[syn::Ident],
) -> proc_macro2::TokenStream {
    if idents.len() < 2 {
        return proc_macro2::TokenStream::new();
    }
    // The parameters without their bounds or defaults, which aliases do not check.
    let params: Vec<proc_macro2::TokenStream> = generics
        .params
        .iter()
        .map(|p| match p {
            syn::GenericParam::Lifetime(l) => quote::ToTokens::to_token_stream(&l.lifetime),
            syn::GenericParam::Type(t) => quote::ToTokens::to_token_stream(&t.ident),
            syn::GenericParam::Const(c) => {
                let (name, ty) = (&c.ident, &c.ty);
                quote::quote!(const #name: #ty)
            }
        })
        .collect();
    let (_, args, _) = generics.split_for_impl();
    let params = (!params.is_empty()).then(|| quote::quote!(<#(#params),*>));
    let latest = idents.len() - 1;
    let aliases = (0..context.versions.len()).filter_map(|v| {
        let k = starts.iter().rposition(|&s| s <= v)?;
        // An older shape's own first version names the shape itself.
        if k < latest && starts[k] == v {
            return None;
        }
        let alias = super::plan::shape_name(context, ident, v);
        let target = &idents[k];
        let doc = format!(
            "The shape of [`{ident}`] in version {} of the API: [`{target}`].",
            context.label(v)
        );
        Some(quote::quote_spanned! {ident.span()=>
            #[doc = #doc]
            #[allow(dead_code)]
            #vis type #alias #params = #target #args;
        })
    });
    quote::quote!(#(#aliases)*)
}
