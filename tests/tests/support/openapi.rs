//! OpenAPI 3.1 helpers for tests: validate a whole document against the OpenAPI
//! Initiative's published JSON Schemas, build example instances of a document's
//! schemas, and validate instances against them.
//!
//! The published schemas are vendored in `tests/fixtures/openapi/` (see the README
//! there) and compiled into the test binary, so nothing is fetched at test time. The
//! JSON Schema 2020-12 meta-schemas they reference are bundled by the `jsonschema`
//! crate.
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::sync::LazyLock;

use jsonschema::{Registry, Validator};
use serde_json::{Map, Value, json};

/// `$id` of the OpenAPI 3.1 schema of documents.
const SCHEMA_ID: &str = "https://spec.openapis.org/oas/3.1/schema/2022-10-07";

/// The vendored documents, each with the `$id` it is published at.
const VENDORED: [(&str, &str); 1] = [(
    SCHEMA_ID,
    include_str!("../../fixtures/openapi/schema.json"),
)];

/// The 2020-12 meta-schema URI, which the `jsonschema` crate resolves without a network.
const DRAFT_2020_12: &str = "https://json-schema.org/draft/2020-12/schema";

/// How deep [`example_for`] follows subschemas before it stops, so that recursive
/// schemas terminate.
const MAX_DEPTH: usize = 16;

/// HTTP methods whose Operation Objects a Path Item may hold.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

static REGISTRY: LazyLock<Registry<'static>> = LazyLock::new(|| {
    let resources = VENDORED.map(|(uri, text)| {
        let value: Value = serde_json::from_str(text)
            .unwrap_or_else(|error| panic!("vendored schema {uri} is not JSON: {error}"));
        (uri, value)
    });
    Registry::new()
        .extend(resources)
        .and_then(|builder| builder.prepare())
        .expect("the vendored OpenAPI schemas form a registry")
});

static DOCUMENT_VALIDATOR: LazyLock<Validator> = LazyLock::new(|| {
    jsonschema::options()
        .offline()
        .with_registry(&REGISTRY)
        .build(&json!({ "$ref": SCHEMA_ID }))
        .expect("the vendored OpenAPI 3.1 schema compiles")
});

/// The JSON Schema 2020-12 meta-schema (bundled by the `jsonschema` crate).
static SCHEMA_VALIDATOR: LazyLock<Validator> = LazyLock::new(|| {
    jsonschema::options()
        .offline()
        .build(&json!({ "$ref": DRAFT_2020_12 }))
        .expect("the JSON Schema 2020-12 meta-schema compiles")
});

/// Every Schema Object of a document: component schemas, and the `schema` of every
/// parameter and media type, with their JSON pointers.
fn schema_objects<'a>(value: &'a Value, pointer: String, out: &mut Vec<(String, &'a Value)>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let at = format!("{pointer}/{}", escape(key));
                if key == "schema" && child.is_object() {
                    out.push((at, child));
                } else if key == "schemas" && pointer == "/components" {
                    if let Value::Object(schemas) = child {
                        for (name, schema) in schemas {
                            out.push((format!("{at}/{}", escape(name)), schema));
                        }
                    }
                } else {
                    schema_objects(child, at, out);
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                schema_objects(child, format!("{pointer}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// Validates an OpenAPI 3.1 document.
///
/// Three checks, all of whose failures are returned:
/// - the document against the published OpenAPI 3.1 schema (2022-10-07), and each Schema
///   Object in it (component schemas, parameter and media-type schemas) against the
///   JSON Schema 2020-12 meta-schema, the dialect OpenAPI 3.1 builds on;
/// - every local `$ref` (such as `#/components/schemas/Name`) points at something in
///   the document;
/// - every template parameter `{x}` of a path is declared by each of its operations (or
///   by the Path Item) as a parameter `in: path` with `required: true`, and every
///   declared path parameter appears in the template.
///
/// Each error reads `<JSON pointer into the document>: <message>`.
pub fn validate_document(doc: &Value) -> Result<(), Vec<String>> {
    let mut errors: Vec<String> = DOCUMENT_VALIDATOR
        .iter_errors(doc)
        .map(|error| {
            format!(
                "{}: {error}",
                pointer_or_root(error.instance_path().as_str())
            )
        })
        .collect();
    let mut schemas = Vec::new();
    schema_objects(doc, String::new(), &mut schemas);
    for (pointer, schema) in schemas {
        errors.extend(
            SCHEMA_VALIDATOR
                .iter_errors(schema)
                .map(|error| format!("{pointer}{}: {error}", error.instance_path().as_str())),
        );
    }
    check_refs(doc, doc, &mut String::new(), &mut errors);
    check_path_parameters(doc, &mut errors);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Validates `instance` against `schema`, a JSON Schema 2020-12 that may refer into
/// `doc` with local references such as `#/components/schemas/Name`.
///
/// Formats (`date`, `date-time`, `uuid`, ...) are asserted, not only annotated. Each
/// error reads `<JSON pointer into the instance>: <message>`; a schema that does not
/// compile gives a single error starting with `schema:`.
pub fn validate_instance(doc: &Value, schema: &Value, instance: &Value) -> Result<(), Vec<String>> {
    let validator = instance_validator(doc, schema).map_err(|error| vec![error])?;
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|error| {
            format!(
                "{}: {error}",
                pointer_or_root(error.instance_path().as_str())
            )
        })
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Builds a small instance of `schema` that is valid against it, following local
/// `$ref`s into `doc` (such as `#/components/schemas/Name`).
///
/// Handled: `$ref`, `const`, `enum` (first value), `type` (a single type or an array
/// such as `["string", "null"]`, where the first non-null type is used), `allOf` (the
/// branches' instances merged), `oneOf`/`anyOf` (the first branch whose instance is
/// valid against the whole schema, else the first branch), objects (`required`
/// properties only, from `properties` or else `additionalProperties`, up to
/// `minProperties`), arrays (`minItems` items from `prefixItems`/`items`), strings
/// (`format` `date`, `date-time`, `uuid`, `email`, `uri`, ... and `minLength` /
/// `maxLength`), numbers (`minimum`, `exclusiveMinimum`, `maximum`,
/// `exclusiveMaximum`, `multipleOf`). Past a depth of 16 subschemas it gives `null`
/// (or the empty value of the type) so that recursive schemas terminate.
pub fn example_for(doc: &Value, schema: &Value) -> Value {
    Examples { doc }.of(schema, 0)
}

fn instance_validator(doc: &Value, schema: &Value) -> Result<Validator, String> {
    // The schema becomes the root of a wrapper that carries the document's components,
    // so that `#/components/...` resolves within the wrapper itself.
    let mut wrapper = match schema {
        Value::Object(map) => map.clone(),
        other => {
            let mut map = Map::new();
            map.insert("allOf".to_owned(), json!([other]));
            map
        }
    };
    wrapper
        .entry("$schema")
        .or_insert_with(|| json!(DRAFT_2020_12));
    if let Some(components) = doc.get("components") {
        wrapper
            .entry("components")
            .or_insert_with(|| components.clone());
    }
    jsonschema::options()
        .offline()
        .should_validate_formats(true)
        .build(&Value::Object(wrapper))
        .map_err(|error| format!("schema: {error}"))
}

fn pointer_or_root(pointer: &str) -> &str {
    if pointer.is_empty() { "/" } else { pointer }
}

/// Escapes a key for use as one JSON pointer segment.
fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Resolves a local reference `#/...` within `doc` (percent-decoded, JSON pointer).
fn resolve<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    let fragment = reference.strip_prefix('#')?;
    doc.pointer(&percent_decode(fragment))
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|pair| std::str::from_utf8(pair).ok())
            .and_then(|pair| u8::from_str_radix(pair, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Reports every local `$ref` under `value` (at `pointer` in `doc`) that resolves to nothing.
fn check_refs(doc: &Value, value: &Value, pointer: &mut String, errors: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref")
                && reference.starts_with('#')
                && resolve(doc, reference).is_none()
            {
                errors.push(format!(
                    "{}/$ref: {reference:?} does not resolve within the document",
                    pointer
                ));
            }
            for (key, child) in map {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&escape(key));
                check_refs(doc, child, pointer, errors);
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&index.to_string());
                check_refs(doc, child, pointer, errors);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

/// The names of the template expressions `{name}` of a path.
fn template_names(path: &str) -> BTreeSet<&str> {
    let mut names = BTreeSet::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        names.insert(&after[..close]);
        rest = &after[close + 1..];
    }
    names
}

/// Parameters in a Parameter Object list, `$ref`s into `doc` followed.
fn parameters<'a>(doc: &'a Value, holder: &'a Value) -> Vec<&'a Value> {
    let Some(Value::Array(list)) = holder.get("parameters") else {
        return Vec::new();
    };
    list.iter()
        .filter_map(
            |parameter| match parameter.get("$ref").and_then(Value::as_str) {
                Some(reference) => resolve(doc, reference),
                None => Some(parameter),
            },
        )
        .collect()
}

fn check_path_parameters(doc: &Value, errors: &mut Vec<String>) {
    let Some(Value::Object(paths)) = doc.get("paths") else {
        return;
    };
    for (path, item) in paths {
        let names = template_names(path);
        let item_pointer = format!("/paths/{}", escape(path));
        let shared = parameters(doc, item);
        let operations: Vec<(&str, &Value)> = METHODS
            .iter()
            .filter_map(|method| item.get(*method).map(|operation| (*method, operation)))
            .collect();
        // A Path Item with no operation still declares its own parameters.
        let scopes: Vec<(String, Vec<&Value>)> = if operations.is_empty() {
            vec![(item_pointer.clone(), shared.clone())]
        } else {
            operations
                .iter()
                .map(|(method, operation)| {
                    // Operation parameters override Path Item ones of the same name and location.
                    let own = parameters(doc, operation);
                    let mut all = own.clone();
                    all.extend(shared.iter().copied().filter(|inherited| {
                        !own.iter().any(|parameter| {
                            parameter.get("name") == inherited.get("name")
                                && parameter.get("in") == inherited.get("in")
                        })
                    }));
                    (format!("{item_pointer}/{method}"), all)
                })
                .collect()
        };
        for (pointer, declared) in scopes {
            let in_path: Vec<&Value> = declared
                .into_iter()
                .filter(|parameter| parameter.get("in").and_then(Value::as_str) == Some("path"))
                .collect();
            for name in &names {
                match in_path
                    .iter()
                    .find(|parameter| parameter.get("name").and_then(Value::as_str) == Some(name))
                {
                    None => errors.push(format!(
                        "{pointer}: path template parameter {{{name}}} of {path:?} has no `in: path` parameter"
                    )),
                    Some(parameter) if parameter.get("required") != Some(&Value::Bool(true)) => {
                        errors.push(format!(
                            "{pointer}: path parameter {name:?} of {path:?} is not `required: true`"
                        ))
                    }
                    Some(_) => {}
                }
            }
            for parameter in &in_path {
                if let Some(name) = parameter.get("name").and_then(Value::as_str)
                    && !names.contains(name)
                {
                    errors.push(format!(
                        "{pointer}: path parameter {name:?} is not in the template {path:?}"
                    ));
                }
            }
        }
    }
}

/// Keywords after which a schema constrains its instances (others are annotations).
const CONSTRAINING: [&str; 23] = [
    "type",
    "const",
    "enum",
    "oneOf",
    "anyOf",
    "properties",
    "required",
    "additionalProperties",
    "minProperties",
    "items",
    "prefixItems",
    "minItems",
    "format",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "$ref",
    "allOf",
    "pattern",
];

struct Examples<'d> {
    doc: &'d Value,
}

impl Examples<'_> {
    fn of(&self, schema: &Value, depth: usize) -> Value {
        let Value::Object(map) = schema else {
            // `true` accepts anything; `false` nothing, so no value is better than another.
            return Value::Null;
        };
        if let Some(value) = map.get("const") {
            return value.clone();
        }
        if let Some(first) = map
            .get("enum")
            .and_then(Value::as_array)
            .and_then(|values| values.first())
        {
            return first.clone();
        }
        let types = types(map);
        if depth >= MAX_DEPTH {
            return if types.is_empty() || types.contains(&"null") {
                Value::Null
            } else {
                empty_of(types[0])
            };
        }

        // `$ref` and `allOf` contribute instances that are merged with this schema's own.
        let mut parts: Vec<Value> = Vec::new();
        if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
            parts.push(
                resolve(self.doc, reference)
                    .map(|target| self.of(target, depth + 1))
                    .unwrap_or(Value::Null),
            );
        }
        if let Some(Value::Array(branches)) = map.get("allOf") {
            parts.extend(branches.iter().map(|branch| self.of(branch, depth + 1)));
        }
        let own_constrains = CONSTRAINING
            .iter()
            .any(|keyword| !matches!(*keyword, "$ref" | "allOf") && map.contains_key(*keyword));
        if !parts.is_empty() && !own_constrains {
            return merge_all(parts);
        }

        let own = if let Some(branches) = map
            .get("oneOf")
            .or_else(|| map.get("anyOf"))
            .and_then(Value::as_array)
        {
            self.one_of(schema, branches, depth)
        } else {
            self.of_type(map, &types, depth)
        };
        parts.push(own);
        merge_all(parts)
    }

    /// The first branch whose instance is valid against the whole `schema`, else the first.
    fn one_of(&self, schema: &Value, branches: &[Value], depth: usize) -> Value {
        let candidates = branches.iter().map(|branch| self.of(branch, depth + 1));
        let mut first = None;
        for candidate in candidates {
            if validate_instance(self.doc, schema, &candidate).is_ok() {
                return candidate;
            }
            first.get_or_insert(candidate);
        }
        first.unwrap_or(Value::Null)
    }

    fn of_type(&self, map: &Map<String, Value>, types: &[&str], depth: usize) -> Value {
        let chosen = types
            .iter()
            .copied()
            .find(|kind| *kind != "null")
            .or_else(|| types.first().copied())
            .or_else(|| infer_type(map));
        match chosen {
            Some("object") => self.object(map, depth),
            Some("array") => self.array(map, depth),
            Some("string") => string(map),
            Some("integer") => number(map, true),
            Some("number") => number(map, false),
            Some("boolean") => Value::Bool(false),
            _ => Value::Null,
        }
    }

    fn object(&self, map: &Map<String, Value>, depth: usize) -> Value {
        let properties = map.get("properties").and_then(Value::as_object);
        let additional = map.get("additionalProperties");
        let mut out = Map::new();
        for name in map
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            let property = properties
                .and_then(|properties| properties.get(name))
                .or(additional)
                .unwrap_or(&Value::Bool(true));
            out.insert(name.to_owned(), self.of(property, depth + 1));
        }
        let min = map
            .get("minProperties")
            .and_then(Value::as_u64)
            .unwrap_or(0);
        let extra = match additional {
            Some(Value::Bool(false)) => None,
            Some(schema) => Some(schema),
            None => Some(&Value::Bool(true)),
        };
        let optional = properties
            .into_iter()
            .flatten()
            .filter(|(name, _)| !out.contains_key(*name))
            .map(|(name, schema)| (name.clone(), schema))
            .collect::<Vec<_>>();
        let mut optional = optional.into_iter();
        let mut counter = 0;
        while (out.len() as u64) < min {
            if let Some((name, schema)) = optional.next() {
                out.insert(name, self.of(schema, depth + 1));
            } else if let Some(schema) = extra {
                counter += 1;
                let name = format!("key{counter}");
                if !out.contains_key(&name) {
                    out.insert(name, self.of(schema, depth + 1));
                }
            } else {
                break;
            }
        }
        Value::Object(out)
    }

    fn array(&self, map: &Map<String, Value>, depth: usize) -> Value {
        let min = map.get("minItems").and_then(Value::as_u64).unwrap_or(0) as usize;
        let prefix = map
            .get("prefixItems")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let items = map.get("items").unwrap_or(&Value::Bool(true));
        (0..min)
            .map(|index| self.of(prefix.get(index).unwrap_or(items), depth + 1))
            .collect()
    }
}

/// The `type` of a schema as a list (empty when absent).
fn types(map: &Map<String, Value>) -> Vec<&str> {
    match map.get("type") {
        Some(Value::String(kind)) => vec![kind.as_str()],
        Some(Value::Array(kinds)) => kinds.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// The type a schema without `type` evidently describes, from its keywords.
fn infer_type(map: &Map<String, Value>) -> Option<&'static str> {
    let has = |keywords: &[&str]| keywords.iter().any(|keyword| map.contains_key(*keyword));
    if has(&[
        "properties",
        "required",
        "additionalProperties",
        "minProperties",
    ]) {
        Some("object")
    } else if has(&["items", "prefixItems", "minItems"]) {
        Some("array")
    } else if has(&["format", "minLength", "maxLength", "pattern"]) {
        Some("string")
    } else if has(&[
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
    ]) {
        Some("number")
    } else {
        None
    }
}

/// The smallest value of a type, used past the depth limit.
fn empty_of(kind: &str) -> Value {
    match kind {
        "object" => json!({}),
        "array" => json!([]),
        "string" => json!(""),
        "integer" | "number" => json!(0),
        "boolean" => json!(false),
        _ => Value::Null,
    }
}

fn string(map: &Map<String, Value>) -> Value {
    let formatted = match map.get("format").and_then(Value::as_str) {
        Some("date") => Some("2024-01-01"),
        Some("date-time") => Some("2024-01-01T00:00:00Z"),
        Some("time") => Some("00:00:00Z"),
        Some("duration") => Some("P1D"),
        Some("uuid") => Some("00000000-0000-4000-8000-000000000000"),
        Some("email") | Some("idn-email") => Some("user@example.com"),
        Some("hostname") | Some("idn-hostname") => Some("example.com"),
        Some("ipv4") => Some("127.0.0.1"),
        Some("ipv6") => Some("::1"),
        Some("uri") | Some("iri") | Some("uri-reference") | Some("iri-reference") => {
            Some("https://example.com/")
        }
        _ => None,
    };
    if let Some(text) = formatted {
        return json!(text);
    }
    let min = map.get("minLength").and_then(Value::as_u64).unwrap_or(1);
    let max = map
        .get("maxLength")
        .and_then(Value::as_u64)
        .unwrap_or(u64::MAX);
    json!("x".repeat(min.min(max) as usize))
}

fn number(map: &Map<String, Value>, integer: bool) -> Value {
    let bound = |keyword: &str| map.get(keyword).and_then(Value::as_f64);
    let step = if integer { 1.0 } else { 0.5 };
    let mut value: f64 = 0.0;
    if let Some(minimum) = bound("minimum") {
        value = value.max(minimum);
    }
    if let Some(exclusive) = bound("exclusiveMinimum")
        && value <= exclusive
    {
        value = exclusive + step;
    }
    if let Some(maximum) = bound("maximum") {
        value = value.min(maximum);
    }
    if let Some(exclusive) = bound("exclusiveMaximum")
        && value >= exclusive
    {
        value = exclusive - step;
    }
    if integer {
        value = value.ceil();
    }
    if let Some(multiple) = bound("multipleOf").filter(|multiple| *multiple > 0.0) {
        value = (value / multiple).ceil() * multiple;
    }
    if value.fract() == 0.0 && value.abs() < 9.0e15 {
        json!(value as i64)
    } else {
        json!(value)
    }
}

/// Merges the instances of `allOf` branches: objects key by key (recursively), otherwise
/// the first non-null instance.
fn merge_all(parts: Vec<Value>) -> Value {
    parts.into_iter().fold(Value::Null, merge)
}

fn merge(left: Value, right: Value) -> Value {
    match (left, right) {
        (Value::Null, right) => right,
        (Value::Object(mut left), Value::Object(right)) => {
            for (key, value) in right {
                let merged = match left.remove(&key) {
                    Some(existing) => merge(existing, value),
                    None => value,
                };
                left.insert(key, merged);
            }
            Value::Object(left)
        }
        (left, _) => left,
    }
}
