//! How serde reads a type's attributes, direction by direction: the name a field or value is
//! written under and the name (and aliases) it is read under, whether it is skipped either
//! way, and its defaults. Read by `serde_derive_internals`, the attribute parser of serde's
//! own derive (already built for `schemars_derive`, on the same `syn`, so it costs the
//! build nothing): split `rename(serialize = ..., deserialize = ...)` and `rename_all(...)`,
//! `rename_all_fields`, `alias`, `skip*` and `default` mean here exactly what they mean to
//! serde, with no second reading of them to drift. Only where a name is set (the span of
//! its `rename` literal, for errors) is read by [`rename_spans`].

use proc_macro2::Span;
use quote::quote;
use serde_derive_internals::{Ctxt, Derive, ast, attr};
use syn::punctuated::Punctuated;
use syn::{Attribute, Meta, Token};

use crate::serde_attrs::serde_key_span;

/// A field or an enum value as serde sees it.
#[derive(Clone)]
pub struct Member {
    /// The name responses carry (serialising), after `rename` and the container's rules.
    pub ser: String,
    /// The name requests are read under (deserialising).
    pub de: String,
    /// Where `ser` and `de` are set, when a `rename` sets them.
    pub ser_at: Option<Span>,
    pub de_at: Option<Span>,
    /// The other names requests may use (`alias`, and the extra `rename(deserialize)`s).
    pub aliases: Vec<(String, Span)>,
    /// Where the member is skipped when serialising or deserialising (`skip`,
    /// `skip_serializing`, `skip_deserializing`), when it is.
    pub skip_ser: Option<Span>,
    pub skip_de: Option<Span>,
    /// The fields of an enum value with data (`rename_all_fields` and the value's own
    /// `rename_all` applied); empty for a field.
    pub fields: Vec<Member>,
}

impl Member {
    /// Whether serde writes and reads it alike: one name, no skipped direction.
    pub fn symmetric(&self) -> bool {
        self.ser == self.de && self.skip_ser.is_none() == self.skip_de.is_none()
    }
}

/// A container's renaming rules, for members serde never sees (fields of older shapes that
/// the latest type does not have).
#[derive(Clone, Copy)]
pub struct Rules(attr::RenameAllRules);

impl Rules {
    /// A field called `ident` (no `rename` of its own): its serialised and deserialised name.
    pub fn field(&self, ident: &str) -> (String, String) {
        (
            self.0.serialize.apply_to_field(ident),
            self.0.deserialize.apply_to_field(ident),
        )
    }

    /// A value called `ident`: its serialised and deserialised name.
    pub fn variant(&self, ident: &str) -> (String, String) {
        (
            self.0.serialize.apply_to_variant(ident),
            self.0.deserialize.apply_to_variant(ident),
        )
    }
}

/// serde's reading of a struct or enum: its rules and its members, in order.
pub struct View {
    pub rules: Rules,
    /// `#[serde(default)]` (or `default = "..."`) on the container.
    pub default: bool,
    pub members: Vec<Member>,
}

/// serde's reading of `item` (a struct or an enum). Misuse is serde's to report, where the
/// derive runs: errors found here are dropped, and what could be read is used.
pub fn of(item: &syn::DeriveInput) -> View {
    let cx = Ctxt::new();
    let private = syn::Ident::new("__private", Span::call_site());
    let view = ast::Container::from_ast(&cx, item, Derive::Deserialize, &private).map(|c| {
        let members = match &c.data {
            ast::Data::Struct(_, fields) => fields.iter().map(field).collect(),
            ast::Data::Enum(variants) => variants.iter().map(variant).collect(),
        };
        View {
            rules: Rules(c.attrs.rename_all_rules()),
            default: !c.attrs.default().is_none(),
            members,
        }
    });
    // Reported by serde's own derive.
    let _ = cx.check();
    view.unwrap_or_else(|| {
        // A union, which neither macro passes: its container's rules, no members.
        let cx = Ctxt::new();
        let rules = Rules(attr::Container::from_ast(&cx, item).rename_all_rules());
        let _ = cx.check();
        View {
            rules,
            default: false,
            members: Vec::new(),
        }
    })
}

/// A struct of named fields with these container and field attributes, for [`of`]: how a
/// `#[versioned]` type's latest shape reads.
pub fn of_struct(
    container: &[Attribute],
    fields: &[(&syn::Ident, &syn::Type, &[Attribute])],
) -> View {
    let container = serde_only(container);
    let fields = fields.iter().map(|(ident, ty, attrs)| {
        let attrs = serde_only(attrs);
        quote!(#(#attrs)* #ident: #ty)
    });
    of_tokens(quote!(#(#container)* struct __VersionaryView { #(#fields),* }))
}

/// An enum of these unit values with these container and value attributes, for [`of`]: how
/// a `#[versioned]` enum's values read.
pub fn of_enum(container: &[Attribute], variants: &[(&syn::Ident, &[Attribute])]) -> View {
    let container = serde_only(container);
    let variants = variants.iter().map(|(ident, attrs)| {
        let attrs = serde_only(attrs);
        quote!(#(#attrs)* #ident)
    });
    of_tokens(quote!(#(#container)* enum __VersionaryView { #(#variants),* }))
}

/// [`of`] the item in `tokens`, made of parts that parsed once already.
fn of_tokens(tokens: proc_macro2::TokenStream) -> View {
    let item: syn::DeriveInput = syn::parse2(tokens).unwrap_or_else(|_| {
        syn::parse_quote!(
            struct __VersionaryView;
        )
    });
    of(&item)
}

fn serde_only(attrs: &[Attribute]) -> Vec<Attribute> {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("serde"))
        .cloned()
        .collect()
}

fn field(f: &ast::Field) -> Member {
    let a = &f.attrs;
    member(
        a.name().serialize_name().value.clone(),
        a.name().deserialize_name().value.clone(),
        a.aliases().iter().map(|n| (n.value.clone(), n.span)),
        &f.original.attrs,
        (a.skip_serializing(), a.skip_deserializing()),
        Vec::new(),
    )
}

fn variant(v: &ast::Variant) -> Member {
    let a = &v.attrs;
    member(
        a.name().serialize_name().value.clone(),
        a.name().deserialize_name().value.clone(),
        a.aliases().iter().map(|n| (n.value.clone(), n.span)),
        &v.original.attrs,
        (a.skip_serializing(), a.skip_deserializing()),
        v.fields.iter().map(field).collect(),
    )
}

fn member(
    ser: String,
    de: String,
    aliases: impl Iterator<Item = (String, Span)>,
    attrs: &[Attribute],
    (skip_ser, skip_de): (bool, bool),
    fields: Vec<Member>,
) -> Member {
    let (ser_at, de_at) = rename_spans(attrs);
    let skip = |key: &str| serde_key_span(attrs, "skip").or_else(|| serde_key_span(attrs, key));
    let aliases = aliases.filter(|(name, _)| *name != de).collect();
    Member {
        ser,
        de,
        ser_at,
        de_at,
        aliases,
        skip_ser: skip_ser
            .then(|| skip("skip_serializing"))
            .map(|s| s.unwrap_or_else(Span::call_site)),
        skip_de: skip_de
            .then(|| skip("skip_deserializing"))
            .map(|s| s.unwrap_or_else(Span::call_site)),
        fields,
    }
}

/// Where `rename` sets the serialised and the deserialised name: `rename = "x"` sets both,
/// `rename(serialize = "x")` one, `rename(deserialize = "y")` the other.
pub fn rename_spans(attrs: &[Attribute]) -> (Option<Span>, Option<Span>) {
    let (mut ser, mut de) = (None, None);
    let metas = attrs
        .iter()
        .filter(|a| a.path().is_ident("serde"))
        .filter_map(|a| {
            a.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)
                .ok()
        })
        .flatten();
    for meta in metas {
        match &meta {
            Meta::NameValue(nv) if nv.path.is_ident("rename") => {
                let span = syn::spanned::Spanned::span(&nv.value);
                ser = ser.or(Some(span));
                de = de.or(Some(span));
            }
            Meta::List(list) if list.path.is_ident("rename") => {
                let inner = list
                    .parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)
                    .into_iter()
                    .flatten();
                for m in inner {
                    if let Meta::NameValue(nv) = m {
                        let span = syn::spanned::Spanned::span(&nv.value);
                        if nv.path.is_ident("serialize") {
                            ser = ser.or(Some(span));
                        } else if nv.path.is_ident("deserialize") {
                            de = de.or(Some(span));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    (ser, de)
}

#[cfg(test)]
mod tests {
    use super::of;

    fn names(item: syn::DeriveInput) -> Vec<(String, String, Vec<String>, bool, bool)> {
        of(&item)
            .members
            .into_iter()
            .map(|m| {
                let aliases = m.aliases.into_iter().map(|a| a.0).collect();
                (
                    m.ser,
                    m.de,
                    aliases,
                    m.skip_ser.is_some(),
                    m.skip_de.is_some(),
                )
            })
            .collect()
    }

    #[test]
    fn each_direction_is_read_as_serde_reads_it() {
        let item: syn::DeriveInput = syn::parse_quote! {
            #[serde(rename_all(serialize = "camelCase", deserialize = "UPPERCASE"))]
            struct Order {
                course_id: String,
                #[serde(rename(deserialize = "qty"), alias = "n")]
                item_count: u32,
                #[serde(skip_deserializing)]
                total: u32,
                #[serde(skip)]
                cache: u8,
            }
        };
        let s = |x: &str| x.to_owned();
        assert_eq!(
            names(item),
            vec![
                (s("courseId"), s("COURSE_ID"), vec![], false, false),
                (s("itemCount"), s("qty"), vec![s("n")], false, false),
                (s("total"), s("TOTAL"), vec![], false, true),
                (s("cache"), s("CACHE"), vec![], true, true),
            ]
        );
    }

    #[test]
    fn rename_all_fields_renames_the_fields_of_values() {
        let item: syn::DeriveInput = syn::parse_quote! {
            #[serde(rename_all = "snake_case", rename_all_fields = "camelCase")]
            enum Trip {
                MoveHouse { from_town: String },
                #[serde(rename_all = "UPPERCASE")]
                Stay { nights_left: u8 },
            }
        };
        let view = of(&item);
        let fields: Vec<(&str, &str)> = view
            .members
            .iter()
            .map(|m| (m.ser.as_str(), m.fields[0].ser.as_str()))
            .collect();
        assert_eq!(
            fields,
            [("move_house", "fromTown"), ("stay", "NIGHTS_LEFT")]
        );
        assert!(view.members.iter().all(super::Member::symmetric));
    }

    #[test]
    fn a_container_default_is_seen() {
        let item: syn::DeriveInput = syn::parse_quote! {
            #[serde(default)]
            struct Filter { page: u32 }
        };
        assert!(of(&item).default);
    }
}
