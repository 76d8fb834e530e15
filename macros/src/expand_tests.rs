//! Snapshot tests of the expansions. Each `tests/expand/<name>.rs` is read as a Rust file and
//! every macro in it is expanded as the compiler would: `api_versions!` by its expansion,
//! each `#[versioned]`, `#[leaf]` and `#[endpoint]` item through stage one, the API's
//! forwarding `macro_rules!` (its transcriber, taken from the `api_versions!` expansion,
//! so `__expand!` gets the context `api_versions!` forwards) and stage two. Other items are
//! kept as they are. The result, formatted by `rustfmt`, must equal
//! `tests/expand/<name>.expanded.rs`; `VERSIONARY_BLESS=1` rewrites those files instead.
//!
//! The crate's directory in the output (a lock's path) is written `$CARGO_MANIFEST_DIR`,
//! so the snapshots do not depend on where the repository is.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use proc_macro2::{Group, Ident, TokenStream, TokenTree};
use quote::{ToTokens, quote};

use crate::forward::Kind;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/expand");

#[test]
fn expansions_match_the_snapshots() {
    let bless = versionary_internals::lock::bless_requested();
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(DIR)
        .expect("tests/expand is readable")
        .map(|entry| entry.expect("tests/expand is readable").path())
        .filter(|path| {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            name.ends_with(".rs") && !name.ends_with(".expanded.rs")
        })
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty(), "no inputs in {DIR}");
    let mut failures = Vec::new();
    for input in &inputs {
        let text = std::fs::read_to_string(input).expect("the input is readable");
        let expansion = expand_file(&text);
        if expansion.contains("compile_error") && !text.contains("compile_error") {
            failures.push(format!(
                "{} expands to an error (an input that means to say so mentions `compile_error`):\n{expansion}",
                input.display()
            ));
            continue;
        }
        let actual = rustfmt(&expansion);
        let expected_path = input.with_extension("expanded.rs");
        if bless {
            std::fs::write(&expected_path, &actual).expect("the snapshot is writable");
            continue;
        }
        match std::fs::read_to_string(&expected_path) {
            Ok(expected) if expected == actual => {}
            Ok(expected) => failures.push(format!(
                "{} differs from the expansion:\n{}",
                expected_path.display(),
                first_difference(&expected, &actual)
            )),
            Err(_) => failures.push(format!("{} is missing", expected_path.display())),
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n\nReview the change; if it is meant, re-bless with `VERSIONARY_BLESS=1 cargo test -p versionary-macros expansions_match_the_snapshots`.",
        failures.join("\n\n")
    );
}

/// The expansion of every item of `text`, as one token stream's text.
fn expand_file(text: &str) -> String {
    let file = syn::parse_file(text).expect("the input is Rust");
    // Per API name: the transcriber of its forwarding macro.
    let mut forwarders: BTreeMap<String, TokenStream> = BTreeMap::new();
    let mut out = TokenStream::new();
    for item in file.items {
        out.extend(expand_item(item, &mut forwarders));
    }
    out.to_string()
        .replace(env!("CARGO_MANIFEST_DIR"), "$CARGO_MANIFEST_DIR")
}

fn expand_item(mut item: syn::Item, forwarders: &mut BTreeMap<String, TokenStream>) -> TokenStream {
    if let syn::Item::Macro(m) = &item
        && m.mac.path.is_ident("api_versions")
    {
        let input = m.mac.tokens.clone();
        let expansion = crate::api_versions::expand(input.clone())
            .unwrap_or_else(|error| crate::api_versions::fallback(error, input));
        if let Some((name, transcriber)) = forwarder(&expansion) {
            forwarders.insert(name, transcriber);
        }
        return expansion;
    }
    let Some((kind, args)) = take_attribute(&mut item) else {
        return item.into_token_stream();
    };
    let item = item.into_token_stream();
    let forwarded = match crate::forward::forward(kind, args, item.clone()) {
        Ok(forwarded) => forwarded,
        Err(error) => {
            return crate::forward::fallback(
                kind,
                &crate::private::Runtime::default(),
                error,
                item,
            );
        }
    };
    // `Api! { @ kind {args} {item} }`, transcribed as the API's `macro_rules!` does.
    let tokens: Vec<TokenTree> = forwarded.into_iter().collect();
    let [
        ..,
        TokenTree::Ident(api),
        TokenTree::Punct(_),
        TokenTree::Group(body),
    ] = &tokens[..]
    else {
        panic!("stage one forwards through the API's macro");
    };
    let body: Vec<TokenTree> = body.stream().into_iter().collect();
    let [
        _,
        TokenTree::Ident(kind),
        TokenTree::Group(args),
        TokenTree::Group(item),
    ] = &body[..]
    else {
        panic!("stage one forwards `@ kind {{args}} {{item}}`");
    };
    let transcriber = forwarders
        .get(&api.to_string())
        .unwrap_or_else(|| panic!("`{api}` is declared by an `api_versions!` above its use"));
    crate::forward::expand(substitute(transcriber.clone(), kind, args, item))
}

/// The attribute of ours on `item`, removed from it, with its arguments.
fn take_attribute(item: &mut syn::Item) -> Option<(Kind, TokenStream)> {
    let attrs = match item {
        syn::Item::Struct(s) => &mut s.attrs,
        syn::Item::Enum(e) => &mut e.attrs,
        syn::Item::Fn(f) => &mut f.attrs,
        _ => return None,
    };
    let kind_of = |attr: &syn::Attribute| {
        let last = attr.path().segments.last()?.ident.to_string();
        match last.as_str() {
            "versioned" => Some(Kind::Versioned),
            "leaf" => Some(Kind::Leaf),
            "endpoint" => Some(Kind::Endpoint),
            "event" => Some(Kind::Event),
            _ => None,
        }
    };
    let position = attrs.iter().position(|a| kind_of(a).is_some())?;
    let attr = attrs.remove(position);
    let kind = kind_of(&attr)?;
    let args = match attr.meta {
        syn::Meta::List(list) => list.tokens,
        _ => TokenStream::new(),
    };
    Some((kind, args))
}

/// In an `api_versions!` expansion, the API's name and the transcriber of its forwarding
/// `macro_rules!`: the input of its `__expand! { ... }` call, with `$kind $args $item`.
fn forwarder(expansion: &TokenStream) -> Option<(String, TokenStream)> {
    let tokens: Vec<TokenTree> = expansion.clone().into_iter().collect();
    let name = tokens.windows(3).find_map(|w| match w {
        [
            TokenTree::Ident(m),
            TokenTree::Punct(_),
            TokenTree::Ident(name),
        ] if m == "macro_rules" => name
            .to_string()
            .strip_prefix("__versionary_api_")
            .and_then(|rest| rest.rsplit_once('_'))
            .map(|(name, _hash)| name.to_owned()),
        _ => None,
    })?;
    Some((name, find_expand_call(expansion)?))
}

fn find_expand_call(tokens: &TokenStream) -> Option<TokenStream> {
    let tokens: Vec<TokenTree> = tokens.clone().into_iter().collect();
    for (i, token) in tokens.iter().enumerate() {
        match (token, tokens.get(i + 1), tokens.get(i + 2)) {
            (
                TokenTree::Ident(name),
                Some(TokenTree::Punct(bang)),
                Some(TokenTree::Group(body)),
            ) if name == "__expand" && bang.as_char() == '!' => {
                return Some(body.stream());
            }
            (TokenTree::Group(group), _, _) => {
                if let Some(found) = find_expand_call(&group.stream()) {
                    return Some(found);
                }
            }
            _ => {}
        }
    }
    None
}

/// The transcriber with `$kind`, `$args` and `$item` replaced by what stage one forwarded.
fn substitute(template: TokenStream, kind: &Ident, args: &Group, item: &Group) -> TokenStream {
    let mut out = TokenStream::new();
    let mut tokens = template.into_iter().peekable();
    while let Some(token) = tokens.next() {
        match token {
            TokenTree::Punct(dollar) if dollar.as_char() == '$' => {
                let Some(TokenTree::Ident(name)) = tokens.next() else {
                    panic!("a `$` in the transcriber names a fragment");
                };
                out.extend(match name.to_string().as_str() {
                    "kind" => kind.to_token_stream(),
                    "args" => args.to_token_stream(),
                    "item" => item.to_token_stream(),
                    other => panic!("unknown fragment `${other}`"),
                });
            }
            TokenTree::Group(group) => {
                let inner = substitute(group.stream(), kind, args, item);
                let mut new = Group::new(group.delimiter(), inner);
                new.set_span(group.span());
                out.extend(quote!(#new));
            }
            other => out.extend([other]),
        }
    }
    out
}

/// `source` formatted by `rustfmt`, which must be installed.
fn rustfmt(source: &str) -> String {
    let mut child = match Command::new("rustfmt")
        .args(["--edition", "2024", "--emit", "stdout"])
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(error) => panic!(
            "cannot run `rustfmt` ({error}): the snapshot tests format expansions with it; install it with `rustup component add rustfmt`"
        ),
    };
    child
        .stdin
        .take()
        .expect("rustfmt's stdin is piped")
        .write_all(source.as_bytes())
        .expect("rustfmt reads the expansion");
    let output = child.wait_with_output().expect("rustfmt runs");
    assert!(
        output.status.success(),
        "`rustfmt` failed on the expansion (if it is not installed: `rustup component add rustfmt`):\n{}\n\nThe expansion:\n{source}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("rustfmt writes UTF-8")
}

/// The first line where `expected` and `actual` differ, for the failure message.
fn first_difference(expected: &str, actual: &str) -> String {
    let (mut e, mut a) = (expected.lines(), actual.lines());
    for number in 1.. {
        match (e.next(), a.next()) {
            (Some(x), Some(y)) if x == y => {}
            (None, None) => break,
            (x, y) => {
                return format!(
                    "line {number}:\n  expected: {}\n  actual:   {}",
                    x.unwrap_or("<end of file>"),
                    y.unwrap_or("<end of file>")
                );
            }
        }
    }
    "line endings differ".to_owned()
}

/// `crate = path`: no expansion for the API (its own, its forwarding macro's, its items')
/// names `::versionary`, in code or in a `crate = "..."` string; all name the given path.
#[test]
fn an_api_naming_its_runtime_never_names_versionary() {
    let text =
        std::fs::read_to_string(format!("{DIR}/crate_path.rs")).expect("the input is readable");
    let expansion = expand_file(&text);
    for default in [":: versionary", "\"::versionary"] {
        assert!(
            !expansion.contains(default),
            "`{default}` in the expansion of crate_path.rs:\n{expansion}"
        );
    }
    assert!(expansion.contains(":: vry :: __private :: __expand !"));
    assert!(expansion.contains("\"::vry::__private::serde\""));
    // The same items without the key name `::versionary`: the test can tell.
    let default = expand_file(&text.replace("(crate = ::vry)", ""));
    assert!(default.contains(":: versionary :: __private") && !default.contains("vry ::"));
}

/// An `api_versions!` in error keeps naming the runtime by its `crate = ...`, even when
/// that key is the mistake (a path in quotes): the stand-ins of its items name `::vry`.
#[test]
fn an_api_in_error_keeps_its_runtime_for_its_items() {
    let text = r#"
        api_versions! {
            pub Shop(crate = "::vry") {
                1 => "Initial release",
            }
        }

        #[vry::versioned(api = Shop, response)]
        pub struct Item {
            pub name: String,
        }

        #[vry::leaf(api = Shop)]
        pub struct Code(pub String);
    "#;
    let expansion = expand_file(text);
    assert!(
        expansion.contains("write the path without quotes"),
        "{expansion}"
    );
    assert!(expansion.contains("impl :: vry :: __private :: ApiType for Item"));
    assert!(expansion.contains("impl :: vry :: __private :: ApiType for Code"));
    assert!(!expansion.contains(":: versionary"), "{expansion}");
}
