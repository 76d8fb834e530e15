//! A versioned type's contract in every version, for the lock: serialised field names,
//! types and whether they are required; enum values.

use super::enum_parse::EnumInput;
use super::enum_validate::{EnumPlan, VariantOrigin};
use super::names::serialized_name;
use super::parse::Input;
use super::plan::{Origin, Plan};
use crate::context::ApiContext;
use crate::lock::{Item, TypeContract, container_items, field_line};
use crate::serde_attrs::{has_serde_key, rename_variant, serde_key_span, serde_string};
use crate::types::is_option;

pub fn of_struct(context: &ApiContext, input: &Input, plan: &Plan) -> TypeContract {
    let name = input.h.ident.to_string();
    let versions = (0..context.versions.len())
        .map(|v| {
            let shape = usize::from(plan.shape_of[v]);
            plan.shapes[shape]
                .iter()
                .map(|field| {
                    let (attrs, span) = match field.origin {
                        Origin::Field(i) => {
                            (&input.fields[i].serde[..], input.fields[i].ident.span())
                        }
                        Origin::Removed(i) => (&[][..], input.removed[i].field.span()),
                        Origin::Part(..) | Origin::Nest(_) => (&[][..], field.ident.span()),
                    };
                    Item {
                        line: field_line(
                            &name,
                            &serialized_name(input, field),
                            &field.ty,
                            is_option(&field.ty),
                            &input.h.serde,
                            attrs,
                        ),
                        span,
                        ident: Some(field.ident.to_string().trim_start_matches("r#").to_owned()),
                        name_span: serde_key_span(attrs, "rename"),
                        member: match field.origin {
                            Origin::Field(i) => Some(format!("field {i}")),
                            Origin::Removed(i) => Some(format!("removed {i}")),
                            Origin::Part(..) | Origin::Nest(_) => None,
                        },
                    }
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
    TypeContract {
        name,
        leaf: false,
        request: input.h.request,
        response: input.h.response,
        span: input.h.ident.span(),
        rename_all: serde_key_span(&input.h.serde, "rename_all"),
        versions,
    }
}

pub fn of_enum(context: &ApiContext, input: &EnumInput, plan: &EnumPlan) -> TypeContract {
    let name = input.h.ident.to_string();
    let rule = serde_string(&input.h.serde, "rename_all");
    let versions = (0..context.versions.len())
        .map(|v| {
            let shape = usize::from(plan.shape_of[v]);
            plan.shapes[shape]
                .iter()
                .map(|variant| {
                    let explicit = match variant.origin {
                        VariantOrigin::Variant(i) => {
                            serde_string(&input.variants[i].serde, "rename")
                        }
                        VariantOrigin::Removed(_) => None,
                    };
                    let wire = variant.renamed_to.clone().or(explicit).unwrap_or_else(|| {
                        rename_variant(&variant.ident.to_string(), rule.as_deref())
                    });
                    let explicit_span = match variant.origin {
                        VariantOrigin::Variant(i) => {
                            serde_key_span(&input.variants[i].serde, "rename")
                        }
                        VariantOrigin::Removed(_) => None,
                    };
                    Item {
                        line: crate::lock::variant_line(&name, &wire, None),
                        span: variant.ident.span(),
                        ident: Some(variant.ident.to_string()),
                        name_span: explicit_span,
                        member: Some(match variant.origin {
                            VariantOrigin::Variant(i) => format!("variant {i}"),
                            VariantOrigin::Removed(i) => format!("removed {i}"),
                        }),
                    }
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
    TypeContract {
        name,
        leaf: false,
        request: input.h.request,
        response: input.h.response,
        span: input.h.ident.span(),
        rename_all: serde_key_span(&input.h.serde, "rename_all"),
        versions,
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
