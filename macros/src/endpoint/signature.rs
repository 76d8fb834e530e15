//! What a handler's signature shows a client, as the lock records it: the path parameters'
//! type, the query struct, the body (and whether it is required) and the response body.

use quote::ToTokens;
use syn::{FnArg, GenericArgument, PathArguments, ReturnType, Type};

use crate::lock::type_name;

/// A type of the signature, as the lock writes it, and as written.
pub struct Part {
    pub name: String,
    pub ty: Type,
}

#[derive(Default)]
pub struct Signature {
    pub path: Option<Part>,
    pub query: Option<Part>,
    pub body: Option<(Part, bool)>,
    pub response: Option<Part>,
}

/// The one type argument of a path ending in `name` (`Json<T>`, `axum::extract::Path<T>`).
pub fn argument<'t>(ty: &'t Type, name: &str) -> Option<&'t Type> {
    let Type::Path(path) = ty else {
        return None;
    };
    let last = path.path.segments.last()?;
    if last.ident != name {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    let mut types = args.args.iter().filter_map(|a| match a {
        GenericArgument::Type(t) => Some(t),
        _ => None,
    });
    let inner = types.next()?;
    types.next().is_none().then_some(inner)
}

/// `Json<T>`, `Query<T>`, `Path<T>` (any path ending so): the kind and `T`.
pub fn extractor(ty: &Type) -> Option<(&'static str, &Type)> {
    [("json", "Json"), ("query", "Query"), ("path", "Path")]
        .into_iter()
        .find_map(|(kind, name)| Some((kind, argument(ty, name)?)))
}

/// What a handler answers with: `Json<T>` (inside `Result<_, E>`'s `Ok`, or a tuple), or text.
pub fn response(ty: &Type) -> Option<(bool, &Type)> {
    match ty {
        Type::Tuple(tuple) => tuple.elems.iter().find_map(response),
        Type::Paren(inner) => response(&inner.elem),
        Type::Group(inner) => response(&inner.elem),
        Type::Reference(r) if r.elem.to_token_stream().to_string() == "str" => Some((false, ty)),
        Type::Path(path) => {
            if let Some(inner) = argument(ty, "Json") {
                return Some((true, inner));
            }
            let last = path.path.segments.last()?;
            match last.ident.to_string().as_str() {
                "String" => Some((false, ty)),
                "Result" => match &last.arguments {
                    PathArguments::AngleBracketed(args) => match args.args.first()? {
                        GenericArgument::Type(ok) => response(ok),
                        _ => None,
                    },
                    _ => None,
                },
                _ => None,
            }
        }
        _ => None,
    }
}

/// How the lock writes the response of an endpoint declared `untyped_response`.
pub const UNTYPED: &str = "(untyped)";

/// The part of a handler's return type that hides its body from versionary (a
/// `Response`, an `impl IntoResponse`, a type of the service's own), if any: such a body is
/// neither documented nor guarded. `Json<T>`, text, and answers without a body
/// (`StatusCode`, `HeaderMap`, `Redirect`, `()`) are seen; of a `Result`, only `Ok` is read
/// (errors have their own history: `error(...)`).
pub fn unseen_body(ty: &Type) -> Option<&Type> {
    if response(ty).is_some() {
        return None;
    }
    match ty {
        Type::Tuple(tuple) => tuple.elems.iter().find_map(unseen_body),
        Type::Paren(inner) => unseen_body(&inner.elem),
        Type::Path(path) => {
            let last = path.path.segments.last()?;
            let name = last.ident.to_string();
            match name.as_str() {
                "StatusCode" | "HeaderMap" | "Redirect" | "AppendHeaders" | "NoContent" => None,
                "Result" => match &last.arguments {
                    PathArguments::AngleBracketed(args) => match args.args.first()? {
                        GenericArgument::Type(ok) => unseen_body(ok),
                        _ => None,
                    },
                    _ => None,
                },
                _ => Some(ty),
            }
        }
        Type::Group(inner) => unseen_body(&inner.elem),
        // Header arrays (`[(HeaderName, &str); 1]`) and `!` carry no body.
        Type::Array(_) | Type::Never(_) => None,
        _ => Some(ty),
    }
}

fn part(ty: &Type) -> Part {
    Part {
        name: type_name(ty),
        ty: ty.clone(),
    }
}

pub fn of(item: &syn::ItemFn) -> Signature {
    let mut sig = Signature::default();
    for input in &item.sig.inputs {
        let FnArg::Typed(arg) = input else {
            continue;
        };
        let ty = &*arg.ty;
        match extractor(ty) {
            Some(("path", inner)) => sig.path = Some(part(inner)),
            Some(("query", inner)) => sig.query = Some(part(inner)),
            Some((_, inner)) => sig.body = Some((part(inner), true)),
            None => {
                if let Some(inner) = argument(ty, "Option").and_then(|t| argument(t, "Json")) {
                    sig.body = Some((part(inner), false));
                }
            }
        }
    }
    if let ReturnType::Type(_, ty) = &item.sig.output {
        sig.response = response(ty)
            .filter(|(json, _)| *json)
            .map(|(_, ty)| part(ty));
    }
    sig
}
