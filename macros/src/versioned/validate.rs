//! Cross-attribute rules of a versioned struct, in one place; then the plan of its shapes
//! ([`super::plan`]).

use proc_macro2::Span;
use quote::ToTokens;
use syn::Ident;

use super::header::{At, Renamed};
use super::parse::{Input, RetypeKind};
use super::plan::{Plan, plan};
use crate::attr::Errors;
use crate::context::ApiContext;
use crate::types::is_option;

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
    renamed: &[Renamed],
    added: Option<At>,
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
    }
    errors.finish()?;

    plan(context, input)
}
