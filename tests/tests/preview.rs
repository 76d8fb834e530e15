//! Unreleased versions are private: not served, listed or advertised unless the service
//! enables a preview, and then only to requests carrying the preview header that the
//! service's permission check lets in.

mod support;

use std::future::Future;

use serde_json::json;
use versionary::{ApiBuilder, Json, MissingVersion, VersionFrom};

versionary::api_versions! {
    pub Draft {
        1 => "Initial release" { released = "2025-01-01" },
        2 => "Current release",
        3 => "Under development" { unreleased },
    }
}

#[versionary::versioned(api = Draft, response)]
#[derive(Clone, Debug)]
pub struct Note {
    #[api(renamed(from = "body", in = 3))]
    pub text: String,
}

#[versionary::endpoint(GET "/notes/{id}", api = Draft)]
async fn get_note() -> Json<Note> {
    Json(Note { text: "hi".into() })
}

/// The service's permission check: partners with an API key on the allow-list.
fn partner(parts: &http::request::Parts) -> impl Future<Output = bool> + use<> {
    let allowed = parts
        .headers
        .get("api-key")
        .is_some_and(|key| key == "partner-7");
    async move { allowed }
}

#[tokio::test]
async fn unreleased_versions_do_not_exist_without_a_preview() {
    let app = ApiBuilder::<Draft>::new()
        .select_version(VersionFrom::path(""))
        .build(())
        .unwrap();
    let server = support::start(app).await;
    assert_eq!(
        server.get("/v2/notes/1").await.json(),
        json!({"body": "hi"})
    );
    let reply = server.get("/v3/notes/1").await;
    let body = reply.problem(404);
    assert_eq!(body["type"], "urn:versionary:problem:unknown-version");
    assert_eq!(body["supported_versions"], json!(["1", "2"]));
    assert_eq!(reply.header("api-supported-versions"), Some("1, 2"));
    let reply = server
        .call("GET", "/v3/notes/1", None, &[("api-preview", "1")])
        .await;
    reply.problem(404);
    let versions = server.get("/versions").await.json();
    assert_eq!(versions["latest"], "2");
    assert_eq!(versions["versions"].as_array().map(Vec::len), Some(2));
    let table = ApiBuilder::<Draft>::new().route_table().unwrap();
    assert!(!table.rows.iter().any(|r| r.version == "3"));
}

#[tokio::test]
async fn a_preview_serves_unreleased_versions_to_requests_that_ask() {
    let app = ApiBuilder::<Draft>::new()
        .select_version(VersionFrom::path(""))
        .preview_header("api-preview", partner)
        .build(())
        .unwrap();
    let server = support::start(app).await;
    let reply = server
        .call(
            "GET",
            "/v3/notes/1",
            None,
            &[("api-preview", "true"), ("api-key", "partner-7")],
        )
        .await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.json(), json!({"text": "hi"}));
    assert_eq!(reply.header("api-version"), Some("3"));
    assert_eq!(reply.header("api-supported-versions"), Some("1, 2"));
    let reply = server.get("/v3/notes/1").await;
    assert_eq!(
        reply.problem(404)["type"],
        "urn:versionary:problem:unknown-version"
    );
    let table = ApiBuilder::<Draft>::new()
        .preview_header("api-preview", partner)
        .route_table()
        .unwrap();
    let preview: Vec<_> = table
        .rows
        .iter()
        .filter(|r| r.version == "3")
        .map(|r| r.status)
        .collect();
    assert_eq!(preview, ["preview"]);
}

#[tokio::test]
async fn header_selection_keeps_unreleased_versions_private_too() {
    let build = |preview: bool| {
        let builder = ApiBuilder::<Draft>::new()
            .select_version(VersionFrom::header("api-version"))
            .missing_version(MissingVersion::Latest);
        if preview {
            builder.preview_header("api-preview", partner)
        } else {
            builder
        }
        .build(())
        .unwrap()
    };
    let server = support::start(build(false)).await;
    let reply = server
        .call(
            "GET",
            "/notes/1",
            None,
            &[("api-version", "3"), ("api-preview", "1")],
        )
        .await;
    assert_eq!(reply.problem(400)["supported_versions"], json!(["1", "2"]));
    // "Latest" means the latest released version.
    assert_eq!(
        server.get("/notes/1").await.header("api-version"),
        Some("2")
    );

    let server = support::start(build(true)).await;
    let reply = server
        .call(
            "GET",
            "/notes/1",
            None,
            &[
                ("api-version", "3"),
                ("api-preview", "1"),
                ("api-key", "partner-7"),
            ],
        )
        .await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("api-version"), Some("3"));
    let reply = server
        .call("GET", "/notes/1", None, &[("api-version", "3")])
        .await;
    reply.problem(400);
}

/// A request that asks for a preview without permission learns nothing: its answer is the
/// answer for a version that never existed, header for header, but for the number asked.
#[tokio::test]
async fn a_preview_without_permission_learns_nothing() {
    for from in [VersionFrom::path(""), VersionFrom::header("api-version")] {
        let by_path = matches!(from, VersionFrom::Path { .. });
        let app = ApiBuilder::<Draft>::new()
            .select_version(from)
            .preview_header("api-preview", partner)
            .build(())
            .unwrap();
        let server = support::start(app).await;
        let ask = |version: &'static str, key: &'static str| {
            let server = &server;
            async move {
                let mut headers = vec![("api-preview", "1"), ("api-key", key)];
                let path = if by_path {
                    format!("/v{version}/notes/1")
                } else {
                    headers.push(("api-version", version));
                    "/notes/1".to_owned()
                };
                server.call("GET", &path, None, &headers).await
            }
        };
        let allowed = ask("3", "partner-7").await;
        assert_eq!(allowed.status, 200);
        let unreleased = ask("3", "stranger").await;
        let never = ask("9", "stranger").await;
        assert_eq!(unreleased.status, never.status);
        assert_eq!(unreleased.text.replace('3', "9"), never.text);
        let names = |reply: &support::Reply| {
            let mut names: Vec<String> = reply
                .headers
                .iter()
                .filter(|(name, _)| *name != "date" && *name != "content-length")
                .map(|(name, value)| format!("{name}: {value:?}"))
                .collect();
            names.sort();
            names
        };
        assert_eq!(names(&unreleased), names(&never));
    }
}
