//! Procedural macros of `verso`. Use them through the `verso` crate, which re-exports them
//! and holds the runtime they expand to.
//!
//! How a macro learns the versions of its API: `api_versions!` defines the API type *and* a
//! same-named `macro_rules!` that carries the version list. `#[versioned(api = X)]` and
//! `#[endpoint(..., api = X)]` forward their item through `X! { ... }`, which hands it,
//! together with the version list, to [`__expand!`]. So every expansion sees the declared
//! versions and can reject an undeclared one with a spanned error, without reading files
//! or relying on global state.

mod api_versions;
mod attr;
mod calendar;
mod context;
mod endpoint;
mod forward;
mod guard;
mod leaf;
mod lock;
mod notice;
mod policy;
mod private;
mod serde_attrs;
mod types;
mod version;
mod versioned;

use proc_macro::TokenStream;

/// Declares a service's versions, oldest first, each with a description.
///
/// See the `verso` crate for the full syntax and examples.
#[proc_macro]
pub fn api_versions(input: TokenStream) -> TokenStream {
    let input: proc_macro2::TokenStream = input.into();
    api_versions::expand(input.clone())
        .unwrap_or_else(|error| api_versions::fallback(error, input))
        .into()
}

/// Declares the history of a request/response type; generates one type per historical shape.
#[proc_macro_attribute]
pub fn versioned(args: TokenStream, item: TokenStream) -> TokenStream {
    forward::forward(forward::Kind::Versioned, args.into(), item.into()).into()
}

/// Records the contract of a type whose JSON never changes across versions (an enum of
/// codes, a validated string, a query struct), so the lock guards it.
///
/// See the `verso` crate for the full syntax and examples.
#[proc_macro_attribute]
pub fn leaf(args: TokenStream, item: TokenStream) -> TokenStream {
    forward::forward(forward::Kind::Leaf, args.into(), item.into()).into()
}

/// Registers an axum handler as an endpoint of an API for a range of its versions.
#[proc_macro_attribute]
pub fn endpoint(args: TokenStream, item: TokenStream) -> TokenStream {
    forward::forward(forward::Kind::Endpoint, args.into(), item.into()).into()
}

/// Second stage of `#[versioned]` and `#[endpoint]`, invoked by the API's `macro_rules!`
/// with the declared versions. Not for direct use.
#[doc(hidden)]
#[proc_macro]
pub fn __expand(input: TokenStream) -> TokenStream {
    forward::expand(input.into()).into()
}

#[cfg(test)]
mod robustness {
    //! The expansion functions, fed arbitrary token streams and attribute contents, always
    //! return tokens (the expansion or a spanned `compile_error!`), never panic.

    use std::str::FromStr;

    use proc_macro2::TokenStream;
    use proptest::prelude::*;

    /// Fragments that make streams look enough like our input to get past the first checks.
    const WORDS: &[&str] = &[
        "api",
        "=",
        "Shop",
        ",",
        "request",
        "response",
        "added",
        "removed",
        "renamed",
        "retyped",
        "field",
        "ty",
        "in",
        "up",
        "try_up",
        "down",
        "default",
        "ignore",
        "from",
        "variant",
        "required",
        "optional",
        "flattened",
        "nested",
        "=>",
        ":",
        "1",
        "2",
        "\"2\"",
        "\"x\"",
        "\"2025-01-15\"",
        "#",
        "[",
        "]",
        "(",
        ")",
        "{",
        "}",
        "<",
        ">",
        "pub",
        "struct",
        "enum",
        "fn",
        "async",
        "Item",
        "name",
        "String",
        "u32",
        "Option",
        "Vec",
        "GET",
        "\"/items\"",
        "since",
        "until",
        "versions",
        "moved",
        "neutral",
        "state",
        "released",
        ";",
        "'a",
        "T",
        "\"/a/{id}\"",
        "\"GET /b\"",
        "serde",
        "derive",
        "Clone",
        "Serialize",
        "-",
        "0",
    ];

    fn stream() -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::sample::select(WORDS), 0..40).prop_map(|w| w.join(" "))
    }

    fn tokens(text: &str) -> TokenStream {
        // Unbalanced delimiters do not lex; use what does.
        TokenStream::from_str(text).unwrap_or_default()
    }

    const CONTEXT: &str = "{ Shop [\"1\", \"2\", \"3\"] }";

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        #[test]
        fn versioned_never_panics(args in stream(), item in stream()) {
            let input = format!("versioned {CONTEXT} {{ {args} }} {{ {item} }}");
            let _ = crate::forward::expand(tokens(&input));
            let _ = crate::forward::forward(crate::forward::Kind::Versioned, tokens(&args), tokens(&item));
        }

        #[test]
        fn versioned_struct_attributes_never_panic(field_attr in stream(), type_attr in stream()) {
            let item = format!(
                "#[api({type_attr})] #[derive(Clone)] pub struct Item {{ #[api({field_attr})] pub name: String, pub other: Option<u32> }}"
            );
            let input = format!("versioned {CONTEXT} {{ api = Shop }} {{ {item} }}");
            let _ = crate::forward::expand(tokens(&input));
            let item = format!("#[api({type_attr})] pub enum State {{ #[api({field_attr})] Open, Closed(u8) }}");
            let input = format!("versioned {CONTEXT} {{ api = Shop }} {{ {item} }}");
            let _ = crate::forward::expand(tokens(&input));
        }

        #[test]
        fn endpoint_never_panics(args in stream()) {
            let input = format!("endpoint {CONTEXT} {{ {args} }} {{ async fn handler() {{}} }}");
            let _ = crate::forward::expand(tokens(&input));
            let input = format!("endpoint {CONTEXT} {{ GET \"/x/{{id}}\", api = Shop, {args} }} {{ async fn handler() {{}} }}");
            let _ = crate::forward::expand(tokens(&input));
        }

        #[test]
        fn api_versions_never_panics(body in stream()) {
            let _ = crate::api_versions::expand(tokens(&body));
            let _ = crate::api_versions::expand(tokens(&format!("pub Shop {{ {body} }}")));
        }

        #[test]
        fn version_literals_never_panic(text in ".{0,40}") {
            let _ = crate::version::Version::parse(&text);
        }
    }
}
