//! OpenAPI 3.1 documents, one per version, generated from the same per-version types that
//! serve requests: every `#[versioned]` type describes itself (through `schemars`, which
//! reads the same serde attributes the shapes are serialised with) in the shape of the
//! version being documented.
//!
//! [`ApiBuilder::openapi`](crate::ApiBuilder::openapi) builds a version's document, and the
//! built router serves it at `GET /openapi/{version}.json`
//! ([`ApiBuilder::openapi_path`](crate::ApiBuilder::openapi_path)).
//!
//! ```
//! use axum::extract::Path;
//! use verso::{ApiBuilder, Json};
//!
//! verso::api_versions! { pub Shop { 1 => "Initial release", 2 => "Items have a title" } }
//!
//! #[verso::versioned(api = Shop, response)]
//! #[derive(Clone)]
//! pub struct Item {
//!     #[api(renamed(from = "name", in = 2))]
//!     pub title: String,
//! }
//!
//! /// Reads one item.
//! #[verso::endpoint(GET "/items/{id}", api = Shop)]
//! async fn get_item(Path(id): Path<u32>) -> Json<Item> {
//!     Json(Item { title: format!("item {id}") })
//! }
//!
//! let builder = ApiBuilder::<Shop>::new();
//! let v1 = builder.openapi("1").unwrap();
//! assert_eq!(v1["openapi"], "3.1.0");
//! let get = &v1["paths"]["/v1/items/{id}"]["get"];
//! assert_eq!(get["summary"], "Reads one item.");
//! assert_eq!(get["parameters"][0]["name"], "id");
//! assert_eq!(v1["components"]["schemas"]["Item"]["required"][0], "name");
//! let v2 = builder.openapi("2").unwrap();
//! assert_eq!(v2["components"]["schemas"]["Item"]["required"][0], "title");
//! ```

use std::borrow::Cow;

use schemars::generate::{SchemaGenerator, SchemaSettings};
use serde_json::{Map, Value, json};

pub use schemars::JsonSchema;

/// A type that can be described in an OpenAPI document, asked for with a message that
/// says how.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no JSON Schema, so the OpenAPI documents cannot describe it",
    label = "used by this handler",
    note = "`#[verso::versioned]` types describe themselves; for another type add `#[derive(verso::schemars::JsonSchema)]` and `#[schemars(crate = \"verso::schemars\")]`"
)]
pub trait Documented: JsonSchema {}
impl<T: JsonSchema + ?Sized> Documented for T {}

/// One operation being described: filled in by the code `#[endpoint]` generates from the
/// handler's signature (`Json<T>` body and response, `Query<T>`, `Path<T>`).
#[allow(missing_debug_implementations)]
pub struct Operation<'a> {
    generator: &'a mut SchemaGenerator,
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
    pub(crate) fn new(generator: &'a mut SchemaGenerator, template: &str) -> Operation<'a> {
        let path_names = template
            .split('/')
            .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
            .map(|n| n.trim_start_matches('*').to_owned())
            .collect();
        Operation {
            generator,
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
        self.body = Some(schema_value::<T>(self.generator));
    }

    /// A JSON response of type `T`.
    pub fn json_response<T: Documented + ?Sized>(&mut self) {
        self.response = Some(("application/json", schema_value::<T>(self.generator)));
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

    /// `T`'s schema with a top-level reference resolved.
    fn inline<T: JsonSchema + ?Sized>(&mut self) -> Value {
        let schema = schema_value::<T>(self.generator);
        match schema["$ref"].as_str().and_then(|r| r.rsplit('/').next()) {
            Some(name) => self
                .generator
                .definitions()
                .get(name)
                .cloned()
                .unwrap_or(schema),
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

/// The schema generator of one document: JSON Schema 2020-12 (the dialect of OpenAPI 3.1),
/// with definitions under `components/schemas`.
pub(crate) fn generator() -> SchemaGenerator {
    SchemaSettings::draft2020_12()
        .with(|s| {
            s.definitions_path = "/components/schemas".into();
            s.meta_schema = None;
        })
        .into_generator()
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

/// Takes the definitions collected by `generator`.
pub(crate) fn definitions(generator: &mut SchemaGenerator) -> Map<String, Value> {
    generator.take_definitions(true)
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
