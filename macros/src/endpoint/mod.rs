//! `#[endpoint(GET "/path", api = X, since = V, until = V)]` on an axum handler: parse and
//! check the arguments ([`parse`]), then register the handler ([`expand`]).

mod expand;
mod parse;

use proc_macro2::TokenStream;

use crate::context::ApiContext;

pub fn expand(
    context: &ApiContext,
    args: TokenStream,
    item: TokenStream,
) -> syn::Result<TokenStream> {
    let input = parse::parse(context, args, item)?;
    check_lock(context, &input)?;
    Ok(expand::expand(&input))
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
    let newest = (0..count)
        .rev()
        .find(|v| released.contains_key(&context.label(*v)));
    let next = newest
        .and_then(|v| (v + 1 < count).then(|| context.label(v + 1)))
        .unwrap_or_else(|| "<a new version declared in api_versions!>".to_owned());
    let mut errors = crate::attr::Errors::default();
    for v in 0..count {
        let label = context.label(v);
        let Some(lines) = released.get(&label) else {
            continue;
        };
        let locked = lines.iter().find_map(|line| {
            let mut parts = line.strip_prefix("endpoint ")?.split(' ');
            let (method, path, name) = (parts.next()?, parts.next()?, parts.next()?);
            (name == handler).then(|| (method.to_owned(), path.to_owned()))
        });
        let Some((method, old_path)) = locked else {
            continue;
        };
        let span = input.item.sig.ident.span();
        let rule = crate::lock::Rule::ChangeEndpoint;
        let message = if !serves(v) {
            format!(
                "released version {label} of `{}` served `{handler}` at `{method} {old_path}`, and no longer does (rule `{}`). A released endpoint stays: serve it in version {label} again and retire it in a new version with `until = {next}`",
                context.name,
                rule.id()
            )
        } else {
            let (now_method, now_path) = at(v);
            if now_method == method && now_path == old_path {
                continue;
            }
            format!(
                "released version {label} of `{}` served `{handler}` at `{method} {old_path}`, now `{now_method} {now_path}` (rule `{}`). A released endpoint keeps its method and path: declare the move for a new version, `moved(from = \"{method} {old_path}\", in = {next})`",
                context.name,
                rule.id()
            )
        };
        match context.policy.level(rule) {
            crate::lock::Level::Deny => errors.push_new(span, message),
            crate::lock::Level::Warn | crate::lock::Level::Allow => {}
        }
    }
    errors.finish()
}
