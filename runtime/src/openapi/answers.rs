//! Documenting the answers an older version makes of the handler's errors with
//! `error(status = N, in = V, down = f)`: each converted answer under its status, with the
//! schema of `f`'s return type where the type says it (see `openapi::converted`).

use std::panic::AssertUnwindSafe;

use axum::response::Response;
use serde_json::{Map, Value, json};

use crate::describe::Operation;
use crate::describe::converted::Body;
use crate::model::endpoint::Endpoint;
use crate::model::history::{ChangeKind, apply};
use crate::problem::{HandlerProblem, Problem};

/// A problem of status `start` put through `undone` as the service does: the answer, and
/// the `down` functions that converted it (name, what its type says), in order. `None` when
/// a conversion panicked.
fn convert(start: u16, undone: &[ChangeKind]) -> Option<(Response, Vec<(&'static str, Describe)>)> {
    let code = http::StatusCode::from_u16(start).ok()?;
    let mut response = axum::response::IntoResponse::into_response(Problem::new(code));
    let mut fired = Vec::new();
    for change in undone {
        let before = response.status().as_u16();
        let problem = response.extensions().get::<HandlerProblem>().is_some();
        let step = core::slice::from_ref(change);
        response =
            std::panic::catch_unwind(AssertUnwindSafe(move || apply(step, response))).ok()?;
        if let ChangeKind::ErrorDown {
            status,
            name,
            describe,
            ..
        } = *change
            && status == before
            && problem
        {
            fired.push((name, describe));
        }
    }
    Some((response, fired))
}

type Describe = fn(&mut Operation<'_>) -> Body;

/// Adds the answers version `index` converts the handler's problems to, each under the
/// status it is sent with; one that shares a status with another answer is offered beside
/// it (`anyOf` of the schemas). Returns notes for the `default` answer about conversions
/// that could not be followed.
pub(crate) fn document(
    endpoint: &Endpoint,
    index: usize,
    operation: &mut Operation<'_>,
    responses: &mut Map<String, Value>,
) -> Vec<String> {
    let undone = endpoint.undone_at(index);
    if !undone
        .iter()
        .any(|c| matches!(c, ChangeKind::ErrorDown { .. }))
    {
        return Vec::new();
    }
    let mut notes = Vec::new();
    // The statuses the handler's problems start from: its declared errors as the latest
    // version answers them (nothing undone). One with no conversion in `undone` is skipped.
    for start in endpoint.error_statuses_at(usize::MAX) {
        let Some((response, fired)) = convert(start, &undone) else {
            notes.push(format!(
                "The handler's {start} problem is converted by a function that panicked when the document was built; its answer is not documented."
            ));
            continue;
        };
        let Some(&(last, describe)) = fired.last() else {
            continue;
        };
        let names: Vec<String> = fired.iter().map(|(n, _)| format!("`{n}`")).collect();
        let mut description = format!(
            "The handler's {start} problem, converted by {}.",
            names.join(", then ")
        );
        let media = response
            .headers()
            .get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.split(';').next().unwrap_or(v).trim().to_owned());
        let content = match describe(operation) {
            Body::Empty => None,
            Body::Typed(media, schema) => Some((media.to_owned(), json!({ "schema": schema }))),
            Body::Unknown => {
                description.push_str(&format!(
                    " The type `{last}` returns does not say what its body is."
                ));
                media.map(|media| (media, json!({})))
            }
        };
        merge(responses, response.status().as_u16(), description, content);
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
