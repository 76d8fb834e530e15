//! Telling consumers of an older version about the latest released one, over HTTP: every
//! answer served at an older version carries `api-latest-version`, and under path and query
//! versions `Link: <...>; rel="latest-version"` (RFC 5829) to the same endpoint there (its
//! successor when it is retired, nothing when it has none); the latest version's answers and
//! previews carry neither. The served version decides (closest earlier date, default), error
//! answers carry them, and the older versions' OpenAPI documents declare them.

mod support;

use axum::extract::Path;
use http::StatusCode;
use support::{Reply, Server};
use versionary::{ApiBuilder, Clock, MissingVersion, Version, VersionFrom};

mod shelf {
    use super::*;

    versionary::api_versions! {
        pub Shelf(notice_days = 30) {
            "2024-01-01" => "Initial release",
            "2024-06-01" => "Forms give way to summaries",
            "2025-01-01" => "Items carry a price",
            "2025-06-01" => "Items carry a currency" { unreleased },
        }
    }

    /// One item; item 0 does not exist.
    #[versionary::endpoint(GET "/items/{id}", api = Shelf)]
    async fn item(Path(id): Path<u32>) -> Result<String, StatusCode> {
        if id == 0 {
            return Err(StatusCode::NOT_FOUND);
        }
        Ok(format!("item {id}"))
    }

    /// Every item.
    #[versionary::endpoint(GET "/items", api = Shelf)]
    async fn items() -> &'static str {
        "[]"
    }

    /// A book's forms, replaced by its summary.
    #[versionary::endpoint(GET "/forms/{id}", api = Shelf, until = "2024-06-01",
                           deprecated = "2025-01-01", sunset = "2025-02-15",
                           successor = "/summaries/{id}")]
    async fn forms(Path(id): Path<u32>) -> String {
        format!("forms of {id}")
    }

    /// A book's summary.
    #[versionary::endpoint(GET "/summaries/{id}", api = Shelf, since = "2024-06-01")]
    async fn summary(Path(id): Path<u32>) -> String {
        format!("summary of {id}")
    }

    /// Retired without a successor.
    #[versionary::endpoint(GET "/legacy", api = Shelf, until = "2024-06-01")]
    async fn legacy() -> &'static str {
        "legacy"
    }
}
use shelf::Shelf;

const LATEST: &str = "2025-01-01";

fn builder(from: VersionFrom) -> ApiBuilder<Shelf> {
    ApiBuilder::<Shelf>::new()
        .select_version(from)
        .clock(Clock::at("2024-12-01").unwrap())
        .preview_header("api-preview", |_| async { true })
}

async fn serve(builder: ApiBuilder<Shelf>) -> Server {
    support::start(builder.build(()).unwrap()).await
}

/// The `Link` values of `reply` with `rel="latest-version"`.
fn latest_links(reply: &Reply) -> Vec<String> {
    reply
        .headers
        .get_all("link")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(", <"))
        .filter(|v| v.contains("rel=\"latest-version\""))
        .map(|v| v.trim_start_matches('<').to_owned())
        .map(|v| format!("<{v}"))
        .collect()
}

fn link_to(url: &str) -> Vec<String> {
    vec![format!("<{url}>; rel=\"latest-version\"")]
}

/// Asserts an answer served at an older version: the latest named, and its link (if any).
fn older(reply: &Reply, served: &str, link: Option<&str>) {
    assert_eq!(reply.header("api-version"), Some(served), "{reply:?}");
    assert_eq!(
        reply.header("api-latest-version"),
        Some(LATEST),
        "{reply:?}"
    );
    let expected = link.map(link_to).unwrap_or_default();
    assert_eq!(latest_links(reply), expected, "{reply:?}");
}

/// Asserts an answer that says nothing about the latest.
fn silent(reply: &Reply) {
    assert_eq!(reply.header("api-latest-version"), None, "{reply:?}");
    assert!(latest_links(reply).is_empty(), "{reply:?}");
}

#[tokio::test]
async fn path_versions_link_to_the_same_endpoint_in_the_latest_version() {
    let server = serve(builder(VersionFrom::path("/api"))).await;
    let reply = server.get("/api/v2024-01-01/items/7").await;
    assert_eq!(reply.status, 200);
    older(&reply, "2024-01-01", Some("/api/v2025-01-01/items/7"));
    // A parameter is carried over as the request wrote it.
    let reply = server.get("/api/v2024-06-01/items/7%20").await;
    assert_eq!(reply.status, 400, "{}", reply.text);
    older(&reply, "2024-06-01", Some("/api/v2025-01-01/items/7%20"));
    // Without parameters: the same link, made once.
    let reply = server.get("/api/v2024-06-01/items").await;
    older(&reply, "2024-06-01", Some("/api/v2025-01-01/items"));
    // The latest version and a preview newer than it say nothing.
    let reply = server.get("/api/v2025-01-01/items/7").await;
    assert_eq!(reply.status, 200);
    silent(&reply);
    let preview = server
        .call(
            "GET",
            "/api/v2025-06-01/items/7",
            None,
            &[("api-preview", "1")],
        )
        .await;
    assert_eq!(preview.status, 200, "{}", preview.text);
    silent(&preview);
}

#[tokio::test]
async fn a_retired_endpoint_points_at_its_successor_or_only_names_the_latest() {
    let server = serve(builder(VersionFrom::path("/api"))).await;
    let reply = server.get("/api/v2024-01-01/forms/42").await;
    assert_eq!(reply.status, 200);
    older(&reply, "2024-01-01", Some("/api/v2025-01-01/summaries/42"));
    let reply = server.get("/api/v2024-01-01/legacy").await;
    assert_eq!(reply.status, 200);
    older(&reply, "2024-01-01", None);
}

#[tokio::test]
async fn error_answers_of_an_older_version_carry_the_headers_too() {
    let server = serve(builder(VersionFrom::path("/api"))).await;
    // The handler's error, rewritten as a problem.
    let reply = server.get("/api/v2024-01-01/items/0").await;
    reply.problem(404);
    older(&reply, "2024-01-01", Some("/api/v2025-01-01/items/0"));
    // A path the extractor refuses.
    let reply = server.get("/api/v2024-01-01/items/abc").await;
    reply.problem(400);
    older(&reply, "2024-01-01", Some("/api/v2025-01-01/items/abc"));
    // A method the path does not serve: the version headers, no link (as no notice).
    let reply = server
        .call("DELETE", "/api/v2024-01-01/items/7", None, &[])
        .await;
    reply.problem(405);
    older(&reply, "2024-01-01", None);
}

#[tokio::test]
async fn the_link_keeps_the_mount_point_and_the_prefix_once() {
    // Nested without `mounted_at`: the mount point is what nesting stripped.
    let api = builder(VersionFrom::path("/api")).build(()).unwrap();
    let server = support::start(axum::Router::new().nest("/shop", api)).await;
    let reply = server.get("/shop/api/v2024-01-01/items/7").await;
    older(&reply, "2024-01-01", Some("/shop/api/v2025-01-01/items/7"));
    // Declared with `mounted_at`.
    let api = (builder(VersionFrom::path("/api")).mounted_at("/shop"))
        .build(())
        .unwrap();
    let server = support::start(axum::Router::new().nest("/shop", api)).await;
    let reply = server.get("/shop/api/v2024-01-01/items").await;
    older(&reply, "2024-01-01", Some("/shop/api/v2025-01-01/items"));
    // A path without a version, served the oldest by the missing-version policy: the
    // link names the latest version's path, prefix once.
    let oldest = builder(VersionFrom::path("/api")).missing_version(MissingVersion::Oldest);
    let server = support::start(axum::Router::new().nest("/shop", oldest.build(()).unwrap())).await;
    let reply = server.get("/shop/api/items/7").await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    older(&reply, "2024-01-01", Some("/shop/api/v2025-01-01/items/7"));
}

#[tokio::test]
async fn query_versions_link_with_the_latest_version_in_the_query() {
    let server = serve(builder(VersionFrom::query("v"))).await;
    let reply = server.get("/items/7?v=2024-01-01").await;
    older(&reply, "2024-01-01", Some("/items/7?v=2025-01-01"));
    let reply = server.get("/items?genre=sf&v=2024-06-01&page=2").await;
    older(
        &reply,
        "2024-06-01",
        Some("/items?genre=sf&page=2&v=2025-01-01"),
    );
    let reply = server.get("/forms/9?v=2024-01-01").await;
    older(&reply, "2024-01-01", Some("/summaries/9?v=2025-01-01"));
    silent(&server.get("/items/7?v=2025-01-01").await);
}

#[tokio::test]
async fn header_and_media_type_versions_only_name_the_latest() {
    let header = serve(builder(VersionFrom::header("api-version"))).await;
    let reply = (header.call("GET", "/items/7", None, &[("api-version", "2024-01-01")])).await;
    assert_eq!(reply.status, 200);
    older(&reply, "2024-01-01", None);
    let reply = (header.call("GET", "/items/7", None, &[("api-version", LATEST)])).await;
    silent(&reply);
    // A version's own 404 (a path it does not serve) names the latest as well.
    let reply = (header.call("GET", "/nowhere", None, &[("api-version", "2024-06-01")])).await;
    reply.problem(404);
    older(&reply, "2024-06-01", None);

    let media = serve(builder(VersionFrom::MediaType)).await;
    let accept = [("accept", "application/json; version=2024-06-01")];
    let reply = media.call("GET", "/items/7", None, &accept).await;
    assert_eq!(reply.status, 200);
    older(&reply, "2024-06-01", None);
    let accept = [
        ("accept", "application/json; version=2025-06-01"),
        ("api-preview", "1"),
    ];
    silent(&media.call("GET", "/items/7", None, &accept).await);
}

#[tokio::test]
async fn the_served_version_decides_closest_earlier_and_defaulted_answers() {
    let server = serve(
        builder(VersionFrom::header("api-version"))
            .earlier_dates()
            .missing_version(MissingVersion::Default(
                Version::parse("2024-06-01").unwrap(),
            )),
    )
    .await;
    let reply = (server.call("GET", "/items/7", None, &[("api-version", "2024-03-03")])).await;
    older(&reply, "2024-01-01", None);
    let reply = (server.call("GET", "/items/7", None, &[("api-version", "2025-03-03")])).await;
    assert_eq!(reply.header("api-version"), Some(LATEST));
    silent(&reply);
    let reply = server.get("/items/7").await;
    older(&reply, "2024-06-01", None);
}

#[test]
fn older_documents_declare_the_headers_and_the_latest_does_not() {
    let path = builder(VersionFrom::path("/api"));
    let old = path.openapi("2024-01-01").unwrap();
    let item = &old["paths"]["/api/v2024-01-01/items/{id}"]["get"]["responses"];
    for status in ["200", "default"] {
        let headers = &item[status]["headers"];
        assert!(
            headers["api-latest-version"]["description"]
                .as_str()
                .is_some_and(|d| d.contains("`2025-01-01`")),
            "{headers}"
        );
        assert!(
            headers["Link"]["description"].as_str().is_some_and(
                |d| d.contains("</api/v2025-01-01/items/{id}>; rel=\"latest-version\"")
            ),
            "{headers}"
        );
    }
    let legacy = &old["paths"]["/api/v2024-01-01/legacy"]["get"]["responses"]["200"]["headers"];
    assert!(
        legacy["api-latest-version"].is_object() && legacy.get("Link").is_none(),
        "{legacy}"
    );
    let latest = path.openapi(LATEST).unwrap();
    let item = &latest["paths"]["/api/v2025-01-01/items/{id}"]["get"]["responses"]["200"];
    assert!(item.get("headers").is_none(), "{item}");

    let header = builder(VersionFrom::header("api-version"))
        .openapi("2024-06-01")
        .unwrap();
    let headers = &header["paths"]["/items/{id}"]["get"]["responses"]["200"]["headers"];
    assert!(
        headers["api-latest-version"].is_object() && headers.get("Link").is_none(),
        "{headers}"
    );
    let query = builder(VersionFrom::query("v"))
        .openapi("2024-06-01")
        .unwrap();
    let headers = &query["paths"]["/items/{id}"]["get"]["responses"]["200"]["headers"];
    assert!(
        headers["Link"]["description"]
            .as_str()
            .is_some_and(|d| d.contains("</items/{id}?v=2025-01-01>")),
        "{headers}"
    );
}

#[tokio::test]
async fn a_pinned_consumer_is_told_about_the_latest_of_its_pin() {
    use versionary::pins::{MemoryStore, Pins};
    let pins = Pins::<Shelf>::new(MemoryStore::new())
        .new_consumers_at(Version::parse("2024-06-01").unwrap())
        .unwrap();
    let server = serve(
        builder(VersionFrom::query("v"))
            .consumer_header("x-client-id")
            .pin_consumers(pins),
    )
    .await;
    let acme = [("x-client-id", "acme")];
    let reply = server.call("GET", "/items/7?page=2", None, &acme).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    older(&reply, "2024-06-01", Some("/items/7?page=2&v=2025-01-01"));
    // Following the link: an explicit version wins over the pin, and says nothing more.
    let reply = (server.call("GET", "/items/7?page=2&v=2025-01-01", None, &acme)).await;
    assert_eq!(reply.header("api-version"), Some(LATEST));
    silent(&reply);
}

#[tokio::test]
async fn per_endpoint_versions_name_the_endpoints_own_latest() {
    let app = versionary_examples::integration_api::app().unwrap();
    let server = support::start(app).await;
    let reply = server.get("/v1/persons").await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.header("api-latest-version"), Some("2"));
    assert_eq!(latest_links(&reply), link_to("/v2/persons"));
    // Images exist only in version 1: it is their latest.
    let reply = server.get("/v1/images/1").await;
    assert_eq!(reply.header("api-version"), Some("1"), "{}", reply.text);
    silent(&reply);
}

/// The `Link` values of `reply` with `rel="successor-version"`.
fn successor_links(reply: &Reply) -> Vec<String> {
    (reply.headers.get_all("link").iter())
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(", "))
        .filter(|v| v.contains("rel=\"successor-version\""))
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn a_deprecated_routes_successor_link_names_the_prefix_once() {
    // Deprecated (2025-01-01), not yet sunset (2025-02-15): the notice links the successor.
    let deprecated = || {
        builder(VersionFrom::path("/api"))
            .clock(Clock::at("2025-01-10").unwrap())
            .missing_version(MissingVersion::Oldest)
    };
    let successor = "</shop/api/v2025-01-01/summaries/42>; rel=\"successor-version\"";
    // Nested without `mounted_at`, and declared with it.
    let nested = support::start(axum::Router::new().nest("/shop", deprecated().build(()).unwrap()));
    let declared = deprecated().mounted_at("/shop").build(()).unwrap();
    let declared = support::start(axum::Router::new().nest("/shop", declared));
    for server in [nested.await, declared.await] {
        // With the version in the path, and without it (the dispatcher took the prefix off).
        for path in ["/shop/api/v2024-01-01/forms/42", "/shop/api/forms/42"] {
            let reply = server.get(path).await;
            assert_eq!(reply.status, 200, "{path}: {}", reply.text);
            assert_eq!(successor_links(&reply), [successor], "{path}: {reply:?}");
        }
    }
}
