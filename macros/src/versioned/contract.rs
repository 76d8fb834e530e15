//! A versioned type's contract in every version, for the lock: serialised field names,
//! types and whether they are required; enum values.

use super::enum_parse::EnumInput;
use super::enum_validate::{EnumPlan, VariantOrigin};
use super::expand::{has_serde_key, serde_string, serialized_name};
use super::parse::{Input, option_inner};
use super::validate::{Origin, Plan, is_option};
use crate::context::ApiContext;
use crate::lock::{Item, TypeContract, type_name};

pub fn of_struct(context: &ApiContext, input: &Input, plan: &Plan) -> TypeContract {
    let name = input.h.ident.to_string();
    let container_default = has_serde_key(&input.h.serde, "default");
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
                    let optional = is_option(&field.ty)
                        || container_default
                        || has_serde_key(attrs, "default")
                        || has_serde_key(attrs, "skip_serializing_if");
                    // `Option<T>` is `T`, optional: making a field optional or required is an
                    // optionality change, not a change of type.
                    let ty = option_inner(&field.ty).unwrap_or(&field.ty);
                    Item {
                        line: format!(
                            "field {name}.{} {} {}",
                            serialized_name(input, field),
                            type_name(ty),
                            if optional { "optional" } else { "required" }
                        ),
                        span,
                    }
                })
                .collect()
        })
        .collect();
    TypeContract {
        name,
        request: input.h.request,
        response: input.h.response,
        span: input.h.ident.span(),
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
                        variant_name(&variant.ident.to_string(), rule.as_deref())
                    });
                    Item {
                        line: format!("variant {name}.{wire}"),
                        span: variant.ident.span(),
                    }
                })
                .collect()
        })
        .collect();
    TypeContract {
        name,
        request: input.h.request,
        response: input.h.response,
        span: input.h.ident.span(),
        versions,
    }
}

/// serde's `rename_all` for a PascalCase variant name.
fn variant_name(variant: &str, rule: Option<&str>) -> String {
    let mut words: Vec<String> = Vec::new();
    for c in variant.chars() {
        if c.is_uppercase() || words.is_empty() {
            words.push(String::new());
        }
        if let Some(last) = words.last_mut() {
            last.push(c);
        }
    }
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    match rule {
        Some("lowercase") => variant.to_lowercase(),
        Some("UPPERCASE") => variant.to_uppercase(),
        Some("camelCase") => {
            let mut chars = variant.chars();
            chars
                .next()
                .map_or_else(String::new, |c| c.to_lowercase().chain(chars).collect())
        }
        Some("snake_case") => lower.join("_"),
        Some("SCREAMING_SNAKE_CASE") => lower.join("_").to_uppercase(),
        Some("kebab-case") => lower.join("-"),
        Some("SCREAMING-KEBAB-CASE") => lower.join("-").to_uppercase(),
        _ => variant.to_owned(),
    }
}
