//! Parses a `#[versioned]` enum: its variants and their `#[api(...)]` history.

use proc_macro2::Span;
use syn::punctuated::Punctuated;
use syn::{Attribute, Fields, Ident, Token, Type, Variant};

use super::header::{At, Header, Renamed, key_span, renamed, sort_attrs, version};
use crate::attr::{Errors, Seen, unknown_key};
use crate::context::ApiContext;

pub struct EnumInput {
    pub h: Header,
    pub variants: Vec<VariantIn>,
    pub removed: Vec<RemovedVariant>,
}

pub struct VariantIn {
    pub ident: Ident,
    pub fields: Fields,
    pub attrs: Vec<Attribute>,
    pub docs: Vec<Attribute>,
    pub serde: Vec<Attribute>,
    pub added: Option<At>,
    /// How a response value of this variant is written for versions before it existed:
    /// `fn(Newer) -> Older`.
    pub down: Option<syn::Path>,
    pub renamed: Vec<Renamed>,
}

/// `removed(variant = Name, ty = T, in = V, up = f)`: a variant that existed before `V`.
pub struct RemovedVariant {
    pub key: Span,
    pub variant: Ident,
    pub ty: Option<Type>,
    pub at: At,
    /// How an old request naming the variant is upgraded: `fn(Older) -> Newer`.
    pub up: Option<syn::Path>,
}

const TYPE_KEYS: &[&str] = &["removed"];
const REMOVED_KEYS: &[&str] = &["variant", "ty", "in", "up"];
const VARIANT_KEYS: &[&str] = &["added", "down", "renamed"];

/// Parses the variants of an enum whose header is read, adding to the header's `errors`.
pub fn parse(
    context: &ApiContext,
    h: Header,
    variants: Punctuated<Variant, Token![,]>,
    mut errors: Errors,
) -> syn::Result<EnumInput> {
    let mut removed = Vec::new();
    for attr in &h.api_attrs {
        if let Err(error) = type_attr(context, attr, &mut removed) {
            errors.push(error);
        }
    }
    if variants.is_empty() {
        errors.push_new(
            h.ident.span(),
            "a versioned enum needs at least one variant",
        );
    }
    let mut parsed = Vec::new();
    for variant in variants {
        if let Some((_, discriminant)) = &variant.discriminant {
            errors.push(syn::Error::new_spanned(
                discriminant,
                "remove the discriminant: serde writes variants by name, and older shapes could not keep the numbers",
            ));
        }
        let mut model = VariantIn {
            ident: variant.ident,
            fields: variant.fields,
            attrs: Vec::new(),
            docs: Vec::new(),
            serde: Vec::new(),
            added: None,
            down: None,
            renamed: Vec::new(),
        };
        let sorted = sort_attrs(variant.attrs);
        (model.serde, model.docs, model.attrs) = (sorted.serde, sorted.docs, sorted.other);
        for attr in &sorted.api {
            if let Err(error) = variant_attr(context, attr, &mut model) {
                errors.push(error);
            }
        }
        parsed.push(model);
    }
    errors.finish()?;
    Ok(EnumInput {
        h,
        variants: parsed,
        removed,
    })
}

fn type_attr(
    context: &ApiContext,
    attr: &Attribute,
    removed: &mut Vec<RemovedVariant>,
) -> syn::Result<()> {
    attr.parse_nested_meta(|meta| {
        if !meta.path.is_ident("removed") {
            return Err(unknown_key(&meta.path, "`#[api(...)]` on an enum", TYPE_KEYS));
        }
        let key = key_span(&meta);
        let (mut variant, mut ty, mut at, mut up) = (None, None, None, None);
        let mut seen = Seen::default();
        meta.parse_nested_meta(|inner| {
            let name = inner.path.get_ident().map(ToString::to_string).unwrap_or_default();
            if !REMOVED_KEYS.contains(&name.as_str()) {
                return Err(unknown_key(&inner.path, "`removed(...)` on an enum", REMOVED_KEYS));
            }
            seen.check(&name, key_span(&inner))?;
            match name.as_str() {
                "variant" => variant = Some(inner.value()?.parse::<Ident>()?),
                "ty" => ty = Some(inner.value()?.parse::<Type>()?),
                "in" => at = Some(version(context, &inner)?),
                _ => up = Some(inner.value()?.parse::<syn::Path>()?),
            }
            Ok(())
        })?;
        let (Some(variant), Some(at)) = (variant, at) else {
            return Err(syn::Error::new(
                key,
                "`removed(...)` on an enum needs the old variant and the version that removed it: `removed(variant = Pending, in = 2, up = ...)` (add `ty = T` for a variant that carried a value)",
            ));
        };
        removed.push(RemovedVariant {
            key,
            variant,
            ty,
            at,
            up,
        });
        Ok(())
    })
}

fn variant_attr(
    context: &ApiContext,
    attr: &Attribute,
    variant: &mut VariantIn,
) -> syn::Result<()> {
    let mut seen = Seen::default();
    attr.parse_nested_meta(|meta| {
        let name = meta
            .path
            .get_ident()
            .map(ToString::to_string)
            .unwrap_or_default();
        if !VARIANT_KEYS.contains(&name.as_str()) {
            return Err(unknown_key(
                &meta.path,
                "`#[api(...)]` on a variant",
                VARIANT_KEYS,
            ));
        }
        match name.as_str() {
            "added" => {
                seen.check("added", key_span(&meta))?;
                variant.added = Some(version(context, &meta)?);
            }
            "down" => {
                seen.check("down", key_span(&meta))?;
                variant.down = Some(meta.value()?.parse::<syn::Path>()?);
            }
            _ => variant.renamed.push(renamed(context, &meta)?),
        }
        Ok(())
    })
}
