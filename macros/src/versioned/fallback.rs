//! What stands in for a `#[versioned]` type whose attributes are in error, beside the
//! `compile_error!`: the type as written (minus our attributes) and the impls its uses ask
//! for, so a handler taking `Json<T>`, a field of type `T` or an operation describing `T`
//! raises no second error ("has no JSON Schema", "`Handler` is not implemented"). The
//! bodies never run: the crate does not build while the error stands.

use proc_macro2::TokenStream;
use quote::quote_spanned;

/// The stripped item and its stand-in impls (`Serialize`, `Deserialize`, `JsonSchema`,
/// `ApiType`); just the stripped item when it is not a struct or an enum.
pub fn fallback(runtime: &crate::private::Runtime, item: TokenStream) -> TokenStream {
    let stripped = super::strip(item);
    let Ok(parsed) = syn::parse2::<syn::DeriveInput>(stripped.clone()) else {
        return stripped;
    };
    let ident = &parsed.ident;
    let s = ident.span();
    let private = runtime.path(s);
    let name = ident.to_string();
    let (impl_generics, ty_generics, where_clause) = parsed.generics.split_for_impl();
    let mut de_generics = parsed.generics.clone();
    de_generics.params.insert(0, syn::parse_quote!('__de));
    let (de_impl_generics, _, _) = de_generics.split_for_impl();
    // A trait the item derives itself (a mistake reported with the error) gets no stand-in.
    let derived = derived(&parsed.attrs);
    let has = |name: &str| derived.iter().any(|d| d == name);
    let serialize = (!has("Serialize")).then(|| {
        quote_spanned! {s=>
            #[automatically_derived]
            impl #impl_generics #private::serde::Serialize for #ident #ty_generics #where_clause {
                fn serialize<__S: #private::serde::Serializer>(
                    &self,
                    _: __S,
                ) -> ::core::result::Result<__S::Ok, __S::Error> {
                    ::core::unreachable!()
                }
            }
        }
    });
    let deserialize = (!has("Deserialize")).then(|| quote_spanned! {s=>
        #[automatically_derived]
        impl #de_impl_generics #private::serde::Deserialize<'__de> for #ident #ty_generics #where_clause {
            fn deserialize<__D: #private::serde::Deserializer<'__de>>(
                _: __D,
            ) -> ::core::result::Result<Self, __D::Error> {
                ::core::unreachable!()
            }
        }
    });
    let schema = (!has("JsonSchema")).then(|| quote_spanned! {s=>
        #[automatically_derived]
        impl #impl_generics #private::schemars::JsonSchema for #ident #ty_generics #where_clause {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                ::std::borrow::Cow::Borrowed(#name)
            }
            fn json_schema(
                _: &mut #private::schemars::SchemaGenerator,
            ) -> #private::schemars::Schema {
                ::core::unreachable!()
            }
        }
    });
    quote_spanned! {s=>
        #stripped
        const _: () = {
            #[automatically_derived]
            impl #impl_generics #private::Recorded for #ident #ty_generics #where_clause {}
            #[automatically_derived]
            impl #impl_generics #private::ApiType for #ident #ty_generics #where_clause {}
            #serialize
            #deserialize
            #schema
        };
    }
}

/// The last segment of every path in the item's `#[derive(...)]` lists.
fn derived(attrs: &[syn::Attribute]) -> Vec<String> {
    let mut names = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("derive")) {
        let _ = attr.parse_nested_meta(|meta| {
            if let Some(last) = meta.path.segments.last() {
                names.push(last.ident.to_string());
            }
            Ok(())
        });
    }
    names
}
