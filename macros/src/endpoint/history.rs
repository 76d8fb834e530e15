//! How an endpoint's answers changed beyond their bodies, declared on `#[endpoint]`:
//!
//! - `status(from = 200, in = 3)`: the success status before version 3;
//! - `error(status = 410, from = 404, in = 2)`: the handler's 410 was a 404 before version 2;
//!   `error(status = 404, in = 2, down = f)`: `f(Problem) -> impl IntoResponse` made the
//!   old answer (another shape, or a success);
//! - `response_header("x-cost", added = 3)`, `response_header("ratelimit", from =
//!   "x-ratelimit", in = 3)`, `response_header("x-total", removed = 3, down = f)` (`f(&HeaderMap)
//!   -> Option<HeaderValue>` gives the old value).
//!
//! Parsed here (each value checked as it is read), checked across keys by the `check_*`
//! functions, and expanded into the runtime's `Change` list.

use proc_macro2::{Span, TokenStream};
use quote::quote_spanned;
use syn::spanned::Spanned;
use syn::{LitInt, LitStr};

use syn::meta::ParseNestedMeta;

use crate::attr::{Errors, VersionLit, keyed};
use crate::context::ApiContext;

/// One declared change, made in the version at index `before`.
pub struct Change {
    pub before: usize,
    /// Where `in = V` (or `added = V`, `removed = V`) is written.
    pub span: Span,
    pub kind: Kind,
}

pub enum Kind {
    /// `status(from = N, in = V)`.
    Status { was: u16 },
    /// `error(status = N, from = M, in = V)`.
    ErrorStatus { status: u16, was: u16 },
    /// `error(status = N, in = V, down = f)`.
    ErrorDown { status: u16, down: syn::Path },
    /// `response_header("name")`: sent by every version, no history.
    Header { name: String },
    /// `error(status = N)`: answered by every version, no history.
    Error { status: u16 },
    /// `response_header("name", in = V, down = f)`: its value was `f`'s before `V`.
    HeaderValue { name: String, down: syn::Path },
    /// `response_header("name", added = V)`.
    HeaderAdded { name: String },
    /// `response_header("name", from = "old", in = V)`.
    HeaderRenamed { name: String, from: String },
    /// `response_header("name", removed = V, down = f)`.
    HeaderRemoved { name: String, down: syn::Path },
    /// `doc(from = "Old description.", in = V)`: the handler's doc before `V`.
    Doc { text: String },
    /// `request_header("name", query = "field", in = V)` (or `body = "field"`).
    RequestHeader {
        name: String,
        query: bool,
        field: String,
    },
}

const ERROR_KEYS: &[&str] = &["status", "from", "in", "down"];
const HEADER_KEYS: &[&str] = &["added", "from", "in", "removed", "down"];
const REQUEST_HEADER_KEYS: &[&str] = &["query", "body", "in"];

fn status_value(
    lit: &LitInt,
    range: core::ops::RangeInclusive<u16>,
    what: &str,
) -> syn::Result<u16> {
    lit.base10_parse::<u16>()
        .ok()
        .filter(|s| range.contains(s))
        .ok_or_else(|| syn::Error::new(lit.span(), what.to_owned()))
}

fn version(context: &ApiContext, meta: &ParseNestedMeta) -> syn::Result<(usize, Span)> {
    let lit: VersionLit = meta.value()?.parse()?;
    Ok((context.resolve(&lit)?, lit.span))
}

/// `doc(from = "Reads a learner.", in = 3)`: what older versions' documents said of the
/// endpoint (its summary, then its description, as a doc comment says them).
pub fn parse_doc(context: &ApiContext, meta: &ParseNestedMeta) -> syn::Result<Change> {
    let (text, (before, span)) = context.old_and_version::<LitStr>(
        meta,
        "`doc(...)` needs the old documentation and the version that changed it: `doc(from = \"Reads a learner.\", in = 3)`",
    )?;
    Ok(Change {
        before,
        span,
        kind: Kind::Doc { text: text.value() },
    })
}

/// `status(from = 200, in = 3)`.
pub fn parse_status(context: &ApiContext, meta: &ParseNestedMeta) -> syn::Result<Change> {
    let (lit, (before, span)) = context.old_and_version::<LitInt>(
        meta,
        "`status(...)` needs the old success status and the version that changed it: `status(from = 200, in = 3)` (and the new one as `status = 201`)",
    )?;
    let was = status_value(
        &lit,
        200..=299,
        "`from` is the success status older versions answered with, 200 to 299: `status(from = 200, in = 3)`",
    )?;
    Ok(Change {
        before,
        span,
        kind: Kind::Status { was },
    })
}

/// `error(status = 410, from = 404, in = 2)` or `error(status = 404, in = 2, down = f)`.
pub fn parse_error(context: &ApiContext, meta: &ParseNestedMeta) -> syn::Result<Change> {
    let (mut status, mut was, mut at, mut down) = (None, None, None, None);
    let mut status_span = meta.path.span();
    meta.parse_nested_meta(keyed("`error(...)`", ERROR_KEYS, |key, inner| {
        match key {
            "status" => {
                let lit: LitInt = inner.value()?.parse()?;
                status_span = lit.span();
                status = Some(status_value(
                    &lit,
                    400..=599,
                    "`status` is the error status the handler answers with now, 400 to 599: `error(status = 410, from = 404, in = 2)`",
                )?);
            }
            "from" => {
                let lit: LitInt = inner.value()?.parse()?;
                was = Some(status_value(
                    &lit,
                    400..=599,
                    "`from` is the error status older versions answered with, 400 to 599; for another answer (a success, another shape) write `down = function`",
                )?);
            }
            "down" => down = Some((inner.value()?.parse::<syn::Path>()?, inner.path.span())),
            _ => at = Some(version(context, inner)?),
        }
        Ok(())
    }))?;
    let need = "`error(...)` needs the handler's error status, the version that changed it, and the old status or a function making the old answer: `error(status = 410, from = 404, in = 2)` or `error(status = 404, in = 2, down = old_answer)`; or, for an error every version answers alike, only its status: `error(status = 404)`";
    if let (Some(status), None, None, None) = (status, at, was.as_ref(), down.as_ref()) {
        return Ok(Change {
            before: 0,
            span: status_span,
            kind: Kind::Error { status },
        });
    }
    let (Some(status), Some((before, span))) = (status, at) else {
        return Err(syn::Error::new(meta.path.span(), need));
    };
    let kind = match (was, down) {
        (Some(was), None) => Kind::ErrorStatus { status, was },
        (None, Some((down, _))) => Kind::ErrorDown { status, down },
        (Some(_), Some((_, span))) => {
            return Err(syn::Error::new(
                span,
                "`from` and `down` both say how older versions answered: keep one (`from = 404` for another status, `down = f` for another answer)",
            ));
        }
        (None, None) => return Err(syn::Error::new(meta.path.span(), need)),
    };
    Ok(Change { before, span, kind })
}

/// Whether `name` is a header name as HTTP/2 sends it: a lowercase token.
fn header_name_error(name: &str) -> Option<String> {
    let token = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
    if name.is_empty() || !name.chars().all(token) {
        return Some(format!(
            "`{name}` is not a header name: letters, digits and `-` (for example `\"x-request-cost\"`)"
        ));
    }
    if name.chars().any(|c| c.is_ascii_uppercase()) {
        return Some(format!(
            "header names are written in lowercase: `\"{}\"`",
            name.to_ascii_lowercase()
        ));
    }
    None
}

fn header_lit(lit: &LitStr) -> syn::Result<String> {
    let name = lit.value();
    match header_name_error(&name) {
        Some(message) => Err(syn::Error::new(lit.span(), message)),
        None => Ok(name),
    }
}

/// `what("header-name", key = value, ...)`: the header's name (checked), then each key,
/// one of `keys`, read by `each`. `usage` shows how to write it.
fn header_keys(
    meta: &ParseNestedMeta,
    what: &str,
    keys: &[&str],
    usage: &str,
    each: impl FnMut(&str, &ParseNestedMeta) -> syn::Result<()>,
) -> syn::Result<(LitStr, String)> {
    let content;
    syn::parenthesized!(content in meta.input);
    let name_lit: LitStr = content.parse().map_err(|e| {
        syn::Error::new(
            e.span(),
            format!("`{what}(...)` starts with the header's name: {usage}"),
        )
    })?;
    let name = header_lit(&name_lit)?;
    if !content.is_empty() {
        content.parse::<syn::Token![,]>()?;
        let list = format!("`{what}(...)`");
        let parser = syn::meta::parser(keyed(&list, keys, each));
        syn::parse::Parser::parse2(parser, content.parse::<TokenStream>()?)?;
    }
    Ok((name_lit, name))
}

/// `response_header("name", added = V)`, `(..., from = "old", in = V)`,
/// `(..., removed = V, down = f)`.
pub fn parse_header(context: &ApiContext, meta: &ParseNestedMeta) -> syn::Result<Change> {
    let (mut added, mut from, mut at, mut removed, mut down) = (None, None, None, None, None);
    let (name_lit, name) = header_keys(
        meta,
        "response_header",
        HEADER_KEYS,
        "`response_header(\"x-request-cost\", added = 3)`",
        |key, inner| {
            match key {
                "added" => added = Some(version(context, inner)?),
                "removed" => removed = Some(version(context, inner)?),
                "in" => at = Some(version(context, inner)?),
                "from" => {
                    let lit: LitStr = inner.value()?.parse()?;
                    from = Some((header_lit(&lit)?, lit.span()));
                }
                _ => down = Some(inner.value()?.parse::<syn::Path>()?),
            }
            Ok(())
        },
    )?;
    let change = |(before, span): (usize, Span), kind| Ok(Change { before, span, kind });
    match (added, from, at, removed, down) {
        (None, None, None, None, None) => change((0, name_lit.span()), Kind::Header { name }),
        (None, None, Some(v), None, Some(down)) => change(v, Kind::HeaderValue { name, down }),
        (Some(v), None, None, None, None) => change(v, Kind::HeaderAdded { name }),
        (None, Some((from, from_span)), Some(v), None, None) => {
            if from == name {
                return Err(syn::Error::new(
                    from_span,
                    format!(
                        "`{name}` is the header's name now, so this rename changes nothing: `from` is its old name"
                    ),
                ));
            }
            change(v, Kind::HeaderRenamed { name, from })
        }
        (None, None, None, Some(v), Some(down)) => change(v, Kind::HeaderRemoved { name, down }),
        (None, None, None, Some(v), None) => Err(syn::Error::new(
            v.1,
            format!(
                "older versions sent `{name}`: say how to compute its value from the latest answer's headers, `down = function` (`fn(&HeaderMap) -> Option<HeaderValue>`)"
            ),
        )),
        _ => Err(syn::Error::new(
            name_lit.span(),
            format!(
                "say how `{name}` changed, one of: `response_header(\"{name}\", added = 3)`, `response_header(\"{name}\", from = \"old-name\", in = 3)`, `response_header(\"{name}\", removed = 3, down = old_value)`, `response_header(\"{name}\", in = 3, down = old_value)` (its value changed); or `response_header(\"{name}\")` for a header every version sends"
            ),
        )),
    }
}

/// `request_header("x-cohort", query = "cohort", in = 2)`: before version 2, clients sent
/// the query parameter (or, with `body = ...`, the body field) in this request header.
pub fn parse_request_header(context: &ApiContext, meta: &ParseNestedMeta) -> syn::Result<Change> {
    let usage = "`request_header(\"x-cohort\", query = \"cohort\", in = 2)`: before version 2 clients sent the query parameter `cohort` in the header `x-cohort` (`body = \"field\"` for a body field)";
    let (mut target, mut at) = (None, None);
    let (name_lit, name) = header_keys(
        meta,
        "request_header",
        REQUEST_HEADER_KEYS,
        usage,
        |key, inner| {
            if key == "in" {
                at = Some(version(context, inner)?);
                return Ok(());
            }
            if target.is_some() {
                return Err(syn::Error::new(
                    inner.path.span(),
                    "the value goes to one place: `query = \"field\"` or `body = \"field\"`",
                ));
            }
            let lit: LitStr = inner.value()?.parse()?;
            let field = lit.value();
            if field.is_empty()
                || field.contains(|c: char| c.is_whitespace() || c == '&' || c == '=')
            {
                return Err(syn::Error::new(
                    lit.span(),
                    "expected the query parameter's or body field's name as the latest version reads it: `query = \"cohort\"`",
                ));
            }
            target = Some((key == "query", field));
            Ok(())
        },
    )?;
    let (Some((query, field)), Some((before, span))) = (target, at) else {
        return Err(syn::Error::new(
            name_lit.span(),
            format!("say where the value goes and since when: {usage}"),
        ));
    };
    Ok(Change {
        before,
        span,
        kind: Kind::RequestHeader { name, query, field },
    })
}

/// The success status each declared status change replaced: the `from` of the next change,
/// or the latest `status` (changes sorted by version).
fn status_chain(changes: &[Change], latest: u16) -> Vec<(usize, u16, u16, Span)> {
    let mut steps: Vec<(usize, u16, Span)> = changes
        .iter()
        .filter_map(|c| match c.kind {
            Kind::Status { was } => Some((c.before, was, c.span)),
            _ => None,
        })
        .collect();
    steps.sort_by_key(|s| s.0);
    (0..steps.len())
        .map(|i| {
            let now = steps.get(i + 1).map_or(latest, |next| next.1);
            (steps[i].0, now, steps[i].1, steps[i].2)
        })
        .collect()
}

/// Every change is made after the endpoint's first version (an older version must exist to
/// answer the old way), and before it is retired.
pub fn check_change_in_served_range(
    context: &ApiContext,
    first: usize,
    until: Option<usize>,
    changes: &[Change],
    errors: &mut Errors,
) {
    for change in changes {
        if matches!(change.kind, Kind::Header { .. } | Kind::Error { .. }) {
            continue; // declared for every version: no older version to answer the old way
        }
        if change.before <= first {
            errors.push_new(
                change.span,
                format!(
                    "the endpoint is first served in version {}, so no older version answers the old way: the change must be in a later version",
                    context.label(first)
                ),
            );
        } else if until.is_some_and(|until| change.before >= until) {
            errors.push_new(
                change.span,
                "the endpoint is retired by then: a change must be in a version that serves it",
            );
        }
    }
}

/// A status change changes something: its `from` is not the status that replaced it.
pub fn check_status_changes_something(changes: &[Change], latest: u16, errors: &mut Errors) {
    for (_, now, was, span) in status_chain(changes, latest) {
        if now == was {
            errors.push_new(
                span,
                format!("the endpoint answers {now} from this version on too, so this changes nothing: `from` is the status older versions answered with"),
            );
        }
    }
}

/// An error change changes something: `from` is not the status it is.
pub fn check_error_changes_something(changes: &[Change], errors: &mut Errors) {
    for change in changes {
        if let Kind::ErrorStatus { status, was } = change.kind
            && status == was
        {
            errors.push_new(
                change.span,
                format!("`from = {was}` is the status the error has now, so this changes nothing: `from` is the status older versions answered with"),
            );
        }
    }
}

/// One version changes a status, an error or a header once.
pub fn check_changed_once(changes: &[Change], errors: &mut Errors) {
    let subject = |kind: &Kind| match kind {
        Kind::Status { .. } => "the success status".to_owned(),
        Kind::ErrorStatus { status, .. }
        | Kind::ErrorDown { status, .. }
        | Kind::Error { status } => {
            format!("the error {status}")
        }
        Kind::HeaderAdded { name }
        | Kind::Header { name }
        | Kind::HeaderValue { name, .. }
        | Kind::HeaderRenamed { name, .. }
        | Kind::HeaderRemoved { name, .. } => format!("the header `{name}`"),
        Kind::RequestHeader { name, .. } => format!("the request header `{name}`"),
        Kind::Doc { .. } => "the documentation".to_owned(),
    };
    for (i, change) in changes.iter().enumerate() {
        let what = subject(&change.kind);
        if changes[..i]
            .iter()
            .any(|c| c.before == change.before && subject(&c.kind) == what)
        {
            let message = if matches!(change.kind, Kind::Header { .. } | Kind::Error { .. }) {
                format!("{what} is already declared for every version: remove this one")
            } else {
                format!("{what} already changes in this version: declare one change per version")
            };
            errors.push_new(change.span, message);
        }
    }
}

/// A header declared for every version (`response_header("x")`) has no history of its
/// presence: it is not also added, renamed or removed (a value change is fine).
pub fn check_header_declared_once(changes: &[Change], errors: &mut Errors) {
    for change in changes {
        let Kind::Header { name } = &change.kind else {
            continue;
        };
        let history = changes.iter().any(|c| match &c.kind {
            Kind::HeaderAdded { name: n }
            | Kind::HeaderRemoved { name: n, .. }
            | Kind::HeaderRenamed { name: n, .. } => n == name,
            _ => false,
        });
        if history {
            errors.push_new(
                change.span,
                format!("`{name}` has a history declared in another `response_header(\"{name}\", ...)`, which says which versions send it: remove this one"),
            );
        }
    }
}

/// The changes as the runtime computes with them (each status change with its
/// replacement), to compare with the lock.
pub fn steps(changes: &[Change], latest: u16) -> Vec<versionary_internals::history::Change<'_>> {
    use versionary_internals::history::Step;
    let chain = status_chain(changes, latest);
    changes
        .iter()
        .filter_map(|change| {
            let step = match &change.kind {
                Kind::Doc { .. } => return None,
                Kind::Status { was } => Step::Status {
                    now: now_of(&chain, change.before, *was, latest),
                    was: *was,
                },
                Kind::ErrorStatus { status, was } => Step::ErrorStatus {
                    now: *status,
                    was: *was,
                },
                Kind::ErrorDown { status, .. } => Step::ErrorDown { status: *status },
                Kind::HeaderAdded { name } => Step::HeaderAdded { name },
                Kind::Header { name } => Step::Header { name },
                Kind::Error { status } => Step::Error { status: *status },
                Kind::HeaderValue { name, .. } => Step::HeaderValue { name },
                Kind::HeaderRenamed { name, from } => Step::HeaderRenamed { name, from },
                Kind::HeaderRemoved { name, .. } => Step::HeaderRemoved { name },
                Kind::RequestHeader { name, query, field } => Step::RequestHeader {
                    name,
                    query: *query,
                    field,
                },
            };
            Some(versionary_internals::history::Change {
                before: change.before,
                step,
            })
        })
        .collect()
}

/// The status a status change made in `before` (from `was`) replaced.
fn now_of(chain: &[(usize, u16, u16, Span)], before: usize, was: u16, latest: u16) -> u16 {
    chain
        .iter()
        .find(|(b, _, w, _)| *b == before && *w == was)
        .map_or(latest, |step| step.1)
}

/// The runtime's `Change` list for `changes`, with each status change's replacement.
pub fn expand(
    runtime: &crate::private::Runtime,
    changes: &[Change],
    latest: u16,
    s: Span,
) -> TokenStream {
    let private = runtime.path(s);
    let chain = status_chain(changes, latest);
    let items = changes.iter().filter_map(|change| {
        let before = change.before;
        let kind = match &change.kind {
            Kind::Doc { .. } => return None,
            Kind::Status { was } => {
                let now = now_of(&chain, before, *was, latest);
                quote_spanned!(s=> #private::ChangeKind::Status { now: #now, was: #was })
            }
            Kind::ErrorStatus { status, was } => {
                quote_spanned!(s=> #private::ChangeKind::ErrorStatus { now: #status, was: #was })
            }
            Kind::ErrorDown { status, down } => {
                let name = quote::ToTokens::to_token_stream(down)
                    .to_string()
                    .replace(' ', "");
                let ds = down.span();
                quote_spanned! {ds=>
                    #private::ChangeKind::ErrorDown {
                        status: #status,
                        down: {
                            fn __versionary_down(__problem: #private::Problem) -> #private::Response {
                                #private::__answer(#down(__problem))
                            }
                            __versionary_down
                        },
                        name: #name,
                        describe: {
                            #[allow(clippy::needless_borrow)]
                            fn __versionary_describe(
                                __operation: &mut #private::Operation<'_>,
                            ) -> #private::Body {
                                #[allow(unused_imports)]
                                use #private::{DescribeAny as _, DescribeNothing as _, DescribeTyped as _};
                                (&&&#private::AnswerProbe(#down)).__versionary_answer(__operation)
                            }
                            __versionary_describe
                        },
                    }
                }
            }
            Kind::HeaderAdded { name } => {
                quote_spanned!(s=> #private::ChangeKind::HeaderAdded { name: #name })
            }
            Kind::Header { name } => {
                quote_spanned!(s=> #private::ChangeKind::Header { name: #name })
            }
            Kind::Error { status } => {
                quote_spanned!(s=> #private::ChangeKind::Error { status: #status })
            }
            Kind::HeaderValue { name, down } => {
                let down = header_down(&private, down);
                quote_spanned!(s=> #private::ChangeKind::HeaderValue { name: #name, down: #down })
            }
            Kind::HeaderRenamed { name, from } => quote_spanned! {s=>
                #private::ChangeKind::HeaderRenamed { name: #name, from: #from }
            },
            Kind::RequestHeader { name, query, field } => quote_spanned! {s=>
                #private::ChangeKind::RequestHeader { name: #name, query: #query, field: #field }
            },
            Kind::HeaderRemoved { name, down } => {
                let down = header_down(&private, down);
                quote_spanned!(s=> #private::ChangeKind::HeaderRemoved { name: #name, down: #down })
            }
        };
        Some(quote_spanned!(s=> #private::Change { before: #before, kind: #kind }))
    });
    quote_spanned!(s=> &[#(#items),*])
}

/// A header's `down = f` as the runtime's `fn(&HeaderMap) -> Option<HeaderValue>`, spanned
/// at `f` so a wrong signature is reported there.
fn header_down(private: &TokenStream, down: &syn::Path) -> TokenStream {
    let ds = down.span();
    quote_spanned! {ds=>
        {
            fn __versionary_down(
                __headers: &#private::HeaderMap,
            ) -> ::core::option::Option<#private::HeaderValue> {
                #down(__headers)
            }
            __versionary_down
        }
    }
}

/// The handler's documentation before each `doc(from = ..., in = V)`: `&[(V, text), ...]`.
pub fn expand_docs(changes: &[Change], s: Span) -> TokenStream {
    let items = changes.iter().filter_map(|change| match &change.kind {
        Kind::Doc { text } => {
            let before = change.before;
            Some(quote_spanned!(s=> (#before, #text)))
        }
        _ => None,
    });
    quote_spanned!(s=> &[#(#items),*])
}

/// A request header's value goes to an extractor the handler has: `query = ...` needs a
/// `versionary::Query<T>`, `body = ...` a `versionary::Json<T>` body.
pub fn check_request_header_target(changes: &[Change], item: &syn::ItemFn, errors: &mut Errors) {
    let sig = super::signature::of(item);
    for change in changes {
        if let Kind::RequestHeader { name, query, .. } = &change.kind {
            let (has, what) = if *query {
                (sig.query.is_some(), "a `versionary::Query<T>` extractor")
            } else {
                (sig.body.is_some(), "a `versionary::Json<T>` body")
            };
            if !has {
                errors.push_new(
                    change.span,
                    format!("the value of `{name}` goes to {what}, and the handler has none: add it, or move the value elsewhere"),
                );
            }
        }
    }
}
