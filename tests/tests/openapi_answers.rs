//! What the OpenAPI documents say a request without a version is served, and how they
//! document the answers older versions convert the handler's errors to; each checked
//! against what the service really answers.

mod support;

use serde_json::{Value, json};
use support::openapi::{validate_document, validate_instance};
use versionary::{ApiBuilder, MissingVersion, Version, VersionFrom};

mod dated {
    use axum::http::StatusCode;
    use axum::response::IntoResponse;
    use serde::Serialize;
    use versionary::{Json, Problem};

    versionary::api_versions! {
        pub Dated {
            "2024-01-01" => "Initial release",
            "2024-06-01" => "Unknown items are a 404",
            "2025-01-01" => "A taken item is a 409; a lost one a 410",
        }
    }

    #[versionary::endpoint(GET "/ping", api = Dated)]
    async fn ping() -> Json<Vec<String>> {
        Json(vec!["pong".to_owned()])
    }

    /// What older versions answered for an unknown item.
    #[derive(Clone, Debug, Serialize, versionary::schemars::JsonSchema)]
    #[schemars(crate = "versionary::schemars")]
    pub struct Found {
        pub found: bool,
    }

    /// Reads an item: 7 is unknown, 8 taken, 9 lost.
    #[versionary::endpoint(
        GET "/items/{id}",
        api = Dated,
        error(status = 404, in = "2024-06-01", down = not_found_before),
        error(status = 409, in = "2025-01-01", down = taken_before),
        error(status = 410, in = "2025-01-01", down = lost_before),
    )]
    async fn item(
        axum::extract::Path(id): axum::extract::Path<u32>,
    ) -> Result<Json<Vec<u32>>, Problem> {
        match id {
            7 => Err(Problem::not_found("no item 7")),
            8 => Err(Problem::new(StatusCode::CONFLICT).with_detail("item 8 is taken")),
            9 => Err(Problem::new(StatusCode::GONE).with_detail("item 9 is lost")),
            _ => Ok(Json(vec![id])),
        }
    }

    /// A typed success: documented as another 200 body.
    fn not_found_before(_: Problem) -> axum::Json<Found> {
        axum::Json(Found { found: false })
    }

    /// A type that says nothing: the status and media type come from the answer itself.
    fn taken_before(_: Problem) -> impl IntoResponse {
        (StatusCode::LOCKED, "taken")
    }

    /// Another problem: documented as a problem of the status it answers.
    fn lost_before(problem: Problem) -> Problem {
        problem.with_status(StatusCode::NOT_FOUND)
    }
}

use dated::Dated;

fn version_parameter(builder: &ApiBuilder<Dated>, version: &str) -> Value {
    let document = builder.openapi(version).expect("document");
    validate_document(&document).unwrap_or_else(|e| panic!("{e:?}"));
    document["paths"]["/ping"]["get"]["parameters"]
        .as_array()
        .and_then(|p| p.iter().find(|p| p["name"] == "api-version"))
        .cloned()
        .expect("version parameter")
}

/// What the service serves a request naming no version: the version it echoes, or the status.
async fn served_without_version(builder: ApiBuilder<Dated>) -> Result<String, u16> {
    let server = support::start(builder.build(()).expect("router builds")).await;
    let reply = server.get("/ping").await;
    match reply.header("api-version") {
        Some(version) if reply.status == 200 => Ok(version.to_owned()),
        _ => Err(reply.status),
    }
}

/// A missing-version policy, made anew for each builder.
type Policy = fn() -> MissingVersion;

#[tokio::test]
async fn a_default_is_documented_only_where_a_request_without_a_version_is_served_it() {
    let header = || ApiBuilder::<Dated>::new().select_version(VersionFrom::header("api-version"));
    let policies: Vec<(&str, Policy)> = vec![
        ("reject", || MissingVersion::Reject),
        ("first", || {
            MissingVersion::Default(Version::parse("2024-01-01").unwrap())
        }),
        ("middle", || {
            MissingVersion::Default(Version::parse("2024-06-01").unwrap())
        }),
        ("latest", || MissingVersion::Latest),
        ("oldest released", || MissingVersion::Oldest),
        ("resolver", || MissingVersion::resolve(|_| async { None })),
    ];
    for (name, policy) in policies {
        let builder = header().missing_version(policy());
        let served = served_without_version(header().missing_version(policy())).await;
        let mut defaults = Vec::new();
        for version in ["2024-01-01", "2024-06-01", "2025-01-01"] {
            let parameter = version_parameter(&builder, version);
            let schema = &parameter["schema"];
            // The value that calls this version, as generators accept it in a header.
            assert_eq!(schema["type"], "string", "{name}: {parameter}");
            assert_eq!(schema["format"], "date", "{name}: {parameter}");
            assert_eq!(schema["enum"], json!([version]), "{name}: {parameter}");
            assert!(schema.get("const").is_none(), "{name}: {parameter}");
            assert_eq!(parameter["example"], version);
            assert_eq!(
                parameter["required"],
                name == "reject",
                "{name}: {parameter}"
            );
            if let Some(default) = schema.get("default") {
                assert_eq!(default, version, "{name}: a default other than the version");
                defaults.push(version.to_owned());
            }
        }
        match &served {
            // The one document stating a default is the version served without one.
            Ok(version) => assert_eq!(defaults, vec![version.clone()], "{name}"),
            // Rejected (or not resolved): no document states a default.
            Err(status) => {
                assert_eq!(*status, 400, "{name}");
                assert!(defaults.is_empty(), "{name}: {defaults:?}");
            }
        }
    }
}

#[test]
fn a_version_named_in_several_places_is_required_in_none() {
    let builder = ApiBuilder::<Dated>::new().select_version(VersionFrom::Any(vec![
        VersionFrom::header("api-version"),
        VersionFrom::query("v"),
    ]));
    let document = builder.openapi("2024-06-01").unwrap();
    let parameters = document["paths"]["/ping"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(parameters.len(), 2, "{parameters:?}");
    for parameter in &parameters {
        assert_eq!(parameter["required"], false, "{parameter}");
        assert_eq!(parameter["schema"]["enum"], json!(["2024-06-01"]));
    }
    assert_eq!(parameters[1]["in"], "query");
}

#[tokio::test]
async fn converted_answers_are_documented_under_the_status_they_are_sent_with() {
    let builder = ApiBuilder::<Dated>::new().select_version(VersionFrom::header("api-version"));
    let oldest = builder.openapi("2024-01-01").unwrap();
    validate_document(&oldest).unwrap_or_else(|e| panic!("{e:?}"));
    let responses = &oldest["paths"]["/items/{id}"]["get"]["responses"];
    // The typed success of `not_found_before` beside the handler's own 200.
    let ok = &responses["200"]["content"]["application/json"]["schema"];
    assert_eq!(ok["anyOf"].as_array().map(Vec::len), Some(2), "{responses}");
    assert_eq!(ok["anyOf"][1]["$ref"], "#/components/schemas/Found");
    // `impl IntoResponse`: the status and media type it answers, no schema, said so.
    let locked = &responses["423"];
    assert!(locked["content"]["text/plain"].is_object(), "{responses}");
    let text = locked["description"].as_str().unwrap();
    assert!(
        text.contains("`taken_before`") && text.contains("does not say"),
        "{text}"
    );
    // `lost_before` makes a 404 problem, which the oldest version converts again, as the
    // service does: documented as the 200 it ends as, naming both conversions.
    let converted_twice = responses["200"]["description"].as_str().unwrap();
    assert!(
        converted_twice
            .contains("410 problem, converted by `lost_before`, then `not_found_before`"),
        "{converted_twice}"
    );
    for status in ["404", "409", "410"] {
        assert!(responses.get(status).is_none(), "{status}: {responses}");
    }
    // The middle version converts only what the latest version changed: `lost_before`'s 404
    // problem is its answer.
    let middle = builder.openapi("2024-06-01").unwrap();
    let responses_middle = &middle["paths"]["/items/{id}"]["get"]["responses"];
    assert!(responses_middle["200"]["content"]["application/json"]["schema"]["anyOf"].is_null());
    assert!(responses_middle.get("423").is_some());
    assert_eq!(
        responses_middle["404"]["content"]["application/problem+json"]["schema"]["$ref"],
        "#/components/schemas/Problem"
    );
    assert!(
        responses_middle["404"]["description"]
            .as_str()
            .unwrap()
            .contains("410 problem, converted by `lost_before`"),
        "{responses_middle}"
    );
    // The latest version converts nothing.
    let latest = builder.openapi("2025-01-01").unwrap();
    let responses_latest = &latest["paths"]["/items/{id}"]["get"]["responses"];
    assert!(responses_latest.get("423").is_none(), "{responses_latest}");

    // What the service answers is what the oldest document says.
    let server = support::start(builder.build(()).unwrap()).await;
    for (id, status, media) in [
        (7, 200, "application/json"),
        (8, 423, "text/plain"),
        (9, 200, "application/json"),
    ] {
        let reply = server
            .call(
                "GET",
                &format!("/items/{id}"),
                None,
                &[("api-version", "2024-01-01")],
            )
            .await;
        assert_eq!(reply.status, status, "{id}: {}", reply.text);
        let documented = &responses[status.to_string()]["content"][media];
        assert!(
            documented.is_object(),
            "{id}: {status} {media} not documented"
        );
        if let Some(schema) = documented.get("schema") {
            validate_instance(&oldest, schema, &reply.json()).unwrap_or_else(|e| panic!("{e:?}"));
        }
    }
}
