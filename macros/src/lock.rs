//! The compile-time guard: the policy, the lock file, and the classification of differences
//! between a released version's recorded contract and what the code declares now.
//!
//! A contract is a set of lines, one per item, the same at compile time (here) and at run
//! time (`verso::lock`, which writes and checks the file):
//!
//! ```text
//! type Participant response
//! field Participant.cohort u16 required
//! variant Status.in_transit
//! endpoint GET /participants/{id}
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, format_ident, quote_spanned};

use crate::attr::unknown_key;

/// The rules of the DESIGN table a difference can break.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Rule {
    RemoveField,
    AddRequiredRequestField,
    AddOptionalRequestField,
    ChangeType,
    OptionalToRequired,
    RequiredToOptional,
    AddEnumValue,
    RemoveEnumValue,
    ChangeEndpoint,
}

const RULES: &[(&str, Rule)] = &[
    ("remove_field", Rule::RemoveField),
    ("add_required_request_field", Rule::AddRequiredRequestField),
    ("add_optional_request_field", Rule::AddOptionalRequestField),
    ("change_type", Rule::ChangeType),
    ("optional_to_required", Rule::OptionalToRequired),
    ("required_to_optional", Rule::RequiredToOptional),
    ("add_enum_value", Rule::AddEnumValue),
    ("remove_enum_value", Rule::RemoveEnumValue),
    ("change_endpoint", Rule::ChangeEndpoint),
];

impl Rule {
    pub fn id(self) -> &'static str {
        RULES
            .iter()
            .find(|(_, r)| *r == self)
            .map_or("", |(id, _)| id)
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Level {
    Deny,
    Warn,
    Allow,
}

/// `policy = default | strict` and `rules(rule = deny | warn | allow, ...)`.
#[derive(Clone, Default, Debug)]
pub struct Policy {
    pub strict: bool,
    pub levels: Vec<(Rule, Level)>,
}

impl Policy {
    pub fn parse(&mut self, meta: &syn::meta::ParseNestedMeta) -> syn::Result<()> {
        if meta.path.is_ident("policy") {
            let value: syn::Ident = meta.value()?.parse()?;
            match value.to_string().as_str() {
                "default" => self.strict = false,
                "strict" => self.strict = true,
                _ => {
                    return Err(syn::Error::new(
                        value.span(),
                        "unknown policy: write `policy = default` (the DESIGN table) or `policy = strict` (new optional request fields are breaking too)",
                    ));
                }
            }
            return Ok(());
        }
        let names: Vec<&str> = RULES.iter().map(|(id, _)| *id).collect();
        meta.parse_nested_meta(|inner| {
            let id = inner
                .path
                .get_ident()
                .map(ToString::to_string)
                .unwrap_or_default();
            let Some((_, rule)) = RULES.iter().find(|(name, _)| *name == id) else {
                return Err(unknown_key(&inner.path, "`rules(...)`", &names));
            };
            let level: syn::Ident = inner.value()?.parse()?;
            let level = match level.to_string().as_str() {
                "deny" => Level::Deny,
                "warn" => Level::Warn,
                "allow" => Level::Allow,
                _ => {
                    return Err(syn::Error::new(
                        level.span(),
                        "a rule's level is `deny`, `warn` or `allow`",
                    ));
                }
            };
            self.levels.retain(|(r, _)| r != rule);
            self.levels.push((*rule, level));
            Ok(())
        })
    }

    /// How a breaking difference under `rule` is treated.
    pub fn level(&self, rule: Rule) -> Level {
        if let Some((_, level)) = self.levels.iter().find(|(r, _)| *r == rule) {
            return *level;
        }
        match rule {
            Rule::AddOptionalRequestField if !self.strict => Level::Allow,
            _ => Level::Deny,
        }
    }

    /// The policy as a string, to travel through the API's forwarding macro.
    pub fn encode(&self) -> String {
        let mut out = String::from(if self.strict { "strict" } else { "default" });
        for (rule, level) in &self.levels {
            let level = match level {
                Level::Deny => "deny",
                Level::Warn => "warn",
                Level::Allow => "allow",
            };
            out.push_str(&format!(";{}={level}", rule.id()));
        }
        out
    }

    pub fn decode(text: &str) -> Policy {
        let mut parts = text.split(';');
        let strict = parts.next() == Some("strict");
        let levels = parts
            .filter_map(|p| p.split_once('='))
            .filter_map(|(id, level)| {
                let rule = RULES.iter().find(|(name, _)| *name == id)?.1;
                let level = match level {
                    "deny" => Level::Deny,
                    "warn" => Level::Warn,
                    _ => Level::Allow,
                };
                Some((rule, level))
            })
            .collect();
        Policy { strict, levels }
    }
}

/// Where the lock is: `path` relative to the file that declares the API.
pub fn resolve(path: &str, span: Span) -> PathBuf {
    let path = Path::new(path);
    if path.is_absolute() {
        return path.to_owned();
    }
    let file = span.local_file().unwrap_or_default();
    let dir = file.parent().map(Path::to_owned).unwrap_or_default();
    let dir = if dir.is_absolute() {
        dir
    } else {
        // rustc reports paths relative to the directory cargo runs it in.
        std::env::current_dir().unwrap_or_default().join(dir)
    };
    dir.join(path)
}

/// The released versions recorded in a lock: version label -> its contract lines.
pub fn read(path: &Path) -> Result<BTreeMap<String, BTreeSet<String>>, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeMap::new()),
        Err(error) => {
            return Err(format!(
                "cannot read the lock `{}`: {error}",
                path.display()
            ));
        }
    };
    format::parse_lock(&text).map_err(|line| {
        format!(
            "the lock `{}` is malformed at line {line}: an entry before any `[version ...]`",
            path.display()
        )
    })
}

#[path = "../../runtime/src/lock/format.rs"]
mod format;

/// A type's name as the contract writes it: last path segments, no spaces
/// (`std::vec::Vec<crate::Item>` and `Vec<Item>` are the same contract).
pub fn type_name(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Path(path) => path
            .path
            .segments
            .last()
            .map(|segment| {
                let args = match &segment.arguments {
                    syn::PathArguments::AngleBracketed(args) => {
                        let inner: Vec<String> = args
                            .args
                            .iter()
                            .map(|a| match a {
                                syn::GenericArgument::Type(t) => type_name(t),
                                other => other.to_token_stream().to_string().replace(' ', ""),
                            })
                            .collect();
                        format!("<{}>", inner.join(","))
                    }
                    _ => String::new(),
                };
                format!("{}{args}", segment.ident)
            })
            .unwrap_or_default(),
        syn::Type::Reference(reference) => type_name(&reference.elem),
        syn::Type::Group(group) => type_name(&group.elem),
        syn::Type::Paren(paren) => type_name(&paren.elem),
        syn::Type::Array(array) => {
            format!(
                "[{};{}]",
                type_name(&array.elem),
                array.len.to_token_stream().to_string().replace(' ', "")
            )
        }
        syn::Type::Slice(slice) => format!("[{}]", type_name(&slice.elem)),
        other => other.to_token_stream().to_string().replace(' ', ""),
    }
}

/// One item of a type's contract in one version, with where to point an error.
pub struct Item {
    pub line: String,
    pub span: Span,
}

/// What the code declares for a type, version by version (by index).
pub struct TypeContract {
    pub name: String,
    pub request: bool,
    pub response: bool,
    pub span: Span,
    pub versions: Vec<Vec<Item>>,
}

impl TypeContract {
    pub fn direction(&self) -> &'static str {
        match (self.request, self.response) {
            (true, true) => "both",
            (true, false) => "request",
            _ => "response",
        }
    }

    /// The registration of the contract for `verso::lock` (render, check, bless): each line
    /// once per run of consecutive versions that have it, so its size follows the changes,
    /// not the number of versions.
    pub fn register(&self, api: &syn::Path) -> TokenStream {
        let s = self.span;
        let header = format!("type {} {}", self.name, self.direction());
        let mut runs: Vec<(u16, u16, &str)> = Vec::new();
        for (index, items) in self.versions.iter().enumerate() {
            let index = u16::try_from(index).unwrap_or(u16::MAX);
            let lines =
                std::iter::once(header.as_str()).chain(items.iter().map(|i| i.line.as_str()));
            for line in lines {
                match runs.iter_mut().rev().find(|run| run.2 == line) {
                    Some(run) if run.1.checked_add(1) == Some(index) => run.1 = index,
                    _ => runs.push((index, index, line)),
                }
            }
        }
        let entries = runs
            .iter()
            .map(|(first, last, line)| quote_spanned!(s=> (#first, #last, #line)));
        quote_spanned! {s=>
            ::verso::__private::inventory::submit! {
                ::verso::__private::Contract {
                    api: ::core::any::TypeId::of::<#api>,
                    lines: &[#(#entries),*],
                }
            }
        }
    }
}

/// Compares the code with every released version in the lock. Breaking differences are
/// errors or warnings per the policy; the rest is left to the lock's staleness check.
pub fn check(
    context: &crate::context::ApiContext,
    contract: &TypeContract,
) -> (Vec<syn::Error>, Vec<TokenStream>) {
    let (mut errors, mut warnings) = (Vec::new(), Vec::new());
    let Some(path) = &context.lock else {
        return (errors, warnings);
    };
    let released = match read(path) {
        Ok(released) => released,
        Err(message) => {
            errors.push(syn::Error::new(contract.span, message));
            return (errors, warnings);
        }
    };
    let api = &context.name;
    // The version to declare changes in: the first declared after the released ones.
    let newest_released = (0..context.versions.len())
        .rev()
        .find(|i| released.contains_key(&context.label(*i)));
    let next = newest_released
        .and_then(|i| (i + 1 < context.versions.len()).then(|| context.label(i + 1)))
        .unwrap_or_else(|| "<a new version declared in api_versions!>".to_owned());
    // (rule, what, fix, where) -> the released versions it breaks.
    let mut found: Vec<(Rule, String, String, Span, Vec<String>)> = Vec::new();
    for (index, items) in contract.versions.iter().enumerate() {
        let label = context.label(index);
        let Some(lines) = released.get(&label) else {
            continue;
        };
        if !lines.contains(&format!("type {} request", contract.name))
            && !lines.contains(&format!("type {} response", contract.name))
            && !lines.contains(&format!("type {} both", contract.name))
        {
            // The type was not part of that version's contract.
            continue;
        }
        let mut report = |rule: Rule, span: Span, what: String, fix: String| {
            let fix = fix.replace("<new version>", &next);
            match found.iter_mut().find(|(r, w, ..)| *r == rule && *w == what) {
                Some(entry) => entry.4.push(label.clone()),
                None => found.push((rule, what, fix, span, vec![label.clone()])),
            }
        };
        let prefix = |kind: &str| format!("{kind} {}.", contract.name);
        let locked_fields: BTreeMap<&str, (&str, bool)> = lines
            .iter()
            .filter_map(|l| l.strip_prefix(&prefix("field")))
            .filter_map(|rest| {
                let mut parts = rest.split(' ');
                Some((parts.next()?, (parts.next()?, parts.next()? == "required")))
            })
            .collect();
        let code_fields: BTreeMap<&str, (&str, bool, Span)> = items
            .iter()
            .filter_map(|item| Some((item.line.strip_prefix(&prefix("field"))?, item.span)))
            .filter_map(|(rest, span)| {
                let mut parts = rest.split(' ');
                Some((
                    parts.next()?,
                    (parts.next()?, parts.next()? == "required", span),
                ))
            })
            .collect();
        let name = &contract.name;
        for (field, (ty, required)) in &locked_fields {
            if !code_fields.contains_key(field) {
                let ty = if *required {
                    (*ty).to_owned()
                } else {
                    format!("Option<{ty}>")
                };
                report(
                    Rule::RemoveField,
                    contract.span,
                    format!(
                        "`{name}.{field}` ({ty}) is gone; removing a field breaks {}",
                        breaks(contract, true, true)
                    ),
                    format!(
                        "`#[api(removed(field = {field}, ty = {ty}, in = <new version>, ...))]` on `{name}`, or `renamed(from = \"{field}\", in = <new version>)` on the field that took its place"
                    ),
                );
            }
        }
        for (field, (ty, required, span)) in &code_fields {
            match locked_fields.get(field) {
                None if contract.request && *required => report(
                    Rule::AddRequiredRequestField,
                    *span,
                    format!(
                        "`{name}.{field}` is a new required request field; old clients do not send it"
                    ),
                    format!(
                        "`#[api(added = <new version>, default)]` on `{field}`, or make it an `Option<_>`"
                    ),
                ),
                None if contract.request => report(
                    Rule::AddOptionalRequestField,
                    *span,
                    format!(
                        "`{name}.{field}` is a new optional request field, which this API's policy treats as breaking"
                    ),
                    format!("`#[api(added = <new version>)]` on `{field}`"),
                ),
                None => {}
                Some((locked_ty, locked_required)) => {
                    if locked_ty != ty {
                        report(
                            Rule::ChangeType,
                            *span,
                            format!(
                                "`{name}.{field}` changed type from `{locked_ty}` to `{ty}`; that breaks {}",
                                breaks(contract, true, true)
                            ),
                            format!(
                                "`#[api(retyped(from = {locked_ty}, in = <new version>, up = ..., down = ...))]` on `{field}`"
                            ),
                        );
                    } else if !locked_required && *required && contract.request {
                        report(
                            Rule::OptionalToRequired,
                            *span,
                            format!(
                                "`{name}.{field}` became required; old requests may leave it out"
                            ),
                            format!("`#[api(required(in = <new version>, default))]` on `{field}`"),
                        );
                    } else if *locked_required && !required && contract.response {
                        report(
                            Rule::RequiredToOptional,
                            *span,
                            format!(
                                "`{name}.{field}` became optional; old clients rely on it being there"
                            ),
                            format!("`#[api(optional(in = <new version>, default))]` on `{field}`"),
                        );
                    }
                }
            }
        }
        let locked_variants: Vec<&str> = lines
            .iter()
            .filter_map(|l| l.strip_prefix(&prefix("variant")))
            .collect();
        let code_variants: Vec<(&str, Span)> = items
            .iter()
            .filter_map(|item| Some((item.line.strip_prefix(&prefix("variant"))?, item.span)))
            .collect();
        for variant in &locked_variants {
            if contract.request && !code_variants.iter().any(|(v, _)| v == variant) {
                report(
                    Rule::RemoveEnumValue,
                    contract.span,
                    format!("the value `{variant}` of `{name}` is gone; old clients still send it"),
                    format!(
                        "`#[api(removed(variant = ..., in = <new version>, up = ...))]` on `{name}` for `{variant}`"
                    ),
                );
            }
        }
        for (variant, span) in &code_variants {
            if contract.response && !locked_variants.contains(variant) {
                report(
                    Rule::AddEnumValue,
                    *span,
                    format!("`{name}` has a new value `{variant}`; old clients do not know it"),
                    "`#[api(added = <new version>, down = ...)]` on the variant".to_owned(),
                );
            }
        }
    }
    for (rule, what, fix, span, labels) in found {
        let versions = if labels.len() == 1 {
            format!("released version {}", labels[0])
        } else {
            format!("released versions {}", labels.join(", "))
        };
        let message = format!(
            "{versions} of `{api}` changed: {what} (rule `{}`). A released contract does not change: keep it as it was and declare the change in a new version: {fix}. (Bless the lock only for a version that never shipped.)",
            rule.id()
        );
        match context.policy.level(rule) {
            Level::Deny => errors.push(syn::Error::new(span, message)),
            Level::Warn => {
                let n = warnings.len();
                warnings.push(warning(span, &message, n));
            }
            Level::Allow => {}
        }
    }
    (errors, warnings)
}

/// "responses", "requests" or "requests and responses", as far as the type is used so.
fn breaks(contract: &TypeContract, request: bool, response: bool) -> &'static str {
    match (contract.request && request, contract.response && response) {
        (true, true) => "requests and responses",
        (true, false) => "requests",
        _ => "responses",
    }
}

/// A warning from a proc macro on stable Rust: a deprecated item, used at `span`.
fn warning(span: Span, message: &str, n: usize) -> TokenStream {
    let item = format_ident!("__verso_lock_warning_{}", n, span = span);
    quote_spanned! {span=>
        #[deprecated(note = #message)]
        #[allow(non_upper_case_globals)]
        const #item: () = ();
        const _: () = #item;
    }
}
