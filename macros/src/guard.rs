//! The compile-time guard of a type: compares what the code declares for each released
//! version with the lock, by the direction the released version uses the type in (the
//! lock's `type X request|response|both` line), and reports each breaking difference once,
//! at the item that changed, naming only the released versions that serve the type.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote_spanned};

use crate::context::ApiContext;
use crate::lock::{Item, TypeContract};
use crate::policy::{Level, Rule};
use crate::serde_attrs::all_renamings;
use versionary_internals::lock::{Line, Side};

mod sides;
use sides::{side_items, side_lines};

/// One breaking difference, before it is grouped over versions and directions. Its text
/// says `<breaks>` and `<clients>` where the directions it breaks go, filled in once the
/// directions are known: a type used both ways is compared a direction at a time, and a
/// change both see is one finding.
struct Finding {
    rule: Rule,
    what: String,
    fix: String,
    span: Span,
    versions: Vec<String>,
    request: bool,
    response: bool,
}

/// Who a change breaks ("requests and responses", "requests", "responses") and what old
/// clients do with the item ("send and read", "send", "read").
fn directions(request: bool, response: bool) -> (&'static str, &'static str) {
    match (request, response) {
        (true, true) => ("requests and responses", "send and read"),
        (true, false) => ("requests", "send"),
        _ => ("responses", "read"),
    }
}

/// Collects findings, one per (rule, what), with the versions they break.
#[derive(Default)]
pub struct Findings(Vec<Finding>);

impl Findings {
    pub fn report(&mut self, label: &str, rule: Rule, span: Span, what: String, fix: String) {
        self.report_in(label, (true, true), rule, span, what, fix);
    }

    /// A finding in the directions `(request, response)`.
    fn report_in(
        &mut self,
        label: &str,
        (request, response): (bool, bool),
        rule: Rule,
        span: Span,
        what: String,
        fix: String,
    ) {
        match self.0.iter_mut().find(|f| f.rule == rule && f.what == what) {
            Some(found) => {
                if !found.versions.iter().any(|v| v == label) {
                    found.versions.push(label.to_owned());
                }
                found.request |= request;
                found.response |= response;
            }
            None => self.0.push(Finding {
                rule,
                what,
                fix,
                span,
                versions: vec![label.to_owned()],
                request,
                response,
            }),
        }
    }

    /// The errors and warnings, per the API's policy.
    pub fn finish(self, context: &ApiContext) -> (Vec<syn::Error>, Vec<TokenStream>) {
        let (mut errors, mut warnings) = (Vec::new(), Vec::new());
        let api = &context.name;
        for f in self.0 {
            let (breaks, clients) = directions(f.request, f.response);
            let what = f
                .what
                .replace("<breaks>", breaks)
                .replace("<clients>", clients);
            let versions = if f.versions.len() == 1 {
                format!("released version {}", f.versions[0])
            } else {
                format!("released versions {}", f.versions.join(", "))
            };
            let message = format!(
                "{versions} of `{api}` changed: {} (rule `{}`). A released contract does not change: keep it as it was and declare the change in a new version: {}. (Bless the lock only for a version that never shipped.)",
                what,
                f.rule.id(),
                f.fix
            );
            match context.policy.level(f.rule) {
                Level::Deny => errors.push(syn::Error::new(f.span, message)),
                Level::Warn => {
                    let n = warnings.len();
                    warnings.push(warning(f.span, &message, n));
                }
                Level::Allow => {}
            }
        }
        (errors, warnings)
    }
}

/// The first version declared after the released ones, for the fixes' `in = ...`, written
/// as an attribute takes it, so a fix pastes as it is: an integer bare (`3`), a date or a
/// semantic version quoted (`"2025-11-01"`).
pub fn next_version(context: &ApiContext, released: &BTreeMap<String, BTreeSet<String>>) -> String {
    let newest = (0..context.versions.len())
        .rev()
        .find(|i| released.contains_key(&context.label(*i)));
    newest
        .and_then(|i| (i + 1 < context.versions.len()).then(|| context.label(i + 1)))
        .map(|label| crate::context::literal(&label))
        .unwrap_or_else(|| "<a new version declared in api_versions!>".to_owned())
}

/// Compares the code with every released version in the lock. Breaking differences are
/// errors or warnings per the policy; the rest is left to the lock's staleness check.
pub fn check(context: &ApiContext, contract: &TypeContract) -> (Vec<syn::Error>, Vec<TokenStream>) {
    let Some(path) = &context.lock else {
        return (Vec::new(), Vec::new());
    };
    let released = match crate::lock::read(path) {
        Ok(released) => released,
        Err(message) => return (vec![syn::Error::new(contract.span, message)], Vec::new()),
    };
    let next = next_version(context, &released);
    let mut findings = Findings::default();
    for (index, items) in contract.versions.iter().enumerate() {
        let label = context.label(index);
        let Some(lines) = released.get(&label) else {
            continue;
        };
        // How the released version uses the type; a type it did not reach is not part of
        // its contract.
        let direction = lines.iter().find_map(|l| match l.parse::<Line>() {
            Ok(Line::Type { name, direction }) if name == contract.name => Some(direction),
            _ => None,
        });
        let (request, response) = match direction.as_deref() {
            Some("request") => (true, false),
            Some("response") => (false, true),
            Some(_) => (true, true),
            None => continue,
        };
        // Fields and values a direction at a time: serde may read a name it does not
        // write, or skip a field one way only.
        for side in [Side::Request, Side::Response] {
            if !(if side == Side::Request {
                request
            } else {
                response
            }) {
                continue;
            }
            let (lines, items) = (side_lines(lines, side), side_items(items, side));
            let mut compare = Compare {
                contract,
                label: &label,
                next: &next,
                request: side == Side::Request,
                response: side == Side::Response,
                findings: &mut findings,
            };
            compare.fields(&lines, &items);
            compare.variants(&lines, &items);
            if side == Side::Request {
                compare.aliases(&lines, &items);
            }
        }
        let mut compare = Compare {
            contract,
            label: &label,
            next: &next,
            request,
            response,
            findings: &mut findings,
        };
        compare.representation(lines, items);
    }
    findings.finish(context)
}

struct Compare<'a> {
    contract: &'a TypeContract,
    label: &'a str,
    next: &'a str,
    request: bool,
    response: bool,
    findings: &'a mut Findings,
}

/// One field (`name type state`) or value (`name [data]`) of a type's contract.
type Entry<'i> = (String, String, String, &'i Item);

/// How a type's fields (or values) differ from the lock's: the lock's, name -> (type or
/// data, state); the code's; the names only in the lock; the code's entries not in the lock;
/// and the pairs of those two that are one renamed item: a name that vanished and one that
/// appeared with the same Rust name (or, when exactly one of each is left, the same type or
/// data).
struct Diff<'i> {
    locked: BTreeMap<String, (String, String)>,
    code: Vec<Entry<'i>>,
    missing: Vec<String>,
    new: Vec<Entry<'i>>,
    renames: Vec<(String, String, &'i Item)>,
}

fn diff<'i>(name: &str, lines: &BTreeSet<String>, items: &'i [Item], field: bool) -> Diff<'i> {
    // A field line of the type: (name, type, state); a value line: (name, data, "").
    let split = |line: &str| -> Option<(String, String, String)> {
        match line.parse::<Line>().ok()? {
            Line::Field {
                owner,
                name: member,
                ty,
                state,
                ..
            } if field && owner == name => Some((member, ty, state)),
            Line::Variant {
                owner,
                name: member,
                data,
                ..
            } if !field && owner == name => Some((member, data.unwrap_or_default(), String::new())),
            _ => None,
        }
    };
    let mut locked: BTreeMap<String, (String, String)> = lines
        .iter()
        .filter_map(|l| split(l))
        .map(|(name, ty, state)| (name, (ty, state)))
        .collect();
    let code: Vec<Entry<'i>> = items
        .iter()
        .filter_map(|item| {
            let (name, ty, state) = split(&item.line)?;
            Some((name, ty, state, item))
        })
        .collect();
    let mut missing: Vec<String> = locked
        .keys()
        .filter(|l| !code.iter().any(|c| &c.0 == *l))
        .cloned()
        .collect();
    let mut new: Vec<Entry<'i>> = code
        .iter()
        .filter(|c| !locked.contains_key(&c.0))
        .cloned()
        .collect();
    // A name that vanished but is still accepted (`alias`, in requests) is not gone; the
    // field or value now named otherwise that accepts it is the same one, not a new one.
    let accepted: BTreeMap<String, String> = items
        .iter()
        .filter_map(|item| match item.line.parse::<Line>() {
            Ok(Line::Alias {
                owner,
                name: member,
                alias,
            }) if owner == name => Some((alias, member)),
            _ => None,
        })
        .collect();
    let mut via_alias = Vec::new();
    missing.retain(|m| match accepted.get(m) {
        Some(now) => {
            new.retain(|c| c.0 != *now);
            via_alias.push((m.clone(), now.clone()));
            false
        }
        None => true,
    });
    // Still the same member: its type and state are compared with what the lock recorded
    // under the old name.
    for (old, now) in via_alias {
        if let Some(recorded) = locked.get(&old).cloned() {
            locked.entry(now).or_insert(recorded);
        }
    }
    let mut renames = Vec::new();
    new.retain(|c| {
        let renamed = missing.iter().position(|m| {
            c.3.ident
                .as_deref()
                .is_some_and(|ident| all_renamings(ident, field).iter().any(|r| r == m))
        });
        match renamed {
            Some(i) => {
                renames.push((missing.remove(i), c.0.clone(), c.3));
                false
            }
            None => true,
        }
    });
    if let ([old], [c]) = (&missing[..], &new[..])
        && locked.get(old).is_some_and(|(ty, _)| *ty == c.1)
    {
        renames.push((old.clone(), c.0.clone(), c.3));
        missing.clear();
        new.clear();
    }
    Diff {
        locked,
        code,
        missing,
        new,
        renames,
    }
}

impl Compare<'_> {
    fn report(&mut self, rule: Rule, span: Span, what: String, fix: String) {
        let fix = fix.replace("<new version>", self.next);
        let directions = (self.request, self.response);
        self.findings
            .report_in(self.label, directions, rule, span, what, fix);
    }

    /// Reports renamed fields (`field`) or values: those made by `rename_all` once, the
    /// others one by one, at the attribute or item that renamed them.
    fn renames(&mut self, renames: Vec<(String, String, &Item)>, field: bool) {
        let name = self.contract.name.clone();
        for (old, now, item) in self.by_rule(renames, field) {
            let span = self.name_span(item, &old, field);
            let fix = self.leaf_fix(format!(
                "keep the old name in the released versions with `#[api(renamed(from = \"{old}\", in = <new version>))]` on the {}",
                if field { "field" } else { "variant" }
            ));
            let what = if field {
                format!("`{name}.{old}` was renamed to `{now}`; old clients <clients> `{old}`")
            } else {
                format!(
                    "the value `{old}` of `{name}` was renamed to `{now}`; old clients know it as `{old}`"
                )
            };
            self.report(Rule::Rename, span, what, fix);
        }
    }

    /// Renames made by the container's `rename_all` (the items' Rust names unchanged, no
    /// `rename` of their own) are one change: reported once, at `rename_all`. The others are
    /// returned, to be reported one by one.
    fn by_rule<'i>(
        &mut self,
        renames: Vec<(String, String, &'i Item)>,
        field: bool,
    ) -> Vec<(String, String, &'i Item)> {
        let Some(rule_span) = self.contract.rename_all.or_else(|| {
            // `rename_all` removed: the names went back to the Rust names.
            renames
                .iter()
                .all(|(_, now, item)| item.ident.as_deref() == Some(now.as_str()))
                .then_some(self.contract.span)
        }) else {
            return renames;
        };
        let (by_rule, own): (Vec<_>, Vec<_>) = renames.into_iter().partition(|(old, _, item)| {
            item.name_span.is_none()
                && item
                    .ident
                    .as_deref()
                    .is_some_and(|ident| all_renamings(ident, field).iter().any(|r| r == old))
        });
        if by_rule.is_empty() {
            return own;
        }
        let name = self.contract.name.clone();
        let list: Vec<String> = by_rule
            .iter()
            .map(|(old, now, _)| format!("`{old}` is now `{now}`"))
            .collect();
        let what = if field { "fields" } else { "values" };
        let fix = self.leaf_fix(format!(
            "keep the released names ({}): restore the `rename_all` rule, or keep each old name with `renamed(from = ..., in = <new version>)`",
            list.join(", ")
        ));
        self.report(
            Rule::Rename,
            rule_span,
            format!(
                "`{name}` renamed its {what} with `rename_all`; old clients know the old names"
            ),
            fix,
        );
        own
    }

    /// Where a rename was made: the item's `#[serde(rename)]`, else the container's
    /// `rename_all` when the Rust name is unchanged, else the item.
    fn name_span(&self, item: &Item, old: &str, field: bool) -> Span {
        if let Some(span) = item.name_span {
            return span;
        }
        let same_ident = item
            .ident
            .as_deref()
            .is_some_and(|ident| all_renamings(ident, field).iter().any(|r| r == old));
        match self.contract.rename_all {
            Some(span) if same_ident => span,
            _ => item.span,
        }
    }

    /// "requests and responses", "requests" or "responses": who the change breaks.
    /// (A placeholder, filled in with the directions of the finding: see [`Finding`].)
    fn breaks(&self) -> &'static str {
        "<breaks>"
    }

    /// The fix for a leaf, whose contract cannot change: version it.
    fn leaf_fix(&self, versioned_fix: String) -> String {
        if self.contract.leaf {
            format!(
                "a `#[leaf]` type never changes, so make `{}` `#[versioned(api = ...)]` and declare the change: {versioned_fix}",
                self.contract.name
            )
        } else {
            versioned_fix
        }
    }

    fn fields(&mut self, lines: &BTreeSet<String>, items: &[Item]) {
        let name = self.contract.name.clone();
        let Diff {
            locked,
            code,
            missing,
            new,
            renames,
        } = diff(&self.contract.name, lines, items, true);
        self.renames(renames, true);
        for field in missing {
            let (ty, state) = &locked[&field];
            let ty = if state == "optional" {
                format!("Option<{ty}>")
            } else {
                ty.clone()
            };
            let fix = self.leaf_fix(format!(
                "`#[api(removed(field = {field}, ty = {ty}, in = <new version>, ...))]` on `{name}`, or `renamed(from = \"{field}\", in = <new version>)` on the field that took its place"
            ));
            // A field the code still has, but serde no longer reads (or writes).
            if let Some(skip) = self.skipped(&field) {
                let what = format!(
                    "`{name}.{field}` ({ty}) is skipped by serde now (`#[serde(skip...)]`), so it is gone from {}; removing a field breaks them",
                    self.breaks()
                );
                let fix = self.leaf_fix(format!(
                    "keep serde reading and writing `{field}` in the released versions: remove the `skip`, and declare its removal with `#[api(removed(field = {field}, ty = {ty}, in = <new version>, ...))]` on `{name}` (a new field for the Rust value, skipped)"
                ));
                self.report(Rule::RemoveField, skip, what, fix);
                continue;
            }
            let what = format!(
                "`{name}.{field}` ({ty}) is gone; removing a field breaks {}",
                self.breaks()
            );
            self.report(Rule::RemoveField, self.contract.span, what, fix);
        }
        for (field, _, state, item) in &new {
            if !self.request {
                continue;
            }
            if *state == "optional" {
                let fix = self.leaf_fix(format!("`#[api(added = <new version>)]` on `{field}`"));
                self.report(
                    Rule::AddOptionalRequestField,
                    item.span,
                    format!("`{name}.{field}` is a new optional request field, which this API's policy treats as breaking"),
                    fix,
                );
            } else {
                let fix = self.leaf_fix(format!(
                    "`#[api(added = <new version>, default)]` on `{field}`, or make it an `Option<_>`"
                ));
                self.report(
                    Rule::AddRequiredRequestField,
                    item.span,
                    format!("`{name}.{field}` is a new required request field; old clients do not send it"),
                    fix,
                );
            }
        }
        for (field, ty, state, item) in &code {
            let Some((locked_ty, locked_state)) = locked.get(field) else {
                continue;
            };
            let base = |t: &str| t.split('|').next().unwrap_or_default().to_owned();
            if locked_ty != ty && base(locked_ty) == base(ty) {
                let helper = |t: &str| {
                    let helpers: Vec<String> = (t.split('|').skip(1))
                        .filter_map(|h| h.split_once('='))
                        .map(|(key, path)| format!("{key} = \"{path}\""))
                        .collect();
                    if helpers.is_empty() {
                        "the type's own serde format".to_owned()
                    } else {
                        format!("`#[serde({})]`", helpers.join(", "))
                    }
                };
                let fix = self.leaf_fix(format!(
                    "`#[api(retyped(from = OldFormat, in = <new version>, up = ..., down = ...))]` on `{field}`, where `OldFormat` is a `#[versionary::leaf]` newtype written with {}",
                    helper(locked_ty)
                ));
                self.report(
                    Rule::ChangeType,
                    item.span,
                    format!(
                        "`{name}.{field}` changed how its JSON is written, from {} to {}; that breaks {}",
                        helper(locked_ty),
                        helper(ty),
                        self.breaks()
                    ),
                    fix,
                );
            } else if locked_ty != ty {
                let fix = self.leaf_fix(format!(
                    "`#[api(retyped(from = {locked_ty}, in = <new version>, up = ..., down = ...))]` on `{field}`"
                ));
                self.report(
                    Rule::ChangeType,
                    item.span,
                    format!(
                        "`{name}.{field}` changed type from `{locked_ty}` to `{ty}`; that breaks {}",
                        self.breaks()
                    ),
                    fix,
                );
            } else if (*locked_state == "flattened") != (*state == "flattened") {
                self.report(
                    Rule::ChangeRepresentation,
                    item.span,
                    format!(
                        "`{name}.{field}` changed between a nested object and `#[serde(flatten)]`"
                    ),
                    self.leaf_fix(format!("`flattened(in = <new version>, ...)` on `{field}`")),
                );
            } else if *locked_state == "optional" && *state == "required" && self.request {
                let fix = self.leaf_fix(format!(
                    "`#[api(required(in = <new version>, default))]` on `{field}`"
                ));
                self.report(
                    Rule::OptionalToRequired,
                    item.span,
                    format!("`{name}.{field}` became required; old requests may leave it out"),
                    fix,
                );
            } else if *locked_state == "required" && *state == "optional" && self.response {
                let fix = self.leaf_fix(format!(
                    "`#[api(optional(in = <new version>, default))]` on `{field}`"
                ));
                self.report(
                    Rule::RequiredToOptional,
                    item.span,
                    format!(
                        "`{name}.{field}` became optional (an `Option` or `skip_serializing_if`); old clients rely on it being there"
                    ),
                    fix,
                );
            }
        }
    }

    fn variants(&mut self, lines: &BTreeSet<String>, items: &[Item]) {
        let name = self.contract.name.clone();
        let Diff {
            locked,
            code,
            missing,
            new,
            renames,
        } = diff(&self.contract.name, lines, items, false);
        self.renames(renames, false);
        for variant in missing {
            if self.request {
                let fix = self.leaf_fix(format!(
                    "`#[api(removed(variant = ..., in = <new version>, up = ...))]` on `{name}` for `{variant}`"
                ));
                // At the `skip` that removed it, if serde skips it now.
                let span = self.skipped(&variant).unwrap_or(self.contract.span);
                self.report(
                    Rule::RemoveEnumValue,
                    span,
                    format!("the value `{variant}` of `{name}` is gone; old clients still send it"),
                    fix,
                );
            }
        }
        for (variant, _, _, item) in &new {
            if self.response {
                let fix = self.leaf_fix(
                    "`#[api(added = <new version>, down = ...)]` on the variant".to_owned(),
                );
                self.report(
                    Rule::AddEnumValue,
                    item.span,
                    format!("`{name}` has a new value `{variant}`; old clients do not know it"),
                    fix,
                );
            }
        }
        for (variant, payload, _, item) in &code {
            if let Some((locked_payload, _)) = locked.get(variant)
                && locked_payload != payload
            {
                let show = |p: &str| {
                    if p.is_empty() {
                        "no data".to_owned()
                    } else {
                        format!("`{p}`")
                    }
                };
                // Only the names of its fields changed: `rename_all_fields`, or the value's own
                // `rename_all`.
                let types = |p: &str| -> Vec<String> {
                    p.split(',')
                        .map(|f| f.split_once(':').map_or(f, |x| x.1).to_owned())
                        .collect()
                };
                if types(locked_payload) == types(payload) {
                    self.report(
                        Rule::Rename,
                        self.contract.rename_all_fields.unwrap_or(item.span),
                        format!(
                            "the fields of the value `{variant}` of `{name}` were renamed, from `{locked_payload}` to `{payload}`; old clients <clients> the old names"
                        ),
                        self.leaf_fix("keep the released field names (restore the `rename_all_fields` or `rename_all` rule)".to_owned()),
                    );
                    continue;
                }
                self.report(
                    Rule::ChangeType,
                    item.span,
                    format!(
                        "the value `{variant}` of `{name}` changed its data from {} to {}; that breaks {}",
                        show(locked_payload),
                        show(payload),
                        self.breaks()
                    ),
                    self.leaf_fix(format!("a new variant for the new data, added in <new version>, and `removed(variant = ...)` for `{variant}`")),
                );
            }
        }
    }

    fn representation(&mut self, lines: &BTreeSet<String>, items: &[Item]) {
        let name = self.contract.name.clone();
        let repr = |line: &str| match line.parse::<Line>() {
            Ok(Line::Repr { owner, repr }) if owner == name => Some(repr),
            _ => None,
        };
        let locked: Option<String> = lines.iter().find_map(|l| repr(l));
        let code: Option<(String, Span)> =
            items.iter().find_map(|i| Some((repr(&i.line)?, i.span)));
        let (locked, code) = (
            locked.as_deref(),
            code.as_ref().map(|(r, s)| (r.as_str(), *s)),
        );
        if locked != code.map(|c| c.0) {
            let show =
                |r: Option<&str>| r.map_or_else(|| "the default".to_owned(), |r| format!("`{r}`"));
            self.report(
                Rule::ChangeRepresentation,
                code.map_or(self.contract.span, |c| c.1),
                format!(
                    "`{name}` changed its JSON representation from {} to {}; that breaks {}",
                    show(locked),
                    show(code.map(|c| c.0)),
                    self.breaks()
                ),
                "keep the representation, and write a new type for the new one in <new version>"
                    .to_owned(),
            );
        }
        let denies = |line: &str| matches!(line.parse::<Line>(), Ok(Line::Attr { owner, attr }) if owner == name && attr == "deny_unknown_fields");
        if self.request
            && !lines.iter().any(|l| denies(l))
            && let Some(item) = items.iter().find(|i| denies(&i.line))
        {
            self.report(
                Rule::DenyUnknownFields,
                item.span,
                format!("`{name}` now rejects unknown fields; old clients may send fields it does not know"),
                "remove `deny_unknown_fields`, or reject unknown fields only from <new version> on with a versioned type".to_owned(),
            );
        }
    }
}

/// A warning from a proc macro on stable Rust: a deprecated item, used at `span`; `n`
/// numbers the warnings of one expansion.
pub fn warning(span: Span, message: &str, n: usize) -> TokenStream {
    let item = format_ident!("__versionary_lock_warning_{}", n, span = span);
    quote_spanned! {span=>
        #[deprecated(note = #message)]
        #[allow(non_upper_case_globals)]
        const #item: () = ();
        const _: () = #item;
    }
}
