//! Every example's OpenAPI 3.1 documents: valid by the OpenAPI schema (a real validator),
//! committed and current (`VERSIONARY_BLESS=1 cargo test -p versionary-tests --test openapi`
//! rewrites them; review the diff), served at `GET /openapi/{version}.json`, and faithful:
//! a request body built from each version's schema is accepted by that version, and each
//! version's answers validate against the response schemas it documents.

mod support;

use std::path::PathBuf;

use serde_json::Value;
use support::openapi::{example_for, validate_document, validate_instance};
use versionary::{Api, ApiBuilder, BuildError};

/// One example service: its documents, router, and values of its seed data for path
/// parameters and body fields (so a request passes the service's own rules, not only the
/// schema).
struct Service {
    name: &'static str,
    documents: Vec<(&'static str, Value)>,
    app: fn() -> Result<axum::Router, BuildError>,
    samples: &'static [(&'static str, &'static str)],
}

fn documents<A: Api>(builder: ApiBuilder<A>) -> Vec<(&'static str, Value)> {
    builder.openapi_documents().expect("documents build")
}

fn services() -> Vec<Service> {
    use versionary_examples::*;
    vec![
        Service {
            name: "lead_providers",
            documents: documents(lead_providers::builder()),
            app: lead_providers::app,
            samples: &[("id", "21412-12121"), ("participant_id", "21412-12121")],
        },
        Service {
            name: "integration_api",
            documents: documents(integration_api::builder()),
            app: integration_api::app,
            samples: &[("id", "1")],
        },
        Service {
            name: "book_a_secure_move",
            documents: documents(book_a_secure_move::builder()),
            app: book_a_secure_move::app,
            samples: &[
                ("id", "m1"),
                ("people.id", "p1"),
                ("person_id", "p1"),
                ("from_location", "LDS"),
                ("to_location", "WYI"),
                ("code", "LDS"),
            ],
        },
        Service {
            name: "document_api",
            documents: documents(document_api::builder()),
            app: || {
                // Before the forms' sunset, so every documented operation answers.
                document_api::app_at(versionary::Clock::at("2024-12-01").unwrap())
            },
            samples: &[("id", "42")],
        },
        Service {
            name: "library",
            documents: documents(library::builder()),
            app: library::app,
            samples: &[("id", "1"), ("book", "1"), ("x-reader", "Ada")],
        },
    ]
}

fn committed(service: &str, version: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/openapi")
        .join(service)
        .join(format!("{version}.json"))
}

#[test]
fn every_document_is_valid_openapi_3_1() {
    for service in services() {
        assert!(!service.documents.is_empty());
        for (version, document) in &service.documents {
            assert_eq!(document["openapi"], "3.1.0");
            assert_eq!(document["info"]["version"], *version);
            if let Err(errors) = validate_document(document) {
                panic!(
                    "{} {version} is not valid OpenAPI 3.1:\n{}",
                    service.name,
                    errors.join("\n")
                );
            }
        }
    }
}

#[test]
fn committed_documents_are_current() {
    let bless = versionary::lock::bless_requested();
    for service in services() {
        for (version, document) in &service.documents {
            let path = committed(service.name, version);
            let text = serde_json::to_string_pretty(document).unwrap() + "\n";
            if bless {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, &text).unwrap();
                continue;
            }
            let on_disk = std::fs::read_to_string(&path).unwrap_or_else(|e| {
                panic!(
                    "{}: {e}; write it with `VERSIONARY_BLESS=1 cargo test -p versionary-tests --test openapi`",
                    path.display()
                )
            });
            assert!(
                on_disk == text,
                "{} is stale: the API changed. Re-generate with `VERSIONARY_BLESS=1 cargo test -p versionary-tests --test openapi` and review the diff",
                path.display()
            );
        }
    }
}

/// Replaces string members named in `samples` with the sample value.
fn substitute(value: &mut Value, samples: &[(&str, &str)]) {
    match value {
        Value::Object(map) => {
            for (key, member) in map.iter_mut() {
                match samples.iter().find(|(n, _)| n == key) {
                    Some((_, sample)) if member.is_string() => *member = Value::from(*sample),
                    _ => substitute(member, samples),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| substitute(i, samples)),
        _ => {}
    }
}

/// Fills a path template with the service's sample values.
/// A parameter is looked up as `collection.name` (`people.id`), then as `name`.
fn fill(template: &str, samples: &[(&str, &str)]) -> String {
    let mut previous = "";
    let mut out = Vec::new();
    for segment in template.split('/') {
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(name) => {
                let qualified = format!("{previous}.{name}");
                let value = samples
                    .iter()
                    .find(|(n, _)| *n == qualified)
                    .or_else(|| samples.iter().find(|(n, _)| *n == name))
                    .map_or("unknown", |(_, v)| v);
                out.push(value.to_owned());
            }
            None => out.push(segment.to_owned()),
        }
        previous = segment;
    }
    out.join("/")
}

#[tokio::test]
async fn each_version_accepts_requests_built_from_its_schema_and_answers_in_it() {
    let mut requests = 0;
    let mut validated = 0;
    for service in services() {
        let server = support::start((service.app)().expect("router builds")).await;
        for (version, document) in &service.documents {
            // The service serves exactly the document that is committed.
            let served = server.get(&format!("/openapi/{version}.json")).await;
            assert_eq!(served.status, 200, "{}", served.text);
            assert_eq!(&served.json(), document, "{} {version}", service.name);

            for (template, item) in document["paths"].as_object().unwrap() {
                for (method, operation) in item.as_object().unwrap() {
                    let mut headers: Vec<(String, String)> = Vec::new();
                    for parameter in operation["parameters"].as_array().into_iter().flatten() {
                        if parameter["in"] != "header" {
                            continue;
                        }
                        let name = parameter["name"].as_str().unwrap();
                        // The version header, or a value an older version reads from a
                        // header (a sample of the service, when it is required).
                        let value = match parameter["schema"]["enum"][0].as_str() {
                            Some(value) => value,
                            None if parameter["required"] == true => service
                                .samples
                                .iter()
                                .find(|(n, _)| *n == name)
                                .map(|(_, v)| *v)
                                .unwrap_or_else(|| {
                                    panic!("{}: no sample for the header `{name}`", service.name)
                                }),
                            None => continue,
                        };
                        headers.push((name.to_owned(), value.to_owned()));
                    }
                    let headers: Vec<(&str, &str)> = headers
                        .iter()
                        .map(|(n, v)| (n.as_str(), v.as_str()))
                        .collect();
                    let body = operation["requestBody"]["content"]["application/json"]["schema"]
                        .as_object()
                        .map(|schema| {
                            let schema = Value::Object(schema.clone());
                            let mut body = example_for(document, &schema);
                            substitute(&mut body, service.samples);
                            validate_instance(document, &schema, &body)
                                .unwrap_or_else(|e| panic!("sample body invalid: {e:?}"));
                            body
                        });
                    let text = body.as_ref().map(|b| b.to_string());
                    let path = fill(template, service.samples);
                    let reply = server
                        .call(&method.to_uppercase(), &path, text.as_deref(), &headers)
                        .await;
                    requests += 1;
                    let what = format!(
                        "{} {version}: {} {path} with {text:?}",
                        service.name,
                        method.to_uppercase()
                    );
                    assert!(
                        (200..300).contains(&reply.status),
                        "{what} answered {}: {}",
                        reply.status,
                        reply.text
                    );
                    let response = &operation["responses"][reply.status.to_string()];
                    assert!(
                        response.is_object(),
                        "{what}: status {} is not documented",
                        reply.status
                    );
                    let documented = response["content"]["application/json"]["schema"].clone();
                    if documented.is_object() {
                        if let Err(errors) = validate_instance(document, &documented, &reply.json())
                        {
                            panic!(
                                "{what}: the answer does not match the document: {errors:?}\n{}",
                                reply.text
                            );
                        }
                        validated += 1;
                    }
                }
            }
        }
    }
    eprintln!("{requests} requests, {validated} answers validated");
    assert!(requests >= 18, "only {requests} requests");
    assert!(validated >= 18, "only {validated} answers validated");
}

#[tokio::test]
async fn unknown_documents_are_problems() {
    let server =
        support::start(versionary_examples::lead_providers::app().expect("router builds")).await;
    server.get("/openapi/3.json").await.problem(404);
    server.get("/openapi/1.yaml").await.problem(404);
}

#[test]
fn deprecated_operations_are_marked() {
    let documents = documents(versionary_examples::document_api::builder());
    let old = &documents[0].1;
    let forms = &old["paths"]["/books/{id}/forms"]["get"];
    assert_eq!(forms["deprecated"], true);
    assert!(
        forms["description"]
            .as_str()
            .unwrap()
            .contains("2025-03-17"),
        "{forms}"
    );
    assert_eq!(
        old["paths"]["/books/{id}/summary"]["get"]["deprecated"],
        Value::Null
    );
    // The old version documents ids, the new one objects.
    let schemas = &old["components"]["schemas"];
    assert_eq!(
        schemas["BookSummary"]["properties"]["transactions"]["items"]["type"],
        "string"
    );
    let new = &documents[1].1;
    assert!(new["paths"].get("/books/{id}/forms").is_none());
    assert_eq!(
        new["components"]["schemas"]["BookSummary"]["properties"]["transactions"]["items"]["$ref"],
        "#/components/schemas/Transaction"
    );
}

/// A type used both ways, with fields that only one direction may leave out.
mod contracts {
    use versionary::Json;

    versionary::api_versions! { pub Notes { 1 => "Initial release" } }

    #[versionary::versioned(api = Notes, request, response)]
    #[derive(Clone)]
    pub struct Note {
        pub text: String,
        /// Requests may leave it out; responses leave it out when it is empty.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub tags: Vec<String>,
        /// Requests may leave it out; responses always carry it, maybe `null`.
        pub reply: Option<String>,
    }

    #[versionary::versioned(api = Notes, response)]
    #[derive(Clone)]
    pub struct Summary {
        pub count: u32,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        pub warnings: Vec<String>,
    }

    #[versionary::endpoint(POST "/notes", api = Notes)]
    async fn add(Json(note): Json<Note>) -> Json<Note> {
        Json(note)
    }

    #[versionary::endpoint(GET "/summary", api = Notes)]
    async fn summary() -> Json<Summary> {
        Json(Summary {
            count: 0,
            warnings: Vec::new(),
        })
    }
}

#[tokio::test]
async fn responses_are_documented_as_they_are_written_and_requests_as_they_are_read() {
    let builder = ApiBuilder::<contracts::Notes>::new();
    let doc = builder.openapi("1").unwrap();
    validate_document(&doc).unwrap_or_else(|e| panic!("{e:?}"));
    let schemas = &doc["components"]["schemas"];
    // `skip_serializing_if`: a response may leave the field out.
    assert_eq!(schemas["Summary"]["required"], serde_json::json!(["count"]));
    // One type, two contracts: two schemas, each operation pointing at its own.
    assert!(schemas.get("Note").is_none(), "{schemas}");
    assert_eq!(
        schemas["Note-Input"]["required"],
        serde_json::json!(["text"])
    );
    assert_eq!(
        schemas["Note-Output"]["required"],
        serde_json::json!(["text", "reply"])
    );
    let add = &doc["paths"]["/v1/notes"]["post"];
    assert_eq!(
        add["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/Note-Input"
    );
    assert_eq!(
        add["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/Note-Output"
    );
    // What the service answers validates against what it documents, both ways.
    let server = support::start(builder.build(()).unwrap()).await;
    let reply = server.post("/v1/notes", r#"{"text":"hi"}"#).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let output = &add["responses"]["200"]["content"]["application/json"]["schema"];
    validate_instance(&doc, output, &reply.json()).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(
        reply.json(),
        serde_json::json!({ "text": "hi", "reply": null })
    );
    let summary = server.get("/v1/summary").await.json();
    let documented = &doc["paths"]["/v1/summary"]["get"]["responses"]["200"]["content"]["application/json"]
        ["schema"];
    validate_instance(&doc, documented, &summary).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(summary, serde_json::json!({ "count": 0 }));
}
