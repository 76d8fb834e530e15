//! Parses `#[endpoint(...)]` into [`Args`] and the handler it is attached to, each value
//! checked on its own as it is read (the checks across keys are in `check`), and builds
//! the model, [`Input`].

use proc_macro2::{Span, TokenStream};
use syn::parse::{ParseStream, Parser};
use syn::spanned::Spanned;
use syn::{Ident, ItemFn, LitStr, Token};

use crate::attr::{Errors, Seen, VersionLit, unknown_key};
use crate::context::ApiContext;

pub struct Input {
    pub api: syn::Path,
    pub method: String,
    pub path: LitStr,
    pub since: usize,
    pub until: Option<usize>,
    pub neutral: bool,
    /// `untyped_response`: the response body is not a type versionary can see, and the
    /// service says so (the lock records `response ... (untyped)`).
    pub untyped_response: bool,
    /// An explicit set of versions (per-endpoint versioning), instead of a range.
    pub versions: Vec<usize>,
    /// Earlier (method, path) of the endpoint, each before the version index given.
    pub moves: Vec<Move>,
    /// Deprecation and sunset dates (`YYYY-MM-DD`) and the successor's path.
    pub deprecated: Option<LitStr>,
    pub sunset: Option<LitStr>,
    pub successor: Option<LitStr>,
    /// The success status documented for the operation (`status = 201`).
    pub status: u16,
    /// Where `status = ...` is written, when it is.
    pub status_span: Option<proc_macro2::Span>,
    /// How the answers changed: statuses, errors, response headers.
    pub changes: Vec<super::history::Change>,
    pub item: ItemFn,
}

pub struct Move {
    pub before: usize,
    pub method: String,
    pub path: String,
}

/// What `#[endpoint(...)]` says, as written: each value with where it is written, for the
/// checks across keys.
pub struct Args {
    pub method: String,
    pub path: LitStr,
    pub api: Option<syn::Path>,
    pub since: Option<(usize, Span)>,
    pub until: Option<(usize, Span)>,
    pub neutral: Option<Span>,
    pub untyped_response: Option<Span>,
    /// `versions = [...]`: each version, and where the key is written.
    pub versions: Option<(Vec<(usize, Span)>, Span)>,
    /// Each `moved(...)`, at its `in = V`.
    pub moves: Vec<(Move, Span)>,
    pub deprecated: Option<LitStr>,
    pub sunset: Option<LitStr>,
    pub successor: Option<LitStr>,
    /// `status = N`, and where `N` is written.
    pub status: Option<(u16, Span)>,
    /// `status(...)`, `error(...)`, `response_header(...)`.
    pub changes: Vec<super::history::Change>,
    /// Every key was read: no key failed to parse (which stops the rest).
    pub parsed: bool,
}

impl Args {
    /// The first version the endpoint exists in: the first of `versions`, else `since`.
    pub fn first(&self) -> usize {
        self.versions
            .as_ref()
            .and_then(|(list, _)| list.first().map(|(i, _)| *i))
            .unwrap_or_else(|| self.since.map_or(0, |(i, _)| i))
    }
}

const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
const KEYS: &[&str] = &[
    "api",
    "since",
    "until",
    "versions",
    "moved",
    "neutral",
    "untyped_response",
    "deprecated",
    "sunset",
    "successor",
    "status",
    "error",
    "response_header",
    "request_header",
    "doc",
];

/// Checks an axum 0.8 path template: `/segment/{param}/...`.
fn check_path(path: &LitStr) -> syn::Result<()> {
    check_path_text(&path.value(), path.span())
}

fn check_path_text(value: &str, span: Span) -> syn::Result<()> {
    let value = value.to_owned();
    let fail = |message: String| Err(syn::Error::new(span, message));
    if !value.starts_with('/') {
        return fail(format!("the path must start with `/`: write \"/{value}\""));
    }
    if value.len() > 1 && value.ends_with('/') {
        return fail("the path must not end with `/`".into());
    }
    if value.contains("//") {
        return fail("the path has an empty segment (`//`)".into());
    }
    for segment in value.split('/').skip(1) {
        if let Some(name) = segment.strip_prefix(':') {
            return fail(format!(
                "axum 0.8 writes path parameters in braces: `{{{name}}}` instead of `:{name}`"
            ));
        }
        if segment.contains(['{', '}']) {
            let inner = segment
                .strip_prefix('{')
                .and_then(|s| s.strip_suffix('}'))
                .map(|s| s.strip_prefix('*').unwrap_or(s));
            match inner {
                Some(name) if syn::parse_str::<Ident>(name).is_ok() => {}
                _ => {
                    return fail(format!(
                        "`{segment}` is not a path parameter: a parameter is a whole segment `{{name}}` with an identifier inside"
                    ));
                }
            }
        }
        if segment.contains(['?', '#', ' ']) {
            return fail(format!(
                "`{segment}` contains a character that is not allowed in a path"
            ));
        }
    }
    Ok(())
}

/// Reads `#[endpoint(METHOD "/path", key = value, ...)]`. A method or path that is not
/// valid, and a key that fails to parse, are added to `errors`; the arguments are returned
/// unless the method and path cannot be read at all.
pub fn args(context: &ApiContext, args: TokenStream, errors: &mut Errors) -> syn::Result<Args> {
    let head = |input: ParseStream| -> syn::Result<(Ident, LitStr, TokenStream)> {
        let method: Ident = input.parse().map_err(|e| {
            syn::Error::new(
                e.span(),
                "expected the method and path first: `#[endpoint(GET \"/things/{id}\", api = MyApi)]`",
            )
        })?;
        let path: LitStr = input.parse().map_err(|e| {
            syn::Error::new(
                e.span(),
                "expected the path as a string after the method: `GET \"/things/{id}\"`",
            )
        })?;
        if !input.is_empty() {
            input.parse::<Token![,]>()?;
        }
        Ok((method, path, input.parse()?))
    };
    let (method, path, rest) = head.parse2(args)?;
    let method_name = method.to_string();
    if !METHODS.contains(&method_name.as_str()) {
        errors.push_new(
            method.span(),
            format!(
                "unknown HTTP method `{method_name}`; expected one of {}",
                METHODS.join(", ")
            ),
        );
    }
    if let Err(error) = check_path(&path) {
        errors.push(error);
    }

    let mut api = None;
    let mut since: Option<(usize, Span)> = None;
    let mut until: Option<(usize, Span)> = None;
    let mut neutral: Option<Span> = None;
    let mut untyped_response: Option<Span> = None;
    let mut versions: Option<(Vec<(usize, Span)>, Span)> = None;
    let mut moves: Vec<(Move, Span)> = Vec::new();
    let mut deprecated: Option<LitStr> = None;
    let mut sunset: Option<LitStr> = None;
    let mut successor: Option<LitStr> = None;
    let mut status: Option<(u16, Span)> = None;
    let mut changes = Vec::new();
    let mut seen = Seen::default();
    let parser = syn::meta::parser(|meta| {
        let key = meta
            .path
            .get_ident()
            .map(ToString::to_string)
            .unwrap_or_default();
        if !KEYS.contains(&key.as_str()) {
            return Err(unknown_key(&meta.path, "`#[endpoint(...)]`", KEYS));
        }
        if key == "moved" {
            moves.push(parse_move(context, &meta)?);
            return Ok(());
        }
        // The history of the answers: repeatable keys, each a change.
        type Parse =
            fn(&ApiContext, &syn::meta::ParseNestedMeta) -> syn::Result<super::history::Change>;
        let history: Option<Parse> = match key.as_str() {
            "status" if meta.input.peek(syn::token::Paren) => Some(super::history::parse_status),
            "error" => Some(super::history::parse_error),
            "response_header" => Some(super::history::parse_header),
            "request_header" => Some(super::history::parse_request_header),
            "doc" => Some(super::history::parse_doc),
            _ => None,
        };
        if let Some(parse) = history {
            changes.push(parse(context, &meta)?);
            return Ok(());
        }
        seen.check(&key, meta.path.span())?;
        match key.as_str() {
            "api" => api = Some(meta.value()?.parse::<syn::Path>()?),
            "neutral" => neutral = Some(meta.path.span()),
            "untyped_response" => untyped_response = Some(meta.path.span()),
            "deprecated" | "sunset" => {
                let lit: LitStr = meta.value()?.parse()?;
                if crate::calendar::unix_seconds(&lit.value()).is_none() {
                    return Err(syn::Error::new(
                        lit.span(),
                        format!("expected a date `YYYY-MM-DD`: `{key} = \"2025-03-17\"`"),
                    ));
                }
                if key == "sunset" {
                    sunset = Some(lit);
                } else {
                    deprecated = Some(lit);
                }
            }
            "successor" => {
                let lit: LitStr = meta.value()?.parse()?;
                check_path(&lit)?;
                successor = Some(lit);
            }
            "status" => {
                let lit: syn::LitInt = meta.value()?.parse()?;
                let Some(value) = lit
                    .base10_parse::<u16>()
                    .ok()
                    .filter(|s| (200..300).contains(s))
                else {
                    return Err(syn::Error::new(
                        lit.span(),
                        "`status` is the success status the handler answers with, 200 to 299: `status = 201`",
                    ));
                };
                status = Some((value, lit.span()));
            }
            "versions" => {
                let value = meta.value()?;
                let content;
                syn::bracketed!(content in value);
                let list = syn::punctuated::Punctuated::<VersionLit, Token![,]>::parse_terminated(
                    &content,
                )?;
                let mut resolved = Vec::new();
                for lit in &list {
                    resolved.push((context.resolve(lit)?, lit.span));
                }
                versions = Some((resolved, meta.path.span()));
            }
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
    });
    // A key that failed to parse stops the rest: checks across keys would then report
    // what is merely unread.
    let parsed = match parser.parse2(rest) {
        Ok(()) => true,
        Err(error) => {
            errors.push(error);
            false
        }
    };
    Ok(Args {
        method: method_name,
        path,
        api,
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
        changes,
        parsed,
    })
}

/// Reads the handler. When it is not a function, the error joins those in `errors`, and all
/// are returned.
pub fn handler(item: TokenStream, errors: &mut Errors) -> syn::Result<ItemFn> {
    syn::parse2(item).map_err(|error| {
        errors.push(syn::Error::new(
            error.span(),
            "`#[endpoint]` goes on a free `async fn` handler (an ordinary axum handler)",
        ));
        std::mem::take(errors).finish().err().unwrap_or(error)
    })
}

impl Input {
    /// The model of a checked endpoint.
    pub fn new(args: Args, item: ItemFn) -> Input {
        let since = args.first();
        let mut moves: Vec<Move> = args.moves.into_iter().map(|(m, _)| m).collect();
        moves.sort_by_key(|m| m.before);
        Input {
            api: args.api.unwrap_or_else(|| syn::parse_quote!(__missing_api)),
            method: args.method,
            path: args.path,
            since,
            until: args.until.map(|(i, _)| i),
            neutral: args.neutral.is_some(),
            untyped_response: args.untyped_response.is_some(),
            versions: args
                .versions
                .map(|(list, _)| list.into_iter().map(|(i, _)| i).collect())
                .unwrap_or_default(),
            moves,
            deprecated: args.deprecated,
            sunset: args.sunset,
            successor: args.successor,
            status: args.status.map_or(200, |(status, _)| status),
            status_span: args.status.map(|(_, span)| span),
            changes: args.changes,
            item,
        }
    }
}

/// `moved(from = "GET /old/path", in = 2)`: where the endpoint was before version 2.
fn parse_move(
    context: &ApiContext,
    meta: &syn::meta::ParseNestedMeta,
) -> syn::Result<(Move, Span)> {
    let (from, (before, span)) = context.old_and_version::<LitStr>(
        meta,
        "`moved(...)` needs where the endpoint was and the version that moved it: `moved(from = \"GET /old/path\", in = 2)`",
    )?;
    let text = from.value();
    let (method, path) = text.split_once(' ').unwrap_or(("", text.as_str()));
    if !METHODS.contains(&method) {
        return Err(syn::Error::new(
            from.span(),
            format!(
                "`from` names the old method and path, `\"GET /old/path\"`; the method is one of {}",
                METHODS.join(", ")
            ),
        ));
    }
    check_path_text(path, from.span())?;
    Ok((
        Move {
            before,
            method: method.to_owned(),
            path: path.to_owned(),
        },
        span,
    ))
}
