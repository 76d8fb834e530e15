//! The `document_api` contract (../shared/EXAMPLES.md), called over real HTTP on 127.0.0.1
//! at three clock settings: before the deprecation of `GET /books/{id}/forms`, during the
//! cut-over, and after its sunset. Header formats are checked against their RFCs.

mod support;

use serde_json::json;
use support::{Reply, Server};
use versionary::Clock;

const OLD: &str = "2024-06-01";
const NEW: &str = "2025-01-15";
const POLICY: &str = "https://docs.example.com/document-api/deprecation-policy";

async fn server_at(now: &str) -> Server {
    let clock = Clock::at(now).expect("a valid date");
    support::start(versionary_examples::document_api::app_at(clock).expect("router builds")).await
}

async fn get(server: &Server, path: &str, version: &str) -> Reply {
    server
        .call("GET", path, None, &[("api-version", version)])
        .await
}

/// RFC 9745 §2.1: `Deprecation` is an RFC 9651 Date: `@` and an integer of seconds.
fn assert_structured_date(value: &str) -> i64 {
    let digits = value.strip_prefix('@').expect("a Date starts with `@`");
    assert!(
        !digits.is_empty() && digits.len() <= 15 && digits.bytes().all(|b| b.is_ascii_digit()),
        "`{value}` is not an sf-date"
    );
    digits.parse().unwrap()
}

/// RFC 8594 §3: `Sunset` is an HTTP-date, whose preferred form is the IMF-fixdate of RFC 9110
/// §5.6.7: `Sun, 06 Nov 1994 08:49:37 GMT`.
fn assert_imf_fixdate(value: &str) {
    let parts: Vec<&str> = value.split(' ').collect();
    assert_eq!(parts.len(), 6, "`{value}`");
    assert!(
        ["Mon,", "Tue,", "Wed,", "Thu,", "Fri,", "Sat,", "Sun,"].contains(&parts[0]),
        "`{value}`"
    );
    assert!(parts[1].len() == 2 && parts[1].bytes().all(|b| b.is_ascii_digit()));
    assert!(
        [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
        ]
        .contains(&parts[2])
    );
    assert!(parts[3].len() == 4 && parts[3].bytes().all(|b| b.is_ascii_digit()));
    let time: Vec<&str> = parts[4].split(':').collect();
    assert!(time.len() == 3 && time.iter().all(|t| t.len() == 2));
    assert_eq!(parts[5], "GMT");
}

/// RFC 8288 §3: `Link` is a list of `<URI-Reference>; param=value` entries. Returns
/// (target, rel) pairs.
fn parse_links(value: &str) -> Vec<(String, String)> {
    value
        .split(", <")
        .map(|entry| {
            let entry = entry.trim_start_matches('<');
            let (target, params) = entry.split_once('>').expect("`<target>`");
            assert!(!target.contains([' ', '<', '>', '"']), "`{target}`");
            let rel = params
                .split(';')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .find_map(|p| p.strip_prefix("rel="))
                .expect("every link has a rel");
            assert!(
                rel.starts_with('"') && rel.ends_with('"'),
                "`{rel}` is quoted"
            );
            (target.to_owned(), rel.trim_matches('"').to_owned())
        })
        .collect()
}

fn summary_at_old_version() -> serde_json::Value {
    json!({"book_id": "42", "transactions": ["t1", "t2"], "status": "complete"})
}

fn summary_at_new_version() -> serde_json::Value {
    json!({
        "book_id": "42",
        "transactions": [{"id": "t1", "amount": 10.5}, {"id": "t2", "amount": -3.0}],
        "status": "complete",
    })
}

#[tokio::test]
async fn before_the_deprecation_forms_answer_without_notice() {
    let server = server_at("2024-12-01").await;
    let reply = get(&server, "/books/42/forms", OLD).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.json()["book_id"], "42");
    assert_eq!(reply.header("api-version"), Some(OLD));
    for header in ["deprecation", "sunset", "link", "api-deprecated-versions"] {
        assert_eq!(
            reply.header(header),
            None,
            "{header} before the deprecation"
        );
    }
    assert_eq!(
        reply.header("api-supported-versions"),
        Some("2024-06-01, 2025-01-15")
    );
    let summary = get(&server, "/books/42/summary", OLD).await;
    assert_eq!(summary.json(), summary_at_old_version());
    let summary = get(&server, "/books/42/summary", NEW).await;
    assert_eq!(summary.json(), summary_at_new_version());
}

#[tokio::test]
async fn during_the_cut_over_forms_carry_deprecation_sunset_and_successor() {
    let server = server_at("2025-02-01T09:30:00Z").await;
    let reply = get(&server, "/books/42/forms", OLD).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(
        reply.json(),
        json!({"book_id": "42", "forms": ["SA100", "SA103"]})
    );
    let deprecation = reply.header("deprecation").expect("Deprecation");
    assert_eq!(assert_structured_date(deprecation), 1_736_899_200); // 2025-01-15T00:00:00Z
    let sunset = reply.header("sunset").expect("Sunset");
    assert_imf_fixdate(sunset);
    assert_eq!(sunset, "Mon, 17 Mar 2025 00:00:00 GMT");
    let links = parse_links(reply.header("link").expect("Link"));
    assert!(
        links.contains(&(
            "/books/42/summary".to_owned(),
            "successor-version".to_owned()
        )),
        "{links:?}"
    );
    assert!(
        links.contains(&(POLICY.to_owned(), "deprecation".to_owned())),
        "{links:?}"
    );
    // The version itself is not deprecated: only this endpoint is.
    assert_eq!(reply.header("api-deprecated-versions"), None);

    // Both endpoints work through the cut-over; the summary carries no notice.
    let summary = get(&server, "/books/42/summary", OLD).await;
    assert_eq!(summary.status, 200);
    assert_eq!(summary.json(), summary_at_old_version());
    assert_eq!(summary.header("deprecation"), None);
    let summary = get(&server, "/books/42/summary", NEW).await;
    assert_eq!(summary.json(), summary_at_new_version());
}

#[tokio::test]
async fn after_the_sunset_forms_are_gone_and_the_rest_of_the_version_works() {
    let server = server_at("2025-03-17").await;
    let reply = get(&server, "/books/42/forms", OLD).await;
    let problem = reply.problem(410);
    assert_eq!(problem["type"], "urn:versionary:problem:sunset");
    assert_eq!(problem["successor"], "/books/42/summary");
    assert_eq!(problem["successor_version"], NEW);
    assert_eq!(problem["sunset"], "2025-03-17");
    let detail = problem["detail"].as_str().unwrap();
    assert!(detail.contains("/books/42/summary"), "{detail}");
    assert_eq!(reply.header("api-version"), Some(OLD));
    assert_eq!(
        reply.header("sunset"),
        Some("Mon, 17 Mar 2025 00:00:00 GMT")
    );
    assert!(reply.header("link").unwrap().contains("successor-version"));

    // The rest of 2024-06-01 keeps working.
    let summary = get(&server, "/books/42/summary", OLD).await;
    assert_eq!(summary.status, 200);
    assert_eq!(summary.json(), summary_at_old_version());
    // The endpoint is gone whatever the book: the handler is not called.
    let missing = get(&server, "/books/7/forms", OLD).await;
    assert_eq!(missing.problem(410)["successor"], "/books/7/summary");
}

#[tokio::test]
async fn forms_do_not_exist_in_the_new_version() {
    for now in ["2024-12-01", "2025-02-01", "2025-04-01"] {
        let server = server_at(now).await;
        let reply = get(&server, "/books/42/forms", NEW).await;
        reply.problem(404);
    }
}

#[tokio::test]
async fn the_version_header_is_required_known_and_single() {
    let server = server_at("2025-02-01").await;
    let missing = server.get("/books/42/summary").await;
    let problem = missing.problem(400);
    assert_eq!(problem["supported_versions"], json!([OLD, NEW]));

    let unknown = get(&server, "/books/42/summary", "2023-01-01").await;
    unknown.problem(400);
    let malformed = get(&server, "/books/42/summary", "2025-02-30").await;
    malformed.problem(400);
    let two = server
        .call(
            "GET",
            "/books/42/summary",
            None,
            &[("api-version", OLD), ("api-version", NEW)],
        )
        .await;
    two.problem(400);
    let book = get(&server, "/books/7/summary", NEW).await;
    book.problem(404);
}

#[tokio::test]
async fn the_version_list_shows_dates() {
    let server = server_at("2025-02-01").await;
    let list = server.get("/versions").await.json();
    assert_eq!(list["latest"], NEW);
    assert_eq!(list["versions"][0]["version"], OLD);
    assert_eq!(list["versions"][0]["released"], OLD);
    assert_eq!(list["versions"][1]["status"], "current");
}

#[test]
fn the_route_table_shows_the_retiring_endpoint() {
    let table = versionary_examples::document_api::routes().expect("route table");
    let forms = table
        .rows
        .iter()
        .find(|r| r.path == "/books/{id}/forms")
        .expect("forms row");
    assert_eq!((forms.version, forms.status), (OLD, "sunset-scheduled"));
    let summary = table
        .rows
        .iter()
        .filter(|r| r.path == "/books/{id}/summary")
        .count();
    assert_eq!(summary, 2);
}

#[tokio::test]
async fn the_openapi_documents_are_served_for_both_versions() {
    let server = server_at("2025-02-01").await;
    for version in [OLD, NEW] {
        let reply = server.get(&format!("/openapi/{version}.json")).await;
        assert_eq!(reply.status, 200);
        assert_eq!(reply.json()["info"]["version"], version);
    }
}
