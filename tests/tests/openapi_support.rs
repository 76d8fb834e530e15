//! Tests of the OpenAPI test support: document validation, example instances and
//! instance validation.

mod support;

use serde_json::{Value, json};
use support::openapi::{example_for, validate_document, validate_instance};

/// A small OpenAPI 3.1 document in the shape the framework generates.
fn document() -> Value {
    json!({
        "openapi": "3.1.0",
        "info": { "title": "Moves", "version": "2024-01-01" },
        "paths": {
            "/moves/{id}": {
                "parameters": [
                    { "name": "id", "in": "path", "required": true, "schema": { "type": "string", "format": "uuid" } }
                ],
                "get": {
                    "operationId": "getMove",
                    "parameters": [
                        { "$ref": "#/components/parameters/Version" }
                    ],
                    "responses": {
                        "200": {
                            "description": "The move",
                            "content": {
                                "application/json": { "schema": { "$ref": "#/components/schemas/Move" } }
                            }
                        },
                        "404": {
                            "description": "No such move",
                            "content": {
                                "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } }
                            }
                        }
                    }
                }
            },
            "/moves": {
                "post": {
                    "requestBody": {
                        "required": true,
                        "content": {
                            "application/json": { "schema": { "$ref": "#/components/schemas/NewMove" } }
                        }
                    },
                    "responses": {
                        "201": { "description": "Created" }
                    }
                }
            }
        },
        "components": {
            "parameters": {
                "Version": {
                    "name": "Api-Version", "in": "header", "required": true,
                    "schema": { "type": "string", "enum": ["2024-01-01", "2025-01-01"] }
                }
            },
            "schemas": {
                "Location": {
                    "type": "object",
                    "properties": {
                        "code": { "type": "string", "minLength": 3, "maxLength": 3 },
                        "name": { "type": ["string", "null"] }
                    },
                    "required": ["code"],
                    "additionalProperties": false
                },
                "Person": {
                    "type": "object",
                    "properties": {
                        "first_names": { "type": "string", "minLength": 1 },
                        "date_of_birth": { "type": "string", "format": "date" },
                        "gender": { "$ref": "#/components/schemas/Gender" }
                    },
                    "required": ["first_names", "date_of_birth", "gender"]
                },
                "Gender": { "type": "string", "enum": ["female", "male", "other"] },
                "Transport": {
                    "oneOf": [
                        { "type": "object", "properties": { "kind": { "const": "van" }, "seats": { "type": "integer", "minimum": 2 } }, "required": ["kind", "seats"] },
                        { "type": "object", "properties": { "kind": { "const": "train" }, "carriage": { "type": "integer", "minimum": 1, "maximum": 12 } }, "required": ["kind", "carriage"] }
                    ]
                },
                "NewMove": {
                    "type": "object",
                    "properties": {
                        "from": { "$ref": "#/components/schemas/Location" },
                        "to": { "$ref": "#/components/schemas/Location" },
                        "date": { "type": "string", "format": "date" },
                        "person": { "$ref": "#/components/schemas/Person" },
                        "transport": { "$ref": "#/components/schemas/Transport" },
                        "escorts": {
                            "type": "array",
                            "items": { "$ref": "#/components/schemas/Person" },
                            "minItems": 2
                        },
                        "notes": { "anyOf": [{ "type": "string" }, { "type": "null" }] }
                    },
                    "required": ["from", "to", "date", "person", "transport", "escorts", "notes"]
                },
                "Move": {
                    "allOf": [
                        { "$ref": "#/components/schemas/NewMove" },
                        {
                            "type": "object",
                            "properties": {
                                "id": { "type": "string", "format": "uuid" },
                                "created_at": { "type": "string", "format": "date-time" }
                            },
                            "required": ["id", "created_at"]
                        }
                    ]
                },
                "Problem": {
                    "type": "object",
                    "properties": {
                        "type": { "type": "string", "format": "uri-reference" },
                        "title": { "type": "string" },
                        "status": { "type": "integer", "format": "uint16", "minimum": 100, "maximum": 599 },
                        "detail": { "type": ["string", "null"] }
                    },
                    "required": ["type", "title", "status"]
                },
                "Tree": {
                    "type": "object",
                    "properties": {
                        "label": { "type": "string" },
                        "parent": { "anyOf": [{ "$ref": "#/components/schemas/Tree" }, { "type": "null" }] }
                    },
                    "required": ["label", "parent"]
                }
            }
        }
    })
}

fn reference(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

#[track_caller]
fn assert_fails_with(result: Result<(), Vec<String>>, needle: &str) {
    let errors = result.expect_err("expected validation errors");
    assert!(
        errors.iter().any(|error| error.contains(needle)),
        "no error mentions {needle:?}: {errors:#?}"
    );
}

#[test]
fn a_valid_document_passes() {
    assert_eq!(validate_document(&document()), Ok(()));
}

#[test]
fn a_document_without_info_fails() {
    let mut doc = document();
    doc.as_object_mut().unwrap().remove("info");
    assert_fails_with(validate_document(&doc), "\"info\" is a required property");
}

#[test]
fn a_document_of_another_version_fails() {
    let mut doc = document();
    doc["openapi"] = json!("3.0.3");
    assert_fails_with(validate_document(&doc), "/openapi");
}

#[test]
fn a_reference_to_a_missing_schema_fails() {
    let mut doc = document();
    doc["components"]["schemas"]["NewMove"]["properties"]["person"] = reference("Persn");
    assert_fails_with(
        validate_document(&doc),
        "/components/schemas/NewMove/properties/person/$ref: \"#/components/schemas/Persn\" does not resolve",
    );
}

#[test]
fn a_path_parameter_not_declared_fails() {
    let mut doc = document();
    let item = doc["paths"]["/moves/{id}"].take();
    doc["paths"]["/moves/{id}/legs/{leg}"] = item;
    doc["paths"].as_object_mut().unwrap().remove("/moves/{id}");
    assert_fails_with(
        validate_document(&doc),
        "/paths/~1moves~1{id}~1legs~1{leg}/get: path template parameter {leg}",
    );
}

#[test]
fn a_path_parameter_that_is_not_required_fails() {
    let mut doc = document();
    doc["paths"]["/moves/{id}"]["parameters"][0]["required"] = json!(false);
    assert_fails_with(validate_document(&doc), "is not `required: true`");
}

#[test]
fn a_path_parameter_outside_the_template_fails() {
    let mut doc = document();
    doc["paths"]["/moves"]["post"]["parameters"] =
        json!([{ "name": "id", "in": "path", "required": true, "schema": { "type": "string" } }]);
    assert_fails_with(validate_document(&doc), "is not in the template");
}

#[test]
fn an_invalid_embedded_schema_fails() {
    // schema-base checks every Schema Object against the JSON Schema 2020-12 dialect.
    let mut doc = document();
    doc["components"]["schemas"]["Gender"]["type"] = json!("text");
    assert_fails_with(validate_document(&doc), "/components/schemas/Gender");
    let mut doc = document();
    doc["components"]["schemas"]["Person"]["required"] = json!("first_names");
    assert_fails_with(validate_document(&doc), "/components/schemas/Person");
}

#[test]
fn examples_are_valid_for_every_component_schema() {
    let doc = document();
    for name in doc["components"]["schemas"].as_object().unwrap().keys() {
        let schema = reference(name);
        let example = example_for(&doc, &schema);
        assert_eq!(
            validate_instance(&doc, &schema, &example),
            Ok(()),
            "example of {name}: {example}"
        );
    }
}

#[test]
fn examples_follow_nested_references() {
    let doc = document();
    let example = example_for(&doc, &reference("Move"));
    assert_eq!(example["from"], json!({ "code": "xxx" }));
    assert_eq!(example["person"]["gender"], json!("female"));
    assert_eq!(example["person"]["date_of_birth"], json!("2024-01-01"));
    assert_eq!(example["escorts"].as_array().map(Vec::len), Some(2));
    assert_eq!(example["notes"], json!("x"));
    assert_eq!(example["id"], json!("00000000-0000-4000-8000-000000000000"));
    assert_eq!(example["created_at"], json!("2024-01-01T00:00:00Z"));
    assert_eq!(example["transport"], json!({ "kind": "van", "seats": 2 }));
}

#[test]
fn examples_of_inline_schemas() {
    let doc = document();
    let schemas = [
        json!({ "type": ["string", "null"], "format": "date-time" }),
        json!({ "type": "null" }),
        json!({ "enum": [3, 4] }),
        json!({ "const": { "a": 1 } }),
        json!({ "type": "integer", "exclusiveMinimum": 7, "maximum": 100 }),
        json!({ "type": "number", "minimum": 0.25, "multipleOf": 0.5 }),
        json!({ "type": "boolean" }),
        json!({ "type": "array", "prefixItems": [{ "type": "integer" }, { "type": "string" }], "minItems": 2 }),
        json!({ "type": "array", "items": { "type": "array", "items": reference("Gender"), "minItems": 1 }, "minItems": 1 }),
        json!({ "type": "object", "additionalProperties": reference("Location"), "minProperties": 2 }),
        json!({ "type": "object", "required": ["free"], "additionalProperties": { "type": "integer", "minimum": 5 } }),
        // The first branch's instance also matches the second, so the second is taken.
        json!({ "oneOf": [{ "type": "object", "required": ["b"] }, { "type": "object" }] }),
        json!({ "anyOf": [reference("Problem"), { "type": "null" }] }),
        json!({ "allOf": [reference("Location"), { "required": ["name"] }] }),
        json!({ "$ref": "#/components/schemas/Tree", "description": "a tree" }),
        json!({ "type": "string", "format": "uuid" }),
        json!(true),
        json!({}),
    ];
    for schema in schemas {
        let example = example_for(&doc, &schema);
        assert_eq!(
            validate_instance(&doc, &schema, &example),
            Ok(()),
            "example of {schema}: {example}"
        );
    }
}

#[test]
fn recursive_schemas_terminate() {
    let doc = json!({
        "components": { "schemas": {
            "Node": {
                "type": "object",
                "properties": { "next": { "$ref": "#/components/schemas/Node" } },
                "required": ["next"]
            },
            "List": {
                "type": ["object", "null"],
                "properties": { "tail": { "$ref": "#/components/schemas/List" } },
                "required": ["tail"]
            }
        } }
    });
    // Node has no finite instance: the example is only bounded.
    let _ = example_for(&doc, &reference("Node"));
    let schema = reference("List");
    let example = example_for(&doc, &schema);
    assert_eq!(validate_instance(&doc, &schema, &example), Ok(()));
}

#[test]
fn wrong_instances_fail() {
    let doc = document();
    let mut example = example_for(&doc, &reference("NewMove"));
    example["person"]["date_of_birth"] = json!("yesterday");
    example["transport"] = json!({ "kind": "bus" });
    example["from"]["unexpected"] = json!(1);
    let errors = validate_instance(&doc, &reference("NewMove"), &example).unwrap_err();
    for needle in [
        "/person/date_of_birth:",
        "/transport:",
        "/from: Additional properties are not allowed ('unexpected' was unexpected)",
    ] {
        assert!(
            errors.iter().any(|error| error.contains(needle)),
            "no error mentions {needle:?}: {errors:#?}"
        );
    }
    assert_fails_with(
        validate_instance(&doc, &reference("Gender"), &json!("unknown")),
        "/: \"unknown\" is not one of",
    );
}

#[test]
fn an_unresolvable_schema_is_an_error() {
    let doc = document();
    assert_fails_with(
        validate_instance(&doc, &reference("Missing"), &json!({})),
        "schema:",
    );
}

#[test]
fn embedded_schemas_are_checked_against_json_schema_2020_12() {
    let mut doc = document();
    doc["components"]["schemas"]["Transport"]["required"] = json!("kind");
    assert_fails_with(
        validate_document(&doc),
        "/components/schemas/Transport/required",
    );
    let mut doc = document();
    doc["components"]["schemas"]["Transport"]["type"] = json!("strnig");
    assert_fails_with(validate_document(&doc), "/components/schemas/Transport");
}
