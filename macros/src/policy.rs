//! The API's policy for breaking differences: `policy = default | strict` and
//! `rules(rule = deny | warn | allow, ...)` in `api_versions!`, the rules they name (the
//! table "How differences are judged" in `versionary::lock`'s documentation,
//! `runtime/docs/lock.md`), and the level each rule is treated at. Read from the user's
//! `api_versions!`, and forwarded in the same syntax to every expansion of the API.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::attr::unknown_key;

/// The rules a difference can break: the table "How differences are judged" in
/// `versionary::lock`'s documentation.
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
    Rename,
    ChangeRepresentation,
    DenyUnknownFields,
    ChangeStatus,
    ChangeHeader,
    ChangeError,
    ChangeEndpoint,
    ChangeEvent,
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
    ("rename", Rule::Rename),
    ("change_representation", Rule::ChangeRepresentation),
    ("deny_unknown_fields", Rule::DenyUnknownFields),
    ("change_status", Rule::ChangeStatus),
    ("change_header", Rule::ChangeHeader),
    ("change_error", Rule::ChangeError),
    ("change_endpoint", Rule::ChangeEndpoint),
    ("change_event", Rule::ChangeEvent),
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
    /// Reads one `policy = ...` or `rules(...)` key into the policy.
    pub fn parse(&mut self, meta: &syn::meta::ParseNestedMeta) -> syn::Result<()> {
        if meta.path.is_ident("policy") {
            let value: syn::Ident = meta.value()?.parse()?;
            match value.to_string().as_str() {
                "default" => self.strict = false,
                "strict" => self.strict = true,
                _ => {
                    return Err(syn::Error::new(
                        value.span(),
                        "unknown policy: write `policy = default` (the rules of `versionary::lock`) or `policy = strict` (new optional request fields are breaking too)",
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

    /// The policy in the syntax [`Policy::parse`] reads (`policy = strict, rules(...)`,
    /// without `rules` when no rule's level is set), for the API's forwarding macro to hand
    /// to every expansion.
    pub fn forwarded(&self) -> TokenStream {
        let policy = format_ident!("{}", if self.strict { "strict" } else { "default" });
        if self.levels.is_empty() {
            return quote!(policy = #policy);
        }
        let rules = self.levels.iter().map(|(rule, level)| {
            let rule = format_ident!("{}", rule.id());
            let level = format_ident!("{}", level.id());
            quote!(#rule = #level)
        });
        quote!(policy = #policy, rules(#(#rules),*))
    }
}

impl Level {
    /// The level as written in `rules(...)`.
    fn id(self) -> &'static str {
        match self {
            Level::Deny => "deny",
            Level::Warn => "warn",
            Level::Allow => "allow",
        }
    }
}
