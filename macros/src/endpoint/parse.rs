//! Parses and checks `#[endpoint(...)]` and the handler it is attached to.

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
    pub item: ItemFn,
}

pub struct Move {
    pub before: usize,
    pub method: String,
    pub path: String,
}

const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
const KEYS: &[&str] = &[
    "api",
    "since",
    "until",
    "versions",
    "moved",
    "neutral",
    "deprecated",
    "sunset",
    "successor",
    "status",
];
const MOVED_KEYS: &[&str] = &["from", "in"];

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

pub fn parse(context: &ApiContext, args: TokenStream, item: TokenStream) -> syn::Result<Input> {
    let mut errors = Errors::default();
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
    let mut versions: Option<(Vec<(usize, Span)>, Span)> = None;
    let mut moves: Vec<(Move, Span)> = Vec::new();
    let mut deprecated: Option<LitStr> = None;
    let mut sunset: Option<LitStr> = None;
    let mut successor: Option<LitStr> = None;
    let mut status: Option<syn::LitInt> = None;
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
        seen.check(&key, meta.path.span())?;
        match key.as_str() {
            "api" => api = Some(meta.value()?.parse::<syn::Path>()?),
            "neutral" => neutral = Some(meta.path.span()),
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
                if !lit
                    .base10_parse::<u16>()
                    .is_ok_and(|s| (200..300).contains(&s))
                {
                    return Err(syn::Error::new(
                        lit.span(),
                        "`status` is the success status the handler answers with, 200 to 299: `status = 201`",
                    ));
                }
                status = Some(lit);
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
    if let (Some((since, _)), Some((until, span))) = (since, until)
        && until <= since
    {
        errors.push_new(
            span,
            format!(
                "`until` ({}) must come after `since` ({}): the endpoint exists from `since` up to, not including, `until`",
                context.label(until),
                context.label(since)
            ),
        );
    }
    if let Some((0, span)) = until {
        errors.push_new(
            span,
            "`until` cannot be the first version: the endpoint would exist in no version",
        );
    }
    if let Some(span) = neutral
        && (since.is_some() || until.is_some() || !moves.is_empty())
    {
        errors.push_new(
            span,
            "a version-neutral endpoint is served without a version: remove `since`, `until` and `moved`, or remove `neutral`",
        );
    }
    if let Some((list, span)) = &versions {
        if since.is_some() || until.is_some() || neutral.is_some() {
            errors.push_new(
                *span,
                "`versions = [...]` lists every version the endpoint exists in: remove `since`/`until` (or `neutral`), or use them instead of `versions`",
            );
        }
        if list.is_empty() {
            errors.push_new(*span, "`versions = [...]` needs at least one version");
        }
        for pair in list.windows(2) {
            if pair[1].0 <= pair[0].0 {
                errors.push_new(
                    pair[1].1,
                    format!(
                        "list versions oldest first, once each: `{}` comes after `{}`",
                        context.label(pair[1].0),
                        context.label(pair[0].0)
                    ),
                );
            }
        }
    }
    let versions: Vec<usize> = versions
        .map(|(list, _)| list.into_iter().map(|(i, _)| i).collect())
        .unwrap_or_default();
    let first = versions
        .first()
        .copied()
        .unwrap_or_else(|| since.map_or(0, |(i, _)| i));
    for (i, (m, span)) in moves.iter().enumerate() {
        if m.before <= first {
            errors.push_new(
                *span,
                format!(
                    "the endpoint exists from version {}, so it cannot move in version {}: a move comes after `since`",
                    context.label(first),
                    context.label(m.before)
                ),
            );
        }
        if let Some((until, _)) = until
            && m.before >= until
        {
            errors.push_new(
                *span,
                format!(
                    "the endpoint is retired in version {}, so it cannot move in version {}",
                    context.label(until),
                    context.label(m.before)
                ),
            );
        }
        if moves[..i].iter().any(|(o, _)| o.before == m.before) {
            errors.push_new(
                *span,
                format!(
                    "the endpoint is moved twice in version {}",
                    context.label(m.before)
                ),
            );
        }
    }
    crate::notice::check(
        deprecated.as_ref(),
        sunset.as_ref(),
        context.notice_days,
        &context.name.to_string(),
        &mut errors,
    );
    if let Some(lit) = deprecated.as_ref().or(sunset.as_ref()).filter(|_| parsed) {
        if let Some(span) = neutral {
            errors.push_new(
                span,
                "a version-neutral endpoint has no version to deprecate: remove `neutral`, or `deprecated`/`sunset`",
            );
        } else if successor.is_none() {
            errors.push_new(
                lit.span(),
                "a deprecated endpoint names its successor, for the `Link` header and the 410 answer: add `successor = \"/new/path/{id}\"`",
            );
        }
    }
    if let Some(lit) = &successor {
        let params = |p: &str| -> Vec<String> {
            p.split('/')
                .filter_map(|s| {
                    s.strip_prefix('{')?
                        .strip_suffix('}')
                        .map(|n| n.trim_start_matches('*').to_owned())
                })
                .collect()
        };
        let own = params(&path.value());
        for name in params(&lit.value()) {
            if !own.contains(&name) {
                errors.push_new(
                    lit.span(),
                    format!(
                        "the successor's parameter `{{{name}}}` is not a parameter of `{}`: the link is filled in from this endpoint's path, so use its parameters ({})",
                        path.value(),
                        if own.is_empty() { "it has none".to_owned() } else { own.iter().map(|n| format!("`{{{n}}}`")).collect::<Vec<_>>().join(", ") }
                    ),
                );
            }
        }
        if deprecated.is_none() && sunset.is_none() {
            errors.push_new(
                lit.span(),
                "`successor` goes with a deprecation: add `deprecated = \"YYYY-MM-DD\"`, or remove `successor`",
            );
        }
    }
    moves.sort_by_key(|(m, _)| m.before);
    check_moves_change_something(&moves, &method_name, &path.value(), &mut errors);

    let item: ItemFn = match syn::parse2(item) {
        Ok(item) => item,
        Err(error) => {
            errors.push(syn::Error::new(
                error.span(),
                "`#[endpoint]` goes on a free `async fn` handler (an ordinary axum handler)",
            ));
            return Err(errors.finish().err().unwrap_or(error));
        }
    };
    check_moved_parameters(&moves, &path.value(), &item, &mut errors);
    let moves: Vec<Move> = moves.into_iter().map(|(m, _)| m).collect();
    if !item.sig.generics.params.is_empty() {
        errors.push(syn::Error::new(
            item.sig.generics.span(),
            "a generic handler cannot be registered: call it from a concrete `async fn` and register that",
        ));
    }
    errors.finish()?;
    Ok(Input {
        api: api.unwrap_or_else(|| syn::parse_quote!(__missing_api)),
        method: method_name,
        path,
        since: first,
        until: until.map(|(i, _)| i),
        neutral: neutral.is_some(),
        versions,
        moves,
        deprecated,
        sunset,
        successor,
        status_span: status.as_ref().map(syn::LitInt::span),
        status: status.and_then(|s| s.base10_parse().ok()).unwrap_or(200),
        item,
    })
}

/// `moved(from = "GET /old/path", in = 2)`: where the endpoint was before version 2.
fn parse_move(
    context: &ApiContext,
    meta: &syn::meta::ParseNestedMeta,
) -> syn::Result<(Move, Span)> {
    let (mut from, mut at) = (None, None);
    let mut seen = Seen::default();
    meta.parse_nested_meta(|inner| {
        if inner.path.is_ident("from") {
            seen.check("from", inner.path.span())?;
            from = Some(inner.value()?.parse::<LitStr>()?);
        } else if inner.path.is_ident("in") {
            seen.check("in", inner.path.span())?;
            let lit: VersionLit = inner.value()?.parse()?;
            at = Some((context.resolve(&lit)?, lit.span));
        } else {
            return Err(unknown_key(&inner.path, "`moved(...)`", MOVED_KEYS));
        }
        Ok(())
    })?;
    let (Some(from), Some((before, span))) = (from, at) else {
        return Err(syn::Error::new(
            meta.path.span(),
            "`moved(...)` needs where the endpoint was and the version that moved it: `moved(from = \"GET /old/path\", in = 2)`",
        ));
    };
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

/// A move changes the route: `moved(from = "GET /p", in = V)` where `GET /p` is where the
/// endpoint is from `V` on declares nothing.
fn check_moves_change_something(
    moves: &[(Move, Span)],
    method: &str,
    path: &str,
    errors: &mut Errors,
) {
    for (i, (m, span)) in moves.iter().enumerate() {
        let (to_method, to_path) = moves.get(i + 1).map_or((method, path), |(next, _)| {
            (next.method.as_str(), next.path.as_str())
        });
        if m.method == to_method && m.path == to_path {
            errors.push_new(
                *span,
                format!(
                    "the endpoint is already at `{to_method} {to_path}` from that version on, so this move changes nothing: remove `moved(from = \"{} {}\", ...)`, or name where it was before",
                    m.method, m.path
                ),
            );
        }
    }
}

/// The names of a path template's parameters, in order (`/a/{id}/{*rest}`: `id`, `rest`).
fn parameters(path: &str) -> Vec<&str> {
    path.split('/')
        .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
        .map(|n| n.trim_start_matches('*'))
        .collect()
}

/// A moved endpoint's old path has the parameters of its path: the handler's one `Path`
/// extractor reads both, so an old path with other parameters could not be answered.
fn check_moved_parameters(moves: &[(Move, Span)], path: &str, item: &ItemFn, errors: &mut Errors) {
    let extracts_path = item.sig.inputs.iter().any(|input| {
        matches!(input, syn::FnArg::Typed(arg)
            if matches!(super::signature::extractor(&arg.ty), Some(("path", _))))
    });
    if !extracts_path {
        return;
    }
    let own = parameters(path);
    for (m, span) in moves {
        let old = parameters(&m.path);
        if old != own {
            let list = |names: &[&str]| {
                if names.is_empty() {
                    "none".to_owned()
                } else {
                    names
                        .iter()
                        .map(|n| format!("`{{{n}}}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            };
            errors.push_new(
                *span,
                format!(
                    "the handler's `Path` extractor reads the parameters of `{path}` ({}), but the old path `{}` has {}: give the old path the same parameters, in the same order",
                    list(&own),
                    m.path,
                    list(&old)
                ),
            );
        }
    }
}
