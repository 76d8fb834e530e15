//! The cross-attribute rules of a versioned struct, one `check_*` function per rule, in the
//! order their errors are reported; then the plan of its shapes ([`super::plan`]).

use proc_macro2::Span;
use quote::ToTokens;
use syn::Ident;

use super::header::{At, Renamed};
use super::parse::{DefaultSpec, FieldIn, Flattened, Input, Nested, Removed, RetypeKind, Retyped};
use super::plan::{Plan, plan};
use crate::attr::Errors;
use crate::context::ApiContext;
use crate::types::is_option;

/// Checks every rule, reporting all broken ones together, then plans the shapes.
pub fn validate(context: &ApiContext, input: &Input) -> syn::Result<Plan> {
    let mut errors = Errors::default();
    for field in &input.fields {
        check_added_not_first(context, field, &mut errors);
        check_renames(
            context,
            &field.ident,
            &field.renamed,
            field.added,
            &mut errors,
        );
        check_renames_change_something(input, field, &mut errors);
        check_retypes_change_something(field, &mut errors);
        for (i, retyped) in field.retyped.iter().enumerate() {
            check_retype_not_first(context, retyped, &mut errors);
            check_retype_once(context, field, i, &mut errors);
            check_retype_after_added(context, field, retyped, &mut errors);
            match &retyped.kind {
                RetypeKind::Custom => {
                    if !is_empty_retype(field, retyped) {
                        check_retype_has_conversions(context, input, field, retyped, &mut errors);
                    }
                    check_retype_up_for_requests(input, retyped, &mut errors);
                    check_retype_down_for_responses(input, retyped, &mut errors);
                }
                RetypeKind::Required(default) => {
                    check_required_has_default(
                        context,
                        input,
                        field,
                        retyped,
                        default,
                        &mut errors,
                    );
                    check_required_default_for_requests(input, default, &mut errors);
                }
                RetypeKind::Optional(default) => {
                    check_optional_has_default(
                        context,
                        input,
                        field,
                        retyped,
                        default,
                        &mut errors,
                    );
                    check_optional_default_for_responses(input, default, &mut errors);
                }
            }
        }
        check_fill_needs_added(field, &mut errors);
        check_fill_once(field, &mut errors);
        check_fill_given(context, input, field, &mut errors);
        check_fill_for_requests(input, field, &mut errors);
    }
    for (i, removed) in input.removed.iter().enumerate() {
        check_removed_not_first(context, removed, &mut errors);
        check_removed_once(input, i, &mut errors);
        check_removed_added(context, removed, &mut errors);
        check_removed_has_down(context, input, removed, &mut errors);
        check_removed_has_up(context, input, removed, &mut errors);
        check_removed_up_or_ignore(removed, &mut errors);
        check_removed_up_for_requests(input, removed, &mut errors);
        check_removed_down_for_responses(input, removed, &mut errors);
    }
    for field in &input.fields {
        if let Some(flattened) = &field.flattened {
            check_flattened_not_first(context, flattened, &mut errors);
            check_flattened_alone(field, flattened, &mut errors);
        }
    }
    for nested in &input.nested {
        check_nested_not_first(context, nested, &mut errors);
        for (latest, _) in &nested.parts {
            check_nested_part(input, nested, latest, &mut errors);
        }
        check_nested_name_free(input, nested, &mut errors);
    }
    errors.finish()?;
    plan(context, input)
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

/// The rules every list of renames follows, for fields and variants alike, rename by rename.
pub fn check_renames(
    context: &ApiContext,
    name: &Ident,
    renamed: &[Renamed],
    added: Option<At>,
    errors: &mut Errors,
) {
    for (i, r) in renamed.iter().enumerate() {
        check_rename_not_first(context, r, errors);
        check_rename_once(context, name, renamed, i, errors);
        check_rename_after_added(context, name, r, added, errors);
    }
}

/// A rename is not declared in the first version.
fn check_rename_not_first(context: &ApiContext, r: &Renamed, errors: &mut Errors) {
    if r.at.index == 0 {
        errors.push(first_version_error(context, r.at.span, "renamed"));
    }
}

/// An item is renamed at most once per version.
fn check_rename_once(
    context: &ApiContext,
    name: &Ident,
    renamed: &[Renamed],
    i: usize,
    errors: &mut Errors,
) {
    let r = &renamed[i];
    if renamed[..i].iter().any(|o| o.at.index == r.at.index) {
        errors.push_new(
            r.at.span,
            format!(
                "`{name}` is renamed twice in version {}",
                context.label(r.at.index)
            ),
        );
    }
}

/// An item is renamed only after the version that added it.
fn check_rename_after_added(
    context: &ApiContext,
    name: &Ident,
    r: &Renamed,
    added: Option<At>,
    errors: &mut Errors,
) {
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

/// A rename changes the name: `renamed(from = "x")` where `x` is the name the field has from
/// that version on declares nothing.
fn check_renames_change_something(input: &Input, field: &FieldIn, errors: &mut Errors) {
    let mut renames: Vec<&Renamed> = field.renamed.iter().collect();
    renames.sort_by_key(|r| r.at.index);
    let current = super::names::latest_name(input, &field.serde, &field.ident);
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

/// A type change changes the type, or the values: `retyped(from = T)` where `T` is the type
/// the field has from that version on is a data-only change (the JSON has the same shape, its
/// values change: a unit, an encoding) and declares nothing without its conversions. With
/// them it stands: they run, and the documents and the lock, which see the same type, do not
/// change.
fn check_retypes_change_something(field: &FieldIn, errors: &mut Errors) {
    use syn::spanned::Spanned;
    let mut retypes: Vec<&Retyped> = field.retyped.iter().collect();
    retypes.sort_by_key(|r| r.at.index);
    for (i, r) in retypes.iter().enumerate() {
        if !matches!(r.kind, RetypeKind::Custom) || r.up.is_some() || r.down.is_some() {
            continue;
        }
        let newer = retypes.get(i + 1).map_or(&field.ty, |n| &n.from);
        if crate::lock::type_name(&r.from) == crate::lock::type_name(newer) {
            errors.push_new(
                r.from.span(),
                format!(
                    "`{}` already has the type `{}` from that version on, so this type change changes nothing: for a change of values only (a unit, an encoding), give the conversions (`up = f` for requests, `down = g` for responses); otherwise remove `retyped(from = {}, ...)`, or name the field's older type",
                    field.ident,
                    crate::lock::type_name(newer),
                    crate::lock::type_name(&r.from)
                ),
            );
        }
    }
}

/// Whether the type change `r` of `field` is to the type the field already has, without
/// conversions: reported once, by [`check_retypes_change_something`].
fn is_empty_retype(field: &FieldIn, r: &Retyped) -> bool {
    let mut later: Vec<&Retyped> = field
        .retyped
        .iter()
        .filter(|o| o.at.index > r.at.index)
        .collect();
    later.sort_by_key(|o| o.at.index);
    let newer = later.first().map_or(&field.ty, |n| &n.from);
    r.up.is_none()
        && r.down.is_none()
        && crate::lock::type_name(&r.from) == crate::lock::type_name(newer)
}

/// A field is not added in the first version.
fn check_added_not_first(context: &ApiContext, field: &FieldIn, errors: &mut Errors) {
    if let Some(added) = field.added
        && added.index == 0
    {
        errors.push(first_version_error(context, added.span, "added"));
    }
}

/// A type change is not declared in the first version.
fn check_retype_not_first(context: &ApiContext, r: &Retyped, errors: &mut Errors) {
    if r.at.index == 0 {
        errors.push(first_version_error(context, r.at.span, "retyped"));
    }
}

/// A field changes type at most once per version.
fn check_retype_once(context: &ApiContext, field: &FieldIn, i: usize, errors: &mut Errors) {
    let r = &field.retyped[i];
    if field.retyped[..i].iter().any(|o| o.at.index == r.at.index) {
        errors.push_new(
            r.at.span,
            format!(
                "`{}` is retyped twice in version {}",
                field.ident,
                context.label(r.at.index)
            ),
        );
    }
}

/// A field changes type only after the version that added it.
fn check_retype_after_added(
    context: &ApiContext,
    field: &FieldIn,
    r: &Retyped,
    errors: &mut Errors,
) {
    if let Some(added) = field.added
        && r.at.index <= added.index
    {
        errors.push_new(
            r.at.span,
            format!(
                "`{}` is added in version {}, so it cannot be retyped in version {}: a type change must come after the field exists",
                field.ident,
                context.label(added.index),
                context.label(r.at.index)
            ),
        );
    }
}

/// A request type's `required(...)` says what fills old requests that left the field out.
fn check_required_has_default(
    context: &ApiContext,
    input: &Input,
    field: &FieldIn,
    r: &Retyped,
    default: &DefaultSpec,
    errors: &mut Errors,
) {
    if input.h.request && default.is_none() {
        let (name, version) = (&field.ident, context.label(r.at.index));
        let lit = context.literal(r.at.index);
        errors.push_new(
            r.key,
            format!(
                "requests before version {version} may leave `{name}` out (it was optional): write `required(in = {lit}, default)` to use `Default::default()`, or `default = path::to_fn` for `fn() -> {}`",
                field.ty.to_token_stream()
            ),
        );
    }
}

/// `required(..., default)` is given only where requests are read.
fn check_required_default_for_requests(input: &Input, default: &DefaultSpec, errors: &mut Errors) {
    if let (false, Some((span, _))) = (input.h.request, default) {
        errors.push_new(*span, "`default` fills old requests, but this type is response-only (responses simply wrap the value in `Some`): remove it");
    }
}

/// A response type's `optional(...)` says what old responses carry when the field is `None`.
fn check_optional_has_default(
    context: &ApiContext,
    input: &Input,
    field: &FieldIn,
    r: &Retyped,
    default: &DefaultSpec,
    errors: &mut Errors,
) {
    if input.h.response && default.is_none() {
        let (name, version) = (&field.ident, context.label(r.at.index));
        let lit = context.literal(r.at.index);
        errors.push_new(
            r.key,
            format!(
                "responses before version {version} must carry `{name}` (it was required): write `optional(in = {lit}, default)` to send `Default::default()` when it is `None`, or `default = path::to_fn` for `fn() -> {}`",
                r.from.to_token_stream()
            ),
        );
    }
}

/// `optional(..., default)` is given only where responses are written.
fn check_optional_default_for_responses(input: &Input, default: &DefaultSpec, errors: &mut Errors) {
    if let (false, Some((span, _))) = (input.h.response, default) {
        errors.push_new(*span, "`default` fills old responses, but this type is request-only (requests simply wrap the value in `Some`): remove it");
    }
}

/// A `retyped(...)` says how each direction the type serves converts the old type: a
/// request type upgrades an old request's value (`up`), a response type derives an old
/// response's value (`down`).
fn check_retype_has_conversions(
    context: &ApiContext,
    input: &Input,
    field: &FieldIn,
    r: &Retyped,
    errors: &mut Errors,
) {
    let (old, new) = (r.from.to_token_stream(), field.ty.to_token_stream());
    let (before, name) = (context.label(r.at.index), &field.ident);
    let needs = [
        (
            input.h.request && r.up.is_none(),
            format!(
                "requests before version {before} send `{name}` as `{old}`: add `up = path::to_fn` with `fn(old: {old}) -> {new}` to upgrade it"
            ),
        ),
        (
            input.h.response && r.down.is_none(),
            format!(
                "responses before version {before} carry `{name}` as `{old}`: add `down = path::to_fn` with `fn(new: {new}) -> {old}` to derive it"
            ),
        ),
    ];
    for (missing, message) in needs {
        if missing {
            errors.push_new(r.key, message);
        }
    }
}

/// `retyped(..., up = ...)` is given only where requests are read.
fn check_retype_up_for_requests(input: &Input, r: &Retyped, errors: &mut Errors) {
    if !input.h.request
        && let Some(up) = &r.up
    {
        errors.push(syn::Error::new_spanned(up, "`up` converts requests, but this type is response-only: remove it, or declare `#[versioned(..., request, response)]`"));
    }
}

/// `retyped(..., down = ...)` is given only where responses are written.
fn check_retype_down_for_responses(input: &Input, r: &Retyped, errors: &mut Errors) {
    if !input.h.response
        && let Some(down) = &r.down
    {
        errors.push(syn::Error::new_spanned(down, "`down` converts responses, but this type is request-only: remove it, or declare `#[versioned(..., request, response)]`"));
    }
}

/// A field's `default` or `up` (which fill it for older requests) goes with `added`.
fn check_fill_needs_added(field: &FieldIn, errors: &mut Errors) {
    let name = &field.ident;
    match (field.added, &field.default, &field.up) {
        (None, Some((span, _)), _) => errors.push_new(
            *span,
            format!("`default` fills `{name}` for requests from before it was added: it needs `added = <version>` beside it"),
        ),
        (None, None, Some(up)) => errors.push(syn::Error::new_spanned(
            up,
            format!("`up` fills `{name}` for requests from before it was added: it needs `added = <version>` beside it (to convert a retyped field, use `retyped(..., up = ...)`)"),
        )),
        _ => {}
    }
}

/// An added field is filled by `default` or by `up`, not both.
fn check_fill_once(field: &FieldIn, errors: &mut Errors) {
    if let (Some(_), Some((span, _)), Some(_)) = (field.added, &field.default, &field.up) {
        errors.push_new(*span, "give either `default` or `up`, not both");
    }
}

/// A required field added to a request type says how older requests fill it.
fn check_fill_given(context: &ApiContext, input: &Input, field: &FieldIn, errors: &mut Errors) {
    if let (Some(added), None, None) = (field.added, &field.default, &field.up)
        && input.h.request
        && !is_option(&field.ty)
        && added.index != 0
    {
        let version = context.label(added.index);
        let lit = context.literal(added.index);
        errors.push_new(
            added.span,
            format!(
                "requests before version {version} do not send `{}`: write `#[api(added = {lit}, default)]` to use `Default::default()`, `default = path::to_fn` for `fn() -> {ty}`, or `up = path::to_fn` to derive it from the older request; or make the field an `Option<_>`",
                field.ident,
                ty = field.ty.to_token_stream()
            ),
        );
    }
}

/// An added field's `default` or `up` is given only where requests are read.
fn check_fill_for_requests(input: &Input, field: &FieldIn, errors: &mut Errors) {
    if input.h.request {
        return;
    }
    match (field.added, &field.default, &field.up) {
        (Some(_), Some((span, _)), None) => errors.push_new(
            *span,
            "`default` fills requests, but this type is response-only: remove it",
        ),
        (Some(_), None, Some(up)) => errors.push(syn::Error::new_spanned(
            up,
            "`up` fills requests, but this type is response-only: remove it",
        )),
        _ => {}
    }
}

/// A field is not removed in the first version.
fn check_removed_not_first(context: &ApiContext, removed: &Removed, errors: &mut Errors) {
    if removed.at.index == 0 {
        errors.push(first_version_error(context, removed.at.span, "removed"));
    }
}

/// A field is declared removed once for each span of versions it lived in (a field renamed
/// or retyped before its removal is two short-lived fields, one after the other).
fn check_removed_once(input: &Input, i: usize, errors: &mut Errors) {
    let removed = &input.removed[i];
    let first = |r: &Removed| r.added.map_or(0, |a| a.index);
    let overlaps = |o: &Removed| first(o) < removed.at.index && first(removed) < o.at.index;
    if input.removed[..i]
        .iter()
        .any(|o| o.field == removed.field && overlaps(o))
    {
        errors.push(syn::Error::new_spanned(
            &removed.field,
            format!(
                "`{}` is declared removed twice for the same versions: a field that changed before its removal is declared once per span, `added = V` on the later one and `in = V` on the earlier",
                removed.field
            ),
        ));
    }
}

/// A short-lived field appears after the first version and before its removal.
fn check_removed_added(context: &ApiContext, removed: &Removed, errors: &mut Errors) {
    let Some(added) = removed.added else {
        return;
    };
    if added.index == 0 {
        errors.push(first_version_error(context, added.span, "added"));
    } else if added.index >= removed.at.index {
        errors.push_new(
            added.span,
            format!(
                "`{}` is added in version {} but removed in version {}: a field lives from `added` up to, not including, `in`",
                removed.field,
                context.label(added.index),
                context.label(removed.at.index)
            ),
        );
    }
}

/// A response type says how old responses derive a removed field (`down`).
fn check_removed_has_down(
    context: &ApiContext,
    input: &Input,
    removed: &Removed,
    errors: &mut Errors,
) {
    if input.h.response && removed.down.is_none() {
        errors.push_new(
            removed.key,
            format!(
                "responses before version {} still carry `{}`: add `down = path::to_fn` with `fn(&{}) -> {}` deriving it from the newer shape",
                context.label(removed.at.index),
                removed.field,
                input.h.ident,
                removed.ty.to_token_stream()
            ),
        );
    }
}

/// A request type says what becomes of a removed field old requests send (`up` or `ignore`).
fn check_removed_has_up(
    context: &ApiContext,
    input: &Input,
    removed: &Removed,
    errors: &mut Errors,
) {
    if input.h.request && removed.up.is_none() && !removed.ignore {
        errors.push_new(
            removed.key,
            format!(
                "requests before version {} still send `{}`: add `up = path::to_fn` with `fn({}, &mut NewerShape)` to carry its value over, or `ignore` to accept and drop it",
                context.label(removed.at.index),
                removed.field,
                removed.ty.to_token_stream()
            ),
        );
    }
}

/// A removed field's old value is carried over (`up`) or dropped (`ignore`), not both.
fn check_removed_up_or_ignore(removed: &Removed, errors: &mut Errors) {
    if removed.up.is_some() && removed.ignore {
        errors.push_new(removed.key, "give either `up` or `ignore`, not both");
    }
}

/// A removed field's `up`/`ignore` is given only where requests are read.
fn check_removed_up_for_requests(input: &Input, removed: &Removed, errors: &mut Errors) {
    if !input.h.request && (removed.up.is_some() || removed.ignore) {
        errors.push_new(
            removed.key,
            "`up`/`ignore` handle requests, but this type is response-only: remove them",
        );
    }
}

/// A removed field's `down` is given only where responses are written.
fn check_removed_down_for_responses(input: &Input, removed: &Removed, errors: &mut Errors) {
    if !input.h.response
        && let Some(down) = &removed.down
    {
        errors.push(syn::Error::new_spanned(
            down,
            "`down` derives responses, but this type is request-only: remove it",
        ));
    }
}

/// Fields are not gathered into an object in the first version.
fn check_flattened_not_first(context: &ApiContext, flattened: &Flattened, errors: &mut Errors) {
    if flattened.at.index == 0 {
        errors.push(first_version_error(context, flattened.at.span, "flattened"));
    }
}

/// A gathered field has no other change up to the version that gathered it.
fn check_flattened_alone(field: &FieldIn, flattened: &Flattened, errors: &mut Errors) {
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

/// Fields do not move out of an object in the first version.
fn check_nested_not_first(context: &ApiContext, nested: &Nested, errors: &mut Errors) {
    if nested.at.index == 0 {
        errors.push(first_version_error(
            context,
            nested.at.span,
            "moved out of an object",
        ));
    }
}

/// A field that moved out of an object is a latest field, neither added nor gathered then.
fn check_nested_part(input: &Input, nested: &Nested, latest: &Ident, errors: &mut Errors) {
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

/// The old object's name is not also a latest field in the versions that had the object.
fn check_nested_name_free(input: &Input, nested: &Nested, errors: &mut Errors) {
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
