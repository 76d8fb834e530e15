//! Emits the struct unchanged, its `versionary::event::Event` impl and its `inventory`
//! registration.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote_spanned};

use super::parse::Input;

pub fn expand(runtime: &crate::private::Runtime, input: &Input) -> TokenStream {
    let Input {
        api,
        name,
        since,
        until,
        since_span: _,
        until_span: _,
        doc,
        item,
        payload,
    } = input;
    let ident = &item.ident;
    // Glue carries the struct's span so errors point at it. The trait's bounds on
    // `Payload` (a recorded type, `ApiType`) are reported at the field.
    let s = ident.span();
    let private = runtime.path(s);
    let until = match until {
        Some(until) => quote_spanned!(s=> ::core::option::Option::Some(#until)),
        None => quote_spanned!(s=> ::core::option::Option::None),
    };
    let docs = match doc {
        Some(doc) => doc.to_token_stream(),
        None => crate::attr::doc_text(&item.attrs),
    };
    let type_name = ident.to_string();
    let payload_name = crate::lock::type_name(payload);
    quote_spanned! {s=>
        #item

        const _: () = {
            #[automatically_derived]
            impl #private::DeclaredEvent for #ident {}

            #[automatically_derived]
            impl #private::Event for #ident {
                type Api = #api;
                type Payload = #payload;
                const NAME: &'static str = #name;
                const SINCE: usize = #since;
                const UNTIL: ::core::option::Option<usize> = #until;

                fn payload(&self) -> &#payload {
                    &self.0
                }
            }

            fn __versionary_describe(__op: &mut #private::Operation<'_>) {
                __op.json_response::<#payload>();
            }

            #private::inventory::submit! {
                #private::EventEntry {
                    api: ::core::any::TypeId::of::<#api>,
                    name: #name,
                    type_name: #type_name,
                    payload: #payload_name,
                    since: #since,
                    until: #until,
                    docs: #docs,
                    describe: __versionary_describe,
                    file: ::core::file!(),
                    line: ::core::line!(),
                }
            }
        };
    }
}
