//! Request bodies that may be left out, and untyped JSON: over HTTP, in the OpenAPI
//! documents and in the lock.

mod support;

use serde_json::{Value, json};
use versionary::{ApiBuilder, Json, VersionFrom};

mod api {
    use super::*;

    versionary::api_versions! { pub Bodies { 1 => "Initial release", 2 => "Filters have a limit" } }

    /// Every field optional: an empty body is `{}`.
    #[versionary::versioned(api = Bodies, request)]
    pub struct Filter {
        pub name: Option<String>,
        #[api(added = 2)]
        pub limit: Option<u32>,
    }

    /// A required field: an empty body names it.
    #[versionary::versioned(api = Bodies, request)]
    pub struct Rename {
        pub name: String,
    }

    #[versionary::endpoint(POST "/search", api = Bodies)]
    async fn search(Json(filter): Json<Filter>) -> String {
        format!("{:?} {:?}", filter.name, filter.limit)
    }

    #[versionary::endpoint(POST "/maybe", api = Bodies)]
    async fn maybe(filter: Option<Json<Filter>>) -> String {
        match filter {
            None => "no body".to_owned(),
            Some(Json(filter)) => format!("{:?}", filter.name),
        }
    }

    #[versionary::endpoint(POST "/rename", api = Bodies)]
    async fn rename(Json(rename): Json<Rename>) -> String {
        rename.name
    }

    /// Untyped JSON in and out.
    #[versionary::endpoint(POST "/echo", api = Bodies)]
    async fn echo(Json(value): Json<Value>) -> Json<Value> {
        Json(json!({ "got": value }))
    }
}

use api::Bodies;

async fn server() -> support::Server {
    let app = ApiBuilder::<Bodies>::new()
        .select_version(VersionFrom::path(""))
        .build(())
        .unwrap();
    support::start(app).await
}

#[tokio::test]
async fn a_body_of_optional_fields_may_be_left_out() {
    let server = server().await;
    for version in ["v1", "v2"] {
        let reply = server
            .call("POST", &format!("/{version}/search"), None, &[])
            .await;
        assert_eq!(
            (reply.status, reply.text.as_str()),
            (200, "None None"),
            "{version}"
        );
    }
    let reply = server.post("/v2/search", r#"{"limit":3}"#).await;
    assert_eq!(reply.text, "None Some(3)");
    // A required field: the empty body is a 422 naming it, not an "EOF".
    let reply = server.call("POST", "/v1/rename", None, &[]).await;
    let problem = reply.problem(422);
    assert_eq!(problem["errors"][0]["pointer"], "/name", "{problem}");
    // A body declared as something else is refused, even empty.
    let reply = server
        .call(
            "POST",
            "/v1/search",
            None,
            &[("content-type", "text/plain")],
        )
        .await;
    reply.problem(415);
    let malformed = server.call("POST", "/v1/rename", Some("name"), &[]).await;
    assert_eq!(
        malformed.problem(400)["type"],
        "urn:versionary:problem:malformed-json"
    );
}

#[tokio::test]
async fn an_optional_body_is_none_when_left_out() {
    let server = server().await;
    let reply = server.call("POST", "/v1/maybe", None, &[]).await;
    assert_eq!((reply.status, reply.text.as_str()), (200, "no body"));
    let reply = server.post("/v1/maybe", r#"{"name":"x"}"#).await;
    assert_eq!(reply.text, "Some(\"x\")");
    // A body of the wrong shape is still a problem, not `None`.
    let reply = server.post("/v1/maybe", r#"{"name":7}"#).await;
    reply.problem(422);
    let lock = versionary::lock::render::<Bodies>();
    assert!(
        lock.contains("body POST /maybe Filter optional\n"),
        "{lock}"
    );
}

#[tokio::test]
async fn untyped_json_passes_through() {
    let server = server().await;
    let reply = server.post("/v2/echo", r#"{"any":[1,"two",null]}"#).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.json(), json!({ "got": { "any": [1, "two", null] } }));
    let lock = versionary::lock::render::<Bodies>();
    assert!(lock.contains("body POST /echo Value required\n"), "{lock}");
    assert!(lock.contains("response POST /echo Value\n"), "{lock}");
}
