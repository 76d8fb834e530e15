//! The rules across the keys of `#[endpoint(...)]`, and the handler's, one `check_*`
//! function per rule, in the order their errors are reported.

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{ItemFn, LitStr};

use super::history;
use super::parse::{Args, Move};
use crate::attr::{self, Errors};
use crate::context::ApiContext;

/// Checks every rule across the keys, adding each broken one to `errors`.
pub fn check(context: &ApiContext, args: &Args, errors: &mut Errors) {
    check_until_after_since(context, args, errors);
    check_until_not_first(args, errors);
    check_neutral_unversioned(args, errors);
    if let Some((list, span)) = &args.versions {
        check_versions_alone(args, *span, errors);
        check_versions_not_empty(list, *span, errors);
        check_versions_ascending(context, list, errors);
    }
    for (i, (m, span)) in args.moves.iter().enumerate() {
        check_move_after_first(context, args, m, *span, errors);
        check_move_before_until(context, args, m, *span, errors);
        check_move_once(context, &args.moves[..i], m, *span, errors);
    }
    check_moves_change_something(args, errors);
    let latest = args.status.map_or(200, |(status, _)| status);
    history::check_change_in_served_range(
        context,
        args.first(),
        args.until.map(|(u, _)| u),
        &args.changes,
        errors,
    );
    history::check_status_changes_something(&args.changes, latest, errors);
    history::check_error_changes_something(&args.changes, errors);
    history::check_changed_once(&args.changes, errors);
    history::check_header_declared_once(&args.changes, errors);
    if args.neutral.is_some()
        && let Some(change) = args.changes.first()
    {
        errors.push_new(
            change.span,
            "a version-neutral endpoint answers every version alike, so its answers have no history: remove `neutral`, or the change",
        );
    }
    check_notice(context, args, errors);
    // Unless a key failed to parse: a successor may be merely unread.
    if let Some(lit) = (args.deprecated.as_ref().or(args.sunset.as_ref())).filter(|_| args.parsed) {
        check_deprecated_versioned(args, errors);
        check_deprecated_has_successor(args, lit, errors);
    }
    if let Some(lit) = &args.successor {
        check_successor_params(args, lit, errors);
        check_successor_deprecated(args, lit, errors);
    }
}

/// `until` comes after `since`.
fn check_until_after_since(context: &ApiContext, args: &Args, errors: &mut Errors) {
    let span = (args.since, args.until);
    attr::check_until_after_since(context, span, "the endpoint exists", errors);
}

/// `until` is not the first version.
fn check_until_not_first(args: &Args, errors: &mut Errors) {
    attr::check_until_not_first(args.until, "the endpoint would exist", errors);
}

/// A version-neutral endpoint has no `since`, `until` or `moved`.
fn check_neutral_unversioned(args: &Args, errors: &mut Errors) {
    if let Some(span) = args.neutral
        && (args.since.is_some() || args.until.is_some() || !args.moves.is_empty())
    {
        errors.push_new(
            span,
            "a version-neutral endpoint is served without a version: remove `since`, `until` and `moved`, or remove `neutral`",
        );
    }
}

/// `versions = [...]` is not combined with `since`, `until` or `neutral`.
fn check_versions_alone(args: &Args, span: Span, errors: &mut Errors) {
    if args.since.is_some() || args.until.is_some() || args.neutral.is_some() {
        errors.push_new(
            span,
            "`versions = [...]` lists every version the endpoint exists in: remove `since`/`until` (or `neutral`), or use them instead of `versions`",
        );
    }
}

/// `versions = [...]` lists at least one version.
fn check_versions_not_empty(list: &[(usize, Span)], span: Span, errors: &mut Errors) {
    if list.is_empty() {
        errors.push_new(span, "`versions = [...]` needs at least one version");
    }
}

/// `versions = [...]` lists versions oldest first, once each.
fn check_versions_ascending(context: &ApiContext, list: &[(usize, Span)], errors: &mut Errors) {
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

/// A move comes after the first version the endpoint exists in.
fn check_move_after_first(
    context: &ApiContext,
    args: &Args,
    m: &Move,
    span: Span,
    errors: &mut Errors,
) {
    let first = args.first();
    if m.before <= first {
        errors.push_new(
            span,
            format!(
                "the endpoint exists from version {}, so it cannot move in version {}: a move comes after `since`",
                context.label(first),
                context.label(m.before)
            ),
        );
    }
}

/// A move comes before the version that retires the endpoint.
fn check_move_before_until(
    context: &ApiContext,
    args: &Args,
    m: &Move,
    span: Span,
    errors: &mut Errors,
) {
    if let Some((until, _)) = args.until
        && m.before >= until
    {
        errors.push_new(
            span,
            format!(
                "the endpoint is retired in version {}, so it cannot move in version {}",
                context.label(until),
                context.label(m.before)
            ),
        );
    }
}

/// The endpoint moves at most once per version (`earlier` are the moves before `m`).
fn check_move_once(
    context: &ApiContext,
    earlier: &[(Move, Span)],
    m: &Move,
    span: Span,
    errors: &mut Errors,
) {
    if earlier.iter().any(|(o, _)| o.before == m.before) {
        errors.push_new(
            span,
            format!(
                "the endpoint is moved twice in version {}",
                context.label(m.before)
            ),
        );
    }
}

/// A sunset follows a deprecation by at least the API's promised notice.
fn check_notice(context: &ApiContext, args: &Args, errors: &mut Errors) {
    crate::notice::check(
        args.deprecated.as_ref(),
        args.sunset.as_ref(),
        context.notice_days,
        &context.name.to_string(),
        errors,
    );
}

/// A version-neutral endpoint is not deprecated or sunset.
fn check_deprecated_versioned(args: &Args, errors: &mut Errors) {
    if let Some(span) = args.neutral {
        errors.push_new(
            span,
            "a version-neutral endpoint has no version to deprecate: remove `neutral`, or `deprecated`/`sunset`",
        );
    }
}

/// A deprecated (or sunset) endpoint names its successor.
fn check_deprecated_has_successor(args: &Args, lit: &LitStr, errors: &mut Errors) {
    if args.neutral.is_none() && args.successor.is_none() {
        errors.push_new(
            lit.span(),
            "a deprecated endpoint names its successor, for the `Link` header and the 410 answer: add `successor = \"/new/path/{id}\"`",
        );
    }
}

/// The successor's path parameters are this endpoint's, which fill them in.
fn check_successor_params(args: &Args, lit: &LitStr, errors: &mut Errors) {
    let params = |p: &str| -> Vec<String> {
        p.split('/')
            .filter_map(|s| {
                s.strip_prefix('{')?
                    .strip_suffix('}')
                    .map(|n| n.trim_start_matches('*').to_owned())
            })
            .collect()
    };
    let path = &args.path;
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
}

/// A successor goes with a deprecation (or a sunset).
fn check_successor_deprecated(args: &Args, lit: &LitStr, errors: &mut Errors) {
    if args.deprecated.is_none() && args.sunset.is_none() {
        errors.push_new(
            lit.span(),
            "`successor` goes with a deprecation: add `deprecated = \"YYYY-MM-DD\"`, or remove `successor`",
        );
    }
}

/// A move changes the route: `moved(from = "GET /p", in = V)` where `GET /p` is where the
/// endpoint is from `V` on declares nothing.
fn check_moves_change_something(args: &Args, errors: &mut Errors) {
    let mut moves: Vec<&(Move, Span)> = args.moves.iter().collect();
    moves.sort_by_key(|(m, _)| m.before);
    let path = args.path.value();
    for (i, (m, span)) in moves.iter().enumerate() {
        let (to_method, to_path) = moves
            .get(i + 1)
            .map_or((args.method.as_str(), path.as_str()), |(next, _)| {
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
pub fn check_moved_parameters(args: &Args, item: &ItemFn, errors: &mut Errors) {
    let extracts_path = item.sig.inputs.iter().any(|input| {
        matches!(input, syn::FnArg::Typed(arg)
            if matches!(super::signature::extractor(&arg.ty), Some(("path", _))))
    });
    if !extracts_path {
        return;
    }
    let path = args.path.value();
    let own = parameters(&path);
    let list = |names: &[&str]| {
        if names.is_empty() {
            "none".to_owned()
        } else {
            let names: Vec<String> = names.iter().map(|n| format!("`{{{n}}}`")).collect();
            names.join(", ")
        }
    };
    for (m, span) in &args.moves {
        let old = parameters(&m.path);
        if old != own {
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

/// `untyped_response` is for a body versionary cannot see: on a typed one it would only
/// take the body out of the lock.
pub fn check_untyped_response(args: &Args, item: &syn::ItemFn, errors: &mut Errors) {
    let Some(span) = args.untyped_response else {
        return;
    };
    let seen = match &item.sig.output {
        syn::ReturnType::Type(_, ty) => super::signature::unseen_body(ty).is_none(),
        syn::ReturnType::Default => true,
    };
    if seen {
        errors.push_new(
            span,
            "versionary sees this handler's response body (or that it has none), and guards it: remove `untyped_response`, which is for a body it cannot see (a `Response`, an `impl IntoResponse`)",
        );
    }
}

/// The handler is not generic: only a concrete function can be registered.
pub fn check_handler(item: &ItemFn, errors: &mut Errors) {
    if !item.sig.generics.params.is_empty() {
        errors.push(syn::Error::new(
            item.sig.generics.span(),
            "a generic handler cannot be registered: call it from a concrete `async fn` and register that",
        ));
    }
}
