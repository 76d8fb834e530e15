//! Cross-attribute rules for a versioned enum, and its plan of shapes: which variants each
//! shape has and under which name.

use proc_macro2::Span;
use syn::Ident;

use super::enum_parse::EnumInput;
use super::plan::{shape_name, shape_starts, shape_table};
use super::validate::{check_renames, first_version_error};
use crate::attr::Errors;
use crate::context::ApiContext;

pub struct EnumPlan {
    pub starts: Vec<usize>,
    pub idents: Vec<Ident>,
    pub shape_of: Vec<u8>,
    pub shapes: Vec<Vec<VariantShape>>,
}

#[derive(Clone)]
pub struct VariantShape {
    pub origin: VariantOrigin,
    pub ident: Ident,
    /// The serialised name, when it differs from the latest variant's.
    pub renamed_to: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum VariantOrigin {
    Variant(usize),
    Removed(usize),
}

pub fn validate(context: &ApiContext, input: &EnumInput) -> syn::Result<EnumPlan> {
    let mut errors = Errors::default();
    let first_version = |errors: &mut Errors, span: Span, what: &str| {
        errors.push(first_version_error(context, span, what));
    };
    let (request, response) = (input.h.request, input.h.response);
    let starts = change_points(input);
    // The shapes on either side of change point `cp`, for messages.
    let around = |cp: usize| {
        let k = starts.iter().position(|&s| s == cp).unwrap_or(1);
        let name = |k: usize| {
            if k + 1 == starts.len() {
                input.h.ident.to_string()
            } else {
                shape_name(context, &input.h.ident, starts[k]).to_string()
            }
        };
        (name(k.saturating_sub(1)), name(k))
    };
    for variant in &input.variants {
        let name = &variant.ident;
        if let Some(added) = variant.added {
            if added.index == 0 {
                first_version(&mut errors, added.span, "added");
            }
            let version = context.label(added.index);
            if response && variant.down.is_none() && added.index != 0 {
                let (older, newer) = around(added.index);
                errors.push_new(
                    added.span,
                    format!(
                        "responses before version {version} cannot carry `{name}`: add `down = path::to_fn` with `fn({newer}) -> {older}`, mapping it to a value those versions know"
                    ),
                );
            }
        }
        if let Some(down) = &variant.down {
            if variant.added.is_none() {
                errors.push(syn::Error::new_spanned(down, format!("`down` maps `{name}` for versions before it was added: it needs `added = <version>` beside it")));
            } else if !response {
                errors.push(syn::Error::new_spanned(
                    down,
                    "`down` maps responses, but this enum is request-only: remove it",
                ));
            }
        }
        check_renames(context, name, &variant.renamed, variant.added, &mut errors);
    }
    for (i, removed) in input.removed.iter().enumerate() {
        let name = &removed.variant;
        if removed.at.index == 0 {
            first_version(&mut errors, removed.at.span, "removed");
        }
        if input.removed[..i]
            .iter()
            .any(|o| o.variant == removed.variant)
        {
            errors.push(syn::Error::new_spanned(
                name,
                format!("`{name}` is declared removed twice"),
            ));
        }
        let version = context.label(removed.at.index);
        if request && removed.up.is_none() && removed.at.index != 0 {
            let (older, newer) = around(removed.at.index);
            errors.push_new(
                removed.key,
                format!(
                    "requests before version {version} may still send `{name}`: add `up = path::to_fn` with `fn({older}) -> {newer}`, mapping it to a value the newer version knows"
                ),
            );
        }
        if !request && let Some(up) = &removed.up {
            errors.push(syn::Error::new_spanned(
                up,
                "`up` maps requests, but this enum is response-only: remove it",
            ));
        }
    }
    errors.finish()?;

    let count = starts.len();
    let mut errors = Errors::default();
    let mut idents = Vec::with_capacity(count);
    let mut shapes = Vec::with_capacity(count);
    for (k, &start) in starts.iter().enumerate() {
        idents.push(if k + 1 == count {
            input.h.ident.clone()
        } else {
            shape_name(context, &input.h.ident, start)
        });
        let mut variants = Vec::new();
        for (i, variant) in input.variants.iter().enumerate() {
            if variant.added.is_some_and(|a| start < a.index) {
                continue;
            }
            let renamed_to = variant
                .renamed
                .iter()
                .filter(|r| r.at.index > start)
                .min_by_key(|r| r.at.index)
                .map(|r| r.from.value());
            variants.push(VariantShape {
                origin: VariantOrigin::Variant(i),
                ident: variant.ident.clone(),
                renamed_to,
            });
        }
        for (i, removed) in input.removed.iter().enumerate() {
            if start >= removed.at.index {
                continue;
            }
            if variants.iter().any(|v| v.ident == removed.variant) {
                errors.push(syn::Error::new_spanned(
                    &removed.variant,
                    format!(
                        "`{}` is declared removed in version {} but is still a variant of the latest `{}`: delete the variant, or drop this `removed(...)`",
                        removed.variant,
                        context.label(removed.at.index),
                        input.h.ident
                    ),
                ));
                continue;
            }
            variants.push(VariantShape {
                origin: VariantOrigin::Removed(i),
                ident: removed.variant.clone(),
                renamed_to: None,
            });
        }
        shapes.push(variants);
    }
    errors.finish()?;
    let shape_of = shape_table(context, &starts);
    Ok(EnumPlan {
        starts,
        idents,
        shape_of,
        shapes,
    })
}

/// The versions at which the enum's shape starts.
fn change_points(input: &EnumInput) -> Vec<usize> {
    shape_starts(
        input
            .variants
            .iter()
            .flat_map(|v| {
                v.added
                    .iter()
                    .map(|a| a.index)
                    .chain(v.renamed.iter().map(|r| r.at.index))
            })
            .chain(input.removed.iter().map(|r| r.at.index)),
    )
}
