//! The `library` example over HTTP: its history lives in statuses, errors and headers, and
//! older versions' clients send some values in request headers (`request_header(...)`).
//! Requests name the version in the `api-version` header.

mod support;

use serde_json::json;
use support::Server;

async fn start() -> Server {
    support::start(versionary_examples::library::app().expect("router builds")).await
}

async fn call(
    server: &Server,
    method: &str,
    version: &str,
    path: &str,
    body: Option<&str>,
    headers: &[(&str, &str)],
) -> support::Reply {
    let mut all = vec![("api-version", version)];
    all.extend_from_slice(headers);
    server.call(method, path, body, &all).await
}

#[tokio::test]
async fn old_clients_name_the_reader_in_a_header() {
    let server = start().await;
    for version in ["2024-03-01", "2024-09-01"] {
        let reply = call(
            &server,
            "POST",
            version,
            "/loans",
            Some(r#"{"book": 1}"#),
            &[("x-reader", "Ada")],
        )
        .await;
        assert_eq!(reply.status, 200, "v{version}: {}", reply.text);
        assert_eq!(reply.json(), json!({ "book": 1, "reader": "Ada" }));
        // Without the header, the reader is missing: the framework's 422.
        let missing = call(
            &server,
            "POST",
            version,
            "/loans",
            Some(r#"{"book": 1}"#),
            &[],
        )
        .await;
        let problem = missing.problem(422);
        assert!(
            problem["detail"].as_str().unwrap().contains("reader"),
            "{problem}"
        );
        // A header that is not text is refused.
        let bad = server
            .call(
                "POST",
                "/loans",
                Some(r#"{"book": 1}"#),
                &[("api-version", version), ("x-reader", "caf\u{e9}")],
            )
            .await;
        assert_eq!(bad.status, 400, "{}", bad.text);
    }
    // From version 3 the reader is in the body, and the header means nothing.
    for version in ["2025-02-01", "2025-06-01"] {
        let reply = call(
            &server,
            "POST",
            version,
            "/loans",
            Some(r#"{"book": 1, "reader": "Grace"}"#),
            &[("x-reader", "Ada")],
        )
        .await;
        assert_eq!(reply.status, 201, "v{version}: {}", reply.text);
        assert_eq!(reply.json(), json!({ "book": 1, "reader": "Grace" }));
        let headless = call(
            &server,
            "POST",
            version,
            "/loans",
            Some(r#"{"book": 1}"#),
            &[("x-reader", "Ada")],
        )
        .await;
        headless.problem(422);
    }
}

#[tokio::test]
async fn old_clients_filter_the_catalogue_with_a_header() {
    let server = start().await;
    let titles = |reply: &support::Reply| -> Vec<String> {
        reply
            .json()
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["title"].as_str().unwrap().to_owned())
            .collect()
    };
    let v1 = call(
        &server,
        "GET",
        "2024-03-01",
        "/books",
        None,
        &[("x-genre", "science")],
    )
    .await;
    assert_eq!(v1.status, 200, "{}", v1.text);
    assert_eq!(titles(&v1), ["The Origin of Species"]);
    // The header wins over a query parameter version 1 never had.
    let v1 = call(
        &server,
        "GET",
        "2024-03-01",
        "/books?genre=epic",
        None,
        &[("x-genre", "science")],
    )
    .await;
    assert_eq!(titles(&v1), ["The Origin of Species"]);
    let v2 = call(
        &server,
        "GET",
        "2024-09-01",
        "/books?genre=epic",
        None,
        &[("x-genre", "science")],
    )
    .await;
    assert_eq!(titles(&v2), ["The Odyssey"]);
    let all = call(
        &server,
        "GET",
        "2024-09-01",
        "/books",
        None,
        &[("x-genre", "science")],
    )
    .await;
    assert_eq!(titles(&all).len(), 5);
}

#[tokio::test]
async fn statuses_errors_and_headers_follow_the_history() {
    let server = start().await;
    let withdrawn = call(&server, "GET", "2024-03-01", "/books/9", None, &[]).await;
    assert_eq!(withdrawn.problem(404)["type"], "urn:library:withdrawn");
    let withdrawn = call(&server, "GET", "2024-09-01", "/books/9", None, &[]).await;
    assert_eq!(withdrawn.problem(410)["title"], "Gone");
    // An unknown book is a 404 in every version (the handler's 404 has no history here).
    call(&server, "GET", "2024-03-01", "/books/55", None, &[])
        .await
        .problem(404);

    let on_loan = r#"{"book": 7, "reader": "Ada"}"#;
    let v3 = call(&server, "POST", "2025-02-01", "/loans", Some(on_loan), &[]).await;
    assert_eq!(v3.status, 423);
    assert_eq!(v3.json(), json!({ "error": "book `7` is on loan" }));
    let v4 = call(&server, "POST", "2025-06-01", "/loans", Some(on_loan), &[]).await;
    assert_eq!(v4.problem(409)["type"], "urn:library:on-loan");

    let reviews = call(&server, "GET", "2024-09-01", "/books/55/reviews", None, &[]).await;
    assert_eq!((reviews.status, reviews.json()), (200, json!([])));
    call(&server, "GET", "2025-02-01", "/books/55/reviews", None, &[])
        .await
        .problem(404);

    let v1 = call(&server, "GET", "2024-03-01", "/books/1", None, &[]).await;
    assert_eq!(v1.header("x-ratelimit-remaining"), Some("99"));
    assert_eq!(v1.header("x-legacy-id"), Some("1"));
    assert!(v1.header("ratelimit-remaining").is_none() && v1.header("x-request-cost").is_none());
    let v4 = call(&server, "GET", "2025-06-01", "/books/1", None, &[]).await;
    assert_eq!(v4.header("ratelimit-remaining"), Some("99"));
    assert_eq!(v4.header("x-request-cost"), Some("1"));
    assert!(v4.header("x-legacy-id").is_none() && v4.header("x-ratelimit-remaining").is_none());
    assert_eq!(
        v4.json(),
        json!({ "id": 1, "title": "Middlemarch", "genre": "novel" })
    );
}

#[test]
fn the_documents_move_header_values_where_each_version_reads_them() {
    let builder = versionary_examples::library::builder();
    let v1 = builder.openapi("2024-03-01").unwrap();
    let v3 = builder.openapi("2025-02-01").unwrap();
    let header = |doc: &serde_json::Value, path: &str, method: &str, name: &str| {
        doc["paths"][path][method]["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|p| p["in"] == "header" && p["name"] == name)
            .cloned()
    };
    assert_eq!(
        header(&v1, "/loans", "post", "x-reader").unwrap()["required"],
        true
    );
    assert!(header(&v3, "/loans", "post", "x-reader").is_none());
    let body =
        &v1["paths"]["/loans"]["post"]["requestBody"]["content"]["application/json"]["schema"];
    assert!(
        body["properties"].get("reader").is_none() && body["properties"].get("book").is_some(),
        "{body}"
    );
    assert_eq!(
        header(&v1, "/books", "get", "x-genre").unwrap()["required"],
        false
    );
    let v1_query: Vec<&serde_json::Value> = v1["paths"]["/books"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["in"] == "query")
        .collect();
    assert!(v1_query.is_empty(), "{v1_query:?}");
    let v3_query = &v3["paths"]["/books"]["get"]["parameters"];
    assert!(
        v3_query
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["in"] == "query" && p["name"] == "genre")
    );
}

#[test]
fn older_documents_use_older_names_and_descriptions() {
    let builder = versionary_examples::library::builder();
    for (version, name, description, summary) in [
        (
            "2024-03-01",
            "Title",
            "A title of the catalogue.",
            "Reads a title of the catalogue.",
        ),
        (
            "2024-09-01",
            "Title",
            "A title of the catalogue.",
            "Reads a title of the catalogue.",
        ),
        (
            "2025-02-01",
            "Book",
            "A book of the catalogue. (Documented as a `Title` before 2025-02-01.)",
            "Reads a book.",
        ),
    ] {
        let doc = builder.openapi(version).unwrap();
        let schemas = doc["components"]["schemas"].as_object().unwrap();
        let other = if name == "Book" { "Title" } else { "Book" };
        assert!(
            schemas.contains_key(name) && !schemas.contains_key(other),
            "v{version}: {:?}",
            schemas.keys()
        );
        assert_eq!(schemas[name]["description"], description, "v{version}");
        let operation = &doc["paths"]["/books/{id}"]["get"];
        assert_eq!(operation["summary"], summary, "v{version}");
        let answer =
            &operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"];
        assert_eq!(
            *answer,
            format!("#/components/schemas/{name}"),
            "v{version}"
        );
    }
}

#[tokio::test]
async fn a_date_between_versions_gets_the_closest_earlier_one() {
    let server = start().await;
    // 2024-12-24 is between 2024-09-01 and 2025-02-01: served as 2024-09-01.
    let reply = call(
        &server,
        "POST",
        "2024-12-24",
        "/loans",
        Some(r#"{"book": 1}"#),
        &[("x-reader", "Ada")],
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.header("api-version"), Some("2024-09-01"));
    // Before the first version there is nothing earlier: an unknown version.
    let early = call(&server, "GET", "2023-01-01", "/books/1", None, &[]).await;
    early.problem(400);
}

#[tokio::test]
async fn the_shelf_lived_from_2024_09_01_to_2025_06_01() {
    let server = start().await;
    for (version, shelf) in [
        ("2024-03-01", None),
        ("2024-09-01", Some("novel-1")),
        ("2025-02-01", Some("novel-1")),
        ("2025-06-01", None),
    ] {
        let reply = call(&server, "GET", version, "/books/1", None, &[]).await;
        assert_eq!(
            reply.json().get("shelf").and_then(|s| s.as_str()),
            shelf,
            "{version}: {}",
            reply.text
        );
    }
}
