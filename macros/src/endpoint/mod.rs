//! `#[endpoint(GET "/path", api = X, since = V, until = V)]` on an axum handler: parse the
//! arguments and the handler ([`parse`]), check the rules across them ([`check`]), check
//! the released versions' routes in the lock (here), then register the handler
//! ([`expand`]).

mod check;
mod expand;
mod history;
mod parse;
mod signature;

use proc_macro2::TokenStream;
use syn::spanned::Spanned;

use versionary_internals::lock::{Line, Part, Route};

use crate::attr::Errors;
use crate::context::ApiContext;

pub fn expand(
    context: &ApiContext,
    args: TokenStream,
    item: TokenStream,
) -> syn::Result<TokenStream> {
    let input = parse_and_check(context, args, item)?;
    let (errors, warnings) = check_lock(context, &input)?;
    // A changed released contract is reported beside the full expansion, so the error is
    // the only one: the handler is still registered and its routes still build.
    let errors = errors.into_iter().map(syn::Error::into_compile_error);
    let expansion = expand::expand(&context.runtime, &input);
    let warnings = (!warnings.is_empty()).then(|| quote::quote!(const _: () = { #(#warnings)* };));
    Ok(quote::quote! {
        #(#errors)*
        #expansion
        #warnings
    })
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
    check::check_untyped_response(&args, &item, &mut errors);
    history::check_request_header_target(&args.changes, &item, &mut errors);
    check::check_handler(&item, &mut errors);
    errors.finish()?;
    Ok(parse::Input::new(args, item))
}

/// A released version keeps the method and path it served the handler at: compares with the
/// `endpoint METHOD PATH handler` lines of the lock. (A handler removed altogether leaves no
/// item to report at; `versionary::lock::check` reports that.)
fn check_lock(
    context: &ApiContext,
    input: &parse::Input,
) -> syn::Result<(Vec<syn::Error>, Vec<TokenStream>)> {
    let Some(path) = &context.lock else {
        return Ok(Default::default());
    };
    if input.neutral {
        return Ok(Default::default());
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
                (v, &label),
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
    let (errors, mut warnings) = findings.finish(context);
    let n = warnings.len();
    warnings.extend(unguarded_body_warning(input, n));
    Ok((errors, warnings))
}

/// A handler of an API with a lock whose body versionary cannot see (a `Response`, an
/// `impl IntoResponse`) would be left out of the lock without a word: a warning at the
/// return type says so, unless the endpoint says `untyped_response` (which the lock
/// records).
fn unguarded_body_warning(input: &parse::Input, n: usize) -> Option<TokenStream> {
    if input.untyped_response {
        return None;
    }
    let syn::ReturnType::Type(_, ty) = &input.item.sig.output else {
        return None;
    };
    let unseen = signature::unseen_body(ty)?;
    let handler = &input.item.sig.ident;
    let message = format!(
        "the response body of `{handler}` (`{}`) is not guarded: versionary cannot see its type, so the lock does not record it and the documents do not describe it. Return a typed body (`versionary::Json<T>`, in a tuple with a status or headers, or in `Result<_, Problem>`), or say `untyped_response` in `#[endpoint(...)]` to leave it unguarded on purpose (the lock records that)",
        quote::ToTokens::to_token_stream(unseen)
            .to_string()
            .replace(" :: ", "::")
            .replace(":: ", "::")
            .replace(" <", "<")
            .replace("< ", "<")
            .replace(" >", ">")
    );
    Some(crate::guard::warning(unseen.span(), &message, n))
}

/// A released route keeps the response headers and error answers the lock recorded for it
/// (`header`, `converted_header`, `request_header` and `error` lines). What the lock did not
/// record (an answer nobody had declared when the version was released) is not a change:
/// declaring it later adds to the record, and the lock is only stale. A recorded answer
/// the code no longer gives is breaking, reported at the declaration that changed it.
fn check_answers(
    input: &parse::Input,
    steps: &[versionary_internals::history::Change],
    locked: &[Line],
    (v, label): (usize, &str),
    (method, path): (&str, &str),
    next: &str,
    findings: &mut crate::guard::Findings,
) {
    use crate::policy::Rule;
    let route = Route {
        method: method.to_owned(),
        path: path.to_owned(),
    };
    let now = versionary_internals::lock::answer_lines(&route, steps, v);
    let handler = input.item.sig.ident.to_string();
    for line in locked {
        let (rule, kept) = match line {
            Line::Header { .. } | Line::ConvertedHeader { .. } | Line::RequestHeader { .. } => {
                (Rule::ChangeHeader, now.contains(line))
            }
            // A locked error is kept when the version still answers it so: by the same
            // status, whatever the latest version now answers in its place.
            Line::Error { status, answer, .. } => (
                Rule::ChangeError,
                now.iter().any(|n| match n {
                    Line::Error {
                        status: s,
                        answer: a,
                        ..
                    } => a == answer && (s == status || answer != "converted"),
                    _ => false,
                }),
            ),
            _ => continue,
        };
        if kept {
            continue;
        }
        let instead = now
            .iter()
            .filter(|n| !locked.contains(n) && same_subject(input, line, n))
            .map(answer_words)
            .collect::<Vec<_>>();
        let mut what = format!(
            "`{method} {path}` (`{handler}`) no longer {}",
            answer_words(line)
        );
        if !instead.is_empty() {
            what.push_str(&format!("; it {} instead", instead.join(", ")));
        }
        findings.report(
            label,
            rule,
            answer_span(input, line),
            what,
            format!("keep the declared history of the released answers, and change them from a new version: `in = {next}`"),
        );
    }
}

/// How a lock line of an endpoint's answers reads in a message.
fn answer_words(line: &Line) -> String {
    match line {
        Line::Header { name, .. } => format!("sends the header `{name}`"),
        Line::ConvertedHeader { name, .. } => {
            format!("sends the header `{name}` with its older value")
        }
        Line::RequestHeader {
            name, place, field, ..
        } => format!("reads the {place} value `{field}` from the request header `{name}`"),
        Line::Error { status, answer, .. } if answer == "converted" => {
            format!("answers the error {status} as its `down` function makes it")
        }
        Line::Error { status, answer, .. } => {
            format!("answers the error {status} with {answer}")
        }
        other => other.to_string(),
    }
}

/// Whether two answer lines are about the same header (by name, or a declared rename
/// between the two) or the same error.
fn same_subject(input: &parse::Input, a: &Line, b: &Line) -> bool {
    let header = |l: &Line| match l {
        Line::Header { name, .. } | Line::ConvertedHeader { name, .. } => Some(name.clone()),
        _ => None,
    };
    match (a, b) {
        (Line::RequestHeader { name: x, .. }, Line::RequestHeader { name: y, .. }) => x == y,
        (Line::Error { answer: x, .. }, Line::Error { answer: y, .. }) => {
            x == y || (x != "converted" && y != "converted")
        }
        _ => match (header(a), header(b)) {
            (Some(x), Some(y)) => {
                x == y
                    || input.changes.iter().any(|c| {
                        matches!(&c.kind, history::Kind::HeaderRenamed { name, from }
                            if (*name == x && *from == y) || (*name == y && *from == x))
                    })
            }
            _ => false,
        },
    }
}

/// Where the declaration behind a lock line of an endpoint's answers is written: the
/// `response_header`, `request_header` or `error` that names it, else the handler.
fn answer_span(input: &parse::Input, line: &Line) -> proc_macro2::Span {
    use history::Kind;
    let found = input.changes.iter().find(|c| match (line, &c.kind) {
        (
            Line::Header { name, .. } | Line::ConvertedHeader { name, .. },
            Kind::Header { name: n }
            | Kind::HeaderAdded { name: n }
            | Kind::HeaderValue { name: n, .. }
            | Kind::HeaderRemoved { name: n, .. },
        ) => n == name,
        (
            Line::Header { name, .. } | Line::ConvertedHeader { name, .. },
            Kind::HeaderRenamed { name: n, from },
        ) => n == name || from == name,
        (Line::RequestHeader { name, .. }, Kind::RequestHeader { name: n, .. }) => n == name,
        (
            Line::Error { status, answer, .. },
            Kind::Error { status: s } | Kind::ErrorDown { status: s, .. },
        ) => s == status || answer == &s.to_string(),
        (Line::Error { status, answer, .. }, Kind::ErrorStatus { status: s, was }) => {
            s == status || answer == &was.to_string() || answer == &s.to_string()
        }
        _ => false,
    });
    found.map_or(input.item.sig.ident.span(), |c| c.span)
}

/// What a released route showed a client stays: its status, path parameter types, query
/// struct, body and response types (the types' own contracts are their guards' business).
#[allow(clippy::too_many_arguments)]
fn check_signature(
    input: &parse::Input,
    sig: &signature::Signature,
    lines: &std::collections::BTreeSet<String>,
    (v, label): (usize, &str),
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
    let steps = history::steps(&input.changes, input.status);
    let status_now = versionary_internals::history::status_at(input.status, &steps, v);
    if let Some(status) = status
        && status != status_now
    {
        findings.report(
            label,
            Rule::ChangeStatus,
            input.status_span.unwrap_or(span),
            format!("`{method} {path}` (`{handler}`) answered {status}, now {status_now}"),
            format!("keep answering {status} there: declare a new status from a new version, `status = {status_now}, status(from = {status}, in = {next})`"),
        );
    }
    check_answers(
        input,
        &steps,
        &locked,
        (v, label),
        (method, path),
        next,
        findings,
    );
    let mut types = |kind: Part, what: &str, now: Option<&signature::Part>| {
        // A body typed now that was `untyped_response` is guarded from now on, not changed.
        if let (Some(old), Some(now)) = (part(kind), now)
            && old != now.name
            && old != signature::UNTYPED
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
    if let Some(old) = part(Part::Response)
        && old != signature::UNTYPED
        && sig.response.is_none()
    {
        let at = match &input.item.sig.output {
            syn::ReturnType::Type(_, ty) => ty.span(),
            syn::ReturnType::Default => span,
        };
        findings.report(
            label,
            Rule::ChangeType,
            at,
            format!("the response body of `{method} {path}` (`{handler}`) was `{old}`, and is no longer a type versionary can see"),
            format!("keep answering `{}`, and change the body from a new version ({next})", signature::answer_type(&old)),
        );
    }
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
