//! Version selection strategies, missing-version policies and endpoint lifecycles, over
//! real HTTP on 127.0.0.1. One API, served under each configuration.

mod support;

use axum::extract::Path;
use axum::http::StatusCode;
use serde_json::json;
use support::{Reply, Server};
use versionary::{ApiBuilder, Json, MissingVersion, Version, VersionFrom};

versionary::api_versions! {
    pub Gadgets {
        1 => "Initial release",
        2 => "`title` renamed to `name`; widgets can be created",
        3 => "Widgets have a colour; `/gizmos` moved to `/gadgets`; `/legacy` retired",
    }
}

#[versionary::versioned(api = Gadgets)]
#[derive(Clone, Debug, PartialEq)]
pub struct Widget {
    #[api(renamed(from = "title", in = 2))]
    pub name: String,
    #[api(added = 3)]
    pub colour: Option<String>,
}

#[versionary::endpoint(GET "/widgets/{id}", api = Gadgets)]
async fn get_widget(Path(id): Path<u32>) -> Json<Widget> {
    Json(Widget {
        name: format!("widget {id}"),
        colour: Some("red".into()),
    })
}

#[versionary::endpoint(POST "/widgets", api = Gadgets, since = 2)]
async fn create_widget(Json(widget): Json<Widget>) -> (StatusCode, Json<Widget>) {
    (StatusCode::CREATED, Json(widget))
}

#[versionary::endpoint(GET "/gadgets", api = Gadgets, moved(from = "GET /gizmos", in = 3))]
async fn list_gadgets() -> Json<Vec<String>> {
    Json(vec!["g1".into()])
}

#[versionary::endpoint(GET "/legacy", api = Gadgets, until = 2)]
async fn legacy() -> Json<String> {
    Json("old".into())
}

#[versionary::endpoint(GET "/health", api = Gadgets, neutral)]
async fn health() -> &'static str {
    "ok"
}

async fn serve(builder: ApiBuilder<Gadgets>) -> Server {
    support::start(builder.build(()).expect("router builds")).await
}

fn headers_ok(reply: &Reply, served_as: Option<&str>) {
    assert_eq!(
        reply.header("api-supported-versions"),
        Some("1, 2, 3"),
        "{reply:?}"
    );
    assert_eq!(reply.header("api-version"), served_as, "{reply:?}");
}

fn header_builder() -> ApiBuilder<Gadgets> {
    ApiBuilder::new().select_version(VersionFrom::header("api-version"))
}

#[tokio::test]
async fn header_selects_the_version() {
    let server = serve(header_builder()).await;
    for (version, body) in [
        ("1", json!({"title": "widget 7"})),
        ("2", json!({"name": "widget 7"})),
        ("3", json!({"name": "widget 7", "colour": "red"})),
    ] {
        let reply = server
            .call("GET", "/widgets/7", None, &[("api-version", version)])
            .await;
        assert_eq!(reply.status, 200);
        assert_eq!(reply.json(), body);
        headers_ok(&reply, Some(version));
    }
}

#[tokio::test]
async fn header_mistakes_are_400_problems_with_headers() {
    let server = serve(header_builder()).await;
    let cases: [(&[(&str, &str)], &str); 6] = [
        (&[], "urn:versionary:problem:missing-version"),
        (
            &[("api-version", "9")],
            "urn:versionary:problem:unknown-version",
        ),
        (
            &[("api-version", "two")],
            "urn:versionary:problem:malformed-version",
        ),
        (
            &[("api-version", "1"), ("api-version", "2")],
            "urn:versionary:problem:ambiguous-version",
        ),
        (
            &[("api-version", "1, 3")],
            "urn:versionary:problem:ambiguous-version",
        ),
        (
            &[("api-version", "")],
            "urn:versionary:problem:malformed-version",
        ),
    ];
    for (headers, kind) in cases {
        let reply = server.call("GET", "/widgets/7", None, headers).await;
        let body = reply.problem(400);
        assert_eq!(body["type"], kind, "{headers:?}: {body}");
        assert_eq!(body["supported_versions"], json!(["1", "2", "3"]), "{body}");
        headers_ok(&reply, None);
    }
    // The same version twice is not ambiguous.
    let reply = server
        .call(
            "GET",
            "/widgets/7",
            None,
            &[("api-version", "2"), ("api-version", "2")],
        )
        .await;
    assert_eq!(reply.status, 200);
}

#[tokio::test]
async fn overlong_and_binary_versions_are_not_echoed() {
    let server = serve(header_builder()).await;
    let long = "7".repeat(4000);
    let reply = server
        .call("GET", "/widgets/7", None, &[("api-version", &long)])
        .await;
    reply.problem(400);
    assert!(reply.text.len() < 1024, "{} bytes", reply.text.len());
    assert!(!reply.text.contains(&long[..300]));

    let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
        .build_http::<http_body_util::Full<bytes::Bytes>>();
    let request = hyper::Request::builder()
        .uri(format!("{}/widgets/7", server.base))
        .header(
            "api-version",
            hyper::header::HeaderValue::from_bytes(b"\xff\xfe1").unwrap(),
        )
        .body(http_body_util::Full::default())
        .unwrap();
    let response = client.request(request).await.unwrap();
    assert_eq!(response.status(), 400);
}

#[tokio::test]
async fn query_parameter_selects_the_version() {
    let server = serve(ApiBuilder::new().select_version(VersionFrom::query("api-version"))).await;
    let reply = server.get("/widgets/1?api-version=1").await;
    assert_eq!(reply.json(), json!({"title": "widget 1"}));
    headers_ok(&reply, Some("1"));
    let reply = server.get("/widgets/1?x=y&api%2Dversion=3").await;
    assert_eq!(reply.json()["colour"], "red");
    for (query, kind) in [
        ("", "urn:versionary:problem:missing-version"),
        ("?api-version=4", "urn:versionary:problem:unknown-version"),
        (
            "?api-version=%ZZ",
            "urn:versionary:problem:malformed-version",
        ),
        (
            "?api-version=1&api-version=2",
            "urn:versionary:problem:ambiguous-version",
        ),
    ] {
        let reply = server.get(&format!("/widgets/1{query}")).await;
        assert_eq!(reply.problem(400)["type"], kind, "{query}");
        headers_ok(&reply, None);
    }
}

#[tokio::test]
async fn media_type_parameter_selects_the_version() {
    let server = serve(ApiBuilder::new().select_version(VersionFrom::MediaType)).await;
    let reply = server
        .call(
            "GET",
            "/widgets/1",
            None,
            &[("accept", "application/json; version=2")],
        )
        .await;
    assert_eq!(reply.json(), json!({"name": "widget 1"}));
    headers_ok(&reply, Some("2"));
    let reply = server
        .call(
            "GET",
            "/widgets/1",
            None,
            &[("accept", "text/html, application/json;q=0.9;version=\"1\"")],
        )
        .await;
    assert_eq!(reply.json(), json!({"title": "widget 1"}));
    let reply = server
        .call("GET", "/widgets/1", None, &[("accept", "application/json")])
        .await;
    assert_eq!(
        reply.problem(400)["type"],
        "urn:versionary:problem:missing-version"
    );
    let reply = server
        .call(
            "GET",
            "/widgets/1",
            None,
            &[("accept", "application/json; version=1.x")],
        )
        .await;
    assert_eq!(
        reply.problem(400)["type"],
        "urn:versionary:problem:malformed-version"
    );
}

#[tokio::test]
async fn several_sources_must_agree() {
    let from = VersionFrom::Any(vec![
        VersionFrom::header("api-version"),
        VersionFrom::query("v"),
        VersionFrom::MediaType,
    ]);
    let server = serve(ApiBuilder::new().select_version(from)).await;
    let reply = server
        .call("GET", "/widgets/1?v=2", None, &[("api-version", "2")])
        .await;
    assert_eq!(reply.status, 200);
    headers_ok(&reply, Some("2"));
    let reply = server.call("GET", "/widgets/1?v=3", None, &[]).await;
    headers_ok(&reply, Some("3"));
    let reply = server
        .call("GET", "/widgets/1?v=1", None, &[("api-version", "2")])
        .await;
    let body = reply.problem(400);
    assert_eq!(body["type"], "urn:versionary:problem:ambiguous-version");
    let detail = body["detail"].as_str().unwrap();
    assert!(
        detail.contains("query parameter `v`") && detail.contains("header `api-version`"),
        "{detail}"
    );
    let reply = server
        .call(
            "GET",
            "/widgets/1",
            None,
            &[
                ("accept", "application/json; version=1"),
                ("api-version", "3"),
            ],
        )
        .await;
    assert_eq!(
        reply.problem(400)["type"],
        "urn:versionary:problem:ambiguous-version"
    );
}

#[tokio::test]
async fn missing_version_policies() {
    let server =
        serve(header_builder().missing_version(MissingVersion::Default(Version::Int(1)))).await;
    let reply = server.get("/widgets/1").await;
    assert_eq!(reply.json(), json!({"title": "widget 1"}));
    headers_ok(&reply, Some("1"));
    // A named version still wins, and a malformed one is never replaced by the default.
    let reply = server
        .call("GET", "/widgets/1", None, &[("api-version", "3")])
        .await;
    headers_ok(&reply, Some("3"));
    let reply = server
        .call("GET", "/widgets/1", None, &[("api-version", "x")])
        .await;
    reply.problem(400);

    let server = serve(header_builder().missing_version(MissingVersion::Latest)).await;
    headers_ok(&server.get("/widgets/1").await, Some("3"));

    // The oldest version, without naming it: the body is version 1's shape.
    let server = serve(header_builder().missing_version(MissingVersion::Oldest)).await;
    let reply = server.get("/widgets/1").await;
    assert_eq!(reply.json(), json!({"title": "widget 1"}));
    headers_ok(&reply, Some("1"));
    let reply = server
        .call("GET", "/widgets/1", None, &[("api-version", "2")])
        .await;
    headers_ok(&reply, Some("2"));

    let pinned = MissingVersion::resolve(|parts| {
        let key = parts
            .headers
            .get("x-api-key")
            .map(|k| k.as_bytes().to_vec());
        async move {
            match key.as_deref() {
                Some(b"old-client") => Some(Version::Int(1)),
                Some(b"misconfigured") => Some(Version::Int(7)),
                _ => None,
            }
        }
    });
    let server = serve(header_builder().missing_version(pinned)).await;
    let reply = server
        .call("GET", "/widgets/1", None, &[("x-api-key", "old-client")])
        .await;
    assert_eq!(reply.json(), json!({"title": "widget 1"}));
    headers_ok(&reply, Some("1"));
    let reply = server
        .call(
            "GET",
            "/widgets/1",
            None,
            &[("x-api-key", "old-client"), ("api-version", "2")],
        )
        .await;
    headers_ok(&reply, Some("2"));
    let reply = server
        .call("GET", "/widgets/1", None, &[("x-api-key", "new-client")])
        .await;
    assert_eq!(
        reply.problem(400)["type"],
        "urn:versionary:problem:missing-version"
    );
    let reply = server
        .call("GET", "/widgets/1", None, &[("x-api-key", "misconfigured")])
        .await;
    assert_eq!(
        reply.problem(400)["type"],
        "urn:versionary:problem:unknown-version"
    );
}

#[tokio::test]
async fn path_versioning_with_a_default_serves_unversioned_paths() {
    let builder = ApiBuilder::new()
        .select_version(VersionFrom::path("/api"))
        .missing_version(MissingVersion::Default(Version::Int(2)));
    let server = serve(builder).await;
    let reply = server.get("/api/widgets/4").await;
    assert_eq!(reply.json(), json!({"name": "widget 4"}));
    headers_ok(&reply, Some("2"));
    let reply = server.get("/api/v1/widgets/4").await;
    headers_ok(&reply, Some("1"));
    let reply = server.get("/api/v9/widgets/4").await;
    assert_eq!(
        reply.problem(404)["type"],
        "urn:versionary:problem:unknown-version"
    );
    server.get("/elsewhere").await.problem(404);
}

#[tokio::test]
async fn a_default_must_be_declared() {
    let error = header_builder()
        .missing_version(MissingVersion::Default(Version::Int(5)))
        .build(())
        .unwrap_err();
    assert!(error.to_string().contains("not declared"), "{error}");
    let error = ApiBuilder::<Gadgets>::new()
        .select_version(VersionFrom::Any(vec![VersionFrom::path("/api")]))
        .build(())
        .unwrap_err();
    assert!(error.to_string().contains("cannot be combined"), "{error}");
}

#[tokio::test]
async fn request_bodies_follow_the_selected_version() {
    let server = serve(header_builder()).await;
    let reply = server
        .call(
            "POST",
            "/widgets",
            Some(r#"{"name":"new"}"#),
            &[("api-version", "2")],
        )
        .await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    assert_eq!(reply.json(), json!({"name": "new"}));
    let reply = server
        .call(
            "POST",
            "/widgets",
            Some(r#"{"title":"new"}"#),
            &[("api-version", "2")],
        )
        .await;
    let body = reply.problem(422);
    assert_eq!(body["errors"][0]["pointer"], "/title");
    headers_ok(&reply, Some("2"));
    // Added in version 2: version 1 has no such endpoint.
    let reply = server
        .call(
            "POST",
            "/widgets",
            Some(r#"{"title":"new"}"#),
            &[("api-version", "1")],
        )
        .await;
    assert_eq!(
        reply.problem(404)["type"],
        "urn:versionary:problem:no-such-endpoint"
    );
    headers_ok(&reply, Some("1"));
}

#[tokio::test]
async fn endpoints_are_added_retired_and_moved_per_version() {
    let server = serve(ApiBuilder::new().select_version(VersionFrom::path(""))).await;
    for (path, status) in [
        ("/v1/gizmos", 200),
        ("/v2/gizmos", 200),
        ("/v3/gizmos", 404),
        ("/v1/gadgets", 404),
        ("/v3/gadgets", 200),
        ("/v1/legacy", 200),
        ("/v2/legacy", 404),
        ("/v3/legacy", 404),
    ] {
        let reply = server.get(path).await;
        assert_eq!(reply.status, status, "{path}: {}", reply.text);
        assert_eq!(reply.header("api-supported-versions"), Some("1, 2, 3"));
    }
    let reply = server.call("POST", "/v1/widgets", Some("{}"), &[]).await;
    reply.problem(404);
    let reply = server
        .call("POST", "/v2/widgets", Some(r#"{"name":"x"}"#), &[])
        .await;
    assert_eq!(reply.status, 201);

    let table = ApiBuilder::<Gadgets>::new().route_table().unwrap();
    let rows: Vec<String> = table
        .rows
        .iter()
        .map(|r| format!("{} {} {}", r.method, r.path, r.version))
        .collect();
    for expected in [
        "GET /v1/gizmos 1",
        "GET /v2/gizmos 2",
        "GET /v3/gadgets 3",
        "GET /v1/legacy 1",
        "GET /health -",
    ] {
        assert!(
            rows.contains(&expected.to_owned()),
            "{expected} missing from {rows:?}"
        );
    }
    assert!(
        !rows
            .iter()
            .any(|r| r.starts_with("GET /v2/legacy") || r.starts_with("GET /v3/gizmos"))
    );
}

#[tokio::test]
async fn version_neutral_endpoints_are_served_without_a_version() {
    for builder in [
        ApiBuilder::new().select_version(VersionFrom::path("/api")),
        header_builder(),
    ] {
        let server = serve(builder).await;
        let reply = server.get("/health").await;
        assert_eq!(reply.status, 200);
        assert_eq!(reply.text, "ok");
        headers_ok(&reply, None);
        let reply = server.get("/versions").await;
        assert_eq!(reply.json()["latest"], "3");
    }
}

/// The version served is echoed under the header the client names it in, or under the
/// configured name; errors of a version (no such endpoint in it) carry it too.
#[tokio::test]
async fn the_version_is_echoed_under_the_clients_header() {
    let server =
        serve(ApiBuilder::new().select_version(VersionFrom::header("x-api-version"))).await;
    let reply = server
        .call("GET", "/widgets/7", None, &[("x-api-version", "2")])
        .await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("x-api-version"), Some("2"));
    assert_eq!(
        reply.header("api-version"),
        None,
        "one name only: {reply:?}"
    );
    let missing = server
        .call("GET", "/nowhere", None, &[("x-api-version", "2")])
        .await;
    missing.problem(404);
    assert_eq!(missing.header("x-api-version"), Some("2"));
    // Configured explicitly, with another source.
    let server = serve(
        ApiBuilder::new()
            .select_version(VersionFrom::query("v"))
            .version_header("x-served-version"),
    )
    .await;
    let reply = server.get("/widgets/7?v=3").await;
    assert_eq!(reply.header("x-served-version"), Some("3"));
    assert_eq!(reply.header("api-version"), None);
    // Path versions keep `api-version`.
    let server = serve(ApiBuilder::new().select_version(VersionFrom::path(""))).await;
    assert_eq!(
        server.get("/v1/widgets/7").await.header("api-version"),
        Some("1")
    );
}

mod dated {
    use versionary::Json;

    versionary::api_versions! {
        pub Dated {
            "2024-01-15" => "Initial release",
            "2024-06-01" => "Second",
            "2025-01-01" => "Under development" { unreleased },
        }
    }

    #[versionary::endpoint(GET "/things", api = Dated)]
    async fn things() -> Json<Vec<String>> {
        Json(Vec::new())
    }
}

/// Opt-in, for date versions named in a header, a query parameter, the media type or by a
/// resolver: a date between versions is served as the closest earlier released one.
#[tokio::test]
async fn a_date_between_versions_is_served_as_the_closest_earlier_one() {
    use dated::Dated;
    let builder = || {
        ApiBuilder::<Dated>::new()
            .select_version(VersionFrom::Any(vec![
                VersionFrom::header("dated-version"),
                VersionFrom::query("version"),
            ]))
            .earlier_dates()
    };
    let server = support::start(builder().build(()).unwrap()).await;
    for (asked, served) in [
        ("2024-01-15", "2024-01-15"),
        ("2024-02-02", "2024-01-15"),
        ("2024-06-01", "2024-06-01"),
        ("2024-12-31", "2024-06-01"),
        // An unreleased version is never the answer.
        ("2026-01-01", "2024-06-01"),
    ] {
        let reply = server
            .call("GET", "/things", None, &[("dated-version", asked)])
            .await;
        assert_eq!(reply.status, 200, "{asked}: {}", reply.text);
        assert_eq!(reply.header("dated-version"), Some(served), "{asked}");
        let reply = server.get(&format!("/things?version={asked}")).await;
        assert_eq!(
            reply.header("dated-version"),
            Some(served),
            "{asked} in the query"
        );
    }
    // Before the first version: still unknown.
    let early = server
        .call("GET", "/things", None, &[("dated-version", "2023-12-31")])
        .await;
    assert_eq!(
        early.problem(400)["type"],
        "urn:versionary:problem:unknown-version"
    );
    // Not opted in: an undeclared date is unknown.
    let strict = support::start(
        ApiBuilder::<Dated>::new()
            .select_version(VersionFrom::header("dated-version"))
            .build(())
            .unwrap(),
    )
    .await;
    let reply = strict
        .call("GET", "/things", None, &[("dated-version", "2024-02-02")])
        .await;
    reply.problem(400);
    // A resolver's pinned date is resolved the same way.
    let pinned = support::start(
        builder()
            .missing_version(MissingVersion::resolve(|_| async {
                Some(Version::parse("2024-03-01").unwrap())
            }))
            .build(())
            .unwrap(),
    )
    .await;
    assert_eq!(
        pinned.get("/things").await.header("dated-version"),
        Some("2024-01-15")
    );
    // Path versions, and versions that are not dates, are refused at build.
    let path = ApiBuilder::<Dated>::new()
        .select_version(VersionFrom::path(""))
        .earlier_dates()
        .build(())
        .unwrap_err();
    assert!(path.to_string().contains("not in the path"), "{path}");
    let integers = ApiBuilder::<Gadgets>::new()
        .select_version(VersionFrom::header("api-version"))
        .earlier_dates()
        .build(())
        .unwrap_err();
    assert!(
        integers.to_string().contains("needs date versions"),
        "{integers}"
    );
}
