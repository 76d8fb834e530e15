//! What a handler's signature shows a client, as the lock records it: the path parameters'
//! type, the query struct, the body (and whether it is required) and the response body.

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{FnArg, GenericArgument, PathArguments, ReturnType, Type};

use crate::lock::type_name;

/// A type of the signature, as the lock writes it, with where it is written.
pub struct Part {
    pub name: String,
    pub span: Span,
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

fn part(ty: &Type) -> Part {
    Part {
        name: type_name(ty),
        span: ty.span(),
    }
}

/// The `Json<T>` a handler answers with (inside `Result`'s `Ok`, or a tuple).
fn response(ty: &Type) -> Option<&Type> {
    match ty {
        Type::Tuple(tuple) => tuple.elems.iter().find_map(response),
        Type::Paren(inner) => response(&inner.elem),
        _ => argument(ty, "Json")
            .or_else(|| argument(ty, "Result").and_then(response))
            .or_else(|| {
                // `Result<T, E>` has two arguments: take the first.
                let Type::Path(path) = ty else { return None };
                let last = path.path.segments.last()?;
                if last.ident != "Result" {
                    return None;
                }
                let PathArguments::AngleBracketed(args) = &last.arguments else {
                    return None;
                };
                match args.args.first()? {
                    GenericArgument::Type(ok) => response(ok),
                    _ => None,
                }
            }),
    }
}

pub fn of(item: &syn::ItemFn) -> Signature {
    let mut sig = Signature::default();
    for input in &item.sig.inputs {
        let FnArg::Typed(arg) = input else {
            continue;
        };
        let ty = &*arg.ty;
        if let Some(inner) = argument(ty, "Path") {
            sig.path = Some(part(inner));
        } else if let Some(inner) = argument(ty, "Query") {
            sig.query = Some(part(inner));
        } else if let Some(inner) = argument(ty, "Json") {
            sig.body = Some((part(inner), true));
        } else if let Some(inner) = argument(ty, "Option").and_then(|t| argument(t, "Json")) {
            sig.body = Some((part(inner), false));
        }
    }
    if let ReturnType::Type(_, ty) = &item.sig.output {
        sig.response = response(ty).map(part);
    }
    sig
}

/// The `T` of the handler's first argument of type `name<T>`.
pub fn argument_of<'i>(item: &'i syn::ItemFn, name: &str) -> Option<&'i Type> {
    item.sig.inputs.iter().find_map(|input| match input {
        FnArg::Typed(arg) => argument(&arg.ty, name),
        FnArg::Receiver(_) => None,
    })
}
