//! The part of the expansion shared by structs and enums: the version → shape table,
//! `Serialize`/`Deserialize` impls on the latest type that dispatch on the selected version,
//! one upgrade chain per older shape, and the `ApiType`/`Versioned` impls with the checks
//! that every type inside is an API type.

use proc_macro2::TokenStream;
use quote::{ToTokens, format_ident, quote_spanned};
use syn::spanned::Spanned;
use syn::{Ident, Type};

/// What the shared expansion needs to know about a versioned type.
pub struct Dispatch<'a> {
    pub api: &'a syn::Path,
    /// Where generated code finds the runtime.
    pub runtime: &'a crate::private::Runtime,
    pub ident: &'a Ident,
    pub request: bool,
    pub response: bool,
    /// The Rust type of each shape, oldest first; the last is `ident`.
    pub shapes: &'a [Ident],
    /// For each version of the API, its shape.
    pub shape_of: &'a [u8],
    /// One of the type's own upgrades needs the application state.
    pub own_state: bool,
    /// The struct is plain (see [`super::compact::applies`]): the latest shape is written,
    /// read and described by `__versionary_serialize_latest`, `__versionary_deserialize_latest` and
    /// `__versionary_schema_latest` rather than by the mirror `__VersionaryLatest`'s derived impls.
    pub plain: bool,
    /// For each older shape, the body of its `Serialize` arm when it is written from a
    /// borrow of the latest value (see [`super::borrow`]); `None` (or missing): from a
    /// downgraded clone.
    pub borrowed: &'a [Option<TokenStream>],
    /// For each upgrade step (shape `k` to `k + 1`), whether it is fallible (`TryFrom`).
    pub fallible_steps: Vec<bool>,
    /// Every type inside any shape (fields, variant payloads).
    pub inner_types: Vec<&'a Type>,
    /// The type parameters every shape has.
    pub generics: &'a syn::Generics,
    /// The names older versions' documents gave the type: (version index, name).
    pub names: &'a [(usize, String, proc_macro2::Span)],
    /// The descriptions older versions' documents gave it: (version index, text).
    pub descriptions: &'a [(usize, String, proc_macro2::Span)],
    /// The type's doc comment (a `&'static str` expression): its description in the latest
    /// documents.
    pub doc: TokenStream,
}

/// `impl<...>` parameters, the type's arguments `<T>`, and a where clause extended with
/// `T: bound` for every type parameter.
pub struct Generic {
    pub params: TokenStream,
    pub args: TokenStream,
    predicates: Vec<TokenStream>,
    type_params: Vec<Ident>,
}

impl Generic {
    pub fn new(generics: &syn::Generics) -> Generic {
        let params = &generics.params;
        let (_, args, _) = generics.split_for_impl();
        Generic {
            params: quote::quote!(#params),
            args: quote::quote!(#args),
            predicates: generics
                .where_clause
                .iter()
                .flat_map(|w| w.predicates.iter().map(ToTokens::to_token_stream))
                .collect(),
            type_params: generics.type_params().map(|p| p.ident.clone()).collect(),
        }
    }

    /// `where <declared predicates>, T: bound, ...` (`bound` empty: declared ones only).
    pub fn where_with(&self, bound: TokenStream, extra: Option<TokenStream>) -> TokenStream {
        let own = &self.predicates;
        let params: Vec<TokenStream> = if bound.is_empty() {
            Vec::new()
        } else {
            self.type_params
                .iter()
                .map(|t| quote::quote!(#t: #bound))
                .collect()
        };
        let extra = extra.into_iter();
        quote::quote!(where #(#own,)* #(#params,)* #(#extra,)*)
    }
}

/// The items to place inside the type's `const _: () = { ... };` block. They refer to the
/// mirror `__VersionaryLatest` (serde's remote derive of the latest type), or for a plain struct
/// to the lean functions.
pub fn expand(d: &Dispatch) -> TokenStream {
    let s = d.ident.span();
    let private = d.runtime.path(s);
    let serde = quote_spanned!(s=> #private::serde);
    let (api, ident) = (d.api, d.ident);
    let g = Generic::new(d.generics);
    let (params, args) = (&g.params, &g.args);
    let latest = d.shapes.len() - 1;
    let latest_u8 = u8::try_from(latest).unwrap_or(u8::MAX);
    let shape_of = d.shape_of;
    let select = quote_spanned!(s=> #private::__shape_index::<#api>(__SHAPE_OF, #latest_u8));

    let write_latest = if d.plain {
        quote_spanned!(s=> __versionary_serialize_latest(self, __serializer))
    } else {
        quote_spanned!(s=> __VersionaryLatest::serialize(self, __serializer))
    };
    let serialize = d.response.then(|| {
        let body = if latest == 0 {
            write_latest.clone()
        } else {
            let arms = (0..latest).map(|j| {
                if let Some(Some(write)) = d.borrowed.get(j) {
                    let j = u8::try_from(j).unwrap_or(u8::MAX);
                    return quote_spanned!(s=> ::core::result::Result::Ok(#j) => #write,);
                }
                let mut expr =
                    quote_spanned!(s=> #private::clone_for_older::<#ident #args>(self));
                for step in (j..latest).rev() {
                    let (older, newer) = (&d.shapes[step], &d.shapes[step + 1]);
                    expr = quote_spanned!(s=> <#older #args as ::core::convert::From<#newer #args>>::from(#expr));
                }
                let j = u8::try_from(j).unwrap_or(u8::MAX);
                quote_spanned!(s=> ::core::result::Result::Ok(#j) => #serde::Serialize::serialize(&#expr, __serializer),)
            });
            quote_spanned! {s=>
                match #select {
                    #(#arms)*
                    ::core::result::Result::Ok(_) => #write_latest,
                    ::core::result::Result::Err(__error) => ::core::result::Result::Err(
                        <__S::Error as #serde::ser::Error>::custom(__error),
                    ),
                }
            }
        };
        let cloned = (0..latest).any(|j| !matches!(d.borrowed.get(j), Some(Some(_))));
        let clone = cloned.then(|| quote_spanned!(s=> Self: #private::CloneForOlderVersions));
        let where_clause = g.where_with(quote_spanned!(s=> #serde::Serialize), clone);
        quote_spanned! {s=>
            #[automatically_derived]
            impl<#params> #serde::Serialize for #ident #args #where_clause {
                fn serialize<__S>(&self, __serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error>
                where
                    __S: #serde::Serializer,
                {
                    #body
                }
            }
        }
    });

    let mut upgrades = Vec::new();
    let read_latest = if d.plain {
        quote_spanned!(s=> __versionary_deserialize_latest(__deserializer))
    } else {
        quote_spanned!(s=> __VersionaryLatest::deserialize(__deserializer))
    };
    let deserialize = d.request.then(|| {
        let body = if latest == 0 {
            read_latest.clone()
        } else {
            let arms = (0..latest).map(|j| {
                let shape = &d.shapes[j];
                let upgrade = format_ident!("__versionary_upgrade_from_{}", j, span = s);
                let j = u8::try_from(j).unwrap_or(u8::MAX);
                quote_spanned! {s=>
                    ::core::result::Result::Ok(#j) => {
                        let __value = <#shape #args as #serde::Deserialize>::deserialize(__deserializer)?;
                        #upgrade(__value).map_err(<__D::Error as #serde::de::Error>::custom)
                    }
                }
            });
            // One function per older shape: every step up to the latest, each `TryFrom`
            // (infallible steps are `From`, which implies `TryFrom<Error = Infallible>`).
            for j in 0..latest {
                let shape = &d.shapes[j];
                let upgrade = format_ident!("__versionary_upgrade_from_{}", j, span = s);
                let steps = (j..latest).map(|step| {
                    let (older, newer) = (&d.shapes[step], &d.shapes[step + 1]);
                    if d.fallible_steps.get(step).copied().unwrap_or(false) {
                        quote_spanned! {s=>
                            let __value = <#newer #args as ::core::convert::TryFrom<#older #args>>::try_from(__value)?;
                        }
                    } else {
                        quote_spanned! {s=>
                            let __value = <#newer #args as ::core::convert::From<#older #args>>::from(__value);
                        }
                    }
                });
                let where_clause = g.where_with(TokenStream::new(), None);
                upgrades.push(quote_spanned! {s=>
                    fn #upgrade<#params>(__value: #shape #args) -> ::core::result::Result<#ident #args, #private::Problem>
                    #where_clause
                    {
                        #(#steps)*
                        ::core::result::Result::Ok(__value)
                    }
                });
            }
            quote_spanned! {s=>
                match #select {
                    #(#arms)*
                    ::core::result::Result::Ok(_) => #read_latest,
                    ::core::result::Result::Err(__error) => ::core::result::Result::Err(
                        <__D::Error as #serde::de::Error>::custom(__error),
                    ),
                }
            }
        };
        let where_clause = g.where_with(quote_spanned!(s=> #serde::Deserialize<'de>), None);
        quote_spanned! {s=>
            #[automatically_derived]
            impl<'de, #params> #serde::Deserialize<'de> for #ident #args #where_clause {
                fn deserialize<__D>(__deserializer: __D) -> ::core::result::Result<Self, __D::Error>
                where
                    __D: #serde::Deserializer<'de>,
                {
                    #body
                }
            }
        }
    });

    // Decoding needs the application state when one of the type's own upgrades does, or a
    // type inside it does. Naming `<T as ApiType>` for every inner type is also the check that
    // each is versioned or a declared leaf: the error points at the field's type.
    let own_state = d.request && d.own_state;
    let mut seen = Vec::new();
    let mut inner = Vec::new();
    for ty in &d.inner_types {
        let key = ty.to_token_stream().to_string();
        if !seen.contains(&key) {
            seen.push(key);
            let private = d.runtime.path(ty.span());
            inner.push(quote_spanned!(ty.span()=> <#ty as #private::ApiType>::NEEDS_STATE));
        }
    }
    let needs_state = quote_spanned!(s=> #own_state #(|| #inner)*);

    let schemars = quote_spanned!(s=> #private::schemars);
    let name = ident.to_string();
    let cow = quote_spanned!(s=> ::std::borrow::Cow<'static, str>);
    let api = d.api;
    // The name documents use at the version being documented.
    let name_at = if d.names.is_empty() {
        quote_spanned!(s=> #name)
    } else {
        let history = d
            .names
            .iter()
            .map(|(before, old, _)| quote_spanned!(s=> (#before, #old)));
        quote_spanned!(s=> #private::__at_version::<#api>(#name, &[#(#history),*]))
    };
    let (name_expr, id_expr) = if g.type_params.is_empty() {
        (
            quote_spanned!(s=> ::std::borrow::Cow::Borrowed(#name_at)),
            quote_spanned!(s=> ::std::borrow::Cow::Borrowed(::core::concat!(::core::module_path!(), "::", #name))),
        )
    } else {
        let tps = &g.type_params;
        (
            quote_spanned!(s=> #private::__generic_name(#name_at, &[#(<#tps as #schemars::JsonSchema>::schema_name()),*])),
            quote_spanned!(s=> #private::__generic_name(::core::concat!(::core::module_path!(), "::", #name), &[#(<#tps as #schemars::JsonSchema>::schema_id()),*])),
        )
    };
    let schema_latest = if d.plain {
        quote_spanned!(s=> __versionary_schema_latest(__generator))
    } else {
        quote_spanned!(s=> <__VersionaryLatest #args as #schemars::JsonSchema>::json_schema(__generator))
    };
    let schema_body = if latest == 0 {
        schema_latest
    } else {
        let arms = (0..latest).map(|j| {
            let shape = &d.shapes[j];
            let j = u8::try_from(j).unwrap_or(u8::MAX);
            quote_spanned!(s=> ::core::result::Result::Ok(#j) => <#shape #args as #schemars::JsonSchema>::json_schema(__generator),)
        });
        quote_spanned! {s=>
            match #select {
                #(#arms)*
                _ => #schema_latest,
            }
        }
    };
    // Older shapes and older versions are described as the type, or as declared.
    let schema_body = if latest == 0 && d.descriptions.is_empty() {
        schema_body
    } else {
        let doc = &d.doc;
        let history = d
            .descriptions
            .iter()
            .map(|(before, old, _)| quote_spanned!(s=> (#before, #old)));
        quote_spanned! {s=>
            #private::__described::<#api>(#schema_body, #doc, &[#(#history),*])
        }
    };
    let schema_bound = g.where_with(quote_spanned!(s=> #schemars::JsonSchema), None);
    let json_schema = quote_spanned! {s=>
        // Describes the shape of the version being documented (the latest shape outside
        // any version).
        #[automatically_derived]
        impl<#params> #schemars::JsonSchema for #ident #args #schema_bound {
            fn inline_schema() -> bool {
                false
            }
            fn schema_name() -> #cow {
                #name_expr
            }
            fn schema_id() -> #cow {
                #id_expr
            }
            fn json_schema(__generator: &mut #schemars::SchemaGenerator) -> #schemars::Schema {
                #schema_body
            }
        }
    };
    let api_bound = g.where_with(quote_spanned!(s=> #private::ApiType), None);
    let shape_names = d.shapes.iter().map(ToString::to_string);
    quote_spanned! {s=>
        const __SHAPE_OF: &[u8] = &[#(#shape_of),*];

        #serialize
        #deserialize
        #(#upgrades)*
        #json_schema

        #[automatically_derived]
        impl<#params> #private::Recorded for #ident #args #api_bound {}

        #[automatically_derived]
        impl<#params> #private::ApiType for #ident #args #api_bound {
            const NEEDS_STATE: bool = #needs_state;
        }

        #[automatically_derived]
        impl<#params> #private::Versioned for #ident #args #api_bound {
            type Api = #api;
            const NAME: &'static str = #name;
            const SHAPE_OF: &'static [u8] = __SHAPE_OF;
            const SHAPE_NAMES: &'static [&'static str] = &[#(#shape_names),*];
        }
    }
}
