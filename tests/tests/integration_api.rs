//! The `integration_api` contract (../shared/EXAMPLES.md), called over real HTTP on 127.0.0.1.

mod support;

use serde_json::json;
use support::Server;

async fn server() -> Server {
    support::start(versionary_examples::integration_api::app().expect("router builds")).await
}

#[tokio::test]
async fn v1_persons_have_flat_names() {
    let server = server().await;
    let reply = server.get("/v1/persons?first_name=Frank").await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("api-version"), Some("1"));
    assert_eq!(reply.header("api-supported-versions"), Some("1, 2"));
    assert_eq!(
        reply.json(),
        json!({"data": [{"id": "A1234BC", "first_name": "Frank", "last_name": "Jones", "date_of_birth": "1980-02-01"}]})
    );
}

#[tokio::test]
async fn v2_persons_have_names_under_an_object() {
    let server = server().await;
    let reply = server.get("/v2/persons?first_name=Frank").await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("api-version"), Some("2"));
    assert_eq!(
        reply.json(),
        json!({"data": [{"id": "A1234BC", "name": {"first": "Frank", "last": "Jones"}, "date_of_birth": "1980-02-01"}]})
    );
    assert_eq!(
        server.get("/v2/persons?first_name=Alice").await.json(),
        json!({"data": []})
    );
}

#[tokio::test]
async fn images_exist_only_in_v1() {
    let server = server().await;
    let reply = server.get("/v1/images/1").await;
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.json(),
        json!({"id": 1, "person_id": "A1234BC", "url": "https://images.example/A1234BC/1.jpg"})
    );
    // Each endpoint advertises its own versions.
    assert_eq!(reply.header("api-supported-versions"), Some("1"));

    let reply = server.get("/v2/images/1").await;
    let body = reply.problem(404);
    assert_eq!(body["supported_versions"], json!(["1"]));
    assert_eq!(reply.header("api-supported-versions"), Some("1"));
    assert_eq!(reply.header("api-version"), None);

    server.get("/v1/images/42").await.problem(404);
}

#[tokio::test]
async fn requests_without_a_version_are_not_routed() {
    let server = server().await;
    for path in [
        "/persons",
        "/persons?first_name=Frank",
        "/images/1",
        "/v3/persons",
        "/vv/persons",
    ] {
        let reply = server.get(path).await;
        reply.problem(404);
        assert_eq!(reply.header("api-version"), None, "{path}");
        assert!(reply.header("api-supported-versions").is_some(), "{path}");
    }
}

#[tokio::test]
async fn versions_are_listed() {
    let server = server().await;
    let reply = server.get("/versions").await;
    assert_eq!(reply.status, 200);
    let body = reply.json();
    assert_eq!(body["latest"], "2");
    assert_eq!(body["versions"][0]["version"], "1");
    assert_eq!(body["versions"][0]["status"], "supported");
    assert_eq!(body["versions"][0]["released"], "2023-05-22");
    assert_eq!(body["versions"][1]["status"], "current");
}

#[test]
fn routes_show_exactly_the_versioned_endpoints() {
    let table = versionary_examples::integration_api::routes().expect("route table");
    assert_eq!(
        table.to_text(),
        "\
METHOD  PATH                     VERSION  VERSIONS     HANDLER              STATUS
GET     /docs                    -        unversioned  (API reference)      active
GET     /docs/assets/{file}      -        unversioned  (docs assets)        active
GET     /docs/release-notes      -        unversioned  (release notes)      active
GET     /docs/versions           -        unversioned  (version matrix)     active
GET     /openapi/{version}.json  -        unversioned  (OpenAPI documents)  active
GET     /v1/images/{id}          1        1            get_image            active
GET     /v1/persons              1        1,2          search_persons       active
GET     /v2/persons              2        1,2          search_persons       active
GET     /versions                -        unversioned  (version list)       active
"
    );
}

#[test]
fn the_routes_flag_prints_the_table_and_other_flags_are_usage_errors() {
    use std::process::ExitCode;
    let routes = versionary_examples::integration_api::routes;
    let mut out = Vec::new();
    let code = versionary_examples::command_line(
        "integration_api",
        &["--routes".into()],
        routes,
        &mut out,
    );
    assert_eq!(code, Some(ExitCode::SUCCESS));
    assert_eq!(String::from_utf8(out).unwrap(), routes().unwrap().to_text());
    let mut out = Vec::new();
    let code =
        versionary_examples::command_line("integration_api", &["--bogus".into()], routes, &mut out);
    assert_eq!(code, Some(ExitCode::from(2)));
    assert!(out.is_empty());
    assert_eq!(
        versionary_examples::command_line("integration_api", &[], routes, &mut out),
        None
    );
}
