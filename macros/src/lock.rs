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
use quote::{ToTokens, quote_spanned};

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
    Rename,
    ChangeRepresentation,
    DenyUnknownFields,
    ChangeStatus,
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
    ("rename", Rule::Rename),
    ("change_representation", Rule::ChangeRepresentation),
    ("deny_unknown_fields", Rule::DenyUnknownFields),
    ("change_status", Rule::ChangeStatus),
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

use verso_internals::lock as format;

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

/// A field's line of a contract, `field Owner.wire Type state`: an `Option<T>` is written
/// `T` (making a field optional or required is an optionality change, not a change of
/// type); a serde helper that writes the field is part of its type
/// (`DateTime<Utc>|with=chrono::serde::ts_seconds`), and the state is `flattened`, `optional` (it may be absent: `option`, a serde
/// `default` on the field or its container, or `skip_serializing_if`) or `required`.
pub fn field_line(
    owner: &str,
    wire: &str,
    ty: &syn::Type,
    option: bool,
    container: &[syn::Attribute],
    attrs: &[syn::Attribute],
) -> String {
    use crate::serde_attrs::has_serde_key;
    let state = if has_serde_key(attrs, "flatten") {
        "flattened"
    } else if option
        || has_serde_key(container, "default")
        || has_serde_key(attrs, "default")
        || has_serde_key(attrs, "skip_serializing_if")
    {
        "optional"
    } else {
        "required"
    };
    let ty = crate::versioned::option_inner(ty).unwrap_or(ty);
    // A field whose JSON a serde helper writes: the helper is part of its type.
    let helpers: String = ["with", "serialize_with", "deserialize_with"]
        .iter()
        .filter_map(|key| {
            let path = crate::serde_attrs::serde_string(attrs, key)?;
            Some(format!("|{key}={}", path.replace(' ', "")))
        })
        .collect();
    format!("field {owner}.{wire} {}{helpers} {state}", type_name(ty))
}

/// One item of a type's contract in one version, with where to point an error.
#[derive(Clone)]
pub struct Item {
    pub line: String,
    pub span: Span,
    /// The Rust name of the field or variant, to tell a rename from a removal.
    pub ident: Option<String>,
    /// Where the serialised name is set (`#[serde(rename = "...")]`), when it is.
    pub name_span: Option<Span>,
}

impl Item {
    pub fn new(line: String, span: Span) -> Item {
        Item {
            line,
            span,
            ident: None,
            name_span: None,
        }
    }
}

/// What the code declares for a type, version by version (by index).
pub struct TypeContract {
    pub name: String,
    /// A `#[leaf]` type: its contract is the same in every version and cannot change.
    pub leaf: bool,
    pub request: bool,
    pub response: bool,
    pub span: Span,
    /// Where the container's `rename_all` is written, when it is.
    pub rename_all: Option<Span>,
    pub versions: Vec<Vec<Item>>,
}

impl TypeContract {
    /// The registration of the contract for `verso::lock` (render, check, bless): each line
    /// once per run of consecutive versions that have it, so its size follows the changes,
    /// not the number of versions. The `type X direction` lines are the runtime's: it adds
    /// them in the versions whose endpoints reach the type.
    pub fn register(&self, api: &syn::Path) -> TokenStream {
        let s = self.span;
        let mut runs: Vec<(u16, u16, &str)> = Vec::new();
        for (index, items) in self.versions.iter().enumerate() {
            let index = u16::try_from(index).unwrap_or(u16::MAX);
            for line in items.iter().map(|i| i.line.as_str()) {
                match runs.iter_mut().rev().find(|run| run.2 == line) {
                    Some(run) if run.1.checked_add(1) == Some(index) => run.1 = index,
                    _ => runs.push((index, index, line)),
                }
            }
        }
        let entries = runs
            .iter()
            .map(|(first, last, line)| quote_spanned!(s=> (#first, #last, #line)));
        let (name, leaf, request, response) = (&self.name, self.leaf, self.request, self.response);
        let private = crate::private::path(s);
        quote_spanned! {s=>
            #private::inventory::submit! {
                #private::Contract {
                    api: ::core::any::TypeId::of::<#api>,
                    name: #name,
                    leaf: #leaf,
                    request: #request,
                    response: #response,
                    lines: &[#(#entries),*],
                }
            }
        }
    }
}
