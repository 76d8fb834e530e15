//! Generates, from a validated [`Plan`]: the latest struct (our attributes removed), one
//! public struct per older shape, `From` conversions between neighbouring shapes (upgrades
//! for requests, downgrades for responses), version-dispatching `Serialize`/`Deserialize`
//! impls on the latest type, and the `Versioned`/`ApiType` impls.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, format_ident, quote_spanned};
use syn::spanned::Spanned;

use super::names::{older_field_doc, serialized_name, shape_doc};
use super::parse::{DefaultSpec, FieldIn, Input, RetypeKind, Retyped, Up};
use super::plan::{Origin, Plan, ShapeField};
use crate::context::ApiContext;
use crate::serde_attrs::{field_serde, has_serde_key};
use crate::types::is_option;

/// The schema name of a versioned type: its own name, with `{T}` placeholders for its type
/// parameters (`Page_for_{T}`), the same in every shape.
pub fn schema_rename(ident: &syn::Ident, generics: &syn::Generics) -> String {
    let params: Vec<String> = generics
        .type_params()
        .map(|p| format!("{{{}}}", p.ident))
        .collect();
    if params.is_empty() {
        ident.to_string()
    } else {
        format!("{ident}_for_{}", params.join("_and_"))
    }
}

fn serde_crate(runtime: &crate::private::Runtime, s: Span) -> TokenStream {
    let private = runtime.path(s);
    quote_spanned!(s=> #private::serde)
}

/// A field of an older shape; `with_serde` when the shape derives a serde trait (and may
/// carry `#[serde(...)]`).
fn shape_field_tokens(input: &Input, field: &ShapeField, with_serde: bool) -> TokenStream {
    let s = input.h.ident.span();
    let ident = &field.ident;
    let ty = &field.ty;
    match field.origin {
        Origin::Field(i) => {
            let source: &FieldIn = &input.fields[i];
            let vis = &source.vis;
            let docs = &source.docs;
            let serde = field_serde(&source.serde, field.renamed_to.is_some(), field.retyped);
            let rename = field
                .renamed_to
                .as_ref()
                .filter(|_| with_serde)
                .map(|name| quote_spanned!(s=> #[serde(rename = #name)]));
            quote_spanned!(s=> #(#docs)* #(#serde)* #rename #vis #ident: #ty)
        }
        Origin::Removed(_) | Origin::Nest(_) | Origin::Part(..) => {
            let vis = match field.origin {
                Origin::Part(i, _) => &input.fields[i].vis,
                _ => &input.h.vis,
            };
            let doc = older_field_doc(input, field.origin).into_iter();
            quote_spanned!(s=> #(#[doc = #doc])* #vis #ident: #ty)
        }
    }
}

/// The object types of `nested(...)` declarations, one per older shape that has one.
fn nest_types(
    input: &Input,
    plan: &Plan,
    serde_derives: &[TokenStream],
    deny: &Option<TokenStream>,
) -> Vec<TokenStream> {
    let s = input.h.ident.span();
    let mut out = Vec::new();
    for shape in &plan.shapes {
        for field in shape {
            let Origin::Nest(n) = field.origin else {
                continue;
            };
            let nested = &input.nested[n];
            let ty = &field.ty;
            let vis = &input.h.vis;
            let derives = &input.h.derives;
            let parts = nested.parts.iter().map(|(latest, inner)| {
                let source = input.fields.iter().find(|f| f.ident == *latest);
                let field_ty = source.map(|f| f.ty.to_token_stream()).unwrap_or_default();
                let field_vis = source.map(|f| f.vis.to_token_stream()).unwrap_or_default();
                quote_spanned!(s=> #field_vis #inner: #field_ty)
            });
            let doc = format!(
                "The `{}` object of an older shape of [`{}`].",
                nested.field, input.h.ident
            );
            let (serde_str, schemars_str) = (
                input.h.runtime.path_str("serde"),
                input.h.runtime.path_str("schemars"),
            );
            let private = input.h.runtime.path(s);
            out.push(quote_spanned! {s=>
                #[doc = #doc]
                #[derive(#(#derives,)* #(#serde_derives),*)]
                #[serde(crate = #serde_str)]
                #[schemars(crate = #schemars_str)]
                #deny
                #vis struct #ty { #(#parts,)* }

                #[automatically_derived]
                impl #private::Recorded for #ty {}
                #[automatically_derived]
                impl #private::ApiType for #ty {}
            });
        }
    }
    out
}

pub fn expand(context: &ApiContext, input: &Input, plan: &Plan) -> TokenStream {
    // Generated glue carries the span of the type's name, so an error in it points at the
    // user's type (not at `api_versions!`, where the forwarding macro is defined).
    let s = input.h.ident.span();
    let decl = &input.generics;
    let where_decl = &input.generics.where_clause;
    let serde = serde_crate(&input.h.runtime, s);
    let private = input.h.runtime.path(s);
    let (serde_str, schemars_str) = (
        input.h.runtime.path_str("serde"),
        input.h.runtime.path_str("schemars"),
    );
    let api = &input.h.api;
    let ident = &input.h.ident;
    let vis = &input.h.vis;
    let count = plan.idents.len();
    let latest = count - 1;

    // The derives of nested objects and, unless the struct is plain, of the shapes and the
    // mirror. A plain struct's get lean impls from `compact` and `schema` instead.
    let plain = super::compact::applies(input, plan);
    let mut serde_derives = Vec::new();
    if input.h.response {
        serde_derives.push(quote_spanned!(s=> #serde::Serialize));
    }
    if input.h.request {
        serde_derives.push(quote_spanned!(s=> #serde::Deserialize));
    }
    serde_derives.push(quote_spanned!(s=> #private::schemars::JsonSchema));
    let shape_derives: &[TokenStream] = if plain { &[] } else { &serde_derives };
    let schema_name = schema_rename(ident, &input.generics);
    let deny = (input.h.request
        && !input.h.allow_unknown
        && !has_serde_key(&input.h.serde, "deny_unknown_fields")
        && !input
            .fields
            .iter()
            .any(|f| has_serde_key(&f.serde, "flatten")))
    .then(|| quote_spanned!(s=> #[serde(deny_unknown_fields)]));
    let container_serde = &input.h.serde;
    let derives = &input.h.derives;

    // The latest type, as the user wrote it minus our attributes.
    let attrs = &input.h.attrs;
    let docs = &input.h.docs;
    let user_derive = (!derives.is_empty()).then(|| quote_spanned!(s=> #[derive(#(#derives),*)]));
    let latest_fields = input.fields.iter().map(|f| {
        let (docs, attrs, vis, name, ty) = (&f.docs, &f.attrs, &f.vis, &f.ident, &f.ty);
        quote_spanned!(s=> #(#docs)* #(#attrs)* #vis #name: #ty)
    });
    let latest_struct = quote_spanned! {s=>
        #(#docs)*
        #(#attrs)*
        #user_derive
        #vis struct #ident #decl #where_decl { #(#latest_fields,)* }
    };

    // Older shapes.
    let nests = nest_types(input, plan, &serde_derives, &deny);
    let shape_derive = (!derives.is_empty() || !shape_derives.is_empty())
        .then(|| quote_spanned!(s=> #[derive(#(#derives,)* #(#shape_derives),*)]));
    let derive_attrs = (!plain).then(|| {
        quote_spanned! {s=>
            #[serde(crate = #serde_str)]
            #[schemars(crate = #schemars_str, rename = #schema_name)]
            #(#container_serde)*
            #deny
        }
    });
    let older = (0..latest).map(|k| {
        let shape = &plan.idents[k];
        let doc = shape_doc(context, ident, &plan.starts, k);
        let fields = plan.shapes[k]
            .iter()
            .map(|f| shape_field_tokens(input, f, !plain));
        let schema = plain.then(|| {
            super::schema::older_impl(s, input, plan, k, &schema_name, &doc, deny.is_some())
        });
        // A field serde never reads or writes (`#[serde(skip)]`) is only carried through
        // the conversions: in a private module nothing reads it, which is no fault of the
        // user's.
        quote_spanned! {s=>
            #[doc = #doc]
            #shape_derive
            #derive_attrs
            #[allow(dead_code)]
            #vis struct #shape #decl #where_decl { #(#fields,)* }
            #schema
        }
    });

    // The serde mirror of the latest type (serde's remote derive), used for its own shape.
    // With the user's doc comments: they become the schema's descriptions.
    let mirror_fields = input.fields.iter().map(|f| {
        let (docs, serde_attrs, name, ty) = (&f.docs, &f.serde, &f.ident, &f.ty);
        quote_spanned!(s=> #(#docs)* #(#serde_attrs)* #name: #ty)
    });
    let remote = ident.to_string();
    let mirror = (!plain).then(|| {
        quote_spanned! {s=>
            #[derive(#(#shape_derives),*)]
            #[serde(crate = #serde_str, remote = #remote)]
            #[schemars(crate = #schemars_str, rename = #schema_name)]
            #(#docs)*
            #(#container_serde)*
            #deny
            #[allow(dead_code, non_camel_case_types)]
            struct __VersionaryLatest #decl #where_decl { #(#mirror_fields,)* }
        }
    });
    let schema_latest = plain.then(|| super::schema::latest_fn(s, input, plan, deny.is_some()));

    // The lean `Serialize` and `Deserialize` of each older shape, and the functions writing
    // and reading the latest.
    let lean_serde = plain.then(|| super::compact::impls(s, input, plan, deny.is_some()));
    // How older shapes are written from a borrow of the latest value.
    let borrowed = if plain && input.h.response {
        super::borrow::older_arms(input, plan)
    } else {
        Vec::new()
    };

    let mut conversions = Vec::new();
    for k in 0..latest {
        let cp = plan.starts[k + 1];
        if input.h.response {
            conversions.push(downgrade(input, plan, k, cp));
        }
        if input.h.request {
            conversions.push(upgrade(input, plan, k, cp));
        }
    }

    let own_state = input.fields.iter().any(|f| {
        f.up.as_ref().is_some_and(Up::is_try)
            || f.retyped
                .iter()
                .any(|r| r.up.as_ref().is_some_and(Up::is_try))
    });
    let fallible_steps = plan.starts[1..]
        .iter()
        .map(|&cp| {
            input.fields.iter().any(|f| {
                let added_try =
                    f.added.is_some_and(|a| a.index == cp) && f.up.as_ref().is_some_and(Up::is_try);
                let retyped_try = f
                    .retyped
                    .iter()
                    .any(|r| r.at.index == cp && r.up.as_ref().is_some_and(Up::is_try));
                added_try || retyped_try
            })
        })
        .collect();
    let dispatch = super::dispatch::expand(&super::dispatch::Dispatch {
        names: &input.h.names,
        descriptions: &input.h.descriptions,
        doc: crate::attr::doc_text(&input.h.docs),
        api,
        ident,
        request: input.h.request,
        response: input.h.response,
        shapes: &plan.idents,
        shape_of: &plan.shape_of,
        own_state,
        plain,
        borrowed: &borrowed,
        fallible_steps,
        generics: &input.generics,
        runtime: &input.h.runtime,
        inner_types: plan.shapes.iter().flatten().map(|f| &f.ty).collect(),
    });

    quote_spanned! {s=>
        #latest_struct
        #(#older)*
        #(#nests)*
        const _: () = {
            #mirror
            #schema_latest
            #lean_serde
            #(#conversions)*
            #dispatch
        };
    }
}

/// The ident a field of shape `k` has in shape `other`, if it is there.
fn find(plan: &Plan, shape: usize, origin: Origin) -> Option<&ShapeField> {
    plan.shapes[shape].iter().find(|f| f.origin == origin)
}

fn new_ident(s: Span) -> syn::Ident {
    syn::Ident::new("__new", s)
}

fn old_ident(s: Span) -> syn::Ident {
    syn::Ident::new("__old", s)
}

fn value_ident(s: Span) -> syn::Ident {
    syn::Ident::new("__value", s)
}

fn tmp(ident: &syn::Ident, s: Span) -> syn::Ident {
    format_ident!(
        "__versionary_{}",
        ident.to_string().trim_start_matches("r#"),
        span = s
    )
}

/// `impl From<newer> for older`: a response written for an older version.
fn downgrade(input: &Input, plan: &Plan, k: usize, cp: usize) -> TokenStream {
    let s = input.h.ident.span();
    let g = super::dispatch::Generic::new(&input.generics);
    let (params, args) = (&g.params, &g.args);
    let where_decl = &input.generics.where_clause;
    let (older, newer) = (&plan.idents[k], &plan.idents[k + 1]);
    let mut lets = Vec::new();
    let mut inits = Vec::new();
    for field in &plan.shapes[k] {
        let ident = &field.ident;
        let value = match field.origin {
            Origin::Removed(i) if input.removed[i].at.index == cp => {
                let down = input.removed[i]
                    .down
                    .as_ref()
                    .map(ToTokens::to_token_stream);
                let var = tmp(ident, s);
                let down = down.unwrap_or_else(|| quote_spanned!(s=> ::core::unreachable!));
                let new = new_ident(s);
                let ty = &input.removed[i].ty;
                lets.push(quote_spanned! {down.span()=> let #var: #ty = #down(&#new);});
                quote_spanned!(s=> #var)
            }
            Origin::Removed(_) => quote_spanned!(s=> __new.#ident),
            Origin::Part(i, j) => match &input.fields[i].flattened {
                Some(flattened) if flattened.at.index == cp => {
                    // Taken out of the object the newer shape has.
                    let inner = &flattened.parts[j].2;
                    let object = find(plan, k + 1, Origin::Field(i)).map(|f| f.ident.clone());
                    quote_spanned!(s=> __new.#object.#inner)
                }
                _ => quote_spanned!(s=> __new.#ident),
            },
            Origin::Nest(n) if input.nested[n].at.index == cp => {
                // Gathered from the newer shape's top-level fields.
                let ty = &field.ty;
                let parts = input.nested[n].parts.iter().map(|(latest, inner)| {
                    let newer_ident = input
                        .fields
                        .iter()
                        .position(|f| f.ident == *latest)
                        .and_then(|i| find(plan, k + 1, Origin::Field(i)))
                        .map(|f| f.ident.clone());
                    quote_spanned!(s=> #inner: __new.#newer_ident)
                });
                quote_spanned!(s=> #ty { #(#parts,)* })
            }
            Origin::Nest(n) => {
                // Each shape has its own object type: moved over field by field.
                let ty = &field.ty;
                let parts = input.nested[n].parts.iter().map(|(_, inner)| inner);
                quote_spanned!(s=> #ty { #(#parts: __new.#ident.#parts,)* })
            }
            Origin::Field(i) => {
                let Some(newer_field) = find(plan, k + 1, field.origin) else {
                    continue;
                };
                let newer_ident = &newer_field.ident;
                let new = new_ident(s);
                match input.fields[i].retyped.iter().find(|r| r.at.index == cp) {
                    Some(Retyped {
                        kind: RetypeKind::Required(_),
                        ..
                    }) => {
                        quote_spanned!(s=> ::core::option::Option::Some(#new.#newer_ident))
                    }
                    Some(Retyped {
                        kind: RetypeKind::Optional(default),
                        ..
                    }) => {
                        let fallback = default_expr(default, s);
                        quote_spanned!(s=> match #new.#newer_ident {
                            ::core::option::Option::Some(__v) => __v,
                            ::core::option::Option::None => #fallback,
                        })
                    }
                    Some(retyped) => {
                        let down = retyped
                            .down
                            .as_ref()
                            .map(ToTokens::to_token_stream)
                            .unwrap_or_default();
                        let v = value_ident(s);
                        let ty = &field.ty;
                        let private = input.h.runtime.path(down.span());
                        quote_spanned!(down.span()=> { let #v: #ty = #private::down_owned(#down, #new.#newer_ident); #v })
                    }
                    None => quote_spanned!(s=> __new.#newer_ident),
                }
            }
        };
        inits.push(quote_spanned!(s=> #ident: #value));
    }
    quote_spanned! {s=>
        #[automatically_derived]
        impl<#params> ::core::convert::From<#newer #args> for #older #args #where_decl {
            fn from(__new: #newer #args) -> Self {
                #(#lets)*
                #older { #(#inits,)* }
            }
        }
    }
}

/// A fallible, state-aware upgrade of one value: `try_up(value, &state)`, the failure
/// recorded against the client-visible field `name`.
fn try_call(
    input: &Input,
    path: &syn::Path,
    args: TokenStream,
    ty: &syn::Type,
    name: &str,
) -> TokenStream {
    let api = &input.h.api;
    let v = value_ident(input.h.ident.span());
    let private = input.h.runtime.path(path.span());
    quote_spanned! {path.span()=>
        {
            let #v: ::core::result::Result<#ty, #private::Problem> =
                #private::with_state::<<#api as #private::Api>::State, _>(
                    |__state| #path(#args, __state),
                );
            match #v {
                ::core::result::Result::Ok(#v) => #v,
                ::core::result::Result::Err(__problem) => {
                    return ::core::result::Result::Err(#private::field_failed(#name, __problem));
                }
            }
        }
    }
}

/// `impl From<older> for newer` (or `TryFrom` when a conversion of this step is fallible):
/// a request from an older version, upgraded.
fn upgrade(input: &Input, plan: &Plan, k: usize, cp: usize) -> TokenStream {
    let s = input.h.ident.span();
    let g = super::dispatch::Generic::new(&input.generics);
    let (params, args) = (&g.params, &g.args);
    let where_decl = &input.generics.where_clause;
    let (older, newer) = (&plan.idents[k], &plan.idents[k + 1]);
    let old = old_ident(s);
    let mut fallible = false;
    let mut lets = Vec::new();
    let mut inits = Vec::new();
    for field in &plan.shapes[k + 1] {
        let ident = &field.ident;
        let ty = &field.ty;
        let value = match field.origin {
            // A short-lived field appears: old requests have none to give.
            Origin::Removed(i) if input.removed[i].added.is_some_and(|a| a.index == cp) => {
                let private = input.h.runtime.path(input.removed[i].key);
                quote_spanned!(input.removed[i].key=> #private::default_value())
            }
            Origin::Removed(_) | Origin::Part(..) => quote_spanned!(s=> #old.#ident),
            Origin::Nest(n) => {
                // Each shape has its own object type: moved over field by field.
                let parts = input.nested[n].parts.iter().map(|(_, inner)| inner);
                quote_spanned!(s=> #ty { #(#parts: #old.#ident.#parts,)* })
            }
            Origin::Field(i)
                if input.fields[i]
                    .flattened
                    .as_ref()
                    .is_some_and(|fl| fl.at.index == cp) =>
            {
                // Gathered from the older shape's top-level fields; the object's other
                // fields take their default when `default` says so. Spanned at the
                // attribute, so a field of the object that no part fills (rustc's "missing
                // field") is reported there.
                let flattened = input.fields[i].flattened.as_ref();
                let at = flattened.map_or(s, |fl| fl.key);
                let parts = flattened.iter().flat_map(|fl| &fl.parts);
                let parts = parts.map(|(outer, _, inner)| quote_spanned!(at=> #inner: #old.#outer));
                // The object's type too, so rustc's error points at `flattened`.
                let ty = respan(quote::ToTokens::to_token_stream(ty), at);
                if flattened.is_some_and(|fl| fl.default) {
                    quote_spanned!(at=> #ty { #(#parts,)* ..::core::default::Default::default() })
                } else {
                    quote_spanned!(at=> #ty { #(#parts,)* })
                }
            }
            Origin::Field(i)
                if input.nested.iter().any(|n| {
                    n.at.index == cp && n.parts.iter().any(|(f, _)| *f == input.fields[i].ident)
                }) =>
            {
                // Taken out of the object the older shape has.
                let latest = &input.fields[i].ident;
                let nested = input
                    .nested
                    .iter()
                    .find(|n| n.at.index == cp && n.parts.iter().any(|(f, _)| f == latest));
                let (object, inner) = nested
                    .and_then(|n| {
                        n.parts
                            .iter()
                            .find(|(f, _)| f == latest)
                            .map(|(_, inner)| (&n.field, inner))
                    })
                    .map(|(o, i)| (o.clone(), i.clone()))
                    .unwrap_or_else(|| (ident.clone(), ident.clone()));
                quote_spanned!(s=> #old.#object.#inner)
            }
            Origin::Field(i) => {
                let source = &input.fields[i];
                if source.added.is_some_and(|a| a.index == cp) {
                    match (&source.up, &source.default) {
                        (Some(Up::Plain(up)), _) => {
                            let var = tmp(ident, s);
                            lets.push(quote_spanned! {up.span()=> let #var: #ty = #up(&#old);});
                            quote_spanned!(s=> #var)
                        }
                        (Some(Up::Try(up)), _) => {
                            fallible = true;
                            let var = tmp(ident, s);
                            let call = try_call(
                                input,
                                up,
                                quote_spanned!(s=> &#old),
                                ty,
                                &serialized_name(input, field),
                            );
                            lets.push(quote_spanned! {s=> let #var: #ty = #call;});
                            quote_spanned!(s=> #var)
                        }
                        (None, Some((_, Some(path)))) => {
                            let v = value_ident(s);
                            quote_spanned!(path.span()=> { let #v: #ty = #path(); #v })
                        }
                        (None, Some((span, None))) => {
                            let private = input.h.runtime.path(*span);
                            quote_spanned!(*span=> #private::default_value())
                        }
                        (None, None) if is_option(&source.ty) => {
                            quote_spanned!(s=> ::core::option::Option::None)
                        }
                        (None, None) => {
                            let private = input.h.runtime.path(s);
                            quote_spanned!(s=> #private::default_value())
                        }
                    }
                } else {
                    let Some(older_field) = find(plan, k, field.origin) else {
                        continue;
                    };
                    let older_ident = &older_field.ident;
                    let retyped = source.retyped.iter().find(|r| r.at.index == cp);
                    match retyped.map(|r| (&r.kind, r.up.as_ref())) {
                        Some((RetypeKind::Required(default), _)) => {
                            let fallback = default_expr(default, s);
                            quote_spanned!(s=> match #old.#older_ident {
                                ::core::option::Option::Some(__v) => __v,
                                ::core::option::Option::None => #fallback,
                            })
                        }
                        Some((RetypeKind::Optional(_), _)) => {
                            quote_spanned!(s=> ::core::option::Option::Some(#old.#older_ident))
                        }
                        Some((_, Some(Up::Plain(up)))) => {
                            let v = value_ident(s);
                            quote_spanned!(up.span()=> { let #v: #ty = #up(#old.#older_ident); #v })
                        }
                        Some((_, Some(Up::Try(up)))) => {
                            fallible = true;
                            let name = serialized_name(input, older_field);
                            try_call(input, up, quote_spanned!(s=> #old.#older_ident), ty, &name)
                        }
                        Some((_, None)) | None => quote_spanned!(s=> #old.#older_ident),
                    }
                }
            }
        };
        inits.push(quote_spanned!(s=> #ident: #value));
    }
    let merges: Vec<TokenStream> = plan.shapes[k]
        .iter()
        .filter_map(|field| match field.origin {
            Origin::Removed(i) if input.removed[i].at.index == cp => {
                let ident = &field.ident;
                input.removed[i].up.as_ref().map(|up| {
                    let new = new_ident(s);
                    quote_spanned! {up.span()=> #up(#old.#ident, &mut #new);}
                })
            }
            _ => None,
        })
        .collect();
    let body = if merges.is_empty() {
        quote_spanned!(s=> #newer { #(#inits,)* })
    } else {
        quote_spanned! {s=>
            let mut __new = #newer { #(#inits,)* };
            #(#merges)*
            __new
        }
    };
    if fallible {
        let private = input.h.runtime.path(s);
        quote_spanned! {s=>
            #[automatically_derived]
            impl<#params> ::core::convert::TryFrom<#older #args> for #newer #args #where_decl {
                type Error = #private::Problem;

                fn try_from(__old: #older #args) -> ::core::result::Result<Self, #private::Problem> {
                    #(#lets)*
                    ::core::result::Result::Ok({ #body })
                }
            }
        }
    } else {
        quote_spanned! {s=>
            #[automatically_derived]
            impl<#params> ::core::convert::From<#older #args> for #newer #args #where_decl {
                fn from(__old: #older #args) -> Self {
                    #(#lets)*
                    #body
                }
            }
        }
    }
}

/// The value a `default` key gives: `Default::default()` or `path()`.
fn default_expr(default: &DefaultSpec, s: Span) -> TokenStream {
    match default {
        Some((_, Some(path))) => quote_spanned!(path.span()=> #path()),
        _ => quote_spanned!(s=> ::core::default::Default::default()),
    }
}

/// `tokens` with every token spanned at `span`.
fn respan(tokens: TokenStream, span: proc_macro2::Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|mut tree| {
            if let proc_macro2::TokenTree::Group(group) = &tree {
                let mut inner =
                    proc_macro2::Group::new(group.delimiter(), respan(group.stream(), span));
                inner.set_span(span);
                tree = proc_macro2::TokenTree::Group(inner);
            } else {
                tree.set_span(span);
            }
            tree
        })
        .collect()
}
