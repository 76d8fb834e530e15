//! Parses a `#[versioned]` struct: its fields and the `#[api(...)]` history of the struct
//! and each field, into [`Input`].

use proc_macro2::{Span, TokenStream};
use syn::spanned::Spanned;
use syn::{Attribute, Fields, Ident, Token, Type, Visibility};

use super::header::{At, Header, Renamed, key_span, renamed, sort_attrs, version};
use crate::attr::{Errors, Seen, unknown_key};
use crate::context::ApiContext;
use crate::types::option_inner;

pub struct Input {
    /// The arguments and container attributes, shared with enums.
    pub h: Header,
    pub fields: Vec<FieldIn>,
    pub removed: Vec<Removed>,
    /// `nested(field = name, in = V, field(a => x), ...)`: latest fields that lived in an
    /// object before `V`.
    pub nested: Vec<Nested>,
    /// Type parameters (`struct Page<T>`); every shape has the same.
    pub generics: syn::Generics,
}

/// Fields of the latest type that were, before `at`, the fields of an object `field`.
pub struct Nested {
    pub field: Ident,
    pub at: At,
    /// (latest field, its name inside the old object).
    pub parts: Vec<(Ident, Ident)>,
}

/// `flattened(in = V, field(old: Type => inner), ...)` on an object-typed field: before `V`
/// its fields were the parent's, named `old`.
pub struct Flattened {
    pub key: Span,
    pub at: At,
    /// (the old top-level field, its type, the field inside the object).
    pub parts: Vec<(Ident, Type, Ident)>,
    /// `default`: the object's other fields (new ones) take `Default::default()` when an
    /// older request is upgraded.
    pub default: bool,
}

pub struct FieldIn {
    pub ident: Ident,
    pub vis: Visibility,
    pub ty: Type,
    pub attrs: Vec<Attribute>,
    pub docs: Vec<Attribute>,
    pub serde: Vec<Attribute>,
    pub added: Option<At>,
    pub default: Option<(Span, Option<syn::Path>)>,
    pub up: Option<Up>,
    pub renamed: Vec<Renamed>,
    pub retyped: Vec<Retyped>,
    pub flattened: Option<Flattened>,
}

pub struct Retyped {
    pub key: Span,
    pub at: At,
    pub from: Type,
    pub up: Option<Up>,
    pub down: Option<syn::Path>,
    pub kind: RetypeKind,
}

/// A `default` key: `default` (`Default::default()`) or `default = path` (`path()`).
pub type DefaultSpec = Option<(Span, Option<syn::Path>)>;

/// What a type change is: declared conversions, or an optionality change whose conversions
/// are generated.
pub enum RetypeKind {
    /// `retyped(from = T, up = ..., down = ...)`.
    Custom,
    /// `required(in = V, default ...)`: the field was `Option<T>` before `V`.
    Required(DefaultSpec),
    /// `optional(in = V, default ...)`: the field (`Option<T>`) was `T` before `V`.
    Optional(DefaultSpec),
}

/// How a request value is upgraded: `up = f` (infallible, stateless) or `try_up = f`
/// (fallible, given the application state).
pub enum Up {
    Plain(syn::Path),
    Try(syn::Path),
}

impl quote::ToTokens for Up {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        self.path().to_tokens(tokens);
    }
}

impl Up {
    pub fn path(&self) -> &syn::Path {
        match self {
            Up::Plain(path) | Up::Try(path) => path,
        }
    }

    pub fn is_try(&self) -> bool {
        matches!(self, Up::Try(_))
    }
}

pub struct Removed {
    pub key: Span,
    pub field: Ident,
    pub ty: Type,
    /// `added = V`: the field first appeared in `V` (a short-lived field); else it existed
    /// from the first version.
    pub added: Option<At>,
    pub at: At,
    pub down: Option<syn::Path>,
    pub up: Option<syn::Path>,
    pub ignore: bool,
}

const TYPE_KEYS: &[&str] = &["removed", "nested"];
const NESTED_KEYS: &[&str] = &["field", "in"];
const FLATTENED_KEYS: &[&str] = &["in", "field", "default"];
const FIELD_KEYS: &[&str] = &[
    "added",
    "default",
    "up",
    "try_up",
    "renamed",
    "retyped",
    "required",
    "optional",
    "flattened",
];
const OPTIONALITY_KEYS: &[&str] = &["in", "default"];
const REMOVED_KEYS: &[&str] = &["field", "ty", "added", "in", "down", "up", "ignore"];
const RETYPED_KEYS: &[&str] = &["from", "in", "up", "try_up", "down"];

/// Parses the fields of a struct whose header is read, adding to the header's `errors`.
pub fn parse(
    context: &ApiContext,
    header: Header,
    generics: syn::Generics,
    fields: Fields,
    mut errors: Errors,
) -> syn::Result<Input> {
    let named = match fields {
        Fields::Named(named) => named,
        other => {
            return Err(syn::Error::new(
                if matches!(other, Fields::Unit) {
                    header.ident.span()
                } else {
                    other.span()
                },
                "`#[versioned]` needs a struct with named fields: `struct Name { field: Type }`",
            ));
        }
    };

    let mut input = Input {
        h: header,
        fields: Vec::new(),
        removed: Vec::new(),
        nested: Vec::new(),
        generics,
    };
    for attr in &input.h.api_attrs {
        if let Err(error) = type_attr(context, attr, &mut input.removed, &mut input.nested) {
            errors.push(error);
        }
    }

    for field in named.named {
        let Some(ident) = field.ident else { continue };
        let mut model = FieldIn {
            ident,
            vis: field.vis,
            ty: field.ty,
            attrs: Vec::new(),
            docs: Vec::new(),
            serde: Vec::new(),
            added: None,
            default: None,
            up: None,
            renamed: Vec::new(),
            retyped: Vec::new(),
            flattened: None,
        };
        let sorted = sort_attrs(field.attrs);
        (model.serde, model.docs, model.attrs) = (sorted.serde, sorted.docs, sorted.other);
        for attr in &sorted.api {
            if let Err(error) = field_attr(context, attr, &mut model) {
                errors.push(error);
            }
        }
        input.fields.push(model);
    }

    errors.finish()?;
    Ok(input)
}

/// `field(a => x)` or `field(a: Type => x)` inside `nested(...)` / `flattened(...)`.
fn part(
    meta: &syn::meta::ParseNestedMeta,
    typed: bool,
) -> syn::Result<(Ident, Option<Type>, Ident)> {
    let content;
    syn::parenthesized!(content in meta.input);
    let outer: Ident = content.parse()?;
    let ty = if typed {
        content.parse::<Token![:]>()?;
        Some(content.parse::<Type>()?)
    } else {
        None
    };
    content.parse::<Token![=>]>()?;
    let inner: Ident = content.parse()?;
    if !content.is_empty() {
        return Err(content.error("expected `field(outer => inner)`"));
    }
    Ok((outer, ty, inner))
}

fn nested_attr(context: &ApiContext, meta: &syn::meta::ParseNestedMeta) -> syn::Result<Nested> {
    let key = key_span(meta);
    let (mut field, mut at, mut parts) = (None, None, Vec::new());
    let mut seen = Seen::default();
    meta.parse_nested_meta(|inner| {
        if inner.path.is_ident("field") && inner.input.peek(syn::token::Paren) {
            let (outer, _, name) = part(&inner, false).map_err(|e| {
                syn::Error::new(
                    e.span(),
                    "write each moved field as `field(latest_field => name_in_old_object)`",
                )
            })?;
            parts.push((outer, name));
        } else if inner.path.is_ident("field") {
            seen.check("field", key_span(&inner))?;
            field = Some(inner.value()?.parse::<Ident>()?);
        } else if inner.path.is_ident("in") {
            seen.check("in", key_span(&inner))?;
            at = Some(version(context, &inner)?);
        } else {
            return Err(unknown_key(&inner.path, "`nested(...)`", NESTED_KEYS));
        }
        Ok(())
    })?;
    match (field, at) {
        (Some(field), Some(at)) if !parts.is_empty() => Ok(Nested { field, at, parts }),
        _ => Err(syn::Error::new(
            key,
            "`nested(...)` needs the old object's name, the version that moved its fields out and each field: `nested(field = name, in = 2, field(first_name => first), field(last_name => last))`",
        )),
    }
}

fn flattened_attr(
    context: &ApiContext,
    meta: &syn::meta::ParseNestedMeta,
) -> syn::Result<Flattened> {
    let key = key_span(meta);
    let (mut at, mut parts, mut default) = (None, Vec::new(), false);
    let mut seen = Seen::default();
    meta.parse_nested_meta(|inner| {
        if inner.path.is_ident("default") {
            seen.check("default", key_span(&inner))?;
            default = true;
        } else if inner.path.is_ident("field") {
            let (outer, ty, name) = part(&inner, true).map_err(|e| {
                syn::Error::new(
                    e.span(),
                    "write each old field as `field(old_name: Type => name_in_object)`",
                )
            })?;
            parts.push((outer, ty.unwrap_or_else(|| syn::parse_quote!(())), name));
        } else if inner.path.is_ident("in") {
            seen.check("in", key_span(&inner))?;
            at = Some(version(context, &inner)?);
        } else {
            return Err(unknown_key(&inner.path, "`flattened(...)`", FLATTENED_KEYS));
        }
        Ok(())
    })?;
    match at {
        Some(at) if !parts.is_empty() => Ok(Flattened {
            key,
            at,
            parts,
            default,
        }),
        _ => Err(syn::Error::new(
            key,
            "`flattened(...)` needs the version that moved the fields into this object and each old field: `flattened(in = 2, field(first_name: String => first), field(last_name: String => last))`",
        )),
    }
}

fn type_attr(
    context: &ApiContext,
    attr: &Attribute,
    removed: &mut Vec<Removed>,
    nested: &mut Vec<Nested>,
) -> syn::Result<()> {
    attr.parse_nested_meta(|meta| {
        if meta.path.is_ident("nested") {
            nested.push(nested_attr(context, &meta)?);
            return Ok(());
        }
        if !meta.path.is_ident("removed") {
            return Err(unknown_key(&meta.path, "`#[api(...)]` on a type", TYPE_KEYS));
        }
        let key = key_span(&meta);
        let (mut field, mut ty, mut at, mut down, mut up, mut ignore) = (None, None, None, None, None, false);
        let mut added = None;
        let mut seen = Seen::default();
        meta.parse_nested_meta(|inner| {
            let name = inner.path.get_ident().map(ToString::to_string).unwrap_or_default();
            if !REMOVED_KEYS.contains(&name.as_str()) {
                return Err(unknown_key(&inner.path, "`removed(...)`", REMOVED_KEYS));
            }
            seen.check(&name, key_span(&inner))?;
            match name.as_str() {
                "field" => field = Some(inner.value()?.call(Ident::parse_any_ident)?),
                "ty" => ty = Some(inner.value()?.parse::<Type>()?),
                "in" => at = Some(version(context, &inner)?),
                "added" => added = Some(version(context, &inner)?),
                "down" => down = Some(inner.value()?.parse::<syn::Path>()?),
                "up" => up = Some(inner.value()?.parse::<syn::Path>()?),
                _ => ignore = true,
            }
            Ok(())
        })?;
        let (Some(field), Some(ty), Some(at)) = (field, ty, at) else {
            return Err(syn::Error::new(
                key,
                "`removed(...)` needs the old field, its type and the version that removed it: `removed(field = status, ty = String, in = 2, ...)`",
            ));
        };
        removed.push(Removed {
            key,
            field,
            ty,
            added,
            at,
            down,
            up,
            ignore,
        });
        Ok(())
    })
}

trait AnyIdent {
    fn parse_any_ident(input: syn::parse::ParseStream) -> syn::Result<Ident>;
}

impl AnyIdent for Ident {
    fn parse_any_ident(input: syn::parse::ParseStream) -> syn::Result<Ident> {
        input.parse::<Ident>().map_err(|e| {
            syn::Error::new(e.span(), "expected the old field's name: `field = status`")
        })
    }
}

fn field_attr(context: &ApiContext, attr: &Attribute, field: &mut FieldIn) -> syn::Result<()> {
    let mut seen = Seen::default();
    attr.parse_nested_meta(|meta| {
        let name = meta.path.get_ident().map(ToString::to_string).unwrap_or_default();
        if !FIELD_KEYS.contains(&name.as_str()) {
            return Err(unknown_key(&meta.path, "`#[api(...)]` on a field", FIELD_KEYS));
        }
        match name.as_str() {
            "added" => {
                seen.check("added", key_span(&meta))?;
                field.added = Some(version(context, &meta)?);
            }
            "default" => {
                seen.check("default", key_span(&meta))?;
                let path = if meta.input.peek(Token![=]) {
                    Some(meta.value()?.parse::<syn::Path>()?)
                } else {
                    None
                };
                field.default = Some((key_span(&meta), path));
            }
            "up" | "try_up" => {
                seen.check("up", key_span(&meta)).map_err(|_| {
                    syn::Error::new(key_span(&meta), "give one of `up` and `try_up`, once")
                })?;
                let path = meta.value()?.parse::<syn::Path>()?;
                field.up = Some(if name == "up" { Up::Plain(path) } else { Up::Try(path) });
            }
            "flattened" => {
                seen.check("flattened", key_span(&meta))?;
                field.flattened = Some(flattened_attr(context, &meta)?);
            }
            "required" | "optional" => {
                let key = key_span(&meta);
                let (mut at, mut default) = (None, None);
                let mut inner_seen = Seen::default();
                meta.parse_nested_meta(|inner| {
                    if inner.path.is_ident("in") {
                        inner_seen.check("in", key_span(&inner))?;
                        at = Some(version(context, &inner)?);
                    } else if inner.path.is_ident("default") {
                        inner_seen.check("default", key_span(&inner))?;
                        let path = if inner.input.peek(Token![=]) {
                            Some(inner.value()?.parse::<syn::Path>()?)
                        } else {
                            None
                        };
                        default = Some((key_span(&inner), path));
                    } else {
                        return Err(unknown_key(&inner.path, &format!("`{name}(...)`"), OPTIONALITY_KEYS));
                    }
                    Ok(())
                })?;
                let Some(at) = at else {
                    return Err(syn::Error::new(
                        key,
                        format!("`{name}(...)` needs the version that made the change: `{name}(in = 2, default)`"),
                    ));
                };
                let (from, kind) = if name == "required" {
                    let ty = &field.ty;
                    (syn::parse_quote!(::core::option::Option<#ty>), RetypeKind::Required(default))
                } else {
                    let Some(inner) = option_inner(&field.ty) else {
                        return Err(syn::Error::new(
                            key,
                            format!(
                                "`optional(...)` says the field became optional: its type must be `Option<_>`, not `{}`",
                                quote::ToTokens::to_token_stream(&field.ty)
                            ),
                        ));
                    };
                    (inner.clone(), RetypeKind::Optional(default))
                };
                field.retyped.push(Retyped {
                    key,
                    at,
                    from,
                    up: None,
                    down: None,
                    kind,
                });
            }
            "renamed" => field.renamed.push(renamed(context, &meta)?),
            _ => {
                let key = key_span(&meta);
                let (mut from, mut at, mut up, mut down) = (None, None, None, None);
                let mut inner_seen = Seen::default();
                meta.parse_nested_meta(|inner| {
                    let name = inner.path.get_ident().map(ToString::to_string).unwrap_or_default();
                    if !RETYPED_KEYS.contains(&name.as_str()) {
                        return Err(unknown_key(&inner.path, "`retyped(...)`", RETYPED_KEYS));
                    }
                    let slot = if name == "try_up" { "up" } else { name.as_str() };
                    inner_seen.check(slot, key_span(&inner)).map_err(|e| {
                        if slot == "up" {
                            syn::Error::new(key_span(&inner), "give one of `up` and `try_up`, once")
                        } else {
                            e
                        }
                    })?;
                    match name.as_str() {
                        "from" => from = Some(inner.value()?.parse::<Type>()?),
                        "in" => at = Some(version(context, &inner)?),
                        "up" => up = Some(Up::Plain(inner.value()?.parse::<syn::Path>()?)),
                        "try_up" => up = Some(Up::Try(inner.value()?.parse::<syn::Path>()?)),
                        _ => down = Some(inner.value()?.parse::<syn::Path>()?),
                    }
                    Ok(())
                })?;
                let (Some(from), Some(at)) = (from, at) else {
                    return Err(syn::Error::new(
                        key,
                        "`retyped(...)` needs the old type and the version that changed it: `retyped(from = String, in = 2, up = ..., down = ...)`",
                    ));
                };
                field.retyped.push(Retyped {
                    key,
                    at,
                    from,
                    up,
                    down,
                    kind: RetypeKind::Custom,
                });
            }
        }
        Ok(())
    })
}
