//! Cross-attribute rules, in one place, and the plan of shapes they produce.
//!
//! A *change point* is a version in which the type's shape changes. Shape 0 serves the
//! first version up to the first change point, shape 1 from there to the next, ..., and the
//! last shape is the latest type itself.

use proc_macro2::Span;
use quote::{ToTokens, format_ident};
use syn::{Ident, Type};

use super::parse::{FieldIn, Input, RetypeKind};
use crate::attr::Errors;
use crate::context::ApiContext;

pub struct Plan {
    /// First version index of each shape, oldest first; the last shape is the latest type.
    pub starts: Vec<usize>,
    /// The Rust type of each shape.
    pub idents: Vec<Ident>,
    /// For each version index, its shape.
    pub shape_of: Vec<u8>,
    /// The fields of each shape.
    pub shapes: Vec<Vec<ShapeField>>,
}

#[derive(Clone)]
pub struct ShapeField {
    pub origin: Origin,
    pub ident: Ident,
    pub ty: Type,
    /// The serialised name, when it differs from what the latest field's attributes say.
    pub renamed_to: Option<String>,
    /// The type differs from the latest field's type.
    pub retyped: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A field of the latest type, by position.
    Field(usize),
    /// A `removed(...)` declaration, by position.
    Removed(usize),
    /// Part `.1` of field `.0`'s `flattened(...)`: a top-level field before the object.
    Part(usize, usize),
    /// The object of `nested(...)` number `.0`, holding latest fields before they moved out.
    Nest(usize),
}

/// The generated type of a `nested(...)` object in the shape named `shape`: `PersonV1Name`.
pub fn nest_type(shape: &Ident, field: &Ident) -> Ident {
    let camel: String = field
        .to_string()
        .trim_start_matches("r#")
        .split('_')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
        })
        .collect();
    format_ident!("{}{}", shape, camel)
}

pub fn is_option(ty: &Type) -> bool {
    match ty {
        Type::Path(path) => path
            .path
            .segments
            .last()
            .is_some_and(|s| s.ident == "Option"),
        Type::Group(group) => is_option(&group.elem),
        Type::Paren(paren) => is_option(&paren.elem),
        _ => false,
    }
}

/// The Rust identifier for a serialised field name.
pub fn ident_for(name: &str, span: Span) -> Ident {
    // snake_case: `createdBy` -> `created_by`, `item-name` -> `item_name`. The wire name is
    // kept by an explicit `#[serde(rename)]`.
    let mut snake = String::with_capacity(name.len() + 4);
    let mut previous_lower = false;
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            if previous_lower {
                snake.push('_');
            }
            snake.push(c.to_ascii_lowercase());
            previous_lower = false;
        } else if c.is_ascii_alphanumeric() {
            snake.push(c);
            previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        } else {
            snake.push('_');
            previous_lower = false;
        }
    }
    if snake.is_empty() || snake.starts_with(|c: char| c.is_ascii_digit()) {
        snake.insert(0, '_');
    }
    if syn::parse_str::<Ident>(&snake).is_ok() {
        return Ident::new(&snake, span);
    }
    if matches!(snake.as_str(), "self" | "super" | "crate" | "_") {
        return format_ident!("{}_", snake, span = span);
    }
    // A keyword such as `type`.
    Ident::new_raw(&snake, span)
}

/// The state of a latest field at version `at`: `None` before it was added, else its Rust
/// ident, type and the serialised name it had then (when renamed since).
fn field_at(field: &FieldIn, at: usize) -> Option<(Ident, Type, Option<String>, bool)> {
    if field.added.is_some_and(|added| at < added.index) {
        return None;
    }
    // The oldest rename after `at` tells the name in force at `at`.
    let name = field
        .renamed
        .iter()
        .filter(|r| r.at.index > at)
        .min_by_key(|r| r.at.index)
        .map(|r| r.from.value());
    let retyped = field
        .retyped
        .iter()
        .filter(|r| r.at.index > at)
        .min_by_key(|r| r.at.index);
    let ident = match &name {
        Some(name) => ident_for(name, field.ident.span()),
        None => field.ident.clone(),
    };
    let (ty, is_retyped) = match retyped {
        Some(r) => (r.from.clone(), true),
        None => (field.ty.clone(), false),
    };
    Some((ident, ty, name, is_retyped))
}

/// The first version of every shape: the first version and each change point, sorted.
pub fn shape_starts(change_points: impl IntoIterator<Item = usize>) -> Vec<usize> {
    let mut starts: Vec<usize> = change_points.into_iter().collect();
    starts.push(0);
    starts.sort_unstable();
    starts.dedup();
    starts
}

/// `ItemV2`: the Rust type of the older shape that starts at version `start`.
pub fn shape_name(context: &ApiContext, ident: &Ident, start: usize) -> Ident {
    let label: String = context
        .label(start)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    format_ident!("{}V{}", ident, label)
}

/// For each declared version, the index of the shape serving it.
pub fn shape_table(context: &ApiContext, starts: &[usize]) -> Vec<u8> {
    (0..context.versions.len())
        .map(|v| u8::try_from(starts.iter().rposition(|&s| s <= v).unwrap_or(0)).unwrap_or(u8::MAX))
        .collect()
}

/// The error for a change declared in the first version, where nothing came before.
pub fn first_version_error(context: &ApiContext, span: Span, what: &str) -> syn::Error {
    syn::Error::new(
        span,
        format!(
            "`{}` is the first version of `{}`: nothing exists before it, so nothing can be {what} in it; remove this (it is part of every version)",
            context.label(0),
            context.name
        ),
    )
}

/// The rules every list of renames follows, for fields and variants alike: not in the first
/// version, once per version, and after the item was added.
pub fn check_renames(
    context: &ApiContext,
    name: &Ident,
    renamed: &[super::parse::Renamed],
    added: Option<super::parse::At>,
    errors: &mut Errors,
) {
    for (i, r) in renamed.iter().enumerate() {
        if r.at.index == 0 {
            errors.push(first_version_error(context, r.at.span, "renamed"));
        }
        if renamed[..i].iter().any(|o| o.at.index == r.at.index) {
            errors.push_new(
                r.at.span,
                format!(
                    "`{name}` is renamed twice in version {}",
                    context.label(r.at.index)
                ),
            );
        }
        if let Some(added) = added
            && r.at.index <= added.index
        {
            errors.push_new(
                r.at.span,
                format!(
                    "`{name}` is added in version {}, so it cannot be renamed in version {}: a rename must come after it exists",
                    context.label(added.index),
                    context.label(r.at.index)
                ),
            );
        }
    }
}

/// A rename changes the name: `renamed(from = "x")` where `x` is the name the field has from
/// that version on declares nothing.
fn check_renames_change_something(
    input: &Input,
    field: &super::parse::FieldIn,
    errors: &mut Errors,
) {
    let mut renames: Vec<&super::parse::Renamed> = field.renamed.iter().collect();
    renames.sort_by_key(|r| r.at.index);
    let current = crate::serde_attrs::serde_string(&field.serde, "rename").unwrap_or_else(|| {
        let ident = field.ident.to_string();
        let ident = ident.trim_start_matches("r#");
        match crate::serde_attrs::serde_string(&input.h.serde, "rename_all") {
            Some(rule) => crate::serde_attrs::rename_field(ident, &rule),
            None => ident.to_owned(),
        }
    });
    for (i, r) in renames.iter().enumerate() {
        let newer = renames
            .get(i + 1)
            .map_or(current.clone(), |n| n.from.value());
        if r.from.value() == newer {
            errors.push_new(
                r.from.span(),
                format!(
                    "`{}` is already the name of `{}` from that version on, so this rename changes nothing: remove `renamed(from = \"{newer}\", ...)`, or name the field's older name",
                    newer, field.ident
                ),
            );
        }
    }
}

/// A type change changes the type: `retyped(from = T)` where `T` is the type the field has
/// from that version on declares nothing.
fn check_retypes_change_something(field: &super::parse::FieldIn, errors: &mut Errors) {
    use syn::spanned::Spanned;
    let mut retypes: Vec<&super::parse::Retyped> = field.retyped.iter().collect();
    retypes.sort_by_key(|r| r.at.index);
    for (i, r) in retypes.iter().enumerate() {
        if !matches!(r.kind, RetypeKind::Custom) {
            continue;
        }
        let newer = retypes.get(i + 1).map_or(&field.ty, |n| &n.from);
        let same = crate::lock::type_name(&r.from) == crate::lock::type_name(newer);
        if same {
            errors.push_new(
                r.from.span(),
                format!(
                    "`{}` already has the type `{}` from that version on, so this type change changes nothing: remove `retyped(from = {}, ...)`, or name the field's older type",
                    field.ident,
                    crate::lock::type_name(newer),
                    crate::lock::type_name(&r.from)
                ),
            );
        }
    }
}

pub fn validate(context: &ApiContext, input: &Input) -> syn::Result<Plan> {
    let mut errors = Errors::default();
    let first_version = |errors: &mut Errors, span: Span, what: &str| {
        errors.push(first_version_error(context, span, what));
    };

    for field in &input.fields {
        let name = &field.ident;
        if let Some(added) = field.added
            && added.index == 0
        {
            first_version(&mut errors, added.span, "added");
        }
        check_renames(context, name, &field.renamed, field.added, &mut errors);
        check_renames_change_something(input, field, &mut errors);
        check_retypes_change_something(field, &mut errors);
        for (i, r) in field.retyped.iter().enumerate() {
            if r.at.index == 0 {
                first_version(&mut errors, r.at.span, "retyped");
            }
            if field.retyped[..i].iter().any(|o| o.at.index == r.at.index) {
                errors.push_new(
                    r.at.span,
                    format!(
                        "`{name}` is retyped twice in version {}",
                        context.label(r.at.index)
                    ),
                );
            }
            if let Some(added) = field.added
                && r.at.index <= added.index
            {
                errors.push_new(
                    r.at.span,
                    format!(
                        "`{name}` is added in version {}, so it cannot be retyped in version {}: a type change must come after the field exists",
                        context.label(added.index),
                        context.label(r.at.index)
                    ),
                );
            }
            let version = context.label(r.at.index);
            match &r.kind {
                RetypeKind::Custom => {}
                RetypeKind::Required(default) => {
                    if input.h.request && default.is_none() {
                        errors.push_new(
                            r.key,
                            format!(
                                "requests before version {version} may leave `{name}` out (it was optional): write `required(in = {version}, default)` to use `Default::default()`, or `default = path::to_fn` for `fn() -> {}`",
                                field.ty.to_token_stream()
                            ),
                        );
                    }
                    if let (false, Some((span, _))) = (input.h.request, default) {
                        errors.push_new(*span, "`default` fills old requests, but this type is response-only (responses simply wrap the value in `Some`): remove it");
                    }
                    continue;
                }
                RetypeKind::Optional(default) => {
                    if input.h.response && default.is_none() {
                        errors.push_new(
                            r.key,
                            format!(
                                "responses before version {version} must carry `{name}` (it was required): write `optional(in = {version}, default)` to send `Default::default()` when it is `None`, or `default = path::to_fn` for `fn() -> {}`",
                                r.from.to_token_stream()
                            ),
                        );
                    }
                    if let (false, Some((span, _))) = (input.h.response, default) {
                        errors.push_new(*span, "`default` fills old responses, but this type is request-only (requests simply wrap the value in `Some`): remove it");
                    }
                    continue;
                }
            }
            if input.h.request && r.up.is_none() {
                errors.push_new(
                    r.key,
                    format!(
                        "requests before version {version} send `{name}` as `{}`: add `up = path::to_fn` with `fn(old: {}) -> {}` to upgrade it",
                        r.from.to_token_stream(),
                        r.from.to_token_stream(),
                        field.ty.to_token_stream()
                    ),
                );
            }
            if input.h.response && r.down.is_none() {
                errors.push_new(
                    r.key,
                    format!(
                        "responses before version {version} carry `{name}` as `{}`: add `down = path::to_fn` with `fn(new: {}) -> {}` to derive it",
                        r.from.to_token_stream(),
                        field.ty.to_token_stream(),
                        r.from.to_token_stream()
                    ),
                );
            }
            if !input.h.request
                && let Some(up) = &r.up
            {
                errors.push(syn::Error::new_spanned(up, "`up` converts requests, but this type is response-only: remove it, or declare `#[versioned(..., request, response)]`"));
            }
            if !input.h.response
                && let Some(down) = &r.down
            {
                errors.push(syn::Error::new_spanned(down, "`down` converts responses, but this type is request-only: remove it, or declare `#[versioned(..., request, response)]`"));
            }
        }
        match (field.added, &field.default, &field.up) {
            (None, Some((span, _)), _) => errors.push_new(
                *span,
                format!("`default` fills `{name}` for requests from before it was added: it needs `added = <version>` beside it"),
            ),
            (None, None, Some(up)) => errors.push(syn::Error::new_spanned(
                up,
                format!("`up` fills `{name}` for requests from before it was added: it needs `added = <version>` beside it (to convert a retyped field, use `retyped(..., up = ...)`)"),
            )),
            (Some(_), Some((span, _)), Some(_)) => errors.push_new(
                *span,
                "give either `default` or `up`, not both",
            ),
            (Some(added), None, None) if input.h.request && !is_option(&field.ty) && added.index != 0 => {
                let version = context.label(added.index);
                errors.push_new(
                    added.span,
                    format!(
                        "requests before version {version} do not send `{name}`: write `#[api(added = {version}, default)]` to use `Default::default()`, `default = path::to_fn` for `fn() -> {ty}`, or `up = path::to_fn` to derive it from the older request; or make the field an `Option<_>`",
                        ty = field.ty.to_token_stream()
                    ),
                );
            }
            (Some(_), Some((span, _)), None) if !input.h.request => errors.push_new(
                *span,
                "`default` fills requests, but this type is response-only: remove it",
            ),
            (Some(_), None, Some(up)) if !input.h.request => errors.push(syn::Error::new_spanned(
                up,
                "`up` fills requests, but this type is response-only: remove it",
            )),
            _ => {}
        }
    }

    for (i, removed) in input.removed.iter().enumerate() {
        let name = &removed.field;
        if removed.at.index == 0 {
            first_version(&mut errors, removed.at.span, "removed");
        }
        if input.removed[..i].iter().any(|o| o.field == removed.field) {
            errors.push(syn::Error::new_spanned(
                &removed.field,
                format!("`{name}` is declared removed twice"),
            ));
        }
        let version = context.label(removed.at.index);
        if input.h.response && removed.down.is_none() {
            errors.push_new(
                removed.key,
                format!(
                    "responses before version {version} still carry `{name}`: add `down = path::to_fn` with `fn(&{}) -> {}` deriving it from the newer shape",
                    input.h.ident,
                    removed.ty.to_token_stream()
                ),
            );
        }
        if input.h.request && removed.up.is_none() && !removed.ignore {
            errors.push_new(
                removed.key,
                format!(
                    "requests before version {version} still send `{name}`: add `up = path::to_fn` with `fn({}, &mut NewerShape)` to carry its value over, or `ignore` to accept and drop it",
                    removed.ty.to_token_stream()
                ),
            );
        }
        if removed.up.is_some() && removed.ignore {
            errors.push_new(removed.key, "give either `up` or `ignore`, not both");
        }
        if !input.h.request && (removed.up.is_some() || removed.ignore) {
            errors.push_new(
                removed.key,
                "`up`/`ignore` handle requests, but this type is response-only: remove them",
            );
        }
        if !input.h.response
            && let Some(down) = &removed.down
        {
            errors.push(syn::Error::new_spanned(
                down,
                "`down` derives responses, but this type is request-only: remove it",
            ));
        }
    }
    for field in &input.fields {
        if let Some(flattened) = &field.flattened {
            if flattened.at.index == 0 {
                first_version(&mut errors, flattened.at.span, "flattened");
            }
            let clash = field.added.is_some_and(|a| a.index >= flattened.at.index)
                || field
                    .renamed
                    .iter()
                    .any(|r| r.at.index <= flattened.at.index)
                || field
                    .retyped
                    .iter()
                    .any(|r| r.at.index <= flattened.at.index);
            if clash {
                errors.push_new(
                    flattened.key,
                    format!("`{}` cannot be added, renamed or retyped before it was gathered from its parts: declare one change per version", field.ident),
                );
            }
        }
    }
    for nested in &input.nested {
        if nested.at.index == 0 {
            first_version(&mut errors, nested.at.span, "moved out of an object");
        }
        for (latest, _) in &nested.parts {
            match input.fields.iter().find(|f| f.ident == *latest) {
                None => errors.push(syn::Error::new_spanned(
                    latest,
                    format!("`{latest}` is not a field of `{}`: `nested(...)` lists latest fields that used to live in the object", input.h.ident),
                )),
                Some(f) if f.added.is_some_and(|a| a.index >= nested.at.index) || f.flattened.is_some() => {
                    errors.push(syn::Error::new_spanned(
                        latest,
                        format!("`{latest}` cannot both come out of `{}` and be added or gathered then", nested.field),
                    ));
                }
                Some(_) => {}
            }
        }
        if input
            .fields
            .iter()
            .any(|f| f.ident == nested.field && f.added.is_none_or(|a| a.index < nested.at.index))
        {
            errors.push(syn::Error::new_spanned(
                &nested.field,
                format!("the latest `{}` still has a field `{}` in the versions where the old object had that name", input.h.ident, nested.field),
            ));
        }
        let _ = nested.key;
    }
    errors.finish()?;

    // Plan the shapes.
    let starts = shape_starts(
        input
            .fields
            .iter()
            .flat_map(|f| {
                f.added
                    .iter()
                    .map(|a| a.index)
                    .chain(f.renamed.iter().map(|r| r.at.index))
                    .chain(f.retyped.iter().map(|r| r.at.index))
            })
            .chain(input.removed.iter().map(|r| r.at.index))
            .chain(
                input
                    .fields
                    .iter()
                    .filter_map(|f| f.flattened.as_ref().map(|fl| fl.at.index)),
            )
            .chain(input.nested.iter().map(|n| n.at.index)),
    );

    let count = starts.len();
    let mut idents = Vec::with_capacity(count);
    let mut shapes = Vec::with_capacity(count);
    let mut errors = Errors::default();
    for (k, &start) in starts.iter().enumerate() {
        idents.push(if k + 1 == count {
            input.h.ident.clone()
        } else {
            shape_name(context, &input.h.ident, start)
        });
        let mut fields: Vec<ShapeField> = Vec::new();
        let shape_ident = idents[k].clone();
        for (i, field) in input.fields.iter().enumerate() {
            if let Some(flattened) = field.flattened.as_ref().filter(|fl| start < fl.at.index) {
                for (j, (outer, ty, _)) in flattened.parts.iter().enumerate() {
                    fields.push(ShapeField {
                        origin: Origin::Part(i, j),
                        ident: outer.clone(),
                        ty: ty.clone(),
                        renamed_to: None,
                        retyped: false,
                    });
                }
                continue;
            }
            let nest = input.nested.iter().enumerate().find(|(_, n)| {
                start < n.at.index && n.parts.iter().any(|(f, _)| *f == field.ident)
            });
            if let Some((n, nested)) = nest {
                // The object takes the place of its first field.
                if nested.parts[0].0 == field.ident {
                    let ty = nest_type(&shape_ident, &nested.field);
                    fields.push(ShapeField {
                        origin: Origin::Nest(n),
                        ident: nested.field.clone(),
                        ty: syn::parse_quote!(#ty),
                        renamed_to: None,
                        retyped: false,
                    });
                }
                continue;
            }
            if let Some((ident, ty, renamed_to, retyped)) = field_at(field, start) {
                fields.push(ShapeField {
                    origin: Origin::Field(i),
                    ident,
                    ty,
                    renamed_to,
                    retyped,
                });
            }
        }
        for (i, removed) in input.removed.iter().enumerate() {
            if start >= removed.at.index {
                continue;
            }
            if let Some(clash) = fields.iter().find(|f| f.ident == removed.field) {
                let message = match clash.origin {
                    Origin::Field(j) if input.fields[j].ident == removed.field => format!(
                        "`{}` is declared removed in version {} but is still a field of the latest `{}`: delete the field, or drop this `removed(...)` (if the name was reused for a new field, mark that field `added = {}` or later)",
                        removed.field,
                        context.label(removed.at.index),
                        input.h.ident,
                        context.label(removed.at.index)
                    ),
                    _ => format!(
                        "two fields are named `{}` in version {}",
                        removed.field,
                        context.label(start)
                    ),
                };
                errors.push(syn::Error::new_spanned(&removed.field, message));
                continue;
            }
            fields.push(ShapeField {
                origin: Origin::Removed(i),
                ident: removed.field.clone(),
                ty: removed.ty.clone(),
                renamed_to: None,
                retyped: false,
            });
        }
        for (a, field) in fields.iter().enumerate() {
            if fields[..a].iter().any(|f| f.ident == field.ident) {
                let span = match field.origin {
                    Origin::Field(i) => input.fields[i]
                        .renamed
                        .first()
                        .map_or(input.fields[i].ident.span(), |r| r.from.span()),
                    Origin::Removed(i) => input.removed[i].field.span(),
                    Origin::Part(..) | Origin::Nest(_) => field.ident.span(),
                };
                errors.push_new(
                    span,
                    format!(
                        "two fields are named `{}` in version {}",
                        field.ident,
                        context.label(start)
                    ),
                );
            }
        }
        shapes.push(fields);
    }
    errors.finish()?;

    let shape_of = shape_table(context, &starts);
    Ok(Plan {
        starts,
        idents,
        shape_of,
        shapes,
    })
}
