//! `Query<T>`: query-string parameters read in the selected version's shape.

use axum::extract::FromRequestParts;
use http::request::Parts;
use serde::de::DeserializeOwned;
use serde_json::json;

use crate::problem::{Problem, bounded};
use crate::select::selected;
use crate::types::ApiType;

/// Query-string parameters in the shape of the version the request is served as, like
/// axum's `Query` but answering mistakes with a 400 problem naming the parameter. Version
/// the parameter struct with `#[versioned(api = ..., request, allow_unknown_fields)]` to add
/// or rename parameters per version.
///
/// ```
/// use axum::extract::FromRequestParts;
///
/// versionary::api_versions! {
///     pub Shop {
///         1 => "Initial release",
///         2 => "`q` renamed to `search`",
///     }
/// }
///
/// #[versionary::versioned(api = Shop, request, allow_unknown_fields)]
/// #[derive(Debug)]
/// pub struct Filter {
///     #[api(renamed(from = "q", in = 2))]
///     pub search: Option<String>,
///     pub limit: Option<u32>,
/// }
///
/// let (mut parts, ()) = http::Request::get("/items?search=pen&limit=x").body(()).unwrap().into_parts();
/// let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
/// let problem = runtime
///     .block_on(versionary::Query::<Filter>::from_request_parts(&mut parts, &()))
///     .unwrap_err();
/// assert_eq!(problem.status(), 400);
/// assert_eq!(problem.get("errors").unwrap()[0]["pointer"], "/limit");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Query<T>(pub T);

impl<T, S> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned + ApiType,
    S: Clone + Send + Sync + 'static,
{
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Problem> {
        let mut query = std::borrow::Cow::Borrowed(parts.uri.query().unwrap_or(""));
        // An older version's clients send some values in headers
        // (`request_header(..., query = "field", in = V)`).
        if let Some(moves) = parts
            .extensions
            .get::<crate::model::history::RequestMoves>()
        {
            let moved = moves
                .values(&parts.headers, true)
                .map_err(Problem::framework_answer)?;
            if !moved.is_empty() {
                query = crate::model::history::query_with(&query, &moved).into();
            }
        }
        let read = || decode::<T>(&query);
        if T::NEEDS_STATE {
            let state: std::sync::Arc<dyn core::any::Any + Send + Sync> =
                std::sync::Arc::new(state.clone());
            crate::select::with_app_state(state, read).map(Query)
        } else {
            read().map(Query)
        }
        .map_err(Problem::framework_answer)
    }
}

fn decode<T: DeserializeOwned>(query: &str) -> Result<T, Problem> {
    let _ = crate::select::take_failure();
    let deserializer =
        serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let mut pointer: String = error
            .path()
            .iter()
            .map(|segment| format!("/{}", bounded(&segment.to_string())))
            .collect();
        let failure = crate::select::take_failure();
        let message = match &failure {
            Some((field, problem)) => {
                pointer.push('/');
                pointer.push_str(field);
                problem
                    .get("detail")
                    .and_then(|d| d.as_str())
                    .unwrap_or("")
                    .to_owned()
            }
            None => error.inner().to_string(),
        };
        if let Some(field) = message
            .strip_prefix("missing field `")
            .and_then(|r| r.split('`').next())
        {
            pointer.push('/');
            pointer.push_str(field);
        }
        let shown = if pointer.is_empty() { "/" } else { &pointer };
        let mut problem =
            Problem::bad_request(format!("query parameter `{shown}`: {}", bounded(&message)))
                .with_type("urn:versionary:problem:invalid-query")
                .with_title("Invalid query parameters")
                .with_extension(
                    "errors",
                    json!([{ "pointer": pointer, "detail": bounded(&message) }]),
                );
        if let Some(selected) = selected() {
            problem = problem.with_extension("version", selected.label());
        }
        problem
    })
}
