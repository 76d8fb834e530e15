//! `api_versions! { pub Name(state = S) { 1 => "Initial release", 2 => "..." } }`
//!
//! Parses the declaration, checks the list (one scheme, strictly ascending, no duplicates)
//! and expands to the API type, its `versionary::Api` impl and the forwarding `macro_rules!`,
//! all naming the runtime by the API's `crate = path` when it gives one.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote};
use syn::parse::{Parse, ParseStream};
use syn::{Attribute, Ident, LitStr, Token, Type, Visibility, braced, parenthesized};

use crate::attr::{Errors, Seen, VersionLit, unknown_key};
use crate::policy::Policy;
use crate::private::Runtime;

struct Declared {
    lit: VersionLit,
    description: LitStr,
    released: Option<LitStr>,
    /// The head version under development: private unless a preview is enabled.
    unreleased: Option<proc_macro2::Span>,
    deprecated: Option<LitStr>,
    sunset: Option<LitStr>,
}

const VERSION_KEYS: &[&str] = &["released", "unreleased", "deprecated", "sunset"];
const API_KEYS: &[&str] = &[
    "state",
    "lock",
    "policy",
    "rules",
    "notice_days",
    "deprecation_policy",
    "unknown_fields",
    "crate",
];

/// A `YYYY-MM-DD` date literal.
fn date(lit: &LitStr) -> syn::Result<()> {
    match crate::version::Version::parse(&lit.value()) {
        Ok(crate::version::Version::Date { .. }) => Ok(()),
        _ => Err(syn::Error::new(lit.span(), "expected a date `YYYY-MM-DD`")),
    }
}

struct Input {
    attrs: Vec<Attribute>,
    vis: Visibility,
    name: Ident,
    state: Option<Type>,
    lock: Option<LitStr>,
    policy: Policy,
    /// The least days between a deprecation and its sunset (`notice_days = N`; 0 if unset).
    notice_days: u32,
    deprecation_policy: Option<LitStr>,
    /// `unknown_fields = allow`: request types ignore fields they do not know.
    allow_unknown_fields: bool,
    /// `crate = path`: where generated code finds the runtime.
    runtime: Runtime,
    versions: Vec<Declared>,
}

impl Parse for Input {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let attrs = input.call(Attribute::parse_outer)?;
        let vis: Visibility = input.parse()?;
        let name: Ident = input.parse().map_err(|e| {
            syn::Error::new(
                e.span(),
                "expected the API's name: `api_versions! { pub MyApi { 1 => \"Initial release\" } }`",
            )
        })?;
        let mut state = None;
        let mut lock = None;
        let mut policy = Policy::default();
        let mut notice_days = 0;
        let mut deprecation_policy = None;
        let mut allow_unknown_fields = false;
        let mut runtime = Runtime::default();
        if input.peek(syn::token::Paren) {
            let args;
            parenthesized!(args in input);
            let mut seen = Seen::default();
            let parser = syn::meta::parser(|meta| {
                if meta.path.is_ident("state") {
                    seen.check("state", meta.path.span_of())?;
                    state = Some(meta.value()?.parse::<Type>()?);
                    Ok(())
                } else if meta.path.is_ident("lock") {
                    seen.check("lock", meta.path.span_of())?;
                    lock = Some(meta.value()?.parse::<LitStr>()?);
                    Ok(())
                } else if meta.path.is_ident("policy") || meta.path.is_ident("rules") {
                    let key = meta
                        .path
                        .get_ident()
                        .map(ToString::to_string)
                        .unwrap_or_default();
                    seen.check(&key, meta.path.span_of())?;
                    policy.parse(&meta)
                } else if meta.path.is_ident("unknown_fields") {
                    seen.check("unknown_fields", meta.path.span_of())?;
                    allow_unknown_fields = crate::context::unknown_fields(&meta)?;
                    Ok(())
                } else if meta.path.is_ident("crate") {
                    seen.check("crate", meta.path.span_of())?;
                    runtime =
                        Runtime::at(crate::private::root(meta.value()?, meta.path.span_of())?);
                    Ok(())
                } else if meta.path.is_ident("notice_days") {
                    seen.check("notice_days", meta.path.span_of())?;
                    let days: syn::LitInt = meta.value()?.parse().map_err(|e| {
                        syn::Error::new(e.span(), "expected a number of days: `notice_days = 60`")
                    })?;
                    notice_days = days.base10_parse::<u32>().map_err(|_| {
                        syn::Error::new(
                            days.span(),
                            "expected a whole number of days: `notice_days = 60`",
                        )
                    })?;
                    Ok(())
                } else if meta.path.is_ident("deprecation_policy") {
                    seen.check("deprecation_policy", meta.path.span_of())?;
                    let url: LitStr = meta.value()?.parse()?;
                    if !(url.value().starts_with("https://")
                        || url.value().starts_with("http://")
                        || url.value().starts_with('/'))
                        || url.value().contains(['<', '>', '"', ' '])
                    {
                        return Err(syn::Error::new(
                            url.span(),
                            "expected the URL of the deprecation policy: `deprecation_policy = \"https://example.com/deprecations\"`",
                        ));
                    }
                    deprecation_policy = Some(url);
                    Ok(())
                } else {
                    Err(unknown_key(&meta.path, "`api_versions!`", API_KEYS))
                }
            });
            syn::parse::Parser::parse2(parser, args.parse::<TokenStream>()?)?;
        }
        let body;
        braced!(body in input);
        let mut versions = Vec::new();
        while !body.is_empty() {
            let lit: VersionLit = body.parse()?;
            body.parse::<Token![=>]>()?;
            let description: LitStr = body.parse().map_err(|e| {
                syn::Error::new(
                    e.span(),
                    "expected the version's description as a string: `2 => \"What changed\"`",
                )
            })?;
            let mut released = None;
            let mut unreleased = None;
            let mut deprecated = None;
            let mut sunset = None;
            if body.peek(syn::token::Brace) {
                let meta;
                braced!(meta in body);
                let mut seen = Seen::default();
                let parser = syn::meta::parser(|m| {
                    if m.path.is_ident("released") {
                        seen.check("released", m.path.span_of())?;
                        let lit: LitStr = m.value()?.parse()?;
                        date(&lit)?;
                        released = Some(lit);
                        Ok(())
                    } else if m.path.is_ident("deprecated") || m.path.is_ident("sunset") {
                        let key = if m.path.is_ident("sunset") {
                            "sunset"
                        } else {
                            "deprecated"
                        };
                        seen.check(key, m.path.span_of())?;
                        let lit: LitStr = m.value()?.parse()?;
                        date(&lit)?;
                        if key == "sunset" {
                            sunset = Some(lit);
                        } else {
                            deprecated = Some(lit);
                        }
                        Ok(())
                    } else if m.path.is_ident("unreleased") {
                        seen.check("unreleased", m.path.span_of())?;
                        unreleased = Some(m.path.span_of());
                        Ok(())
                    } else {
                        Err(unknown_key(&m.path, "a version's `{ ... }`", VERSION_KEYS))
                    }
                });
                syn::parse::Parser::parse2(parser, meta.parse::<TokenStream>()?)?;
            }
            versions.push(Declared {
                lit,
                description,
                released,
                unreleased,
                deprecated,
                sunset,
            });
            if body.is_empty() {
                break;
            }
            body.parse::<Token![,]>()?;
        }
        if !input.is_empty() {
            return Err(input.error("unexpected tokens after the version list"));
        }
        Ok(Input {
            attrs,
            vis,
            name,
            state,
            lock,
            policy,
            notice_days,
            deprecation_policy,
            allow_unknown_fields,
            runtime,
            versions,
        })
    }
}

trait SpanOf {
    fn span_of(&self) -> proc_macro2::Span;
}

impl SpanOf for syn::Path {
    fn span_of(&self) -> proc_macro2::Span {
        self.segments
            .first()
            .map_or_else(proc_macro2::Span::call_site, |s| s.ident.span())
    }
}

fn validate(input: &Input) -> syn::Result<()> {
    let mut errors = Errors::default();
    if input.versions.is_empty() {
        errors.push_new(
            input.name.span(),
            format!(
                "`{}` declares no versions: list them oldest first, `{} {{ 1 => \"Initial release\" }}`",
                input.name, input.name
            ),
        );
    }
    let notice_days = input.notice_days;
    let api = input.name.to_string();
    let newest_public = input.versions.iter().rposition(|v| v.unreleased.is_none());
    for (i, declared) in input.versions.iter().enumerate() {
        crate::notice::check(
            declared.deprecated.as_ref(),
            declared.sunset.as_ref(),
            notice_days,
            &api,
            &mut errors,
        );
        if let Some(lit) = declared.deprecated.as_ref().or(declared.sunset.as_ref()) {
            if declared.unreleased.is_some() {
                errors.push_new(
                    lit.span(),
                    "an unreleased version cannot be deprecated or sunset: release it first, or remove it",
                );
            } else if Some(i) == newest_public {
                errors.push_new(
                    lit.span(),
                    format!(
                        "`{}` is the newest released version: deprecated clients would have no successor to move to; declare and release the version that replaces it first",
                        declared.lit.text
                    ),
                );
            }
        }
        if let (Some(released), Some(deprecated)) = (&declared.released, &declared.deprecated)
            && crate::calendar::days_between(&released.value(), &deprecated.value())
                .is_some_and(|d| d < 0)
        {
            {
                errors.push_new(
                    deprecated.span(),
                    format!(
                        "deprecated `{}` is before the version was released (`{}`)",
                        deprecated.value(),
                        released.value()
                    ),
                );
            }
        }
        if declared.description.value().trim().is_empty() {
            errors.push_new(
                declared.description.span(),
                "describe the version: integrators read this in the changelog",
            );
        }
        if let (Some(span), true) = (declared.unreleased, declared.released.is_some()) {
            errors.push_new(
                span,
                "a version cannot be both `released = ...` and `unreleased`",
            );
        }
        let Some(previous) = i.checked_sub(1).map(|p| &input.versions[p]) else {
            continue;
        };
        if let (Some(_), None) = (previous.unreleased, declared.unreleased) {
            errors.push_new(
                declared.lit.span,
                format!(
                    "`{}` comes after the unreleased `{}`: only the newest versions can be unreleased; mark it `{{ unreleased }}` too, or release `{}`",
                    declared.lit.text, previous.lit.text, previous.lit.text
                ),
            );
        }
        let (prev, this) = (&previous.lit, &declared.lit);
        if prev.version.scheme() != this.version.scheme() {
            errors.push_new(
                this.span,
                format!(
                    "`{}` is {} version but `{}` is {} version: one API uses one kind of version",
                    this.text,
                    this.version.scheme(),
                    prev.text,
                    prev.version.scheme()
                ),
            );
        } else if this.version == prev.version {
            errors.push_new(
                this.span,
                format!("version `{}` is declared twice", this.text),
            );
        } else if this.version < prev.version {
            errors.push_new(
                this.span,
                format!(
                    "versions out of order: `{}` comes after `{}`; declare versions oldest first",
                    this.text, prev.text
                ),
            );
        }
    }
    errors.finish()
}

pub fn expand(input: TokenStream) -> syn::Result<TokenStream> {
    let input: Input = syn::parse2(input)?;
    validate(&input)?;
    let Input {
        attrs,
        vis,
        name,
        state,
        lock,
        policy,
        notice_days,
        deprecation_policy,
        allow_unknown_fields,
        runtime,
        versions,
    } = &input;
    // The lock sits beside the file declaring the API; `include_bytes!` makes cargo rebuild
    // (and so re-check every versioned type) when it changes.
    let lock_path = lock
        .as_ref()
        .map(|l| crate::lock::resolve(&l.value(), l.span()));
    let lock_text = lock_path.as_ref().map(|p| p.display().to_string());
    let lock_const = match &lock_text {
        Some(lock_text) => quote!(::core::option::Option::Some(#lock_text)),
        None => quote!(::core::option::Option::None),
    };
    // A declared lock that does not exist would leave the guard off without a word: only a
    // bless may create it. The error stands beside the whole API, so it is the only one.
    let mut missing_lock = None;
    if let (Some(lit), Some(path)) = (lock, &lock_path)
        && !path.exists()
        && !versionary_internals::lock::bless_requested()
    {
        missing_lock = Some(syn::Error::new(
            lit.span(),
            format!(
                "the lock `{}` does not exist, so released versions would not be guarded. Create it by blessing: run the test that calls `versionary::lock::assert_current::<{name}>()` with `VERSIONARY_BLESS=1` (`VERSIONARY_BLESS=1 cargo test --test <that test's file name>`; for a test in `src/`, `VERSIONARY_BLESS=1 cargo test <the test's name>`), review it and commit it",
                path.display()
            ),
        ).into_compile_error());
    }
    // The lock's text is compiled in (`Api::LOCK_TEXT`, checked by `ApiBuilder::build`);
    // `include_str!` also makes cargo rebuild, and so re-check every type, when it changes.
    let lock_text_const = match (&lock_path, &lock_text) {
        (Some(path), Some(lock_text)) if path.exists() => quote!(::core::option::Option::Some(
            ::core::include_str!(#lock_text)
        )),
        _ => quote!(::core::option::Option::None),
    };
    let private = runtime.path(Span::call_site());
    let state = state
        .as_ref()
        .map_or_else(|| quote!(()), ToTokens::to_token_stream);
    let name_str = name.to_string();
    let infos = versions.iter().map(|d| {
        let label = d.lit.version.to_string();
        let description = &d.description;
        let version = version_tokens(&private, &d.lit);
        let unreleased = d.unreleased.is_some();
        let released = option(d.released.as_ref());
        let deprecated = option(d.deprecated.as_ref());
        let sunset = option(d.sunset.as_ref());
        quote! {
            #private::VersionInfo {
                version: #version,
                label: #label,
                description: #description,
                released: #released,
                unreleased: #unreleased,
                deprecated: #deprecated,
                sunset: #sunset,
            }
        }
    });
    let labels: Vec<String> = versions.iter().map(|d| d.lit.version.to_string()).collect();
    let days = *notice_days;
    let context = crate::context::forwarded(
        name,
        &labels,
        lock_text.as_deref(),
        policy,
        days,
        *allow_unknown_fields,
        runtime,
    );
    let deprecation_policy = option(deprecation_policy.as_ref());
    let forwarder = crate::forward::forwarder(
        vis,
        name,
        runtime,
        quote!(#private::__expand! { $kind { #context } $args $item }),
    );
    let doc = format!(
        "The `{name_str}` API: the type named by `#[versioned(api = {name_str})]` and `#[endpoint(..., api = {name_str})]`."
    );
    Ok(quote! {
        #missing_lock
        #(#attrs)*
        #[doc = #doc]
        #[derive(::core::clone::Clone, ::core::marker::Copy, ::core::fmt::Debug, ::core::default::Default)]
        #vis struct #name;

        const _: () = {
            #[automatically_derived]
            impl #private::Api for #name {
                type State = #state;
                const NAME: &'static str = #name_str;
                const VERSIONS: &'static [#private::VersionInfo] = &[#(#infos),*];
                const LOCK: ::core::option::Option<&'static str> = #lock_const;
                const LOCK_TEXT: ::core::option::Option<&'static str> = #lock_text_const;
                const NOTICE_DAYS: u32 = #days;
                const DEPRECATION_POLICY: ::core::option::Option<&'static str> = #deprecation_policy;
            }
        };

        #forwarder
    })
}

fn option(lit: Option<&LitStr>) -> TokenStream {
    match lit {
        Some(lit) => quote!(::core::option::Option::Some(#lit)),
        None => quote!(::core::option::Option::None),
    }
}

fn version_tokens(private: &TokenStream, lit: &VersionLit) -> TokenStream {
    use crate::version::Version;
    match lit.version {
        Version::Int(n) => quote!(#private::Version::Int(#n)),
        Version::Date { year, month, day } => {
            quote!(#private::Version::Date { year: #year, month: #month, day: #day })
        }
        Version::Semver {
            major,
            minor,
            patch,
        } => quote!(#private::Version::Semver { major: #major, minor: #minor, patch: #patch }),
    }
}

/// `compile_error!`, plus the API type and a forwarding macro that emits its items without
/// versioning, so one mistake in `api_versions!` does not cascade into "cannot find macro".
pub fn fallback(error: syn::Error, input: TokenStream) -> TokenStream {
    let error = error.into_compile_error();
    let parser = |stream: syn::parse::ParseStream| {
        stream.call(Attribute::parse_outer)?;
        let vis: Visibility = stream.parse()?;
        let name: Ident = stream.parse()?;
        let args: Option<proc_macro2::Group> = stream
            .peek(syn::token::Paren)
            .then(|| stream.parse())
            .transpose()?;
        stream.parse::<TokenStream>()?;
        Ok((vis, name, args))
    };
    let Ok((vis, name, args)) = syn::parse::Parser::parse2(parser, input) else {
        return error;
    };
    // The runtime as `crate = ...` names it, even when that key is the mistake, so the
    // items of the API do not name a crate that is not there.
    let runtime = args
        .and_then(|args| crate::forward::find_key(&args.stream(), "crate"))
        .map_or_else(Runtime::default, |value| Runtime::lenient(&value));
    let private = runtime.path(Span::call_site());
    let root = runtime.fallback_marker();
    let forwarder = crate::forward::forwarder(
        &vis,
        &name,
        &runtime,
        quote!(#private::__expand! { fallback #root { $kind } $args $item }),
    );
    quote! {
        #error
        #vis struct #name;

        #forwarder
    }
}
