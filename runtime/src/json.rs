//! `Json<T>`: a request body read, and a response body written, in the selected version's
//! shape.

use axum::extract::{FromRequest, Request};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use http::{HeaderValue, StatusCode, header};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::problem::{Problem, bounded};
use crate::select::selected;
use crate::types::ApiType;

/// A JSON body in the shape of the version the request is served as.
///
/// As an extractor it reads the request body with the requested version's shape and hands
/// the handler the latest type (old shapes are upgraded on the way in); as a response it
/// writes the latest value in the requested version's shape. A body that does not match
/// is a 422 problem naming the field (400 when the JSON itself is malformed, 415 when the
/// content type is not JSON, 413 when it is too large).
///
/// ```
/// use axum::response::IntoResponse;
///
/// versionary::api_versions! { pub Shop { 1 => "Initial release" } }
///
/// #[versionary::versioned(api = Shop)]
/// pub struct Item { pub name: String }
///
/// let response = versionary::Json(Item { name: "pen".into() }).into_response();
/// assert_eq!(response.headers()["content-type"], "application/json");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Json<T>(pub T);

impl<T, S> FromRequest<S> for Json<T>
where
    T: DeserializeOwned + ApiType,
    S: Clone + Send + Sync + 'static,
{
    type Rejection = Problem;

    async fn from_request(req: Request, state: &S) -> Result<Self, Problem> {
        let moved = moved_values(&req)?;
        let bytes = moved_into(
            body(req, state).await.map_err(Problem::framework_answer)?,
            &moved,
        );
        // No body at all reads as `{}`: a type whose fields are all optional accepts it, and
        // any other names the first field it misses.
        decode_with_state(if bytes.is_empty() { b"{}" } else { &bytes }, state)
            .map(Json)
            .map_err(Problem::framework_answer)
    }
}

/// `Option<Json<T>>`: a body that may be left out. No body at all is `None`; a body is read
/// as `Json<T>` is.
///
/// ```
/// versionary::api_versions! { pub Shop { 1 => "Initial release" } }
///
/// #[versionary::versioned(api = Shop, request)]
/// pub struct Filter { pub name: String }
///
/// #[versionary::endpoint(POST "/search", api = Shop)]
/// async fn search(filter: Option<versionary::Json<Filter>>) -> String {
///     filter.map_or("everything".to_owned(), |f| f.0.name)
/// }
/// ```
impl<T, S> axum::extract::OptionalFromRequest<S> for Json<T>
where
    T: DeserializeOwned + ApiType,
    S: Clone + Send + Sync + 'static,
{
    type Rejection = Problem;

    async fn from_request(req: Request, state: &S) -> Result<Option<Self>, Problem> {
        let moved = moved_values(&req)?;
        let bytes = moved_into(
            body(req, state).await.map_err(Problem::framework_answer)?,
            &moved,
        );
        if bytes.is_empty() {
            return Ok(None);
        }
        decode_with_state(&bytes, state)
            .map(|value| Some(Json(value)))
            .map_err(Problem::framework_answer)
    }
}

/// The values an older version's clients send in request headers that the latest version
/// reads from the body (`request_header(..., body = "field", in = V)`).
fn moved_values(req: &Request) -> Result<Vec<(&'static str, String)>, Problem> {
    match req
        .extensions()
        .get::<crate::model::history::RequestMoves>()
    {
        Some(moves) => moves
            .values(req.headers(), false)
            .map_err(Problem::framework_answer),
        None => Ok(Vec::new()),
    }
}

/// The body with the moved values set in it.
fn moved_into(bytes: Bytes, moved: &[(&'static str, String)]) -> Bytes {
    if moved.is_empty() {
        return bytes;
    }
    crate::model::history::body_with(&bytes, moved).map_or(bytes, Bytes::from)
}

/// The request body's bytes: empty when there is none; a problem when it is declared or
/// sent as something other than JSON (415), too large (413) or unreadable.
async fn body<S: Send + Sync>(req: Request, state: &S) -> Result<Bytes, Problem> {
    let content_type = req.headers().get(header::CONTENT_TYPE);
    // A body declared as something else is refused even when empty; an undeclared one only
    // when there is one.
    let (declared, declared_json) = (content_type.is_some(), is_json(content_type));
    let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
        let status = rejection.status();
        Problem::new(status).with_detail(if status == StatusCode::PAYLOAD_TOO_LARGE {
            "the request body is larger than this service accepts".to_owned()
        } else {
            "the request body could not be read".to_owned()
        })
    })?;
    if !declared_json && (declared || !bytes.is_empty()) {
        return Err(Problem::new(StatusCode::UNSUPPORTED_MEDIA_TYPE)
            .with_type("urn:versionary:problem:unsupported-media-type")
            .with_detail("the request body must be JSON: send `content-type: application/json`"));
    }
    Ok(bytes)
}

/// [`decode`], lending the application state to conversions that need it.
fn decode_with_state<T, S>(bytes: &[u8], state: &S) -> Result<T, Problem>
where
    T: DeserializeOwned + ApiType,
    S: Clone + Send + Sync + 'static,
{
    if T::NEEDS_STATE {
        let state: std::sync::Arc<dyn core::any::Any + Send + Sync> =
            std::sync::Arc::new(state.clone());
        crate::select::with_app_state(state, || decode(bytes))
    } else {
        decode(bytes)
    }
}

fn is_json(content_type: Option<&HeaderValue>) -> bool {
    let Some(Ok(value)) = content_type.map(HeaderValue::to_str) else {
        return false;
    };
    let essence = value.split(';').next().unwrap_or("").trim();
    essence.eq_ignore_ascii_case("application/json")
        || (essence.len() > 5
            && essence[..essence.len() - 5].contains('/')
            && essence[essence.len() - 5..].eq_ignore_ascii_case("+json"))
}

/// Decodes a JSON body as `T` in the selected version's shape, mapping every failure to a
/// problem: 400 for malformed JSON, 422 naming the field for a body of the wrong shape.
///
/// ```
/// versionary::api_versions! { pub Shop { 1 => "Initial release" } }
///
/// #[versionary::versioned(api = Shop, request)]
/// #[derive(Debug)]
/// pub struct NewItem { pub name: String, pub price: u32 }
///
/// let problem = versionary::json::decode::<NewItem>(br#"{"name":"pen"}"#).unwrap_err();
/// assert_eq!(problem.status(), 422);
/// assert_eq!(problem.get("errors").unwrap()[0]["pointer"], "/price");
/// assert_eq!(versionary::json::decode::<NewItem>(b"{").unwrap_err().status(), 400);
/// ```
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Problem> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    // A failure left over from an earlier decode on this thread must not be blamed here.
    let _ = crate::select::take_failure();
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let mut pointer = pointer_of(error.path());
        if let Some((field, problem)) = crate::select::take_failure() {
            // A conversion of an older shape failed (an unknown code, say): the problem the
            // conversion returned, pointing at the field the client sent.
            pointer.push('/');
            pointer.push_str(&escape_pointer(field));
            return conversion_problem(pointer, problem);
        }
        let inner = error.inner();
        // serde_json reports some type mismatches (a number where an enum is expected) as
        // syntax errors; a body that is well-formed JSON is never called malformed.
        if inner.is_syntax() && serde_json::from_slice::<serde::de::IgnoredAny>(bytes).is_ok() {
            return shape_problem(pointer, "invalid type: this value does not fit the field");
        }
        body_problem(pointer, inner)
    })?;
    deserializer
        .end()
        .map_err(|error| body_problem(String::new(), &error))?;
    Ok(value)
}

fn version_label() -> Option<&'static str> {
    selected().map(|s| s.label())
}

fn body_problem(pointer: String, error: &serde_json::Error) -> Problem {
    use serde_json::error::Category;
    let message = error.to_string();
    // serde_json appends " at line L column C"; the pointer says where, more usefully.
    let message = match message.rfind(" at line ") {
        Some(cut) => &message[..cut],
        None => &message[..],
    };
    match error.classify() {
        Category::Data => shape_problem(pointer, message),
        Category::Syntax | Category::Eof | Category::Io => {
            Problem::bad_request(format!("the body is not valid JSON: {}", bounded(message)))
                .with_type("urn:versionary:problem:malformed-json")
                .with_title("Malformed JSON")
        }
    }
}

/// A failed conversion's problem, completed with the field's pointer (422 unless the
/// conversion chose another status).
fn conversion_problem(pointer: String, problem: Problem) -> Problem {
    let detail = problem
        .get("detail")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    let problem = if problem.get("type").and_then(Value::as_str) == Some("about:blank") {
        problem.with_type("urn:versionary:problem:invalid-body")
    } else {
        problem
    };
    let problem = problem
        .with_detail(format!("`{pointer}`: {}", bounded(&detail)))
        .with_extension(
            "errors",
            json!([{ "pointer": pointer, "detail": bounded(&detail) }]),
        );
    match version_label() {
        Some(v) => problem.with_extension("version", Value::from(v)),
        None => problem,
    }
}

/// 422: the body is JSON but not of the requested version's shape.
fn shape_problem(mut pointer: String, message: &str) -> Problem {
    if let Some(field) = quoted_after(message, "missing field `") {
        pointer.push('/');
        pointer.push_str(&escape_pointer(field));
    }
    let shown = if pointer.is_empty() { "/" } else { &pointer };
    let detail = match version_label() {
        Some(v) => format!(
            "the body does not match version {v}: `{shown}`: {}",
            bounded(message)
        ),
        None => format!("the body does not match: `{shown}`: {}", bounded(message)),
    };
    let mut problem = Problem::unprocessable(detail)
        .with_type("urn:versionary:problem:invalid-body")
        .with_title("Invalid request body")
        .with_extension(
            "errors",
            json!([{ "pointer": pointer, "detail": bounded(message) }]),
        );
    if let Some(v) = version_label() {
        problem = problem.with_extension("version", Value::from(v));
    }
    problem
}

fn quoted_after<'a>(message: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = message.strip_prefix(prefix)?;
    rest.split('`').next()
}

fn escape_pointer(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Renders a serde path as an RFC 6901 JSON pointer (`/data/0/name`).
fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => {
                pointer.push('/');
                pointer.push_str(&index.to_string());
            }
            Segment::Map { key } => {
                pointer.push('/');
                pointer.push_str(&escape_pointer(&bounded(key)));
            }
            Segment::Enum { variant } => {
                pointer.push('/');
                pointer.push_str(&escape_pointer(&bounded(variant)));
            }
            Segment::Unknown => pointer.push_str("/?"),
        }
    }
    pointer
}

impl<T> IntoResponse for Json<T>
where
    T: Serialize + ApiType,
{
    fn into_response(self) -> Response {
        let mut body = Vec::with_capacity(128);
        match serde_json::to_writer(&mut body, &self.0) {
            Ok(()) => {
                let mut response = body.into_response();
                response.headers_mut().insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                );
                response
            }
            Err(error) => Problem::internal(format!(
                "the response could not be encoded: {}",
                bounded(&error.to_string())
            ))
            .into_response(),
        }
    }
}

/// A `Json<T>` answer of a `down` function has `T`'s schema (see `openapi::converted`).
impl<T: crate::describe::Documented> crate::describe::converted::DescribedAnswer for Json<T> {
    fn body(operation: &mut crate::describe::Operation<'_>) -> crate::describe::converted::Body {
        crate::describe::converted::Body::Typed(
            "application/json",
            operation.response_schema::<T>(),
        )
    }
}
