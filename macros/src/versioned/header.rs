//! What `#[versioned(...)]` and the container attributes say, for structs and enums alike,
//! and the pieces of `#[api(...)]` both read: version references and renames.

use proc_macro2::{Span, TokenStream};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Attribute, Ident, LitStr, Token, Visibility};

use crate::attr::{Errors, Seen, VersionLit, field_name, unknown_key};
use crate::context::ApiContext;

/// A version reference: its position in the API's list and where it was written.
#[derive(Clone, Copy)]
pub struct At {
    pub index: usize,
    pub span: Span,
}

pub struct Renamed {
    pub at: At,
    pub from: LitStr,
}

const ARGS: &[&str] = &[
    "api",
    "request",
    "response",
    "allow_unknown_fields",
    "renamed",
    "doc",
];

/// A version reference, `key = V`, resolved among the API's declared versions.
pub fn version(context: &ApiContext, meta: &syn::meta::ParseNestedMeta) -> syn::Result<At> {
    let lit: VersionLit = meta.value()?.parse()?;
    let index = context.resolve(&lit)?;
    Ok(At {
        index,
        span: lit.span,
    })
}

/// `renamed(from = "old", in = V)`, on a field or a variant.
pub fn renamed(context: &ApiContext, meta: &syn::meta::ParseNestedMeta) -> syn::Result<Renamed> {
    let (from, (index, span)) = context.old_and_version::<LitStr>(
        meta,
        "`renamed(...)` needs the old name and the version that renamed it: `renamed(from = \"old_name\", in = 2)`",
    )?;
    field_name(&from)?;
    Ok(Renamed {
        at: At { index, span },
        from,
    })
}

/// Where a key of an attribute is written.
pub fn key_span(meta: &syn::meta::ParseNestedMeta) -> Span {
    meta.path.span()
}

/// Attributes sorted by who handles them: ours (`#[api]`), serde's, docs, and the rest.
pub struct SortedAttrs {
    pub api: Vec<Attribute>,
    pub serde: Vec<Attribute>,
    pub docs: Vec<Attribute>,
    pub other: Vec<Attribute>,
}

pub fn sort_attrs(attrs: Vec<Attribute>) -> SortedAttrs {
    let mut sorted = SortedAttrs {
        api: Vec::new(),
        serde: Vec::new(),
        docs: Vec::new(),
        other: Vec::new(),
    };
    for attr in attrs {
        let slot = if attr.path().is_ident("api") {
            &mut sorted.api
        } else if attr.path().is_ident("serde") {
            &mut sorted.serde
        } else if attr.path().is_ident("doc") {
            &mut sorted.docs
        } else {
            &mut sorted.other
        };
        slot.push(attr);
    }
    sorted
}

/// What `#[versioned(...)]` and the container attributes say, for structs and enums alike.
pub struct Header {
    pub api: syn::Path,
    pub request: bool,
    pub response: bool,
    /// `allow_unknown_fields`: request shapes ignore fields they do not know (by default
    /// they reject them, so a field of another version is a 422).
    pub allow_unknown: bool,
    pub vis: Visibility,
    pub ident: Ident,
    /// Other attributes, kept on the latest type only.
    pub attrs: Vec<Attribute>,
    /// `#[doc]` attributes (copied to older shapes too).
    pub docs: Vec<Attribute>,
    /// The user's derives (copied to every shape).
    pub derives: Vec<syn::Path>,
    /// Container `#[serde(...)]` attributes (copied to every shape).
    pub serde: Vec<Attribute>,
    /// The `#[api(...)]` attributes on the type, parsed by the struct or enum parser.
    pub api_attrs: Vec<Attribute>,
    /// `renamed(from = "Old", in = V)`: (V's index, the old name, where it is written).
    pub names: Vec<(usize, String, Span)>,
    /// `doc(from = "...", in = V)`: (V's index, the old description, where it is written).
    pub descriptions: Vec<(usize, String, Span)>,
    /// Where generated code finds the runtime (the API's `crate = path`).
    pub runtime: crate::private::Runtime,
}

/// Reads `#[versioned(...)]` (`args`) and sorts the container attributes; `type_params`
/// when the item may have type parameters (a struct).
/// `renamed(from = "Learner", in = 3)` or `doc(from = "A learner.", in = 3)`: what the
/// documents of versions before 3 called or described the type. The first version has no
/// older one to document differently.
fn documented(
    context: &ApiContext,
    meta: &syn::meta::ParseNestedMeta,
    renamed: bool,
) -> syn::Result<(usize, String, Span)> {
    let key = if renamed { "renamed" } else { "doc" };
    let example = if renamed {
        "`renamed(from = \"Learner\", in = 3)`"
    } else {
        "`doc(from = \"A learner on a course.\", in = 3)`"
    };
    let (from, (before, span)) = context.old_and_version::<LitStr>(
        meta,
        &format!("`{key}(...)` needs the old value and the version that changed it: {example}"),
    )?;
    if before == 0 {
        return Err(syn::Error::new(
            span,
            format!(
                "no version comes before version {}, so none was documented differently: name a later version",
                context.label(0)
            ),
        ));
    }
    let text = from.value();
    if renamed && syn::parse_str::<Ident>(&text).is_err() {
        return Err(syn::Error::new(
            from.span(),
            format!(
                "`{text}` is not a name a document can use: write an identifier, as in {example}"
            ),
        ));
    }
    Ok((before, text, from.span()))
}

#[allow(clippy::too_many_arguments)]
pub fn header(
    context: &ApiContext,
    args: TokenStream,
    vis: Visibility,
    ident: Ident,
    attrs: Vec<Attribute>,
    generics: &syn::Generics,
    type_params: bool,
    errors: &mut Errors,
) -> Header {
    let mut api = None;
    let (mut request, mut response, mut allow_unknown) = (false, false, None);
    let (mut names, mut descriptions) = (Vec::new(), Vec::new());
    let mut seen = Seen::default();
    let parser = syn::meta::parser(|meta| {
        if meta.path.is_ident("renamed") || meta.path.is_ident("doc") {
            let renamed = meta.path.is_ident("renamed");
            let (before, text, span) = documented(context, &meta, renamed)?;
            if renamed && ident == text {
                return Err(syn::Error::new(
                    span,
                    format!(
                        "`{ident}` is the type's name now, so this rename changes nothing: `from` is the name older versions' documents used"
                    ),
                ));
            }
            if renamed {
                &mut names
            } else {
                &mut descriptions
            }
            .push((before, text, span));
            return Ok(());
        }
        if meta.path.is_ident("api") {
            seen.check("api", key_span(&meta))?;
            api = Some(meta.value()?.parse::<syn::Path>()?);
        } else if meta.path.is_ident("request") {
            seen.check("request", key_span(&meta))?;
            request = true;
        } else if meta.path.is_ident("response") {
            seen.check("response", key_span(&meta))?;
            response = true;
        } else if meta.path.is_ident("allow_unknown_fields") {
            seen.check("allow_unknown_fields", key_span(&meta))?;
            allow_unknown = Some(key_span(&meta));
        } else {
            return Err(unknown_key(&meta.path, "`#[versioned(...)]`", ARGS));
        }
        Ok(())
    });
    if let Err(error) = syn::parse::Parser::parse2(parser, args) {
        errors.push(error);
    }
    if !request && !response {
        request = true;
        response = true;
    }
    if let (false, Some(span)) = (request, allow_unknown) {
        errors.push_new(
            span,
            "`allow_unknown_fields` changes how requests are read, but this type is response-only: remove it, or declare `#[versioned(..., request)]`",
        );
    }
    // The type's own `allow_unknown_fields`, else the API's `unknown_fields = allow`.
    let allow_unknown = allow_unknown.is_some() || context.allow_unknown_fields;
    for param in &generics.params {
        match param {
            syn::GenericParam::Type(_) if type_params => {}
            syn::GenericParam::Type(_) => errors.push(syn::Error::new_spanned(
                param,
                "`#[versioned]` enums cannot be generic yet: version a concrete enum, or a generic struct holding it",
            )),
            other => errors.push(syn::Error::new_spanned(
                other,
                "`#[versioned]` types take type parameters only: lifetimes and const parameters are not supported",
            )),
        }
    }
    let mut header = Header {
        api: api.unwrap_or_else(|| syn::parse_quote!(__missing_api)),
        request,
        response,
        allow_unknown,
        vis,
        ident,
        attrs: Vec::new(),
        docs: Vec::new(),
        derives: Vec::new(),
        serde: Vec::new(),
        api_attrs: Vec::new(),
        names,
        descriptions,
        runtime: context.runtime.clone(),
    };
    let sorted = sort_attrs(attrs);
    header.api_attrs = sorted.api;
    header.serde = sorted.serde;
    header.docs = sorted.docs;
    for attr in sorted.other {
        if !attr.path().is_ident("derive") {
            header.attrs.push(attr);
            continue;
        }
        match attr.parse_args_with(Punctuated::<syn::Path, Token![,]>::parse_terminated) {
            Ok(paths) => {
                for path in paths {
                    let last = path.segments.last().map(|s| s.ident.to_string());
                    let ours = match last.as_deref() {
                        Some("Serialize") => response,
                        Some("Deserialize") => request,
                        _ => false,
                    };
                    if ours {
                        errors.push(syn::Error::new_spanned(
                            &path,
                            format!(
                                "remove `{}` from this derive: `#[versioned]` implements it, writing each version in its own shape",
                                last.unwrap_or_default()
                            ),
                        ));
                    } else {
                        header.derives.push(path);
                    }
                }
            }
            Err(error) => errors.push(error),
        }
    }
    header
}
