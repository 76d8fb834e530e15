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

/// The type arguments of a path ending in `name` (`Json<T>`, `axum::extract::Path<T>`,
/// `NdJson<T, S>`), or `None` when `ty` is not such a path.
fn type_arguments<'t>(ty: &'t Type, name: &str) -> Option<impl Iterator<Item = &'t Type>> {
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
    Some(args.args.iter().filter_map(|a| match a {
        GenericArgument::Type(t) => Some(t),
        _ => None,
    }))
}

/// The one type argument of a path ending in `name` (`Json<T>`, `axum::extract::Path<T>`).
pub fn argument<'t>(ty: &'t Type, name: &str) -> Option<&'t Type> {
    let mut types = type_arguments(ty, name)?;
    let inner = types.next()?;
    types.next().is_none().then_some(inner)
}

/// `Json<T>`, `Query<T>`, `Path<T>` (any path ending so): the kind and `T`.
pub fn extractor(ty: &Type) -> Option<(&'static str, &Type)> {
    [("json", "Json"), ("query", "Query"), ("path", "Path")]
        .into_iter()
        .find_map(|(kind, name)| Some((kind, argument(ty, name)?)))
}

/// What kind of body a handler answers with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    /// `Json<T>`: `T` in the selected version's shape.
    Json,
    /// `NdJson<T>` (a stream of `T` as newline-delimited JSON).
    NdJson,
    /// `EventStream<T>` (a stream of `T` as server-sent events).
    Events,
    /// `String` or `&str`.
    Text,
}

impl Answer {
    /// Whether the body is typed JSON (one value or a stream of them): documented with its
    /// schema and recorded in the lock.
    pub fn typed(self) -> bool {
        self != Answer::Text
    }

    /// How the lock writes a response of this kind whose type (or item type) the lock
    /// writes `name`: `T`, `NdJson<T>`, `EventStream<T>`.
    pub fn lock_name(self, name: String) -> String {
        match self {
            Answer::NdJson => format!("NdJson<{name}>"),
            Answer::Events => format!("EventStream<{name}>"),
            Answer::Json | Answer::Text => name,
        }
    }
}

/// The answer type a response recorded in the lock as `locked` is written with:
/// `versionary::Json<T>`, `versionary::NdJson<T>`, `versionary::EventStream<T>`.
pub fn answer_type(locked: &str) -> String {
    if locked.starts_with("NdJson<") || locked.starts_with("EventStream<") {
        format!("versionary::{locked}")
    } else {
        format!("versionary::Json<{locked}>")
    }
}

/// The item type of a streamed answer (`NdJson<T>`, `NdJson<T, S>`, `EventStream<T>`): its first
/// type argument.
fn stream_item<'t>(ty: &'t Type, name: &str) -> Option<&'t Type> {
    type_arguments(ty, name)?.next()
}

/// What a handler answers with: `Json<T>`, `NdJson<T>` or `EventStream<T>` (inside `Result<_, E>`'s
/// `Ok`, or a tuple), or text.
pub fn response(ty: &Type) -> Option<(Answer, &Type)> {
    match ty {
        Type::Tuple(tuple) => tuple.elems.iter().find_map(response),
        Type::Paren(inner) => response(&inner.elem),
        Type::Group(inner) => response(&inner.elem),
        Type::Reference(r) if r.elem.to_token_stream().to_string() == "str" => {
            Some((Answer::Text, ty))
        }
        Type::Path(path) => {
            if let Some(inner) = argument(ty, "Json") {
                return Some((Answer::Json, inner));
            }
            if let Some(item) = stream_item(ty, "NdJson") {
                return Some((Answer::NdJson, item));
            }
            if let Some(item) = stream_item(ty, "EventStream") {
                return Some((Answer::Events, item));
            }
            let last = path.path.segments.last()?;
            match last.ident.to_string().as_str() {
                "String" => Some((Answer::Text, ty)),
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
            .filter(|(answer, _)| answer.typed())
            .map(|(answer, ty)| Part {
                name: answer.lock_name(type_name(ty)),
                ty: ty.clone(),
            });
    }
    sig
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seen(ty: &str) -> Option<(Answer, String)> {
        let ty: Type = syn::parse_str(ty).unwrap();
        response(&ty).map(|(answer, inner)| (answer, type_name(inner)))
    }

    #[test]
    fn streams_are_seen_with_their_item_type() {
        let item = |answer| Some((answer, "Move".to_owned()));
        assert_eq!(seen("versionary::NdJson<Move>"), item(Answer::NdJson));
        assert_eq!(seen("NdJson<Move, MyStream>"), item(Answer::NdJson));
        assert_eq!(
            seen("Result<(StatusCode, EventStream<Move>), Problem>"),
            item(Answer::Events)
        );
        assert_eq!(seen("Json<Move>"), item(Answer::Json));
        // axum's `Sse<S>` is not ours: its argument is a stream, not an item.
        assert_eq!(seen("axum::response::Sse<MyStream>"), None);
        assert_eq!(seen("NdJson"), None);
    }

    #[test]
    fn the_lock_names_a_stream_by_its_kind_and_item() {
        assert_eq!(Answer::NdJson.lock_name("Move".into()), "NdJson<Move>");
        assert_eq!(
            Answer::Events.lock_name("Vec<u8>".into()),
            "EventStream<Vec<u8>>"
        );
        assert_eq!(Answer::Json.lock_name("Move".into()), "Move");
        assert_eq!(answer_type("NdJson<Move>"), "versionary::NdJson<Move>");
        assert_eq!(answer_type("Move"), "versionary::Json<Move>");
    }
}
