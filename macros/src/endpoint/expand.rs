//! Emits the handler unchanged plus its `inventory` registration.

use proc_macro2::TokenStream;
use quote::quote_spanned;

use super::parse::Input;

pub fn expand(input: &Input) -> TokenStream {
    let Input {
        api,
        method,
        path,
        since,
        until,
        neutral,
        versions,
        moves,
        deprecated,
        sunset,
        successor,
        status,
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

    let handler_name = handler.to_string();
    let until = match until {
        Some(until) => quote_spanned!(s=> ::core::option::Option::Some(#until)),
        None => quote_spanned!(s=> ::core::option::Option::None),
    };
    let make = quote_spanned! {handler.span()=>
        fn __verso_make(
            __method: &'static str,
        ) -> ::std::boxed::Box<dyn ::core::any::Any + ::core::marker::Send> {
            ::verso::__private::__method_router::<#api, _, _>(__method, #handler)
        }
    };
    let moves = moves.iter().map(|m| {
        let (before, method, path) = (m.before, &m.method, &m.path);
        quote_spanned!(s=> ::verso::__private::Move { before: #before, method: #method, path: #path })
    });
    quote_spanned! {s=>
        #item

        const _: () = {
            #make

            ::verso::__private::inventory::submit! {
                ::verso::__private::Endpoint {
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
                    handler: #handler_name,
                    file: ::core::file!(),
                    line: ::core::line!(),
                    make: __verso_make,
                }
            }
        };
    }
}
