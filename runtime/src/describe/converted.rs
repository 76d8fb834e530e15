//! What the return type of a `down` function of `error(status = N, in = V, down = f)` says
//! of the answer it makes: [`Body`], told by [`DescribedAnswer`] and found by the
//! [`AnswerProbe`] `#[endpoint]` generates. `openapi::answers` documents the converted
//! answers with it.
//!
//! The body's schema is read at compile time, in the code `#[endpoint]` generates: a
//! [`Json<T>`](crate::Json) (or axum's) has `T`'s schema, `(StatusCode, Json<T>)` too, a
//! [`Problem`] is a problem. The status is not in most types (`(StatusCode, Json<T>)` chooses
//! it at run time), so it is found the way the service finds it: when the document is built,
//! a problem of the handler's status is put through the version's conversions (the `down`
//! functions, and the older statuses after them), once. A `down` function converts a value
//! and has no other effect; one that looks at more than the problem's status may answer
//! other problems otherwise, which the document cannot know. A type that says nothing
//! (`Response`, `impl IntoResponse`) is documented with the status and media type it answers,
//! without a schema, and the description says so.

use serde_json::{Value, json};

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

/// An answer type whose documents can be told from the type alone.
#[doc(hidden)]
pub trait DescribedAnswer {
    /// The body, its schema made in the document's response generator.
    fn body(operation: &mut Operation<'_>) -> Body;
}

impl<T: Documented> DescribedAnswer for axum::Json<T> {
    fn body(operation: &mut Operation<'_>) -> Body {
        Body::Typed("application/json", operation.response_schema::<T>())
    }
}

impl DescribedAnswer for Problem {
    fn body(_: &mut Operation<'_>) -> Body {
        Body::Typed(
            "application/problem+json",
            json!({ "$ref": "#/components/schemas/Problem" }),
        )
    }
}

impl DescribedAnswer for http::StatusCode {
    fn body(_: &mut Operation<'_>) -> Body {
        Body::Empty
    }
}

impl DescribedAnswer for String {
    fn body(_: &mut Operation<'_>) -> Body {
        Body::Typed("text/plain", json!({ "type": "string" }))
    }
}

impl<R: DescribedAnswer> DescribedAnswer for (http::StatusCode, R) {
    fn body(operation: &mut Operation<'_>) -> Body {
        R::body(operation)
    }
}

impl<R: DescribedAnswer> DescribedAnswer for (http::HeaderMap, R) {
    fn body(operation: &mut Operation<'_>) -> Body {
        R::body(operation)
    }
}

impl<R: DescribedAnswer> DescribedAnswer for (http::StatusCode, http::HeaderMap, R) {
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
    fn __versionary_answer(&self, operation: &mut Operation<'_>) -> Body;
}

impl<F, R> DescribeTyped for &&AnswerProbe<F>
where
    F: Fn(Problem) -> R,
    R: DescribedAnswer,
{
    fn __versionary_answer(&self, operation: &mut Operation<'_>) -> Body {
        R::body(operation)
    }
}

/// The return type is an answer that says nothing of itself.
#[doc(hidden)]
pub trait DescribeAny {
    /// Nothing known.
    fn __versionary_answer(&self, operation: &mut Operation<'_>) -> Body;
}

impl<F, R> DescribeAny for &AnswerProbe<F>
where
    F: Fn(Problem) -> R,
{
    fn __versionary_answer(&self, _: &mut Operation<'_>) -> Body {
        Body::Unknown
    }
}

/// Not a `down` function (the compiler reports it where the function is called).
#[doc(hidden)]
pub trait DescribeNothing {
    /// Nothing known.
    fn __versionary_answer(&self, operation: &mut Operation<'_>) -> Body;
}

impl<F> DescribeNothing for AnswerProbe<F> {
    fn __versionary_answer(&self, _: &mut Operation<'_>) -> Body {
        Body::Unknown
    }
}
