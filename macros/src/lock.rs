//! The lock file and the contracts recorded in it: where the lock is, how it is read, and
//! the lines a type's contract is made of (the guard compares them with the lock).
//!
//! A contract is a set of lines, one per item, the same at compile time (here) and at run
//! time (`versionary::lock`, which writes and checks the file):
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

use versionary_internals::lock as format;
use versionary_internals::lock::{Line, Side};

use crate::serde_view::Member;

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

/// A field's type and its state in requests and in responses, as its lines write them: an
/// `Option<T>` is written `T` (making a field optional or required is an optionality
/// change, not a change of type); a serde helper that writes the field is part of its type
/// (`DateTime<Utc>|with=chrono::serde::ts_seconds`). The state is `flattened`, `optional`
/// or `required`: a request may leave out an `Option` or a field with a serde `default`
/// (its own or its container's); a response may leave out a `skip_serializing_if` field,
/// and an `Option` may be `null`. serde's `default` is for reading only.
pub fn field_shape(
    ty: &syn::Type,
    option: bool,
    container_default: bool,
    attrs: &[syn::Attribute],
) -> (String, [String; 2]) {
    use crate::serde_attrs::has_serde_key;
    let state = |optional: bool| {
        if has_serde_key(attrs, "flatten") {
            "flattened"
        } else if optional {
            "optional"
        } else {
            "required"
        }
        .to_owned()
    };
    let request = option || container_default || has_serde_key(attrs, "default");
    let response = option || has_serde_key(attrs, "skip_serializing_if");
    let ty = crate::types::option_inner(ty).unwrap_or(ty);
    // A field whose JSON a serde helper writes: the helper is part of its type.
    let helpers: String = ["with", "serialize_with", "deserialize_with"]
        .iter()
        .filter_map(|key| {
            let path = crate::serde_attrs::serde_string(attrs, key)?;
            Some(format!("|{key}={}", path.replace(' ', "")))
        })
        .collect();
    (
        format!("{}{helpers}", type_name(ty)),
        [state(request), state(response)],
    )
}

/// A field of a contract as serde reads and writes it: `field Owner.name Type state` when it
/// is the same both ways, else a `field:request` line as requests have it (unless serde
/// skips it when deserialising) and a `field:response` line as responses carry it (unless
/// skipped when serialising); then an `alias` line for each other name requests may use.
/// `shape` is [`field_shape`]'s; `span` and `ident` the field's.
pub fn field_items(
    owner: &str,
    member: &Member,
    shape: &(String, [String; 2]),
    span: Span,
    ident: Option<String>,
) -> Vec<Item> {
    let (ty, [request, response]) = shape;
    let line = |name: &str, only: Option<Side>| Line::Field {
        owner: owner.to_owned(),
        name: name.to_owned(),
        ty: ty.clone(),
        state: if only == Some(Side::Request) {
            request.clone()
        } else {
            response.clone()
        },
        only,
    };
    // Optional one way only is a line per direction too.
    if request != response && (member.skip_ser.is_none() || member.skip_de.is_none()) {
        return sided(owner, member, span, ident, line);
    }
    member_items(owner, member, span, ident, line)
}

/// The lines of an enum value (`variant Owner.name data`), as [`field_items`] makes a field's:
/// `data` gives its data as requests and as responses carry it.
pub fn variant_items(
    owner: &str,
    member: &Member,
    data: [Option<String>; 2],
    span: Span,
    ident: Option<String>,
) -> Vec<Item> {
    let [request, response] = data;
    // The same name but other data each way is a line per direction too.
    let split = request != response;
    let line = |name: &str, only: Option<Side>| Line::Variant {
        owner: owner.to_owned(),
        name: name.to_owned(),
        data: if only == Some(Side::Request) {
            request.clone()
        } else {
            response.clone()
        },
        only,
    };
    if split && (member.skip_ser.is_none() || member.skip_de.is_none()) {
        return sided(owner, member, span, ident, line);
    }
    member_items(owner, member, span, ident, line)
}

fn member_items(
    owner: &str,
    member: &Member,
    span: Span,
    ident: Option<String>,
    line: impl Fn(&str, Option<Side>) -> Line,
) -> Vec<Item> {
    if member.skip_ser.is_some() && member.skip_de.is_some() {
        return Vec::new();
    }
    if member.symmetric() {
        let mut items = vec![Item {
            line: line(&member.ser, None).to_string(),
            span,
            ident,
            name_span: member.ser_at,
            member: None,
        }];
        items.extend(alias_items(owner, member));
        return items;
    }
    sided(owner, member, span, ident, line)
}

/// A line per direction the member is in, then its aliases.
fn sided(
    owner: &str,
    member: &Member,
    span: Span,
    ident: Option<String>,
    line: impl Fn(&str, Option<Side>) -> Line,
) -> Vec<Item> {
    let mut items = Vec::new();
    if member.skip_de.is_none() {
        items.push(Item {
            line: line(&member.de, Some(Side::Request)).to_string(),
            span,
            ident: ident.clone(),
            name_span: member.de_at,
            member: None,
        });
    }
    if member.skip_ser.is_none() {
        items.push(Item {
            line: line(&member.ser, Some(Side::Response)).to_string(),
            span,
            ident,
            name_span: member.ser_at,
            member: None,
        });
    }
    items.extend(alias_items(owner, member));
    items
}

/// `alias Owner.name other`, one per other name requests may use.
fn alias_items<'m>(owner: &'m str, member: &'m Member) -> impl Iterator<Item = Item> + 'm {
    member
        .aliases
        .iter()
        .filter(|_| member.skip_de.is_none())
        .map(move |(alias, at)| Item {
            line: Line::Alias {
                owner: owner.to_owned(),
                name: member.de.clone(),
                alias: alias.clone(),
            }
            .to_string(),
            span: *at,
            ident: None,
            name_span: Some(*at),
            member: None,
        })
}

/// Where a member serde no longer reads or writes is skipped, for the guard to point at:
/// every name it had, the direction, and the `skip...` attribute.
pub fn skips(member: &Member, ident: Option<&str>) -> Vec<Skipped> {
    let names: Vec<String> = [Some(member.ser.as_str()), Some(member.de.as_str()), ident]
        .into_iter()
        .flatten()
        .map(str::to_owned)
        .collect();
    [
        (Side::Request, member.skip_de),
        (Side::Response, member.skip_ser),
    ]
    .into_iter()
    .filter_map(|(side, at)| {
        Some(Skipped {
            names: names.clone(),
            side,
            span: at?,
        })
    })
    .collect()
}

/// A member serde skips in one direction (`skip`, `skip_serializing`, `skip_deserializing`).
#[derive(Clone)]
pub struct Skipped {
    pub names: Vec<String>,
    pub side: Side,
    pub span: Span,
}

/// The representation lines of a container (`repr`, `attr`), spanned at their attribute.
pub fn container_items(
    name: &str,
    serde: &[syn::Attribute],
    is_enum: bool,
    span: proc_macro2::Span,
) -> Vec<Item> {
    crate::serde_attrs::repr_lines(name, serde, is_enum)
        .into_iter()
        .map(|(line, at)| Item::new(line, at.unwrap_or(span)))
        .collect()
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
    /// The declaration the item comes from, the same in every version (`field 2`, `variant
    /// 0`), to tell a declared rename (same declaration, another name) in the release notes.
    pub member: Option<String>,
}

impl Item {
    pub fn new(line: String, span: Span) -> Item {
        Item {
            line,
            span,
            ident: None,
            name_span: None,
            member: None,
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
    /// Where an enum's `rename_all_fields` is written, when it is.
    pub rename_all_fields: Option<Span>,
    pub versions: Vec<Vec<Item>>,
    /// The members serde skips in a direction, for the guard's errors.
    pub skipped: Vec<Skipped>,
}

impl TypeContract {
    /// The fields and enum values renamed (the same Rust member, another name on the wire
    /// than in the version before): (index of the version that renamed it, old name, new
    /// name), for the release notes.
    pub fn renames(&self) -> Vec<(u16, String, String)> {
        // (a value, not a field; the direction of a one-way line; the name on the wire)
        let wire = |line: &str| match line.parse::<Line>() {
            Ok(Line::Field { name, only, .. }) => Some(((false, only), name)),
            Ok(Line::Variant { name, only, .. }) => Some(((true, only), name)),
            _ => None,
        };
        let mut out = Vec::new();
        for (index, pair) in self.versions.windows(2).enumerate() {
            let index = u16::try_from(index + 1).unwrap_or(u16::MAX);
            for new in &pair[1] {
                let Some((kind, new_name)) = wire(&new.line) else {
                    continue;
                };
                let old = pair[0]
                    .iter()
                    .filter(|old| old.member.is_some() && old.member == new.member)
                    .find_map(|old| wire(&old.line).filter(|(k, _)| *k == kind));
                if let Some((_, old_name)) = old
                    && old_name != new_name
                {
                    out.push((index, old_name, new_name));
                }
            }
        }
        out
    }

    /// The registration of the contract for `versionary::lock` (render, check, bless): each line
    /// once per run of consecutive versions that have it, so its size follows the changes,
    /// not the number of versions. The `type X direction` lines are the runtime's: it adds
    /// them in the versions whose endpoints reach the type.
    pub fn register(&self, runtime: &crate::private::Runtime, api: &syn::Path) -> TokenStream {
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
        let renames = self
            .renames()
            .into_iter()
            .map(|(index, old, new)| quote_spanned!(s=> (#index, #old, #new)));
        let (name, leaf, request, response) = (&self.name, self.leaf, self.request, self.response);
        let private = runtime.path(s);
        quote_spanned! {s=>
            #private::inventory::submit! {
                #private::Contract {
                    api: ::core::any::TypeId::of::<#api>,
                    name: #name,
                    leaf: #leaf,
                    request: #request,
                    response: #response,
                    lines: &[#(#entries),*],
                    renames: &[#(#renames),*],
                }
            }
        }
    }
}
