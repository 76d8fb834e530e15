//! Parses `#[event("name", ...)]` into [`Args`] and the struct it is attached to, each value
//! checked on its own as it is read (the checks across keys are in `check`), and builds the
//! model, [`Input`].

use proc_macro2::{Span, TokenStream};
use syn::parse::{ParseStream, Parser};
use syn::spanned::Spanned;
use syn::{LitStr, Token};

use crate::attr::{Errors, VersionLit, keyed};
use crate::context::ApiContext;

/// What `#[event(...)]` says, as written.
pub struct Args {
    /// The event's name, checked.
    pub name: LitStr,
    pub api: Option<syn::Path>,
    pub since: Option<(usize, Span)>,
    pub until: Option<(usize, Span)>,
    /// `doc = "..."`: the description, instead of the doc comment.
    pub doc: Option<LitStr>,
}

/// The event: its arguments, the struct and its payload type.
pub struct Input {
    pub api: syn::Path,
    pub name: LitStr,
    pub since: usize,
    pub until: Option<usize>,
    /// Where `since = ...` and `until = ...` are written, when they are.
    pub since_span: Option<Span>,
    pub until_span: Option<Span>,
    pub doc: Option<LitStr>,
    pub item: syn::ItemStruct,
    /// The one field's type.
    pub payload: syn::Type,
}

const KEYS: &[&str] = &["api", "since", "until", "doc"];

const USAGE: &str =
    "expected the event's name first, as a string: `#[event(\"move.created\", api = MyApi)]`";

/// An event's name: what subscribers see (in the OpenAPI `webhooks`, the lock, the release
/// notes). Letters, digits, `.`, `_` and `-`, starting with a letter, at most 128 bytes.
fn check_name(name: &LitStr) -> syn::Result<()> {
    let value = name.value();
    let fail = |why: &str| {
        Err(syn::Error::new(
            name.span(),
            format!("`{value}` is not an event name: {why}; write it like \"move.created\""),
        ))
    };
    if value.is_empty() {
        return fail("it is empty");
    }
    if value.len() > 128 {
        return fail("it is longer than 128 bytes");
    }
    if !value.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return fail("it must start with a letter");
    }
    if let Some(bad) = value
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
    {
        return fail(&format!(
            "`{bad}` is not allowed (letters, digits, `.`, `_` and `-` are)"
        ));
    }
    Ok(())
}

/// Reads `#[event("name", key = value, ...)]`. A name that is not valid, and a key that
/// fails to parse, are added to `errors`; the arguments are returned unless the name cannot
/// be read at all.
pub fn args(context: &ApiContext, args: TokenStream, errors: &mut Errors) -> syn::Result<Args> {
    let head = |input: ParseStream| -> syn::Result<(LitStr, TokenStream)> {
        if input.is_empty() {
            return Err(syn::Error::new(Span::call_site(), USAGE));
        }
        let name: LitStr = input
            .parse()
            .map_err(|e| syn::Error::new(e.span(), USAGE))?;
        if !input.is_empty() {
            input.parse::<Token![,]>()?;
        }
        Ok((name, input.parse()?))
    };
    let (name, rest) = head.parse2(args)?;
    if let Err(error) = check_name(&name) {
        errors.push(error);
    }
    let (mut api, mut since, mut until, mut doc) = (None, None, None, None);
    let parser = syn::meta::parser(keyed("`#[event(...)]`", KEYS, |key, meta| {
        match key {
            "api" => api = Some(meta.value()?.parse::<syn::Path>()?),
            "doc" => doc = Some(meta.value()?.parse::<LitStr>()?),
            _ => {
                let lit: VersionLit = meta.value()?.parse()?;
                let index = context.resolve(&lit)?;
                if key == "since" {
                    since = Some((index, lit.span));
                } else {
                    until = Some((index, lit.span));
                }
            }
        }
        Ok(())
    }));
    if let Err(error) = parser.parse2(rest) {
        errors.push(error);
    }
    Ok(Args {
        name,
        api,
        since,
        until,
        doc,
    })
}

/// The struct the attribute is on: a one-field tuple struct without generic parameters,
/// whose field is the payload.
pub fn item(item: TokenStream, errors: &mut Errors) -> syn::Result<(syn::ItemStruct, syn::Type)> {
    const SHAPE: &str = "an event is a one-field tuple struct around its payload: `pub struct MoveCreated(pub Move);`";
    let item: syn::Item = syn::parse2(item)?;
    let syn::Item::Struct(item) = item else {
        let at = match &item {
            syn::Item::Enum(e) => e.enum_token.span,
            syn::Item::Fn(f) => f.sig.ident.span(),
            syn::Item::Union(u) => u.union_token.span,
            other => other.span(),
        };
        return Err(syn::Error::new(
            at,
            format!("`#[event]` goes on a struct: {SHAPE}"),
        ));
    };
    if !item.generics.params.is_empty() {
        errors.push_new(
            item.generics.span(),
            "an event has no generic parameters: its payload is one type, so its schema and lock line are one",
        );
    }
    let payload = match &item.fields {
        syn::Fields::Unnamed(fields) if fields.unnamed.len() == 1 => fields.unnamed[0].ty.clone(),
        syn::Fields::Named(fields) => {
            return Err(syn::Error::new(fields.span(), SHAPE));
        }
        syn::Fields::Unnamed(fields) => {
            return Err(syn::Error::new(fields.span(), SHAPE));
        }
        syn::Fields::Unit => return Err(syn::Error::new(item.ident.span(), SHAPE)),
    };
    Ok((item, payload))
}

impl Input {
    /// The model; `api` is the API the item was forwarded through (stage one found it).
    pub fn new(api: syn::Path, args: Args, (item, payload): (syn::ItemStruct, syn::Type)) -> Input {
        Input {
            api,
            name: args.name,
            since: args.since.map_or(0, |(i, _)| i),
            until: args.until.map(|(i, _)| i),
            since_span: args.since.map(|(_, s)| s),
            until_span: args.until.map(|(_, s)| s),
            doc: args.doc,
            item,
            payload,
        }
    }
}
