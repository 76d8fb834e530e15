//! The rules across the keys of `#[event(...)]`, one `check_*` function per rule.

use super::parse::Args;
use crate::attr::{self, Errors};
use crate::context::ApiContext;

/// Checks every rule across the keys, adding each broken one to `errors`.
pub fn check(context: &ApiContext, args: &Args, errors: &mut Errors) {
    check_until_after_since(context, args, errors);
    check_until_not_first(args, errors);
}

/// `until` comes after `since`.
fn check_until_after_since(context: &ApiContext, args: &Args, errors: &mut Errors) {
    let span = (args.since, args.until);
    attr::check_until_after_since(context, span, "the event is sent", errors);
}

/// `until` is not the first version.
fn check_until_not_first(args: &Args, errors: &mut Errors) {
    attr::check_until_not_first(args.until, "the event would be sent", errors);
}
