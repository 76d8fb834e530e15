//! A versioned type's contract in every version, for the lock: serialised field names (by
//! direction, as serde reads the attributes), types and whether they are required; enum
//! values.

use proc_macro2::Span;

use super::enum_parse::EnumInput;
use super::enum_validate::{EnumPlan, VariantOrigin};
use super::parse::Input;
use super::plan::{Origin, Plan};
use crate::context::ApiContext;
use crate::lock::{
    Item, TypeContract, container_items, field_items, field_shape, skips, variant_items,
};
use crate::serde_attrs::{has_serde_key, serde_key_span};
use crate::serde_view::{self, Member};
use crate::types::is_option;

/// A member serde never saw (a field or value only older shapes have), named by the
/// container's rules, or by its old name.
fn unseen((ser, de): (String, String)) -> Member {
    Member {
        ser,
        de,
        ser_at: None,
        de_at: None,
        aliases: Vec::new(),
        skip_ser: None,
        skip_de: None,
        fields: Vec::new(),
    }
}

/// `member` as an older shape that used the old name `old` has it: that name both ways, and
/// none of the latest one's aliases (they go with its name).
fn under_old_name(member: &Member, old: Option<&String>) -> Member {
    match old {
        Some(old) => Member {
            skip_ser: member.skip_ser,
            skip_de: member.skip_de,
            ..unseen((old.clone(), old.clone()))
        },
        None => member.clone(),
    }
}

pub fn of_struct(context: &ApiContext, input: &Input, plan: &Plan) -> TypeContract {
    let name = input.h.ident.to_string();
    let latest: Vec<_> = input
        .fields
        .iter()
        .map(|f| (&f.ident, &f.ty, &f.serde[..]))
        .collect();
    let view = serde_view::of_struct(&input.h.serde, &latest);
    let versions = (0..context.versions.len())
        .map(|v| {
            let shape = usize::from(plan.shape_of[v]);
            plan.shapes[shape]
                .iter()
                .flat_map(|field| {
                    let ident = field.ident.to_string().trim_start_matches("r#").to_owned();
                    let (attrs, span, member) = match field.origin {
                        Origin::Field(i) => (
                            &input.fields[i].serde[..],
                            input.fields[i].ident.span(),
                            view.members.get(i).cloned(),
                        ),
                        Origin::Removed(i) => (&[][..], input.removed[i].field.span(), None),
                        Origin::Part(..) | Origin::Nest(_) => (&[][..], field.ident.span(), None),
                    };
                    let member = member.unwrap_or_else(|| unseen(view.rules.field(&ident)));
                    let member = under_old_name(&member, field.renamed_to.as_ref());
                    let shape = field_shape(&field.ty, is_option(&field.ty), view.default, attrs);
                    let tag = match field.origin {
                        Origin::Field(i) => Some(format!("field {i}")),
                        Origin::Removed(i) => Some(format!("removed {i}")),
                        Origin::Part(..) | Origin::Nest(_) => None,
                    };
                    tagged(field_items(&name, &member, &shape, span, Some(ident)), tag)
                })
                .chain(container_items(
                    &name,
                    &input.h.serde,
                    false,
                    input.h.ident.span(),
                ))
                .chain(denies_unknown(input).then(|| {
                    Item::new(
                        crate::serde_attrs::deny_unknown_fields_line(&name),
                        input.h.ident.span(),
                    )
                }))
                .collect()
        })
        .collect();
    let skipped = input
        .fields
        .iter()
        .zip(&view.members)
        .flat_map(|(f, m)| skips(m, Some(f.ident.to_string().trim_start_matches("r#"))))
        .collect();
    TypeContract {
        name,
        leaf: false,
        request: input.h.request,
        response: input.h.response,
        span: input.h.ident.span(),
        rename_all: serde_key_span(&input.h.serde, "rename_all"),
        rename_all_fields: serde_key_span(&input.h.serde, "rename_all_fields"),
        versions,
        skipped,
    }
}

pub fn of_enum(context: &ApiContext, input: &EnumInput, plan: &EnumPlan) -> TypeContract {
    let name = input.h.ident.to_string();
    let latest: Vec<_> = input
        .variants
        .iter()
        .map(|v| (&v.ident, &v.serde[..]))
        .collect();
    let view = serde_view::of_enum(&input.h.serde, &latest);
    let versions = (0..context.versions.len())
        .map(|v| {
            let shape = usize::from(plan.shape_of[v]);
            plan.shapes[shape]
                .iter()
                .flat_map(|variant| {
                    let ident = variant.ident.to_string();
                    let member = match variant.origin {
                        VariantOrigin::Variant(i) => view.members.get(i).cloned(),
                        VariantOrigin::Removed(_) => None,
                    };
                    let member = member.unwrap_or_else(|| unseen(view.rules.variant(&ident)));
                    let member = under_old_name(&member, variant.renamed_to.as_ref());
                    let span: Span = variant.ident.span();
                    let tag = Some(match variant.origin {
                        VariantOrigin::Variant(i) => format!("variant {i}"),
                        VariantOrigin::Removed(i) => format!("removed {i}"),
                    });
                    tagged(
                        variant_items(&name, &member, [None, None], span, Some(ident)),
                        tag,
                    )
                })
                .chain(container_items(
                    &name,
                    &input.h.serde,
                    true,
                    input.h.ident.span(),
                ))
                .collect()
        })
        .collect();
    let skipped = input
        .variants
        .iter()
        .zip(&view.members)
        .flat_map(|(v, m)| skips(m, Some(&v.ident.to_string())))
        .collect();
    TypeContract {
        name,
        leaf: false,
        request: input.h.request,
        response: input.h.response,
        span: input.h.ident.span(),
        rename_all: serde_key_span(&input.h.serde, "rename_all"),
        rename_all_fields: serde_key_span(&input.h.serde, "rename_all_fields"),
        versions,
        skipped,
    }
}

/// Whether the request shapes reject unknown fields (so does the lock's contract).
fn denies_unknown(input: &Input) -> bool {
    input.h.request
        && !input.h.allow_unknown
        && !has_serde_key(&input.h.serde, "deny_unknown_fields")
        && !input
            .fields
            .iter()
            .any(|f| has_serde_key(&f.serde, "flatten"))
}

/// `items` marked as coming from the declaration `tag` (`field 2`, `variant 0`), the same in
/// every version, so the release notes can tell a declared rename from an addition and a
/// removal.
fn tagged(items: Vec<crate::lock::Item>, tag: Option<String>) -> Vec<crate::lock::Item> {
    items
        .into_iter()
        .map(|mut item| {
            item.member.clone_from(&tag);
            item
        })
        .collect()
}
