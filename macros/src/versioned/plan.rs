//! The plan of a versioned struct's shapes.
//!
//! A *change point* is a version in which the type's shape changes. Shape 0 serves the
//! first version up to the first change point, shape 1 from there to the next, ..., and the
//! last shape is the latest type itself. Planning also finds the clashes only a shape shows:
//! two fields under one name in a version.

use proc_macro2::Span;
use quote::format_ident;
use syn::{Ident, Type};

use super::parse::{FieldIn, Input};
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
fn nest_type(shape: &Ident, field: &Ident) -> Ident {
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

/// The Rust identifier for a serialised field name.
fn ident_for(name: &str, span: Span) -> Ident {
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

/// The shapes of a validated struct: where each starts, its Rust type and its fields.
pub fn plan(context: &ApiContext, input: &Input) -> syn::Result<Plan> {
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
                    .removed
                    .iter()
                    .filter_map(|r| r.added.map(|a| a.index)),
            )
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
            if start >= removed.at.index || removed.added.is_some_and(|a| start < a.index) {
                continue;
            }
            if let Some(clash) = fields.iter().find(|f| f.ident == removed.field) {
                let message = match clash.origin {
                    Origin::Field(j) if input.fields[j].ident == removed.field => format!(
                        "`{}` is declared removed in version {} but is still a field of the latest `{}`: delete the field, or drop this `removed(...)` (if the name was reused for a new field, mark that field `added = {}` or later)",
                        removed.field,
                        context.label(removed.at.index),
                        input.h.ident,
                        context.literal(removed.at.index)
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
