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
    "crate",
    "::",
    "self",
    "vry",
    "fallback",
    "\"move.created\"",
    "doc",
    "struct",
    "(pub Move)",
    "{ pub a: Move }",
    "<T>",
];

fn stream() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(WORDS), 0..40).prop_map(|w| w.join(" "))
}

fn tokens(text: &str) -> TokenStream {
    // Unbalanced delimiters do not lex; use what does.
    TokenStream::from_str(text).unwrap_or_default()
}

const CONTEXT: &str = "{ Shop [\"1\", \"2\", \"3\"] (lock(), notice_days = 0, policy = default) }";

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
    fn event_never_panics(args in stream(), item in stream()) {
        let input = format!("event {CONTEXT} {{ {args} }} {{ pub struct Created(pub Item); }}");
        let _ = crate::forward::expand(tokens(&input));
        let input = format!("event {CONTEXT} {{ \"move.created\", api = Shop, {args} }} {{ {item} }}");
        let _ = crate::forward::expand(tokens(&input));
        let _ = crate::forward::forward(crate::forward::Kind::Event, tokens(&args), tokens(&item));
    }

    #[test]
    fn api_versions_never_panics(body in stream()) {
        let _ = crate::api_versions::expand(tokens(&body));
        let _ = crate::api_versions::expand(tokens(&format!("pub Shop {{ {body} }}")));
    }

    #[test]
    fn api_versions_keys_never_panic(args in stream()) {
        let input = tokens(&format!("pub Shop({args}) {{ 1 => \"Initial release\" }}"));
        if let Err(error) = crate::api_versions::expand(input.clone()) {
            let _ = crate::api_versions::fallback(error, input);
        }
        let context = format!("{{ Shop [\"1\"] (lock(), notice_days = 0, policy = default, {args}) }}");
        let _ = crate::forward::expand(tokens(&format!("versioned {context} {{ api = Shop }} {{ pub struct Item {{ pub name: String }} }}")));
        let _ = crate::forward::expand(tokens(&format!("fallback ({args}) {{ versioned }} {{}} {{ pub struct Item {{ pub name: String }} }}")));
    }

    #[test]
    fn version_literals_never_panic(text in ".{0,40}") {
        let _ = crate::version::Version::parse(&text);
    }
}
