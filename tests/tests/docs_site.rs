//! The docs site (`ApiBuilder::docs`, feature `docs`) over plain HTTP: the three pages of
//! every example, what they say, what they hide from requests that may not preview, the
//! embedded assets, and the problems for anything else under the site.

mod support;

use std::future::Future;

use serde_json::{Value, json};
use support::{Reply, Server};
use versionary::{ApiBuilder, BuildError, Clock, Json, VersionFrom};

/// The API of the preview and escaping tests: an unreleased version, and a description
/// that is markup.
mod draft {
    use super::*;

    versionary::api_versions! {
        pub Draft {
            1 => "Initial <script>alert('notes')</script> release" { released = "2025-01-01" },
            2 => "Notes have a `title`",
            3 => "Notes have a `body`" { unreleased },
        }
    }

    #[versionary::versioned(api = Draft, response)]
    #[derive(Clone, Debug)]
    pub struct Note {
        #[api(added = 2)]
        pub title: String,
        #[api(added = 3)]
        pub body: String,
    }

    /// Reads a note.
    #[versionary::endpoint(GET "/notes/{id}", api = Draft)]
    async fn get_note() -> Json<Note> {
        Json(Note {
            title: "hello".into(),
            body: "world".into(),
        })
    }

    /// Drafts a note: only in the unreleased version.
    #[versionary::endpoint(POST "/drafts", api = Draft, since = 3)]
    async fn create_draft() -> Json<Note> {
        Json(Note {
            title: "draft".into(),
            body: String::new(),
        })
    }

    /// A health check at the docs' path: the docs must not hide it.
    #[versionary::endpoint(GET "/help/status", api = Draft, neutral)]
    async fn status() -> &'static str {
        "ok"
    }
}
use draft::Draft;

/// The service's permission check: partners with an API key on the allow-list.
fn partner(parts: &http::request::Parts) -> impl Future<Output = bool> + use<> {
    let allowed = parts
        .headers
        .get("api-key")
        .is_some_and(|key| key == "partner-7");
    async move { allowed }
}

fn draft_builder() -> ApiBuilder<Draft> {
    ApiBuilder::<Draft>::new()
        .select_version(VersionFrom::query("v"))
        .preview_header("api-preview", partner)
        .docs("/docs")
}

const PREVIEW: [(&str, &str); 2] = [("api-preview", "1"), ("api-key", "partner-7")];

/// A page: 200, HTML, no caching.
fn page(reply: &Reply) -> &str {
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(
        reply.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(reply.header("cache-control"), Some("no-store"));
    &reply.text
}

/// The JSON the reference page hands to Swagger UI.
fn config(html: &str) -> Value {
    let needle = "id=\"versionary-config\">";
    let start = html.find(needle).expect("config element") + needle.len();
    let end = start + html[start..].find("</script>").expect("end of config");
    serde_json::from_str(&html[start..end]).expect("config is JSON")
}

/// Every `src` and `href` of a page, asserting none leaves the service.
fn links(html: &str) -> Vec<String> {
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "{html}"
    );
    assert!(!html.contains("//cdn") && !html.contains("\"//"), "{html}");
    let mut out = Vec::new();
    for attribute in ["src=\"", "href=\""] {
        for (at, _) in html.match_indices(attribute) {
            let rest = &html[at + attribute.len()..];
            out.push(rest[..rest.find('"').expect("closing quote")].to_owned());
        }
    }
    out
}

#[tokio::test]
async fn every_example_serves_its_three_pages() {
    let apps = [
        ("LeadProviders", versionary_examples::lead_providers::app()),
        (
            "IntegrationApi",
            versionary_examples::integration_api::app(),
        ),
        (
            "BookASecureMove",
            versionary_examples::book_a_secure_move::app(),
        ),
        (
            "DocumentApi",
            versionary_examples::document_api::app_at(Clock::system()),
        ),
    ];
    for (name, app) in apps {
        let server = support::start(app.expect("router builds")).await;
        for path in ["/docs", "/docs/versions", "/docs/release-notes"] {
            let reply = server.get(path).await;
            let html = page(&reply);
            assert!(html.contains(&format!("{name} API")), "{path}: {html}");
            for link in links(html) {
                assert!(link.starts_with("/docs"), "{path} links to {link}");
                let target = server.get(&link).await;
                assert_eq!(target.status, 200, "{path} links to {link}");
            }
        }
        let reference = server.get("/docs").await;
        let urls = &config(&reference.text)["urls"];
        for entry in urls.as_array().expect("urls") {
            let url = entry["url"].as_str().expect("url");
            let document = server.get(url).await.json();
            assert_eq!(document["info"]["version"], entry["version"], "{url}");
        }
    }
}

#[tokio::test]
async fn the_reference_lists_every_version_and_selects_the_latest() {
    let server = support::start(versionary_examples::integration_api::app().unwrap()).await;
    let reply = server.get("/docs").await;
    let html = page(&reply);
    assert_eq!(
        config(html),
        json!({
            "urls": [
                { "url": "/openapi/1.json", "name": "1", "version": "1", "preview": false },
                { "url": "/openapi/2.json", "name": "2", "version": "2", "preview": false },
            ],
            "urls.primaryName": "2",
            "selection": {
                "path": true, "header": null, "query": null, "mediaType": false,
                "previewHeader": null,
            },
        })
    );
    assert!(html.contains("<script src=\"/docs/assets/swagger-ui-bundle.js\"></script>"));
    assert!(html.contains("<select id=\"versionary-version\""));
    assert!(
        reply
            .header("content-security-policy")
            .is_some_and(|p| p.starts_with("default-src 'self'"))
    );
    // Path versions: the documents' paths carry the version.
    assert!(server.get("/openapi/1.json").await.json()["paths"]["/v1/images/{id}"].is_object());
    assert!(server.get("/openapi/2.json").await.json()["paths"]["/v1/images/{id}"].is_null());
}

#[tokio::test]
async fn header_versions_are_sent_by_try_it_out() {
    let server = support::start(
        versionary_examples::document_api::app_at(Clock::at("2025-02-01").unwrap()).unwrap(),
    )
    .await;
    let html = server.get("/docs").await.text;
    let config = config(&html);
    assert_eq!(config["selection"]["header"], "api-version");
    assert_eq!(config["urls.primaryName"], "2025-01-15");
    assert!(html.contains("in the <code>api-version</code> header"));
    // The documents give the header its value (an example Swagger UI fills in); the page's
    // request interceptor sets it too when an operation leaves it out.
    let document = server.get("/openapi/2024-06-01.json").await.json();
    let parameters = &document["paths"]["/books/{id}/summary"]["get"]["parameters"];
    let version = parameters
        .as_array()
        .and_then(|p| p.iter().find(|p| p["name"] == "api-version"))
        .expect("version parameter");
    assert_eq!(version["in"], "header");
    // One value calls this version; `document_api` rejects a request without it, so the
    // parameter is required and states no default.
    assert_eq!(version["schema"]["enum"], serde_json::json!(["2024-06-01"]));
    assert_eq!(version["example"], "2024-06-01");
    assert_eq!(version["required"], true);
    assert!(version["schema"].get("default").is_none(), "{version}");
    let script = server.get("/docs/assets/reference.js").await;
    assert!(script.text.contains("requestInterceptor: addVersion"));
}

#[tokio::test]
async fn the_matrix_shows_where_each_endpoint_is_served_deprecated_or_gone() {
    let at =
        |date: &str| versionary_examples::document_api::app_at(Clock::at(date).unwrap()).unwrap();
    let server = support::start(at("2025-02-01")).await;
    let html = server.get("/docs/versions").await.text;
    let forms = row(&html, "book_forms");
    assert!(
        forms.contains("<td class=\"deprecated\"><code>GET /books/{id}/forms</code>"),
        "{forms}"
    );
    assert!(
        forms.contains("deprecated 2025-01-15, sunset 2025-03-17"),
        "{forms}"
    );
    assert!(forms.contains("<td class=\"removed\""), "{forms}");
    assert!(
        forms.contains("<td><code>/books/{id}/summary</code></td>"),
        "{forms}"
    );
    let summary = row(&html, "book_summary");
    assert_eq!(
        summary.matches("<td class=\"served\">").count(),
        2,
        "{summary}"
    );
    assert!(html.contains("as of 2025-02-01"));

    let server = support::start(at("2025-04-01")).await;
    let html = server.get("/docs/versions").await.text;
    let forms = row(&html, "book_forms");
    assert!(forms.contains("<td class=\"gone\">"), "{forms}");
    assert!(forms.contains("gone: 410 Gone"), "{forms}");

    // Per-endpoint path versions: images only in version 1.
    let server = support::start(versionary_examples::integration_api::app().unwrap()).await;
    let html = server.get("/docs/versions").await.text;
    let images = row(&html, "get_image");
    assert!(
        images.contains("<code>GET /v1/images/{id}</code>"),
        "{images}"
    );
    assert!(
        images.contains("<td class=\"removed\" title=\"not in version 2\">"),
        "{images}"
    );
    let persons = row(&html, "search_persons");
    assert!(
        persons.contains("<code>GET /v1/persons</code>")
            && persons.contains("<code>GET /v2/persons</code>")
    );
    assert!(
        html.contains(
            "<th scope=\"col\" data-version=\"2\">2<span class=\"small\">latest, </span></th>"
        ) || html.contains("data-version=\"2\">2<span class=\"small\">latest</span>"),
        "{html}"
    );
}

/// The `<tr>` of one endpoint in the matrix.
fn row<'h>(html: &'h str, handler: &str) -> &'h str {
    let start = html
        .find(&format!("<tr data-endpoint=\"{handler}\">"))
        .unwrap_or_else(|| panic!("no row for {handler}: {html}"));
    let end = start + html[start..].find("</tr>").expect("end of row");
    &html[start..end]
}

#[tokio::test]
async fn the_release_notes_are_the_changelog_newest_first() {
    let server = support::start(
        versionary_examples::document_api::app_at(Clock::at("2025-02-01").unwrap()).unwrap(),
    )
    .await;
    let html = server.get("/docs/release-notes").await.text;
    let new = html
        .find("<h2>Version 2025-01-15 (2025-01-15)</h2>")
        .expect("newest");
    let old = html
        .find("<h2>Version 2024-06-01 (2024-06-01)</h2>")
        .expect("oldest");
    assert!(new < old);
    assert!(
        html.contains("<td><code>GET /books/{id}/forms</code></td>"),
        "{html}"
    );
    assert!(html.contains("<td><strong class=\"breaking\">breaking</strong></td>"));
    assert!(html.contains("answers 410 Gone from 2025-03-17"));
    assert!(html.contains("<tr data-version=\"2024-06-01\"><th scope=\"row\">2024-06-01</th><td>2024-06-01</td><td>—</td><td>—</td><td>supported</td></tr>"), "{html}");
    // The Markdown's own title and preamble give way to the page's.
    assert!(!html.contains("do not edit by hand"));
}

#[tokio::test]
async fn unreleased_versions_appear_only_to_requests_allowed_to_preview() {
    let server = support::start(draft_builder().build(()).unwrap()).await;
    let plain = |path: &'static str| {
        let server = &server;
        async move { server.get(path).await }
    };
    let preview = |path: &'static str| {
        let server = &server;
        async move { server.call("GET", path, None, &PREVIEW).await }
    };

    let reference = config(page(&plain("/docs").await));
    let versions: Vec<&str> = reference["urls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["version"].as_str().unwrap())
        .collect();
    assert_eq!(versions, ["1", "2"]);
    assert_eq!(reference["urls.primaryName"], "2");
    let matrix = plain("/docs/versions").await.text;
    assert!(
        !matrix.contains("data-version=\"3\"") && !matrix.contains("/drafts"),
        "{matrix}"
    );
    let notes = plain("/docs/release-notes").await.text;
    assert!(
        !notes.contains("Version 3") && !notes.contains("unreleased") && !notes.contains("`body`"),
        "{notes}"
    );
    plain("/docs/openapi/3.json").await.problem(404);
    // The header alone is not enough: the service's check decides.
    let reply = server
        .call("GET", "/docs", None, &[("api-preview", "1")])
        .await;
    assert_eq!(
        config(&reply.text)["urls"].as_array().map(Vec::len),
        Some(2)
    );

    let reference = config(page(&preview("/docs").await));
    assert_eq!(
        reference["urls"][2],
        json!({
            "url": "/docs/openapi/3.json", "name": "3 (preview)", "version": "3", "preview": true,
        })
    );
    assert_eq!(
        reference["urls.primaryName"], "2",
        "the latest released version is selected"
    );
    assert_eq!(reference["selection"]["previewHeader"], "api-preview");
    assert_eq!(reference["selection"]["query"], "v");
    let matrix = preview("/docs/versions").await.text;
    assert!(
        matrix.contains("data-version=\"3\"")
            && matrix.contains("<td class=\"preview\"><code>POST /drafts</code>"),
        "{matrix}"
    );
    let notes = preview("/docs/release-notes").await.text;
    assert!(notes.contains("<h2>Version 3 (unreleased)</h2>"), "{notes}");
    let document = preview("/docs/openapi/3.json").await.json();
    assert_eq!(document["info"]["version"], "3");
    // Released documents are served to everyone, from the router's own path.
    assert_eq!(
        plain("/docs/openapi/2.json").await.json()["info"]["version"],
        "2"
    );
    assert_eq!(reference["urls"][1]["url"], "/openapi/2.json");

    // Without a preview check, never.
    let closed = ApiBuilder::<Draft>::new()
        .select_version(VersionFrom::query("v"))
        .docs("/docs");
    let server = support::start(closed.build(()).unwrap()).await;
    let reply = server.call("GET", "/docs", None, &PREVIEW).await;
    assert_eq!(
        config(&reply.text)["urls"].as_array().map(Vec::len),
        Some(2)
    );
}

#[tokio::test]
async fn interpolated_text_is_escaped() {
    let server = support::start(draft_builder().build(()).unwrap()).await;
    for path in ["/docs/release-notes", "/docs", "/docs/versions"] {
        let html = server.get(path).await.text;
        assert!(!html.contains("<script>alert"), "{path}: {html}");
    }
    let notes = server.get("/docs/release-notes").await.text;
    assert!(notes.contains("Initial &lt;script&gt;alert("), "{notes}");
}

#[tokio::test]
async fn assets_are_served_from_the_binary() {
    let server = support::start(versionary_examples::lead_providers::app().unwrap()).await;
    for (file, content_type, min) in [
        ("swagger-ui-bundle.js", "text/javascript", 1_000_000),
        ("swagger-ui.css", "text/css", 100_000),
        ("docs.css", "text/css; charset=utf-8", 500),
        ("reference.js", "text/javascript; charset=utf-8", 500),
    ] {
        let reply = server.get(&format!("/docs/assets/{file}")).await;
        assert_eq!(reply.status, 200, "{file}");
        assert_eq!(reply.header("content-type"), Some(content_type), "{file}");
        assert!(reply.text.len() > min, "{file}: {} bytes", reply.text.len());
        assert_eq!(reply.header("cache-control"), Some("public, max-age=3600"));
    }
    let script = server.get("/docs/assets/reference.js").await.text;
    assert!(!script.contains("http://") && !script.contains("https://"));
    server.get("/docs/assets/index.html").await.problem(404);
    server.get("/docs/assets/..%2Fdocs.css").await.problem(404);
}

#[tokio::test]
async fn anything_else_under_the_site_is_a_problem() {
    for app in [
        versionary_examples::lead_providers::app().unwrap(),
        versionary_examples::document_api::app_at(Clock::system()).unwrap(),
    ] {
        let server = support::start(app).await;
        for path in [
            "/docs/nope",
            "/docs/versions/1",
            "/docs/assets",
            "/docs/openapi/1.json",
            "/docs/%00",
        ] {
            let body = server.get(path).await.problem(404);
            assert!(
                body["detail"]
                    .as_str()
                    .unwrap()
                    .contains("/docs/release-notes"),
                "{path}: {body}"
            );
        }
        let reply = server.call("POST", "/docs", Some("{}"), &[]).await;
        reply.problem(405);
        let reply = server.get("/docs/").await;
        assert_eq!(
            (reply.status, reply.header("location")),
            (308, Some("/docs"))
        );
        let long = format!("/docs/{}", "x".repeat(5000));
        let body = server.get(&long).await.problem(404);
        assert!(body["detail"].as_str().unwrap().len() < 600);
    }
}

#[tokio::test]
async fn a_nested_site_links_under_its_mount() {
    for builder in [
        versionary_examples::integration_api::builder(),
        versionary_examples::integration_api::builder().mounted_at("/api"),
    ] {
        let api = builder
            .build(versionary_examples::integration_api::Data::seeded())
            .unwrap();
        let server = support::start(axum::Router::new().nest("/api", api)).await;
        let html = server.get("/api/docs").await.text;
        for link in links(&html) {
            assert!(
                link.starts_with("/api/docs/") || link == "/api/docs",
                "{link}"
            );
            assert_eq!(server.get(&link).await.status, 200, "{link}");
        }
        let config = config(&html);
        assert_eq!(config["urls"][0]["url"], "/api/openapi/1.json");
        assert_eq!(server.get("/api/openapi/1.json").await.status, 200);
    }
}

#[test]
fn the_site_is_in_the_route_table() {
    let table = versionary_examples::book_a_secure_move::routes().unwrap();
    let docs: Vec<(&str, &str)> = table
        .rows
        .iter()
        .filter(|r| r.path.starts_with("/docs"))
        .map(|r| (r.path.as_str(), r.handler))
        .collect();
    assert_eq!(
        docs,
        [
            ("/docs", "(API reference)"),
            ("/docs/assets/{file}", "(docs assets)"),
            ("/docs/release-notes", "(release notes)"),
            ("/docs/versions", "(version matrix)"),
        ]
    );
    let table = draft_builder().route_table().unwrap();
    assert!(
        table
            .rows
            .iter()
            .any(|r| r.path == "/docs/openapi/{version}.json")
    );
}

#[test]
fn a_site_that_would_hide_routes_is_refused() {
    let refused = |builder: ApiBuilder<Draft>| match builder.build(()) {
        Err(BuildError::Invalid(message)) => message,
        other => panic!("built: {:?}", other.map(|_| ())),
    };
    let message = refused(ApiBuilder::<Draft>::new().docs("/help"));
    assert!(message.contains("/help/status"), "{message}");
    for path in ["/", "docs", "/docs/{page}"] {
        let message = refused(ApiBuilder::<Draft>::new().docs(path));
        assert!(message.contains("docs path"), "{path}: {message}");
    }
    let message = refused(ApiBuilder::<Draft>::new().docs("/openapi"));
    assert!(message.contains("conflicts"), "{message}");
}

#[tokio::test]
async fn the_site_works_without_openapi_path() {
    let app = ApiBuilder::<Draft>::new()
        .openapi_path(None)
        .docs("/reference")
        .build(())
        .unwrap();
    let server: Server = support::start(app).await;
    let config = config(&server.get("/reference").await.text);
    assert_eq!(config["urls"][0]["url"], "/reference/openapi/1.json");
    assert_eq!(
        server.get("/reference/openapi/1.json").await.json()["info"]["version"],
        "1"
    );
    assert_eq!(server.get("/openapi/1.json").await.status, 404);
}

/// The version matrix of `Draft` with consumers counted and the consumer report's check
/// (`Authorization: Bearer ops-token`), after `acme` called version 1 twice, `globex`
/// versions 1 and 2, and an anonymous client version 2.
async fn counted_matrix(headers: &[(&str, &str)]) -> String {
    let app = ApiBuilder::<Draft>::new()
        .select_version(VersionFrom::query("v"))
        .usage(versionary::Usage::new())
        .consumer_header("x-client-id")
        .consumer_report("/operator/consumers", |parts| {
            let token = parts.headers.get("authorization").cloned();
            async move {
                match token {
                    None => versionary::operator::Access::Unauthenticated("Bearer"),
                    Some(t) if t == "Bearer ops-token" => versionary::operator::Access::Allowed,
                    Some(_) => versionary::operator::Access::Forbidden,
                }
            }
        })
        .docs("/docs")
        .build(())
        .unwrap();
    let server = support::start(app).await;
    for (client, version) in [
        ("acme", "1"),
        ("acme", "1"),
        ("globex", "1"),
        ("globex", "2"),
    ] {
        let path = format!("/notes/7?v={version}");
        let reply = server
            .call("GET", &path, None, &[("x-client-id", client)])
            .await;
        assert_eq!(reply.status, 200, "{}", reply.text);
    }
    assert_eq!(server.get("/notes/7?v=2").await.status, 200);
    let reply = server.call("GET", "/docs/versions", None, headers).await;
    page(&reply).to_owned()
}

#[tokio::test]
async fn the_matrix_shows_each_versions_lifecycle_and_consumer_counts_only_to_operators() {
    for public in [
        vec![],
        vec![("authorization", "Bearer wrong")],
        vec![("api-key", "partner-7")],
    ] {
        let html = counted_matrix(&public).await;
        assert!(
            html.contains("data-lifecycle=\"supported\" data-version=\"1\"")
                && html.contains("data-lifecycle=\"latest\" data-version=\"2\""),
            "{html}"
        );
        for hidden in ["data-consumers", "consumer", "operators only"] {
            assert!(!html.contains(hidden), "{public:?} sees `{hidden}`: {html}");
        }
    }
    let html = counted_matrix(&[("authorization", "Bearer ops-token")]).await;
    assert!(html.contains("Shown to operators only"), "{html}");
    let head = |label: &str| {
        let start = html
            .find(&format!("data-version=\"{label}\">"))
            .unwrap_or_else(|| panic!("no column {label}: {html}"));
        let end = start + html[start..].find("</th>").unwrap();
        html[start..end].to_owned()
    };
    let v1 = head("1");
    assert!(
        v1.contains("data-consumers=\"2\">2 consumers in 30 days (3 requests)"),
        "{v1}"
    );
    let v2 = head("2");
    assert!(
        v2.contains("data-consumers=\"1\">1 consumer in 30 days (1 request)"),
        "{v2}"
    );
}

mod retiring {
    versionary::api_versions! {
        pub Retiring(notice_days = 60) {
            1 => "Initial release" { deprecated = "2025-01-01", sunset = "2025-03-02" },
            2 => "Second",
            3 => "Third" { deprecated = "2025-05-01" },
            4 => "Fourth",
        }
    }

    #[versionary::endpoint(GET "/items", api = Retiring)]
    async fn items() -> &'static str {
        "[]"
    }
}

#[tokio::test]
async fn the_matrix_names_deprecated_and_retired_versions() {
    let app = ApiBuilder::<retiring::Retiring>::new()
        .clock(Clock::at("2025-06-01").unwrap())
        .docs("/docs")
        .build(())
        .unwrap();
    let server = support::start(app).await;
    let html = server.get("/docs/versions").await.text;
    for (stage, label) in [
        ("retired", "1"),
        ("supported", "2"),
        ("deprecated", "3"),
        ("latest", "4"),
    ] {
        assert!(
            html.contains(&format!(
                "data-lifecycle=\"{stage}\" data-version=\"{label}\""
            )),
            "{label} is {stage}: {html}"
        );
    }
    assert!(html.contains("retired: 410 Gone"), "{html}");
}
