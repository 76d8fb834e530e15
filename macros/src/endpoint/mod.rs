//! `#[endpoint(GET "/path", api = X, since = V, until = V)]` on an axum handler: parse the
//! arguments and the handler ([`parse`]), check the rules across them ([`check`]), check
//! the released versions' routes in the lock (here), then register the handler
//! ([`expand`]).

mod check;
mod expand;
mod parse;
mod signature;

use proc_macro2::TokenStream;
use syn::spanned::Spanned;

use verso_internals::lock::{Line, Part, Route};

use crate::attr::Errors;
use crate::context::ApiContext;

pub fn expand(
    context: &ApiContext,
    args: TokenStream,
    item: TokenStream,
) -> syn::Result<TokenStream> {
    let input = parse_and_check(context, args, item)?;
    check_lock(context, &input)?;
    Ok(expand::expand(&input))
}

/// The model of the endpoint, unless a rule is broken: every broken rule is reported.
fn parse_and_check(
    context: &ApiContext,
    args: TokenStream,
    item: TokenStream,
) -> syn::Result<parse::Input> {
    let mut errors = Errors::default();
    let args = parse::args(context, args, &mut errors)?;
    check::check(context, &args, &mut errors);
    let item = parse::handler(item, &mut errors)?;
    check::check_moved_parameters(&args, &item, &mut errors);
    check::check_handler(&item, &mut errors);
    errors.finish()?;
    Ok(parse::Input::new(args, item))
}

/// A released version keeps the method and path it served the handler at: compares with the
/// `endpoint METHOD PATH handler` lines of the lock. (A handler removed altogether leaves no
/// item to report at; `verso::lock::check` reports that.)
fn check_lock(context: &ApiContext, input: &parse::Input) -> syn::Result<()> {
    let Some(path) = &context.lock else {
        return Ok(());
    };
    if input.neutral {
        return Ok(());
    }
    let released =
        crate::lock::read(path).map_err(|m| syn::Error::new(input.item.sig.ident.span(), m))?;
    let handler = input.item.sig.ident.to_string();
    let count = context.versions.len();
    let serves = |v: usize| {
        if input.versions.is_empty() {
            v >= input.since && v < input.until.unwrap_or(count)
        } else {
            input.versions.contains(&v)
        }
    };
    let at = |v: usize| {
        input
            .moves
            .iter()
            .find(|m| v < m.before)
            .map_or((input.method.clone(), input.path.value()), |m| {
                (m.method.clone(), m.path.clone())
            })
    };
    let next = crate::guard::next_version(context, &released);
    let sig = signature::of(&input.item);
    let mut findings = crate::guard::Findings::default();
    for v in 0..count {
        let label = context.label(v);
        let Some(lines) = released.get(&label) else {
            continue;
        };
        let locked = lines.iter().find_map(|line| match line.parse::<Line>() {
            Ok(Line::Endpoint { route, handler: h }) if h == handler => {
                Some((route.method, route.path))
            }
            _ => None,
        });
        let Some((method, old_path)) = locked else {
            continue;
        };
        let span = input.item.sig.ident.span();
        let rule = crate::policy::Rule::ChangeEndpoint;
        if !serves(v) {
            findings.report(
                &label,
                rule,
                span,
                format!("`{handler}` was served at `{method} {old_path}`, and no longer is"),
                format!(
                    "a released endpoint stays: serve it in the released versions again and retire it in a new version with `until = {next}`"
                ),
            );
            continue;
        }
        let (now_method, now_path) = at(v);
        if now_method == method && now_path == old_path {
            check_signature(
                input,
                &sig,
                lines,
                &label,
                &method,
                &old_path,
                &next,
                &mut findings,
            );
            continue;
        }
        findings.report(
            &label,
            rule,
            span,
            format!("`{handler}` was served at `{method} {old_path}`, now at `{now_method} {now_path}`"),
            format!(
                "a released endpoint keeps its method and path: declare the move for a new version, `moved(from = \"{method} {old_path}\", in = {next})`"
            ),
        );
    }
    let mut errors = Errors::default();
    for error in findings.finish(context).0 {
        errors.push(error);
    }
    errors.finish()
}

/// What a released route showed a client stays: its status, path parameter types, query
/// struct, body and response types (the types' own contracts are their guards' business).
#[allow(clippy::too_many_arguments)]
fn check_signature(
    input: &parse::Input,
    sig: &signature::Signature,
    lines: &std::collections::BTreeSet<String>,
    label: &str,
    method: &str,
    path: &str,
    next: &str,
    findings: &mut crate::guard::Findings,
) {
    use crate::policy::Rule;
    let handler = input.item.sig.ident.to_string();
    let span = input.item.sig.ident.span();
    let route = Route {
        method: method.to_owned(),
        path: path.to_owned(),
    };
    // The locked lines of this route.
    let locked: Vec<Line> = lines
        .iter()
        .filter_map(|l| l.parse::<Line>().ok())
        .filter(|l| l.route() == Some(&route))
        .collect();
    let part = |kind: Part| {
        locked.iter().find_map(|l| match l {
            Line::Part { kind: k, ty, .. } if *k == kind => Some(ty.clone()),
            _ => None,
        })
    };
    let status = locked.iter().find_map(|l| match l {
        Line::Status { status, .. } => Some(*status),
        _ => None,
    });
    if let Some(status) = status
        && status != input.status
    {
        findings.report(
            label,
            Rule::ChangeStatus,
            input.status_span.unwrap_or(span),
            format!(
                "`{method} {path}` (`{handler}`) answered {status}, now {}",
                input.status
            ),
            format!("keep `status = {status}`; a new status needs a new version ({next})"),
        );
    }
    let mut types = |kind: Part, what: &str, now: Option<&signature::Part>| {
        if let (Some(old), Some(now)) = (part(kind), now)
            && old != now.name
        {
            findings.report(
                label,
                Rule::ChangeType,
                now.ty.span(),
                format!(
                    "the {what} of `{method} {path}` (`{handler}`) changed from `{old}` to `{}`",
                    now.name
                ),
                format!("keep `{old}`, and serve the new type from a new version ({next})"),
            );
        }
    };
    types(Part::Path, "path parameters", sig.path.as_ref());
    types(Part::Query, "query parameters", sig.query.as_ref());
    types(Part::Response, "response body", sig.response.as_ref());
    let locked_body = locked.iter().find_map(|l| match l {
        Line::Body { ty, required, .. } => Some((ty.clone(), *required)),
        _ => None,
    });
    match (locked_body, &sig.body) {
        (Some((old, _)), Some((now, _))) if old != now.name => findings.report(
            label,
            Rule::ChangeType,
            now.ty.span(),
            format!("the request body of `{method} {path}` (`{handler}`) changed from `{old}` to `{}`", now.name),
            format!("keep `{old}`, and take the new type from a new version ({next})"),
        ),
        (Some((_, false)), Some((now, true))) => findings.report(
            label,
            Rule::OptionalToRequired,
            now.ty.span(),
            format!("the request body of `{method} {path}` (`{handler}`) became required; old clients may send none"),
            format!("keep it `Option<Json<_>>` until a new version ({next})"),
        ),
        (None, Some((now, true))) => findings.report(
            label,
            Rule::AddRequiredRequestField,
            now.ty.span(),
            format!("`{method} {path}` (`{handler}`) now requires a request body; old clients send none"),
            format!("take it as `Option<Json<_>>`, or require it from a new version ({next})"),
        ),
        _ => {}
    }
}
