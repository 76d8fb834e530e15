//! Emits the handler unchanged plus its `inventory` registration.

use proc_macro2::TokenStream;
use quote::quote_spanned;
use syn::spanned::Spanned;
use syn::{ReturnType, Type};

use super::parse::Input;
use super::signature::{Answer, argument, extractor, response};

fn plain(ty: &Type) -> bool {
    !matches!(ty, Type::ImplTrait(_) | Type::Infer(_) | Type::Macro(_))
        && !quote::ToTokens::to_token_stream(ty)
            .to_string()
            .contains("impl ")
}

/// The body of `__versionary_describe`: one call per extractor and the response.
fn describe(item: &syn::ItemFn, op: &syn::Ident) -> TokenStream {
    let mut calls = Vec::new();
    for input in &item.sig.inputs {
        let syn::FnArg::Typed(arg) = input else {
            continue;
        };
        // `Option<Json<T>>` is a body that may be left out: still described.
        let found = extractor(&arg.ty).or_else(|| {
            argument(&arg.ty, "Option")
                .and_then(extractor)
                .filter(|(kind, _)| *kind == "json")
        });
        if let Some((kind, inner)) = found.filter(|(_, t)| plain(t)) {
            let s = inner.span();
            calls.push(match kind {
                "json" => quote_spanned!(s=> #op.json_body::<#inner>();),
                "query" => quote_spanned!(s=> #op.query::<#inner>();),
                _ => quote_spanned!(s=> #op.path::<#inner>();),
            });
        }
    }
    if let ReturnType::Type(_, ty) = &item.sig.output
        && let Some((answer, inner)) = response(ty).filter(|(_, t)| plain(t))
    {
        let s = inner.span();
        calls.push(match answer {
            Answer::Json => quote_spanned!(s=> #op.json_response::<#inner>();),
            Answer::NdJson => quote_spanned!(s=> #op.ndjson_response::<#inner>();),
            Answer::Events => quote_spanned!(s=> #op.event_stream_response::<#inner>();),
            Answer::Text => quote_spanned!(s=> #op.text_response();),
        });
    }
    quote::quote!(#(#calls)*)
}

pub fn expand(runtime: &crate::private::Runtime, input: &Input) -> TokenStream {
    let Input {
        api,
        method,
        path,
        since,
        until,
        neutral,
        untyped_response,
        versions,
        moves,
        deprecated,
        sunset,
        successor,
        status,
        status_span: _,
        changes,
        item,
    } = input;
    let handler = &item.sig.ident;
    // Glue carries the handler's span so errors point at the handler.
    let s = handler.span();
    let option = |lit: &Option<syn::LitStr>| match lit {
        Some(lit) => quote_spanned!(s=> ::core::option::Option::Some(#lit)),
        None => quote_spanned!(s=> ::core::option::Option::None),
    };
    let (deprecated, sunset, successor) = (option(deprecated), option(sunset), option(successor));
    let docs = crate::attr::doc_text(&item.attrs);
    let op = syn::Ident::new("__op", s);
    let calls = describe(item, &op);

    let handler_name = handler.to_string();
    let until = match until {
        Some(until) => quote_spanned!(s=> ::core::option::Option::Some(#until)),
        None => quote_spanned!(s=> ::core::option::Option::None),
    };
    let private = runtime.path(s);
    let make = quote_spanned! {handler.span()=>
        fn __versionary_make(__make: &mut #private::MakeRoute) {
            #private::__method_router::<#api, _, _>(__make, #handler)
        }
    };
    let describe = quote_spanned! {s=>
        #[allow(unused_variables)]
        fn __versionary_describe(#op: &mut #private::Operation<'_>) {
            #calls
        }
    };
    let sig = super::signature::of(item);
    let name = |part: &Option<super::signature::Part>| {
        part.as_ref().map_or_else(String::new, |p| p.name.clone())
    };
    let (sig_path, sig_query, mut sig_response) =
        (name(&sig.path), name(&sig.query), name(&sig.response));
    if *untyped_response {
        sig_response = super::signature::UNTYPED.to_owned();
    }
    let (sig_body, body_required) = sig.body.as_ref().map_or_else(
        || (String::new(), false),
        |(p, required)| (p.name.clone(), *required),
    );
    // Path parameters and query strings are part of the contract: their types must be
    // recorded too (versioned, a leaf, or a type versionary knows). The error points at the type.
    let recorded = [&sig.path, &sig.query].into_iter().flatten().map(|part| {
        let ty = &part.ty;
        let private = runtime.path(ty.span());
        quote_spanned!(ty.span()=> const _: bool = <#ty as #private::ApiType>::NEEDS_STATE;)
    });
    let docs_before = super::history::expand_docs(changes, s);
    let changes = super::history::expand(runtime, changes, *status, s);
    let moves = moves.iter().map(|m| {
        let (before, method, path) = (m.before, &m.method, &m.path);
        quote_spanned!(s=> #private::Move { before: #before, method: #method, path: #path })
    });
    quote_spanned! {s=>
        #item

        const _: () = {
            #make
            #describe
            #(#recorded)*

            #private::inventory::submit! {
                #private::Endpoint {
                    api: ::core::any::TypeId::of::<#api>,
                    method: #method,
                    path: #path,
                    since: #since,
                    until: #until,
                    neutral: #neutral,
                    versions: &[#(#versions),*],
                    moves: &[#(#moves),*],
                    deprecated: #deprecated,
                    sunset: #sunset,
                    successor: #successor,
                    status: #status,
                    changes: #changes,
                    signature: #private::Signature {
                        path: #sig_path,
                        query: #sig_query,
                        body: #sig_body,
                        body_required: #body_required,
                        response: #sig_response,
                    },
                    handler: #handler_name,
                    file: ::core::file!(),
                    line: ::core::line!(),
                    docs: #docs,
                    docs_before: #docs_before,
                    describe: __versionary_describe,
                    make: __versionary_make,
                }
            }
        };
    }
}
