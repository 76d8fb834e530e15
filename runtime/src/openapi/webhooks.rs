//! A version's `webhooks` (OpenAPI 3.1): one entry per event the version sends, named by
//! the event, whose request body is the payload in the version's shape (a reference into
//! `components/schemas`, as response bodies are), with its doc and deprecation.

use serde_json::{Value, json};

use crate::api::Api;
use crate::describe::{Generators, Schemas};
use crate::model::event::{self, EventEntry};

/// The webhooks of the version at `index`, by event name, their payloads described with
/// `generators` (the document's, so they share its schemas). Run in the version's scope.
pub(super) fn describe<A: Api>(
    generators: &mut Generators,
    index: usize,
) -> serde_json::Map<String, Value> {
    let count = A::VERSIONS.len();
    event::of::<A>()
        .into_iter()
        .filter(|e| e.exists(index, count))
        .map(|e| (e.name.to_owned(), webhook::<A>(generators, e, index)))
        .collect()
}

/// The path item of `event` in the version at `index`: a `post` whose body is the payload.
fn webhook<A: Api>(generators: &mut Generators, event: &EventEntry, index: usize) -> Value {
    let info = &A::VERSIONS[index];
    let mut operation = crate::openapi::Operation::new(generators, "");
    operation.docs(event.docs);
    (event.describe)(&mut operation);
    let schema = operation
        .response
        .take()
        .map_or_else(|| json!({}), |(_, schema)| schema);
    let mut op = serde_json::Map::new();
    op.insert(
        "summary".into(),
        Value::from(
            operation
                .summary
                .take()
                .unwrap_or_else(|| format!("The `{}` event.", event.name)),
        ),
    );
    let mut description = operation.description.take().unwrap_or_default();
    let mut notes = Vec::new();
    if let Some(until) = event.retired_in::<A>() {
        notes.push(format!(
            "Deprecated: version {until} and later no longer send this event."
        ));
    }
    if info.deprecated.is_some() {
        let mut note = crate::lifecycle::notice_text(info.deprecated, info.sunset, None);
        note[..1].make_ascii_uppercase();
        notes.push(format!("Version {}: {note}.", info.label));
    }
    for note in &notes {
        if !description.is_empty() {
            description.push_str("\n\n");
        }
        description.push_str(note);
    }
    if !description.is_empty() {
        op.insert("description".into(), Value::from(description));
    }
    if !notes.is_empty() {
        op.insert("deprecated".into(), Value::from(true));
    }
    op.insert(
        "requestBody".into(),
        json!({
            "required": true,
            "description": format!(
                "The payload of `{}` as subscribers of version {} receive it.",
                event.name, info.label
            ),
            "content": { "application/json": { "schema": schema } },
        }),
    );
    op.insert(
        "responses".into(),
        json!({ "2XX": { "description": "The subscriber received the event." } }),
    );
    json!({ "post": op })
}

/// `webhooks` with their references pointed at the response schemas (the service writes
/// the payloads).
pub(super) fn pointed(
    mut webhooks: serde_json::Map<String, Value>,
    schemas: &Schemas,
) -> serde_json::Map<String, Value> {
    for item in webhooks.values_mut() {
        schemas.responses(item);
    }
    webhooks
}
