//! Operation descriptions: what the code `#[endpoint]` and `#[versioned]` generate fills in
//! about a handler and its types ([`Operation`]: summary, parameters, body, response;
//! `converted`: what a `down` function's return type says of its answer), with the schema
//! generators they are described with. The endpoint model names them and the OpenAPI
//! documents (`crate::openapi`) are built from them; public as `versionary::openapi::*`.

use std::borrow::Cow;

use schemars::generate::{SchemaGenerator, SchemaSettings};
use serde_json::{Map, Value, json};

use schemars::JsonSchema;

pub(crate) mod converted;

/// A type that can be described in an OpenAPI document, asked for with a message that
/// says how. The bound of [`Operation`]'s methods, for generated code only.
#[doc(hidden)]
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no JSON Schema, so the OpenAPI documents cannot describe it",
    label = "used by this handler",
    note = "`#[versionary::versioned]` types describe themselves; for another type add `#[derive(versionary::schemars::JsonSchema)]` and `#[schemars(crate = \"versionary::schemars\")]`"
)]
pub trait Documented: JsonSchema {}
impl<T: JsonSchema + ?Sized> Documented for T {}

/// The media type of a `versionary::NdJson<T>` answer.
pub(crate) const NDJSON: &str = "application/x-ndjson";

/// The media type of a `versionary::EventStream<T>` answer.
pub(crate) const EVENT_STREAM: &str = "text/event-stream";

/// One operation being described: filled in by the code `#[endpoint]` generates from the
/// handler's signature (`Json<T>` body and response, `Query<T>`, `Path<T>`). For generated
/// code only (reached through `__private`), not a public API.
#[doc(hidden)]
#[allow(missing_debug_implementations)]
pub struct Operation<'a> {
    generators: &'a mut Generators,
    path_names: Vec<String>,
    pub(crate) parameters: Vec<Value>,
    pub(crate) body: Option<Value>,
    pub(crate) response: Option<(&'static str, Value)>,
    pub(crate) summary: Option<String>,
    pub(crate) description: Option<String>,
}

fn schema_value<T: JsonSchema + ?Sized>(generator: &mut SchemaGenerator) -> Value {
    generator.subschema_for::<T>().to_value()
}

impl<'a> Operation<'a> {
    pub(crate) fn new(generators: &'a mut Generators, template: &str) -> Operation<'a> {
        let path_names = template
            .split('/')
            .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
            .map(|n| n.trim_start_matches('*').to_owned())
            .collect();
        Operation {
            generators,
            path_names,
            parameters: Vec::new(),
            body: None,
            response: None,
            summary: None,
            description: None,
        }
    }

    /// The handler's doc comment: its first paragraph is the summary, the rest the
    /// description.
    pub fn docs(&mut self, text: &str) {
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        let (summary, rest) = text.split_once("\n\n").unwrap_or((text, ""));
        self.summary = Some(summary.split_whitespace().collect::<Vec<_>>().join(" "));
        let rest = rest.trim();
        if !rest.is_empty() {
            self.description = Some(rest.to_owned());
        }
    }

    /// A JSON request body of type `T`.
    pub fn json_body<T: Documented + ?Sized>(&mut self) {
        self.body = Some(schema_value::<T>(&mut self.generators.reads));
    }

    /// A JSON response of type `T`.
    pub fn json_response<T: Documented + ?Sized>(&mut self) {
        self.response = Some((
            "application/json",
            schema_value::<T>(&mut self.generators.writes),
        ));
    }

    /// A stream of `T` as newline-delimited JSON (`versionary::NdJson<T>`): the item's
    /// schema under `application/x-ndjson`.
    pub fn ndjson_response<T: Documented + ?Sized>(&mut self) {
        self.response = Some((NDJSON, schema_value::<T>(&mut self.generators.writes)));
    }

    /// A stream of `T` as server-sent events (`versionary::EventStream<T>`): the item's schema
    /// (each event's `data`) under `text/event-stream`.
    pub fn event_stream_response<T: Documented + ?Sized>(&mut self) {
        self.response = Some((EVENT_STREAM, schema_value::<T>(&mut self.generators.writes)));
    }

    /// `T`'s schema as responses carry it (a reference to `components/schemas`).
    pub(crate) fn response_schema<T: Documented + ?Sized>(&mut self) -> Value {
        schema_value::<T>(&mut self.generators.writes)
    }

    /// A plain-text response.
    pub fn text_response(&mut self) {
        self.response = Some(("text/plain", json!({ "type": "string" })));
    }

    /// Query parameters: the properties of `T`'s object schema.
    pub fn query<T: Documented + ?Sized>(&mut self) {
        let schema = self.inline::<T>();
        let required: Vec<&str> = schema["required"]
            .as_array()
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if let Some(properties) = schema["properties"].as_object() {
            for (name, property) in properties {
                self.parameters.push(json!({
                    "name": name,
                    "in": "query",
                    "required": required.contains(&name.as_str()),
                    "schema": property,
                }));
            }
        }
    }

    /// Path parameters: `T` is one value, a tuple (one per parameter, in order) or a
    /// struct (by name).
    pub fn path<T: Documented + ?Sized>(&mut self) {
        let schema = self.inline::<T>();
        let names = self.path_names.clone();
        for (i, name) in names.iter().enumerate() {
            let own = if let Some(items) = schema["prefixItems"].as_array() {
                items.get(i).cloned()
            } else if let Some(properties) = schema["properties"].as_object() {
                properties.get(name).cloned()
            } else if names.len() == 1 {
                Some(schema.clone())
            } else {
                None
            };
            self.parameters.push(json!({
                "name": name,
                "in": "path",
                "required": true,
                "schema": own.unwrap_or_else(|| json!({ "type": "string" })),
            }));
        }
    }

    /// `T`'s schema as requests send it, with a top-level reference resolved.
    fn inline<T: JsonSchema + ?Sized>(&mut self) -> Value {
        let generator = &mut self.generators.reads;
        let schema = schema_value::<T>(generator);
        match schema["$ref"].as_str().and_then(|r| r.rsplit('/').next()) {
            Some(name) => generator.definitions().get(name).cloned().unwrap_or(schema),
            None => schema,
        }
    }

    /// Path parameters the handler does not extract are still part of the path.
    pub(crate) fn finish_path(&mut self) {
        for name in self.path_names.clone() {
            let declared = self
                .parameters
                .iter()
                .any(|p| p["in"] == "path" && p["name"] == name.as_str());
            if !declared {
                self.parameters.push(json!({
                    "name": name,
                    "in": "path",
                    "required": true,
                    "schema": { "type": "string" },
                }));
            }
        }
    }
}

/// The schema generators of one document, JSON Schema 2020-12 (the dialect of OpenAPI 3.1)
/// with definitions under `components/schemas`: what requests send is described by serde's
/// deserialize contract (a field with a default may be absent), what responses carry by the
/// serialize contract (a field with `skip_serializing_if` may be absent; an `Option` without
/// it is always there, maybe `null`), as the lock records them.
pub(crate) struct Generators {
    reads: SchemaGenerator,
    writes: SchemaGenerator,
}

impl Generators {
    pub(crate) fn new() -> Generators {
        let settings = SchemaSettings::draft2020_12().with(|s| {
            s.definitions_path = "/components/schemas".into();
            s.meta_schema = None;
        });
        Generators {
            reads: settings.clone().for_deserialize().into_generator(),
            writes: settings.for_serialize().into_generator(),
        }
    }

    /// The definitions of both contracts. A type described the same way by both is one
    /// schema; one whose two descriptions differ is `Name-Input` (requests) and
    /// `Name-Output` (responses), and [`Schemas::requests`] and [`Schemas::responses`] point
    /// the operations' references at the right one.
    pub(crate) fn finish(mut self) -> Schemas {
        let mut reads = self.reads.take_definitions(true);
        let mut writes = self.writes.take_definitions(true);
        let mut schemas = Schemas::default();
        for (name, schema) in &reads {
            if writes.get(name).is_some_and(|w| w != schema) {
                schemas.reads.insert(name.clone(), format!("{name}-Input"));
                schemas
                    .writes
                    .insert(name.clone(), format!("{name}-Output"));
            }
        }
        for (renames, definitions) in [(&schemas.reads, &mut reads), (&schemas.writes, &mut writes)]
        {
            for (name, mut schema) in std::mem::take(definitions) {
                rename_refs(&mut schema, renames);
                let name = renames.get(&name).cloned().unwrap_or(name);
                schemas.definitions.insert(name, schema);
            }
        }
        schemas
    }
}

/// The `components/schemas` of a document, and the renames of the types whose request and
/// response schemas differ.
#[derive(Default)]
pub(crate) struct Schemas {
    pub(crate) definitions: Map<String, Value>,
    reads: std::collections::BTreeMap<String, String>,
    writes: std::collections::BTreeMap<String, String>,
}

impl Schemas {
    /// Points the references in a request body or parameter at the request schemas.
    pub(crate) fn requests(&self, value: &mut Value) {
        rename_refs(value, &self.reads);
    }

    /// Points the references in a response at the response schemas.
    pub(crate) fn responses(&self, value: &mut Value) {
        rename_refs(value, &self.writes);
    }
}

fn rename_refs(value: &mut Value, renames: &std::collections::BTreeMap<String, String>) {
    if renames.is_empty() {
        return;
    }
    match value {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                let target = value
                    .as_str()
                    .and_then(|r| r.strip_prefix("#/components/schemas/"))
                    .and_then(|name| renames.get(name));
                match target {
                    Some(new) if key == "$ref" => {
                        *value = Value::from(format!("#/components/schemas/{new}"));
                    }
                    _ => rename_refs(value, renames),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rename_refs(v, renames)),
        _ => {}
    }
}

/// The RFC 9457 problem every operation may answer with.
pub(crate) fn problem_schema() -> Value {
    json!({
        "type": "object",
        "description": "An RFC 9457 problem: what went wrong, for people and programs.",
        "properties": {
            "type": { "type": "string", "description": "A URI naming the kind of problem." },
            "title": { "type": "string" },
            "status": { "type": "integer", "minimum": 100, "maximum": 599 },
            "detail": { "type": "string" },
        },
        "required": ["type", "title", "status", "detail"],
        "additionalProperties": true,
    })
}

/// The schema name of a generic versioned type: `Page_for_Participant`.
#[doc(hidden)]
pub fn __generic_name(base: &'static str, arguments: &[Cow<'static, str>]) -> Cow<'static, str> {
    let mut name = String::from(base);
    for (i, argument) in arguments.iter().enumerate() {
        name.push_str(if i == 0 { "_for_" } else { "_and_" });
        name.push_str(argument);
    }
    Cow::Owned(name)
}

/// What a type or an endpoint was documented as in the version being documented: the text of
/// the oldest change made after it (`history`: (index of the version that changed it, the
/// text before)), else `latest`. Outside a version of `A`, `latest`.
#[doc(hidden)]
pub fn __at_version<A: crate::api::Api>(
    latest: &'static str,
    history: &[(usize, &'static str)],
) -> &'static str {
    let Some(selected) =
        crate::select::selected().filter(|s| s.api == core::any::TypeId::of::<A>())
    else {
        return latest;
    };
    at_index(selected.index(), latest, history)
}

/// The text in force at version `index`.
pub(crate) fn at_index(
    index: usize,
    latest: &'static str,
    history: &[(usize, &'static str)],
) -> &'static str {
    history
        .iter()
        .filter(|(before, _)| index < *before)
        .min_by_key(|(before, _)| *before)
        .map_or(latest, |(_, text)| text)
}

/// `schema` described as the type is at the version being documented: its doc comment
/// (`latest`) unless `history` says older versions described it otherwise. Older shapes are
/// described like the type, not as Rust shapes.
#[doc(hidden)]
pub fn __described<A: crate::api::Api>(
    mut schema: schemars::Schema,
    latest: &'static str,
    history: &[(usize, &'static str)],
) -> schemars::Schema {
    let text = __at_version::<A>(latest, history).trim();
    // As schemars reads a doc comment: a leading `# Heading` line is the title.
    let (title, description) = match text.strip_prefix('#') {
        Some(rest) => {
            let (title, description) = rest.split_once('\n').unwrap_or((rest, ""));
            (
                Some(title.trim_start_matches('#').trim()),
                description.trim(),
            )
        }
        None => (None, text),
    };
    if let Some(object) = schema.as_object_mut() {
        for (key, value) in [("title", title.unwrap_or("")), ("description", description)] {
            if value.is_empty() {
                if key == "description" || title.is_some() {
                    object.remove(key);
                }
            } else {
                object.insert(key.into(), serde_json::Value::from(value));
            }
        }
    }
    schema
}
