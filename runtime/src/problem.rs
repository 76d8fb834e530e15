//! RFC 9457 `application/problem+json` answers.
#![doc = include_str!("../docs/problems.md")]

use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode, header};
use serde_json::{Map, Value};

/// The media type of every error this framework answers with.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// How many characters of client input an error message may carry at most.
pub const MAX_ECHO_CHARS: usize = 240;

/// An RFC 9457 problem: the body of every error response.
///
/// Handlers return it as their error type; the framework builds its own (unknown version,
/// body that does not match the requested version) the same way.
///
/// ```
/// use axum::response::IntoResponse;
/// use versionary::Problem;
///
/// let response = Problem::not_found("no participant `7`").into_response();
/// assert_eq!(response.status(), 404);
/// assert_eq!(response.headers()["content-type"], "application/problem+json");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    status: StatusCode,
    body: Map<String, Value>,
    /// The framework's own answer (a body or query that does not match the version), which
    /// an endpoint's declared error history leaves alone.
    framework: bool,
}

/// The handler's `Problem`, kept in its response's extensions so an older version's
/// declared error history can write it again (`error(status = 410, from = 404, in = 2)`).
#[derive(Clone, Debug)]
pub(crate) struct HandlerProblem(pub(crate) Problem);

/// Marks a response as the framework's own problem.
#[derive(Clone, Copy, Debug)]
pub(crate) struct FrameworkProblem;

impl Problem {
    /// A problem with `status`, `type` `about:blank` and the status's reason phrase as title.
    pub fn new(status: StatusCode) -> Problem {
        let mut body = Map::new();
        body.insert("type".into(), Value::from("about:blank"));
        body.insert(
            "title".into(),
            Value::from(status.canonical_reason().unwrap_or("Error")),
        );
        body.insert("status".into(), Value::from(status.as_u16()));
        body.insert("detail".into(), Value::from(""));
        Problem {
            status,
            body,
            framework: false,
        }
    }

    /// The same problem as the framework's own answer: an endpoint's declared error history
    /// does not apply to it.
    pub(crate) fn framework_answer(mut self) -> Problem {
        self.framework = true;
        self
    }

    /// The same problem with another status; a title that was the old status's reason
    /// phrase becomes the new one's.
    ///
    /// ```
    /// use http::StatusCode;
    ///
    /// let gone = versionary::Problem::new(StatusCode::GONE).with_detail("no book `42`");
    /// let missing = gone.with_status(StatusCode::NOT_FOUND);
    /// assert_eq!(missing.status(), 404);
    /// assert_eq!(missing.get("title").unwrap(), "Not Found");
    /// assert_eq!(missing.get("status").unwrap(), 404);
    /// assert_eq!(missing.get("detail").unwrap(), "no book `42`");
    /// ```
    pub fn with_status(mut self, status: StatusCode) -> Problem {
        let old_title = self.status.canonical_reason().unwrap_or("Error");
        if self.body.get("title").and_then(Value::as_str) == Some(old_title) {
            self.body.insert(
                "title".into(),
                Value::from(status.canonical_reason().unwrap_or("Error")),
            );
        }
        self.body
            .insert("status".into(), Value::from(status.as_u16()));
        self.status = status;
        self
    }

    /// 404 Not Found with `detail`.
    pub fn not_found(detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::NOT_FOUND).with_detail(detail)
    }

    /// 400 Bad Request with `detail`.
    pub fn bad_request(detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::BAD_REQUEST).with_detail(detail)
    }

    /// 422 Unprocessable Content with `detail`.
    pub fn unprocessable(detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::UNPROCESSABLE_ENTITY).with_detail(detail)
    }

    /// 500 Internal Server Error with `detail` (never include secrets or client input).
    pub fn internal(detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::INTERNAL_SERVER_ERROR).with_detail(detail)
    }

    /// Sets the `type` URI reference identifying the kind of problem.
    pub fn with_type(mut self, type_uri: impl Into<String>) -> Problem {
        self.body
            .insert("type".into(), Value::from(type_uri.into()));
        self
    }

    /// Sets the short, human-readable `title`.
    pub fn with_title(mut self, title: impl Into<String>) -> Problem {
        self.body.insert("title".into(), Value::from(title.into()));
        self
    }

    /// Sets the `detail` explaining this occurrence.
    pub fn with_detail(mut self, detail: impl Into<String>) -> Problem {
        self.body
            .insert("detail".into(), Value::from(detail.into()));
        self
    }

    /// Sets the `instance`: a URI reference identifying this occurrence (the framework's
    /// own answers set it to the request's path, mount point included).
    ///
    /// ```
    /// let problem = versionary::Problem::not_found("no book `42`").with_instance("/api/v1/books/42");
    /// assert_eq!(problem.get("instance").unwrap(), "/api/v1/books/42");
    /// ```
    pub fn with_instance(mut self, uri: impl Into<String>) -> Problem {
        self.body.insert("instance".into(), Value::from(uri.into()));
        self
    }

    /// Adds an extension member (for example `errors` or `supported_versions`).
    /// The standard members `type`, `title`, `status`, `detail` and `instance` cannot be
    /// replaced this way.
    pub fn with_extension(mut self, key: &str, value: impl Into<Value>) -> Problem {
        if !matches!(key, "type" | "title" | "status" | "detail" | "instance") {
            self.body.insert(key.to_owned(), value.into());
        }
        self
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// A member of the body (`detail`, `type`, an extension...).
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.body.get(key)
    }
}

impl core::fmt::Display for Problem {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let detail = self
            .body
            .get("detail")
            .and_then(Value::as_str)
            .unwrap_or("");
        write!(f, "{} {}", self.status.as_u16(), detail)
    }
}

impl std::error::Error for Problem {}

impl From<core::convert::Infallible> for Problem {
    fn from(never: core::convert::Infallible) -> Problem {
        match never {}
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        // A `Map<String, Value>` always serializes.
        let body = serde_json::to_vec(&self.body).unwrap_or_default();
        let mut response = (self.status, body).into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        if self.framework {
            response.extensions_mut().insert(FrameworkProblem);
        } else {
            response.extensions_mut().insert(HandlerProblem(self));
        }
        response
    }
}

/// Shortens client-supplied text for an error message: at most [`MAX_ECHO_CHARS`]
/// characters, control characters replaced, an ellipsis when cut.
///
/// ```
/// let long = "x".repeat(1000);
/// assert_eq!(versionary::problem::bounded(&long).chars().count(), versionary::problem::MAX_ECHO_CHARS + 1);
/// assert_eq!(versionary::problem::bounded("v\u{0}9"), "v\u{fffd}9");
/// ```
pub fn bounded(text: &str) -> String {
    let mut out: String = text
        .chars()
        .take(MAX_ECHO_CHARS)
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect();
    if text.chars().nth(MAX_ECHO_CHARS).is_some() {
        out.push('…');
    }
    out
}
