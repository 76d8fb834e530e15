//! Assembling a version's OpenAPI document from the plan of what it serves: operations from
//! the handlers' signatures and docs, version parameters from how versions are chosen,
//! lifecycle notes from deprecation and sunset dates.

use serde_json::{Value, json};

use crate::api::Api;
use crate::describe::Schemas;
use crate::model::endpoint::Endpoint;
use crate::model::plan::Plan;
use crate::select::{self, Selected, Source};

/// What an OpenAPI document needs to know about how versions are chosen.
#[derive(Clone)]
pub(crate) struct DocSpec {
    /// Where the router is mounted (`ApiBuilder::mounted_at`): the `servers` entry.
    pub(crate) mount: Option<String>,
    pub(crate) prefix: Option<String>,
    pub(crate) sources: Vec<Source>,
    /// What a request naming no version is served (the missing-version policy).
    pub(crate) absent: Absent,
    /// Per-endpoint path versions: an endpoint's latest version is its own newest.
    pub(crate) per_endpoint: bool,
}

/// What a request naming no version is served.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Absent {
    /// Nothing: it is rejected (`MissingVersion::Reject`).
    Rejected,
    /// The version at this index (`MissingVersion::Default`, `Latest`).
    Serves(usize),
    /// A version a resolver chooses per request (`MissingVersion::Resolve`): none that a
    /// document can name.
    Resolved,
}

/// The version parameters (header, query) of an operation of the version at `index`.
///
/// The value that calls this version is its label, so the schema is an `enum` of that one
/// value: generators make it a one-value enum they accept in headers and queries, where a
/// `const` makes openapi-python-client drop the operation, and a bare `format: date` makes it
/// a `datetime.date` it refuses in a header. A `default` is stated only when it is true:
/// when a request without the parameter is served this very version. A parameter is
/// required when a request without it is rejected and it is the only way to name a version.
fn version_parameters<A: Api>(spec: &DocSpec, index: usize) -> Vec<Value> {
    let info = &A::VERSIONS[index];
    let serves_this = spec.absent == Absent::Serves(index);
    let mut schema = json!({ "type": "string", "enum": [info.label] });
    if matches!(info.version, crate::version::Version::Date { .. }) {
        schema["format"] = Value::from("date");
    }
    if serves_this {
        schema["default"] = Value::from(info.label);
    }
    let absent = match spec.absent {
        Absent::Rejected => "A request without it is rejected.".to_owned(),
        Absent::Serves(_) if serves_this => {
            format!("A request without it is served version {}.", info.label)
        }
        Absent::Serves(other) => format!(
            "A request without it is served another version ({}), not this one.",
            A::VERSIONS.get(other).map_or("?", |v| v.label)
        ),
        Absent::Resolved => {
            "A request without it is served the version the service chooses for the client (not necessarily this one).".to_owned()
        }
    };
    let mut out = Vec::new();
    for source in &spec.sources {
        let (name, place) = match source {
            Source::Header(name) => (name.as_str().to_owned(), "header"),
            Source::Query(name) => (name.clone(), "query"),
            Source::MediaType => continue,
        };
        out.push(json!({
            "name": name,
            "in": place,
            "required": spec.absent == Absent::Rejected && spec.sources.len() == 1,
            "description": format!("The API version: `{}` calls this version. {absent}", info.label),
            "schema": schema,
            "example": info.label,
        }));
    }
    out
}

/// An operation (path, method) whose body fields (header, field) the version's clients send
/// in request headers.
type MovedOut = (String, String, Vec<(&'static str, &'static str)>);

/// The OpenAPI 3.1 document of the version at `index`.
pub(crate) fn document<A: Api>(spec: &DocSpec, plan: &Plan, index: usize) -> Value {
    select::sync_scope(Selected::new::<A>(index), || {
        let mut paths = Paths {
            generators: crate::describe::Generators::new(),
            paths: serde_json::Map::new(),
            ids: Vec::new(),
            moved_out: Vec::new(),
            webhooks: serde_json::Map::new(),
        };
        let mut entries: Vec<Entry> = plan
            .instances
            .iter()
            .filter(|i| i.version == index)
            .map(|i| (i.endpoint, i.method, i.path, true))
            .collect();
        entries.extend(plan.neutral.iter().map(|e| (*e, e.method, e.path, false)));
        for entry in entries {
            paths.add::<A>(spec, plan, index, entry);
        }
        paths.webhooks = super::webhooks::describe::<A>(&mut paths.generators, index);
        paths.finish::<A>(spec, index)
    })
}

/// An operation of a document: the endpoint, its method and path template there, and
/// whether it is versioned.
type Entry = (&'static Endpoint, &'static str, &'static str, bool);

/// The paths of a document being built.
struct Paths {
    /// The schema generators of the document's requests and responses.
    generators: crate::describe::Generators,
    /// The operations by path, then method.
    paths: serde_json::Map<String, Value>,
    /// The operation ids given.
    ids: Vec<String>,
    /// Operations whose body fields this version's clients send in headers instead.
    moved_out: Vec<MovedOut>,
    /// The events the version sends (`super::webhooks`).
    webhooks: serde_json::Map<String, Value>,
}

impl Paths {
    /// Adds the operation of `entry` in the version at `index`.
    fn add<A: Api>(&mut self, spec: &DocSpec, plan: &Plan, index: usize, entry: Entry) {
        let (endpoint, method, template, versioned) = entry;
        let mut operation = crate::openapi::Operation::new(&mut self.generators, template);
        operation.docs(crate::describe::at_index(
            index,
            endpoint.docs,
            endpoint.docs_before,
        ));
        (endpoint.describe)(&mut operation);
        operation.finish_path();
        let mut parameters = std::mem::take(&mut operation.parameters);
        if versioned {
            parameters.extend(version_parameters::<A>(spec, index));
        }
        let moved = endpoint.request_headers_at(index);
        request_header_parameters(&moved, &mut parameters);
        let mut op = serde_json::Map::new();
        op.insert(
            "operationId".into(),
            unique_id(&mut self.ids, endpoint.handler),
        );
        describe::<A>(&mut op, &mut operation, endpoint, index, versioned);
        if !parameters.is_empty() {
            op.insert("parameters".into(), Value::from(parameters));
        }
        if let Some(body) = operation.body.take() {
            let required = endpoint.signature.body_required;
            let content = json!({ "application/json": { "schema": body } });
            op.insert(
                "requestBody".into(),
                json!({ "required": required, "content": content }),
            );
        }
        let mut responses = responses(endpoint, index, &mut operation);
        if versioned {
            let urls = super::latest::Urls {
                prefix: spec.prefix.as_deref(),
                query: spec.sources.iter().find_map(|s| match s {
                    Source::Query(name) => Some(name.as_str()),
                    _ => None,
                }),
                per_endpoint: spec.per_endpoint,
            };
            super::latest::declare::<A>(&urls, plan, endpoint, index, &mut responses);
        }
        op.insert("responses".into(), Value::Object(responses));
        let served = match (&spec.prefix, versioned) {
            (Some(prefix), true) => format!("{prefix}/v{}{template}", A::VERSIONS[index].label),
            _ => template.to_owned(),
        };
        let body_fields: Vec<(&str, &str)> = moved
            .iter()
            .filter(|(_, place, _)| *place == "body")
            .map(|(name, _, field)| (*name, *field))
            .collect();
        if !body_fields.is_empty() {
            let method = method.to_ascii_lowercase();
            self.moved_out.push((served.clone(), method, body_fields));
        }
        let item = (self.paths)
            .entry(served)
            .or_insert_with(|| Value::Object(serde_json::Map::new()));
        item[method.to_ascii_lowercase()] = Value::Object(op);
    }

    /// The document of the version at `index`, with these paths.
    fn finish<A: Api>(mut self, spec: &DocSpec, index: usize) -> Value {
        let info = &A::VERSIONS[index];
        let schemas = self.generators.finish();
        point_references(&mut self.paths, &schemas);
        send_in_headers(&mut self.paths, self.moved_out, &schemas);
        let webhooks = super::webhooks::pointed(self.webhooks, &schemas);
        let mut schemas = schemas.definitions;
        schemas.insert("Problem".into(), crate::describe::problem_schema());
        let description = info_description(info);
        let mut document = json!({
            "openapi": "3.1.0",
            "info": {
                "title": A::NAME,
                "version": info.label,
                "description": description,
            },
            "paths": self.paths,
            "components": { "schemas": schemas },
        });
        if let Some(mount) = &spec.mount {
            document["servers"] = json!([{ "url": mount }]);
        }
        if !webhooks.is_empty() {
            document["webhooks"] = Value::Object(webhooks);
        }
        document
    }
}

/// The handler's name as an operation id, numbered when another operation of the document
/// has it already.
fn unique_id(ids: &mut Vec<String>, handler: &str) -> Value {
    let mut id = handler.to_owned();
    let mut n = 1;
    while ids.contains(&id) {
        n += 1;
        id = format!("{handler}_{n}");
    }
    ids.push(id.clone());
    Value::from(id)
}

/// The header parameters of the values version `index`'s clients send in request headers
/// (`moved`: header, `query` or `body`, field); a query parameter sent in a header is no
/// longer a query parameter.
fn request_header_parameters(moved: &[(&str, &str, &str)], parameters: &mut Vec<Value>) {
    for (name, place, field) in moved {
        // Required as the value is where the latest version reads it (a body field's
        // state is set below, once the body's schema is known).
        let mut required = false;
        if *place == "query" {
            parameters.retain(|p| {
                let this = p["in"] == "query" && p["name"] == *field;
                required |= this && p["required"] == true;
                !this
            });
        }
        parameters.push(json!({
            "name": name,
            "in": "header",
            "required": required,
            "description": format!("The {place} value `{field}` of later versions."),
            "schema": { "type": "string" },
        }));
    }
}

/// The operation's summary and description, and its deprecation (with a note of its dates)
/// when it or the version is deprecated.
fn describe<A: Api>(
    op: &mut serde_json::Map<String, Value>,
    operation: &mut crate::describe::Operation<'_>,
    endpoint: &Endpoint,
    index: usize,
    versioned: bool,
) {
    use crate::lifecycle::Dates;
    let info = &A::VERSIONS[index];
    if let Some(summary) = operation.summary.take() {
        op.insert("summary".into(), Value::from(summary));
    }
    let mut description = operation.description.take().unwrap_or_default();
    let dates = if versioned {
        Dates::of(info.deprecated, info.sunset)
            .earliest(Dates::of(endpoint.deprecated, endpoint.sunset))
    } else {
        Dates::default()
    };
    if dates.any() {
        op.insert("deprecated".into(), Value::from(true));
        let then = endpoint.successor.map(|s| format!("use `{s}` instead"));
        let mut note = crate::lifecycle::notice_text(
            endpoint.deprecated.or(info.deprecated),
            endpoint.sunset.or(info.sunset),
            then,
        );
        note[..1].make_ascii_uppercase();
        note.push('.');
        if !description.is_empty() {
            description.push_str("\n\n");
        }
        description.push_str(&note);
    }
    if !description.is_empty() {
        op.insert("description".into(), Value::from(description));
    }
}

/// Points each operation's references at the request or response schemas.
fn point_references(paths: &mut serde_json::Map<String, Value>, schemas: &Schemas) {
    for operation in paths.values_mut().filter_map(Value::as_object_mut) {
        for op in operation.values_mut().filter_map(Value::as_object_mut) {
            for (key, part) in op.iter_mut() {
                match key.as_str() {
                    "requestBody" | "parameters" => schemas.requests(part),
                    "responses" => schemas.responses(part),
                    _ => {}
                }
            }
        }
    }
}

/// Takes the body fields the version's clients send in request headers out of the bodies,
/// and makes each header as required as its field was.
fn send_in_headers(
    paths: &mut serde_json::Map<String, Value>,
    moved_out: Vec<MovedOut>,
    schemas: &Schemas,
) {
    for (path, method, fields) in moved_out {
        let Some(op) = paths.get_mut(&path).and_then(|item| item.get_mut(&method)) else {
            continue;
        };
        let Some(schema) = op.pointer_mut("/requestBody/content/application~1json/schema") else {
            continue;
        };
        let names: Vec<&str> = fields.iter().map(|(_, field)| *field).collect();
        let required = without_fields(schema, &schemas.definitions, &names);
        for parameter in op["parameters"].as_array_mut().into_iter().flatten() {
            if parameter["in"] == "header"
                && let Some((_, field)) = fields.iter().find(|(n, _)| parameter["name"] == *n)
            {
                parameter["required"] = Value::from(required.contains(field));
            }
        }
    }
}

/// The document's description: the version's, with its release, deprecation and sunset.
fn info_description(info: &crate::version::VersionInfo) -> String {
    let mut description = info.description.to_owned();
    if let Some(released) = info.released {
        description.push_str(&format!("\n\nReleased on {released}."));
    }
    if let Some(deprecated) = info.deprecated {
        description.push_str(&format!("\n\nDeprecated on {deprecated}."));
    }
    if let Some(sunset) = info.sunset {
        description.push_str(&format!(" Answers 410 Gone from {sunset}."));
    }
    description
}

/// The success description of a streamed answer (its schema is one item's).
fn stream_description(media: &str) -> Option<&'static str> {
    match media {
        crate::describe::NDJSON => Some(
            "Success: a stream of newline-delimited JSON (NDJSON), one item per line; the schema is one item's, in this version's shape.",
        ),
        crate::describe::EVENT_STREAM => Some(
            "Success: a stream of server-sent events, one item as JSON in each event's `data`; the schema is one item's, in this version's shape.",
        ),
        _ => None,
    }
}

/// The answers of an operation of the version at `index`: its success (with the headers
/// declared with a history), the handler's errors with a declared history, the answers
/// older versions convert them to, and any problem.
fn responses(
    endpoint: &'static Endpoint,
    index: usize,
    operation: &mut crate::describe::Operation<'_>,
) -> serde_json::Map<String, Value> {
    use crate::openapi::answers;
    let mut success = json!({ "description": "Success." });
    if let Some((media, schema)) = operation.response.take() {
        success["content"] = json!({ media: { "schema": schema } });
        if let Some(stream) = stream_description(media) {
            success["description"] = Value::from(stream);
        }
    }
    let headers: serde_json::Map<String, Value> = endpoint
        .headers_at(index)
        .into_iter()
        .map(|name| (name.to_owned(), json!({ "schema": { "type": "string" } })))
        .collect();
    if !headers.is_empty() {
        success["headers"] = Value::Object(headers);
    }
    let problem = |description: &str| {
        json!({
            "description": description,
            "content": { "application/problem+json": {
                "schema": { "$ref": "#/components/schemas/Problem" }
            } }
        })
    };
    let mut responses = serde_json::Map::new();
    responses.insert(endpoint.status_at(index).to_string(), success);
    for status in endpoint.error_statuses_at(index) {
        let reason = http::StatusCode::from_u16(status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("Error");
        responses
            .entry(status.to_string())
            .or_insert_with(|| problem(&format!("{reason}: a problem (RFC 9457).")));
    }
    let notes = answers::document(endpoint, index, operation, &mut responses);
    let mut default = String::from(
        "A problem (RFC 9457): a bad or unknown version, a body that does not match this version, a missing resource.",
    );
    for note in notes {
        default.push(' ');
        default.push_str(&note);
    }
    responses.insert("default".into(), problem(&default));
    responses
}

/// `schema` (resolved from `definitions` when it is a reference) without the properties
/// `fields`: the body of a version whose clients send them in request headers. Returns
/// those of `fields` that were required.
fn without_fields<'f>(
    schema: &mut Value,
    definitions: &serde_json::Map<String, Value>,
    fields: &[&'f str],
) -> Vec<&'f str> {
    if let Some(name) = schema["$ref"]
        .as_str()
        .and_then(|r| r.strip_prefix("#/components/schemas/"))
        && let Some(resolved) = definitions.get(name)
    {
        *schema = resolved.clone();
    }
    if let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) {
        for field in fields {
            properties.remove(*field);
        }
    }
    let mut was_required = Vec::new();
    if let Some(required) = schema.get_mut("required").and_then(Value::as_array_mut) {
        required.retain(|r| match fields.iter().find(|f| r == **f) {
            Some(field) => {
                was_required.push(*field);
                false
            }
            None => true,
        });
    }
    was_required
}
