//! The `book_a_secure_move` contract (../shared/EXAMPLES.md), called over real HTTP on
//! 127.0.0.1.

mod support;

use serde_json::{Value, json};
use support::Server;

async fn server() -> Server {
    support::start(versionary_examples::book_a_secure_move::app().expect("router builds")).await
}

fn leeds() -> Value {
    json!({"code": "LDS", "title": "Leeds Prison"})
}

fn wetherby() -> Value {
    json!({"code": "WYI", "title": "Wetherby"})
}

#[tokio::test]
async fn v1_moves_carry_location_codes() {
    let server = server().await;
    let reply = server.get("/v1/moves/m1").await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("api-version"), Some("1"));
    assert_eq!(reply.header("api-supported-versions"), Some("1, 2"));
    assert_eq!(
        reply.json(),
        json!({"id": "m1", "reference": "ABC123", "from_location": "LDS", "to_location": "WYI", "status": "requested", "person_id": "p1"})
    );
}

#[tokio::test]
async fn v2_moves_carry_location_objects() {
    let server = server().await;
    let reply = server.get("/v2/moves/m1").await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("api-version"), Some("2"));
    assert_eq!(
        reply.json(),
        json!({"id": "m1", "reference": "ABC123", "from_location": leeds(), "to_location": wetherby(), "status": "requested", "person_id": "p1"})
    );
}

#[tokio::test]
async fn people_are_the_same_in_both_versions() {
    let server = server().await;
    let expected = json!({"id": "p1", "first_names": "John", "last_name": "Smith"});
    for version in ["1", "2"] {
        let reply = server.get(&format!("/v{version}/people/p1")).await;
        assert_eq!(reply.status, 200);
        assert_eq!(reply.json(), expected);
        assert_eq!(reply.header("api-version"), Some(version));
    }
    server.get("/v2/people/p9").await.problem(404);
}

#[tokio::test]
async fn a_move_created_in_v1_reads_back_in_both_versions() {
    let server = server().await;
    let reply = server
        .post(
            "/v1/moves",
            r#"{"from_location": "WYI", "to_location": "LDS", "person_id": "p1"}"#,
        )
        .await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    let created = reply.json();
    assert_eq!(created["from_location"], "WYI");
    assert_eq!(created["to_location"], "LDS");
    assert_eq!(created["status"], "requested");
    let id = created["id"].as_str().unwrap().to_owned();

    let v2 = server.get(&format!("/v2/moves/{id}")).await.json();
    assert_eq!(v2["from_location"], wetherby());
    assert_eq!(v2["to_location"], leeds());
    assert_eq!(v2["reference"], created["reference"]);
    let v1 = server.get(&format!("/v1/moves/{id}")).await.json();
    assert_eq!(v1, created);
}

#[tokio::test]
async fn a_move_created_in_v2_reads_back_in_both_versions() {
    let server = server().await;
    let body = json!({"reference": "XYZ9", "from_location": leeds(), "to_location": wetherby(), "person_id": "p1"});
    let reply = server.post("/v2/moves", &body.to_string()).await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    assert_eq!(reply.header("api-version"), Some("2"));
    let created = reply.json();
    assert_eq!(created["from_location"], leeds());
    assert_eq!(created["reference"], "XYZ9");
    let id = created["id"].as_str().unwrap().to_owned();

    let v1 = server.get(&format!("/v1/moves/{id}")).await.json();
    assert_eq!(
        v1,
        json!({"id": id, "reference": "XYZ9", "from_location": "LDS", "to_location": "WYI", "status": "requested", "person_id": "p1"})
    );
    assert_eq!(server.get(&format!("/v2/moves/{id}")).await.json(), created);
}

#[tokio::test]
async fn unknown_codes_are_422_at_the_field_in_both_versions() {
    let server = server().await;
    let reply = server
        .post(
            "/v1/moves",
            r#"{"from_location": "XXX", "to_location": "LDS", "person_id": "p1"}"#,
        )
        .await;
    let body = reply.problem(422);
    assert_eq!(body["errors"][0]["pointer"], "/from_location");
    assert!(body["detail"].as_str().unwrap().contains("XXX"), "{body}");
    assert_eq!(reply.header("api-version"), Some("1"));

    let reply = server
        .post(
            "/v1/moves",
            r#"{"from_location": "LDS", "to_location": "NOPE", "person_id": "p1"}"#,
        )
        .await;
    assert_eq!(reply.problem(422)["errors"][0]["pointer"], "/to_location");

    let body = json!({"from_location": {"code": "XXX", "title": "?"}, "to_location": wetherby(), "person_id": "p1"});
    let reply = server.post("/v2/moves", &body.to_string()).await;
    assert_eq!(
        reply.problem(422)["errors"][0]["pointer"],
        "/from_location/code"
    );

    // The refused requests left nothing behind: the next move created is the first one.
    let reply = server
        .post(
            "/v1/moves",
            r#"{"from_location": "LDS", "to_location": "WYI", "person_id": "p1"}"#,
        )
        .await;
    assert_eq!(reply.status, 201);
    assert_eq!(reply.json()["id"], "m2");
    server.get("/v1/moves/m3").await.problem(404);
}

#[tokio::test]
async fn each_version_accepts_only_its_own_shape() {
    let server = server().await;
    // A v2 body sent to v1, and a v1 body sent to v2.
    let v2_body = json!({"from_location": leeds(), "to_location": wetherby(), "person_id": "p1"});
    let reply = server.post("/v1/moves", &v2_body.to_string()).await;
    assert_eq!(reply.problem(422)["errors"][0]["pointer"], "/from_location");
    let reply = server
        .post(
            "/v2/moves",
            r#"{"from_location": "LDS", "to_location": "WYI", "person_id": "p1"}"#,
        )
        .await;
    assert_eq!(reply.problem(422)["errors"][0]["pointer"], "/from_location");
    let reply = server
        .post(
            "/v1/moves",
            r#"{"from_location": "LDS", "person_id": "p1"}"#,
        )
        .await;
    assert_eq!(reply.problem(422)["errors"][0]["pointer"], "/to_location");
    let reply = server
        .post(
            "/v1/moves",
            r#"{"from_location": "LDS", "to_location": "WYI", "person_id": "p7"}"#,
        )
        .await;
    assert_eq!(reply.problem(422)["errors"][0]["pointer"], "/person_id");
}

#[tokio::test]
async fn unknown_versions_and_moves_are_404() {
    let server = server().await;
    for path in ["/v3/moves/m1", "/v3/people/p1", "/moves/m1", "/v0/moves/m1"] {
        let reply = server.get(path).await;
        reply.problem(404);
        assert_eq!(reply.header("api-supported-versions"), Some("1, 2"));
    }
    let reply = server.get("/v1/moves/m404").await;
    reply.problem(404);
    assert_eq!(reply.header("api-version"), Some("1"));
}

#[test]
fn routes_serve_people_in_both_versions() {
    let table = versionary_examples::book_a_secure_move::routes().expect("route table");
    let rows: Vec<String> = table
        .rows
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert_eq!(
        rows,
        [
            "GET /docs",
            "GET /docs/assets/{file}",
            "GET /docs/release-notes",
            "GET /docs/versions",
            "GET /openapi/{version}.json",
            "POST /v1/moves",
            "GET /v1/moves/{id}",
            "GET /v1/people/{id}",
            "POST /v2/moves",
            "GET /v2/moves/{id}",
            "GET /v2/people/{id}",
            "GET /versions",
        ]
    );
}
