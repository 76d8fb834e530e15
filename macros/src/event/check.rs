//! The rules across the keys of `#[event(...)]`, one `check_*` function per rule.

use super::parse::Args;
use crate::attr::Errors;
use crate::context::ApiContext;

/// Checks every rule across the keys, adding each broken one to `errors`.
pub fn check(context: &ApiContext, args: &Args, errors: &mut Errors) {
    check_until_after_since(context, args, errors);
    check_until_not_first(args, errors);
}

/// `until` comes after `since`.
fn check_until_after_since(context: &ApiContext, args: &Args, errors: &mut Errors) {
    if let (Some((since, _)), Some((until, span))) = (args.since, args.until)
        && until <= since
    {
        errors.push_new(
            span,
            format!(
                "`until` ({}) must come after `since` ({}): the event is sent from `since` up to, not including, `until`",
                context.label(until),
                context.label(since)
            ),
        );
    }
}

/// `until` is not the first version.
fn check_until_not_first(args: &Args, errors: &mut Errors) {
    if let Some((0, span)) = args.until {
        errors.push_new(
            span,
            "`until` cannot be the first version: the event would be sent in no version",
        );
    }
}
