//! Documenting the answers an older version makes of the handler's errors with
//! `error(status = N, in = V, down = f)`: each converted answer under its status, with the
//! schema of `f`'s return type where the type says it.
//!
//! What the type says is read at compile time, in the code `#[endpoint]` generates: a
//! [`Json<T>`](crate::Json) is a 200 with `T`'s schema, `(StatusCode, Json<T>)` has `T`'s
//! schema and a status chosen at run time, a [`Problem`] is a problem of its own status.
//! A status the type does not fix is the one `f` gives a problem of the handler's status,
//! found by calling `f` once when the document is built (a `down` function converts a value;
//! it has no other effect). A type that says nothing (`Response`, `impl IntoResponse`) is
//! documented with that status and the answer's media type, without a schema, and the
//! description says so.

use axum::response::Response;
use serde_json::{Map, Value, json};

use super::{Documented, Operation};
use crate::problem::Problem;

/// The body of a converted answer, as far as its type tells.
#[doc(hidden)]
#[derive(Clone, Debug, PartialEq)]
pub enum Body {
    /// No body.
    Empty,
    /// A body of this media type and schema.
    Typed(&'static str, Value),
    /// The type does not say (an `impl IntoResponse`, a `Response`).
    Unknown,
}

/// What a `down` function's return type says of its answer.
#[doc(hidden)]
#[derive(Clone, Debug, PartialEq)]
pub struct AnswerDoc {
    /// The status, when the type fixes it.
    pub status: Option<u16>,
    /// The body.
    pub body: Body,
}

/// An answer type whose documents can be told from the type alone.
#[doc(hidden)]
pub trait DescribedAnswer {
    /// The status the type fixes, if it does.
    const STATUS: Option<u16>;
    /// The body, its schema made in the document's response generator.
    fn body(operation: &mut Operation<'_>) -> Body;
}

impl<T: Documented> DescribedAnswer for crate::Json<T> {
    const STATUS: Option<u16> = Some(200);
    fn body(operation: &mut Operation<'_>) -> Body {
        Body::Typed("application/json", operation.response_schema::<T>())
    }
}

impl<T: Documented> DescribedAnswer for axum::Json<T> {
    const STATUS: Option<u16> = Some(200);
    fn body(operation: &mut Operation<'_>) -> Body {
        Body::Typed("application/json", operation.response_schema::<T>())
    }
}

impl DescribedAnswer for Problem {
    const STATUS: Option<u16> = None;
    fn body(_: &mut Operation<'_>) -> Body {
        Body::Typed(
            "application/problem+json",
            json!({ "$ref": "#/components/schemas/Problem" }),
        )
    }
}

impl DescribedAnswer for http::StatusCode {
    const STATUS: Option<u16> = None;
    fn body(_: &mut Operation<'_>) -> Body {
        Body::Empty
    }
}

impl DescribedAnswer for String {
    const STATUS: Option<u16> = Some(200);
    fn body(_: &mut Operation<'_>) -> Body {
        Body::Typed("text/plain", json!({ "type": "string" }))
    }
}

impl<R: DescribedAnswer> DescribedAnswer for (http::StatusCode, R) {
    const STATUS: Option<u16> = None;
    fn body(operation: &mut Operation<'_>) -> Body {
        R::body(operation)
    }
}

impl<R: DescribedAnswer> DescribedAnswer for (http::HeaderMap, R) {
    const STATUS: Option<u16> = R::STATUS;
    fn body(operation: &mut Operation<'_>) -> Body {
        R::body(operation)
    }
}

impl<R: DescribedAnswer> DescribedAnswer for (http::StatusCode, http::HeaderMap, R) {
    const STATUS: Option<u16> = None;
    fn body(operation: &mut Operation<'_>) -> Body {
        R::body(operation)
    }
}

/// A `down` function, held to ask what its return type says. `#[endpoint]` calls
/// `(&&&AnswerProbe(f)).__versionary_answer(op)` with the traits below in scope: method
/// resolution picks the most specific one that applies (a typed answer, any answer, or a
/// function that is not a `down` function at all, already reported by the compiler where
/// it is called).
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub struct AnswerProbe<F>(pub F);

/// The return type says what it answers.
#[doc(hidden)]
pub trait DescribeTyped {
    /// What it answers.
    fn __versionary_answer(&self, operation: &mut Operation<'_>) -> AnswerDoc;
}

impl<F, R> DescribeTyped for &&AnswerProbe<F>
where
    F: Fn(Problem) -> R,
    R: DescribedAnswer,
{
    fn __versionary_answer(&self, operation: &mut Operation<'_>) -> AnswerDoc {
        AnswerDoc {
            status: R::STATUS,
            body: R::body(operation),
        }
    }
}

/// The return type is an answer that says nothing of itself.
#[doc(hidden)]
pub trait DescribeAny {
    /// Nothing known.
    fn __versionary_answer(&self, operation: &mut Operation<'_>) -> AnswerDoc;
}

impl<F, R> DescribeAny for &AnswerProbe<F>
where
    F: Fn(Problem) -> R,
{
    fn __versionary_answer(&self, _: &mut Operation<'_>) -> AnswerDoc {
        AnswerDoc {
            status: None,
            body: Body::Unknown,
        }
    }
}

/// Not a `down` function (the compiler reports it where the function is called).
#[doc(hidden)]
pub trait DescribeNothing {
    /// Nothing known.
    fn __versionary_answer(&self, operation: &mut Operation<'_>) -> AnswerDoc;
}

impl<F> DescribeNothing for AnswerProbe<F> {
    fn __versionary_answer(&self, _: &mut Operation<'_>) -> AnswerDoc {
        AnswerDoc {
            status: None,
            body: Body::Unknown,
        }
    }
}

/// One converted answer to document: the handler's error `status`, converted by `down`
/// (named `name`), whose type says `doc`.
pub(crate) struct Converted {
    pub(crate) status: u16,
    pub(crate) name: &'static str,
    pub(crate) down: fn(Problem) -> Response,
    pub(crate) doc: AnswerDoc,
}

/// The status and media type `down` answers a problem of `status` with, if it answers
/// without panicking.
fn observed(down: fn(Problem) -> Response, status: u16) -> Option<(u16, Option<String>)> {
    let code = http::StatusCode::from_u16(status).ok()?;
    let response = std::panic::catch_unwind(|| down(Problem::new(code))).ok()?;
    let media = response
        .headers()
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or(v).trim().to_owned());
    Some((response.status().as_u16(), media))
}

/// Adds each converted answer to `responses` under its status; one that shares a status
/// with another answer is offered beside it (`anyOf` of the schemas). Returns the notes for
/// the `default` answer about conversions whose status cannot be known.
pub(crate) fn document(
    converted: Vec<Converted>,
    responses: &mut Map<String, Value>,
) -> Vec<String> {
    let mut notes = Vec::new();
    for Converted {
        status,
        name,
        down,
        doc,
    } in converted
    {
        let seen = observed(down, status);
        let Some(answered) = doc.status.or(seen.as_ref().map(|s| s.0)) else {
            notes.push(format!(
                "The handler's {status} problem is answered as `{name}` converts it; its status could not be determined."
            ));
            continue;
        };
        let mut description = format!("The handler's {status} problem, converted by `{name}`.");
        let content = match doc.body {
            Body::Empty => None,
            Body::Typed(media, schema) => Some((media.to_owned(), json!({ "schema": schema }))),
            Body::Unknown => {
                description.push_str(" Its body's type is not known to the document.");
                seen.and_then(|s| s.1).map(|media| (media, json!({})))
            }
        };
        if doc.status.is_none() {
            description.push_str(&format!(
                " The status is the one `{name}` gives a {status} problem."
            ));
        }
        merge(responses, answered, description, content);
    }
    notes
}

/// Adds an answer under `status`, beside what is there already.
fn merge(
    responses: &mut Map<String, Value>,
    status: u16,
    description: String,
    content: Option<(String, Value)>,
) {
    let entry = responses
        .entry(status.to_string())
        .or_insert_with(|| json!({ "description": "" }));
    let before = entry["description"].as_str().unwrap_or("").to_owned();
    entry["description"] = Value::from(if before.is_empty() {
        description
    } else {
        format!("{before} Also: {description}")
    });
    let Some((media, new)) = content else {
        return;
    };
    let Some(map) = entry.as_object_mut() else {
        return;
    };
    let contents = map
        .entry("content")
        .or_insert_with(|| Value::Object(Map::new()));
    match contents.get_mut(&media) {
        None => {
            contents[&media] = new;
        }
        Some(old) if old["schema"] == new["schema"] || new.get("schema").is_none() => {}
        Some(old) if old.get("schema").is_none() => *old = new,
        Some(old) => {
            let mut any = match old["schema"]["anyOf"].as_array() {
                Some(list) => list.clone(),
                None => vec![old["schema"].clone()],
            };
            if !any.contains(&new["schema"]) {
                any.push(new["schema"].clone());
            }
            old["schema"] = json!({ "anyOf": any });
        }
    }
}
