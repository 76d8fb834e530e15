//! `#[event("move.created", api = X, since = V, until = V)]` on a one-field tuple struct:
//! parse the arguments and the struct ([`parse`]), check the rules across them ([`check`]),
//! check the released versions' events in the lock (here), then implement
//! `versionary::event::Event` and register the event ([`expand`]).

mod check;
mod expand;
mod parse;

use proc_macro2::TokenStream;
use syn::spanned::Spanned;

use versionary_internals::lock::Line;

use crate::attr::Errors;
use crate::context::ApiContext;
use crate::policy::Rule;

pub fn expand(
    context: &ApiContext,
    args: TokenStream,
    item: TokenStream,
) -> syn::Result<TokenStream> {
    let input = parse_and_check(context, args, item)?;
    let (errors, warnings) = check_lock(context, &input)?;
    // A changed released event is reported beside the full expansion, so the error is the
    // only one: the event still implements `Event` where it is used.
    let errors = errors.into_iter().map(syn::Error::into_compile_error);
    let expansion = expand::expand(&context.runtime, &input);
    let warnings = (!warnings.is_empty()).then(|| quote::quote!(const _: () = { #(#warnings)* };));
    Ok(quote::quote! {
        #(#errors)*
        #expansion
        #warnings
    })
}

/// The model of the event, unless a rule is broken: every broken rule is reported.
fn parse_and_check(
    context: &ApiContext,
    args: TokenStream,
    item: TokenStream,
) -> syn::Result<parse::Input> {
    let mut errors = Errors::default();
    let args = parse::args(context, args, &mut errors)?;
    check::check(context, &args, &mut errors);
    let item = match parse::item(item, &mut errors) {
        Ok(item) => Some(item),
        Err(error) => {
            errors.push(error);
            None
        }
    };
    if args.api.is_none() {
        errors.push_new(
            args.name.span(),
            "missing `api = ...`: name the API declared with `api_versions!`, e.g. `#[event(\"move.created\", api = MyApi)]`",
        );
    }
    errors.finish()?;
    // Both are there: a missing one is an error above.
    match (args.api.clone(), item) {
        (Some(api), Some(item)) => Ok(parse::Input::new(api, args, item)),
        _ => Err(syn::Error::new(args.name.span(), "not an event")),
    }
}

/// A released version keeps sending the event, with the payload type it sent: compares with
/// the `event NAME Payload` lines of the lock. (An event deleted altogether leaves no item
/// to report at; `ApiBuilder::build` and `versionary::lock::check` report that.)
fn check_lock(
    context: &ApiContext,
    input: &parse::Input,
) -> syn::Result<(Vec<syn::Error>, Vec<TokenStream>)> {
    let Some(path) = &context.lock else {
        return Ok(Default::default());
    };
    let name = input.name.value();
    let released = crate::lock::read(path).map_err(|m| syn::Error::new(input.name.span(), m))?;
    let next = crate::guard::next_version(context, &released);
    let count = context.versions.len();
    let payload = crate::lock::type_name(&input.payload);
    let mut findings = crate::guard::Findings::default();
    for v in 0..count {
        let label = context.label(v);
        let Some(lines) = released.get(&label) else {
            continue;
        };
        let locked = lines.iter().find_map(|line| match line.parse::<Line>() {
            Ok(Line::Event { name: n, payload }) if n == name => Some(payload),
            _ => None,
        });
        let Some(old) = locked else {
            continue;
        };
        let sent = input.since <= v && v < input.until.unwrap_or(count);
        if !sent {
            let (span, fix) = if v < input.since {
                (
                    input.since_span.unwrap_or(input.name.span()),
                    format!(
                        "a released event stays: send it from version {} again (`since = {}`)",
                        label,
                        context.literal(v)
                    ),
                )
            } else {
                (
                    input.until_span.unwrap_or(input.name.span()),
                    format!(
                        "a released event stays: send it in the released versions, and retire it from a new version with `until = {next}`"
                    ),
                )
            };
            findings.report(
                &label,
                Rule::ChangeEvent,
                span,
                format!("the event `{name}` (payload `{old}`) was sent, and no longer is"),
                fix,
            );
        } else if old != payload {
            findings.report(
                &label,
                Rule::ChangeType,
                input.payload.span(),
                format!("the payload of the event `{name}` changed from `{old}` to `{payload}`"),
                format!("keep `{old}`, and send the new payload from a new version ({next}) as another event"),
            );
        }
    }
    Ok(findings.finish(context))
}
