//! The `lead_providers` contract (../shared/EXAMPLES.md), called over real HTTP on 127.0.0.1.

mod support;

use serde_json::{Value, json};
use support::{Reply, Server};

async fn server() -> Server {
    support::start(versionary_examples::lead_providers::app().expect("router builds")).await
}

fn assert_version_headers(reply: &Reply, served_as: Option<&str>) {
    assert_eq!(
        reply.header("api-supported-versions"),
        Some("1, 2"),
        "{reply:?}"
    );
    assert_eq!(reply.header("api-version"), served_as, "{reply:?}");
}

const SAKA: &str = "21412-12121";
const WILLIAMSON: &str = "21412-12122";

#[tokio::test]
async fn v1_participant_reports_status() {
    let server = server().await;
    let reply = server.get(&format!("/api/v1/participants/{SAKA}")).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-type"), Some("application/json"));
    assert_version_headers(&reply, Some("1"));
    assert_eq!(
        reply.json(),
        json!({"participant_id": SAKA, "name": "Bukayo Saka", "cohort": 2025, "status": "active"})
    );
    // Field order is the contract's order too.
    assert_eq!(
        reply.text,
        r#"{"participant_id":"21412-12121","name":"Bukayo Saka","cohort":2025,"status":"active"}"#
    );
    let reply = server
        .get(&format!("/api/v1/participants/{WILLIAMSON}"))
        .await;
    assert_eq!(
        reply.json(),
        json!({"participant_id": WILLIAMSON, "name": "Leah Williamson", "cohort": 2024, "status": "inactive"})
    );
}

#[tokio::test]
async fn v2_participant_reports_is_active() {
    let server = server().await;
    let reply = server.get(&format!("/api/v2/participants/{SAKA}")).await;
    assert_eq!(reply.status, 200);
    assert_version_headers(&reply, Some("2"));
    assert_eq!(
        reply.json(),
        json!({"participant_id": SAKA, "name": "Bukayo Saka", "cohort": 2025, "is_active": true})
    );
    let reply = server
        .get(&format!("/api/v2/participants/{WILLIAMSON}"))
        .await;
    assert_eq!(
        reply.json(),
        json!({"participant_id": WILLIAMSON, "name": "Leah Williamson", "cohort": 2024, "is_active": false})
    );
}

#[tokio::test]
async fn participant_lists_use_the_version_shape_in_both_versions() {
    let server = server().await;
    let v1 = server.get("/api/v1/participants").await;
    assert_eq!(v1.status, 200);
    assert_version_headers(&v1, Some("1"));
    assert_eq!(
        v1.json(),
        json!({"data": [
            {"participant_id": SAKA, "name": "Bukayo Saka", "cohort": 2025, "status": "active"},
            {"participant_id": WILLIAMSON, "name": "Leah Williamson", "cohort": 2024, "status": "inactive"},
        ]})
    );
    let v2 = server.get("/api/v2/participants").await;
    assert_version_headers(&v2, Some("2"));
    assert_eq!(
        v2.json(),
        json!({"data": [
            {"participant_id": SAKA, "name": "Bukayo Saka", "cohort": 2025, "is_active": true},
            {"participant_id": WILLIAMSON, "name": "Leah Williamson", "cohort": 2024, "is_active": false},
        ]})
    );
}

#[tokio::test]
async fn cohort_filter_works_in_both_versions() {
    let server = server().await;
    for (version, field, value) in [
        ("1", "status", json!("active")),
        ("2", "is_active", json!(true)),
    ] {
        let reply = server
            .get(&format!("/api/v{version}/participants?cohort=2025"))
            .await;
        assert_eq!(reply.status, 200);
        let data = reply.json()["data"].clone();
        assert_eq!(data.as_array().map(Vec::len), Some(1), "{data}");
        assert_eq!(data[0]["participant_id"], SAKA);
        assert_eq!(data[0][field], value);
        let reply = server
            .get(&format!("/api/v{version}/participants?cohort=2030"))
            .await;
        assert_eq!(reply.json(), json!({"data": []}));
    }
}

#[tokio::test]
async fn bad_cohort_filter_is_a_problem() {
    let server = server().await;
    let reply = server.get("/api/v1/participants?cohort=abc").await;
    let body = reply.problem(400);
    assert!(
        body["detail"].as_str().unwrap_or("").contains("cohort"),
        "{body}"
    );
    assert_version_headers(&reply, Some("1"));
}

#[tokio::test]
async fn unknown_participant_is_404_in_both_versions() {
    let server = server().await;
    for version in ["1", "2"] {
        let reply = server
            .get(&format!("/api/v{version}/participants/00000-00000"))
            .await;
        let body = reply.problem(404);
        assert!(
            body["detail"]
                .as_str()
                .unwrap_or("")
                .contains("00000-00000"),
            "{body}"
        );
        assert_version_headers(&reply, Some(version));
    }
}

#[tokio::test]
async fn unknown_or_missing_version_is_404() {
    let server = server().await;
    for path in [
        "/api/v3/participants",
        "/api/v3/participants/21412-12121",
        "/api/participants/21412-12121",
        "/api/participants",
        "/api/v0/participants",
        "/api/vlatest/participants",
        "/participants/21412-12121",
    ] {
        let reply = server.get(path).await;
        let body = reply.problem(404);
        assert_version_headers(&reply, None);
        assert_eq!(reply.header("api-supported-versions"), Some("1, 2"));
        if path.starts_with("/api/") {
            assert_eq!(
                body["supported_versions"],
                json!(["1", "2"]),
                "{path}: {body}"
            );
        }
    }
    let body = server.get("/api/v3/participants").await.problem(404);
    assert_eq!(body["type"], "urn:versionary:problem:unknown-version");
    let body = server.get("/api/participants").await.problem(404);
    assert_eq!(body["type"], "urn:versionary:problem:missing-version");
}

#[tokio::test]
async fn overlong_version_is_not_echoed_in_full() {
    let server = server().await;
    let long = "9".repeat(5000);
    let reply = server.get(&format!("/api/v{long}/participants")).await;
    let body = reply.problem(404);
    assert!(
        reply.text.len() < 1200,
        "error body echoes too much: {} bytes",
        reply.text.len()
    );
    assert!(!body["detail"].as_str().unwrap_or("").contains(&long));
}

fn declaration(extra: &[(&str, Value)]) -> String {
    let mut body = json!({
        "participant_id": SAKA,
        "declaration_type": "started",
        "declaration_date": "2025-01-15T10:00:00Z",
        "course_identifier": "ecf-induction",
    });
    for (key, value) in extra {
        if value.is_null() {
            body.as_object_mut().map(|o| o.remove(*key));
        } else {
            body[*key] = value.clone();
        }
    }
    body.to_string()
}

#[tokio::test]
async fn declarations_are_created_in_both_versions() {
    let server = server().await;
    let mut ids = Vec::new();
    for version in ["1", "2"] {
        let reply = server
            .post(
                &format!("/api/v{version}/participant-declarations"),
                &declaration(&[]),
            )
            .await;
        assert_eq!(reply.status, 201, "{}", reply.text);
        assert_version_headers(&reply, Some(version));
        let body = reply.json();
        assert_eq!(body["participant_id"], SAKA);
        assert_eq!(body["declaration_type"], "started");
        assert_eq!(body["declaration_date"], "2025-01-15T10:00:00Z");
        assert_eq!(body["course_identifier"], "ecf-induction");
        let id = body["id"].as_str().expect("an id").to_owned();
        assert!(!id.is_empty());
        ids.push(id);
    }
    assert_ne!(ids[0], ids[1], "each declaration gets a new id");
}

#[tokio::test]
async fn evidence_held_is_optional_and_accepted_in_both_versions() {
    let server = server().await;
    for version in ["1", "2"] {
        for evidence in [
            "training-event-attended",
            "self-study-material-completed",
            "other",
            "materials-engaged-with-offline",
        ] {
            let reply = server
                .post(
                    &format!("/api/v{version}/participant-declarations"),
                    &declaration(&[
                        ("evidence_held", json!(evidence)),
                        ("course_identifier", json!("ecf-mentor")),
                    ]),
                )
                .await;
            assert_eq!(reply.status, 201, "{}", reply.text);
            assert_eq!(reply.json()["evidence_held"], evidence);
            assert_eq!(reply.json()["course_identifier"], "ecf-mentor");
        }
    }
}

#[tokio::test]
async fn invalid_declarations_are_422_naming_the_field_in_both_versions() {
    let server = server().await;
    let cases: Vec<(&str, Vec<(&str, Value)>)> = vec![
        ("/participant_id", vec![("participant_id", Value::Null)]),
        ("/declaration_type", vec![("declaration_type", Value::Null)]),
        ("/declaration_date", vec![("declaration_date", Value::Null)]),
        (
            "/course_identifier",
            vec![("course_identifier", Value::Null)],
        ),
        ("/participant_id", vec![("participant_id", json!(42))]),
        (
            "/declaration_type",
            vec![("declaration_type", json!("completed"))],
        ),
        (
            "/course_identifier",
            vec![("course_identifier", json!("npq-leadership"))],
        ),
        ("/evidence_held", vec![("evidence_held", json!("hearsay"))]),
        ("/evidence_held", vec![("evidence_held", json!(3))]),
        (
            "/declaration_date",
            vec![("declaration_date", json!("last tuesday"))],
        ),
        (
            "/participant_id",
            vec![("participant_id", json!("99999-99999"))],
        ),
        ("/status", vec![("status", json!("active"))]),
    ];
    for version in ["1", "2"] {
        for (pointer, change) in &cases {
            let reply = server
                .post(
                    &format!("/api/v{version}/participant-declarations"),
                    &declaration(change),
                )
                .await;
            let body = reply.problem(422);
            assert_version_headers(&reply, Some(version));
            assert_eq!(
                body["errors"][0]["pointer"], *pointer,
                "v{version} {change:?}: {body}"
            );
            let field = pointer.trim_start_matches('/');
            assert!(
                body["detail"].as_str().unwrap_or("").contains(field),
                "detail names `{field}`: {body}"
            );
        }
    }
}

#[tokio::test]
async fn malformed_and_non_json_bodies_are_problems() {
    let server = server().await;
    let reply = server
        .post("/api/v1/participant-declarations", "{\"participant_id\":")
        .await;
    reply.problem(400);
    assert_version_headers(&reply, Some("1"));
    let reply = server
        .post("/api/v2/participant-declarations", "[1, 2]")
        .await;
    reply.problem(422);
    let reply = server
        .call(
            "POST",
            "/api/v2/participant-declarations",
            None,
            &[("content-type", "text/plain")],
        )
        .await;
    reply.problem(415);
    assert_version_headers(&reply, Some("2"));
}

#[tokio::test]
async fn wrong_method_is_a_problem_with_headers() {
    let server = server().await;
    let reply = server
        .call("DELETE", "/api/v1/participants", None, &[])
        .await;
    reply.problem(405);
    assert_version_headers(&reply, Some("1"));
    assert!(reply.header("allow").is_some_and(|a| a.contains("GET")));
}

#[test]
fn routes_cover_both_versions_of_every_endpoint() {
    let table = versionary_examples::lead_providers::routes().expect("route table");
    assert_eq!(
        table.to_text(),
        "\
METHOD  PATH                              VERSION  VERSIONS     HANDLER              STATUS
POST    /api/v1/participant-declarations  1        1..=2        create_declaration   active
GET     /api/v1/participants              1        1..=2        list_participants    active
GET     /api/v1/participants/{id}         1        1..=2        get_participant      active
POST    /api/v2/participant-declarations  2        1..=2        create_declaration   active
GET     /api/v2/participants              2        1..=2        list_participants    active
GET     /api/v2/participants/{id}         2        1..=2        get_participant      active
GET     /docs                             -        unversioned  (API reference)      active
GET     /docs/assets/{file}               -        unversioned  (docs assets)        active
GET     /docs/release-notes               -        unversioned  (release notes)      active
GET     /docs/versions                    -        unversioned  (version matrix)     active
GET     /openapi/{version}.json           -        unversioned  (OpenAPI documents)  active
GET     /versions                         -        unversioned  (version list)       active
"
    );
}

#[tokio::test]
async fn versions_are_listed_without_a_version() {
    let server = server().await;
    let reply = server.get("/versions").await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("api-supported-versions"), Some("1, 2"));
    let body = reply.json();
    assert_eq!(body["versions"][1]["version"], "2");
    assert_eq!(body["versions"][1]["status"], "current");
}
