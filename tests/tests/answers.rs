//! An endpoint's answers beyond the body, per version, declared on `#[endpoint]`: the
//! success status (`status(from = 200, in = 3)`), the handler's errors (another status,
//! another shape, a success), and response headers (added, renamed, removed). Checked over
//! HTTP in every way of selecting the version, and in the OpenAPI documents, the changelog
//! and the lock. The framework's own errors keep their shapes.

mod support;

use axum::extract::Path;
use http::{HeaderMap, HeaderValue, StatusCode};
use serde_json::{Value, json};
use support::Server;
use versionary::{ApiBuilder, Json, Problem, VersionFrom};

mod library {
    use super::*;

    versionary::api_versions! {
        pub Library {
            1 => "Initial release",
            2 => "Withdrawn books answer 410; the rate-limit header loses its `x-`",
            3 => "Loans answer 201; unknown books' reviews are a 404; a request cost header",
            4 => "Conflicts are problems; no more `x-legacy-id`",
        }
    }

    /// A loan of a book.
    #[versionary::versioned(api = Library, request, response)]
    #[derive(Clone)]
    pub struct Loan {
        pub book: u32,
        pub reader: String,
    }

    /// Lends a book.
    #[versionary::endpoint(
        POST "/loans",
        api = Library,
        status = 201,
        status(from = 200, in = 3),
        error(status = 422, from = 400, in = 2),
        error(status = 409, in = 4, down = old_conflict),
    )]
    async fn lend(Json(loan): Json<Loan>) -> Result<(StatusCode, Json<Loan>), Problem> {
        match loan.book {
            0 => Err(Problem::unprocessable("no book `0`")),
            7 => Err(Problem::new(StatusCode::CONFLICT)
                .with_type("urn:library:on-loan")
                .with_detail("book `7` is on loan")),
            _ => Ok((StatusCode::CREATED, Json(loan))),
        }
    }

    /// Before version 4, a conflict was a plain JSON error with a 423.
    fn old_conflict(problem: Problem) -> (StatusCode, Json<Value>) {
        let detail = problem.get("detail").cloned().unwrap_or(Value::Null);
        (StatusCode::LOCKED, Json(json!({ "error": detail })))
    }

    /// Reads a book's title.
    #[versionary::endpoint(
        GET "/books/{id}",
        api = Library,
        error(status = 410, from = 404, in = 2),
        response_header("ratelimit-remaining", from = "x-ratelimit-remaining", in = 2),
        response_header("x-request-cost", added = 3),
        response_header("x-legacy-id", removed = 4, down = legacy_id),
    )]
    async fn book(Path(id): Path<u32>) -> Result<(HeaderMap, Json<String>), Problem> {
        if id == 0 {
            return Err(Problem::new(StatusCode::GONE)
                .with_type("urn:library:withdrawn")
                .with_detail("book `0` was withdrawn"));
        }
        let mut headers = HeaderMap::new();
        headers.insert("ratelimit-remaining", HeaderValue::from_static("99"));
        headers.insert("x-request-cost", HeaderValue::from_static("1"));
        headers.insert("etag", HeaderValue::from(id));
        Ok((headers, Json(format!("Book {id}"))))
    }

    /// The old `x-legacy-id` header was the book's number, which the `etag` carries now.
    fn legacy_id(headers: &HeaderMap) -> Option<HeaderValue> {
        headers.get("etag").cloned()
    }

    /// Lists a book's reviews.
    #[versionary::endpoint(GET "/books/{id}/reviews", api = Library, error(status = 404, in = 3, down = no_reviews))]
    async fn reviews(Path(id): Path<u32>) -> Result<Json<Vec<String>>, Problem> {
        if id > 100 {
            return Err(Problem::not_found(format!("no book `{id}`")));
        }
        Ok(Json(vec![format!("Book {id} is good")]))
    }

    /// A book's cover. Every version sends `x-trace` and answers a missing cover with a 404
    /// problem, declared without a history (what a service already answered when it
    /// adopted versionary); `x-cover-size` was in KiB before version 3, in bytes since.
    #[versionary::endpoint(
        GET "/books/{id}/cover",
        api = Library,
        response_header("x-trace"),
        error(status = 404),
        response_header("x-cover-size", in = 3, down = size_in_kib),
    )]
    async fn cover(Path(id): Path<u32>) -> Result<(HeaderMap, Json<String>), Problem> {
        if id > 100 {
            return Err(Problem::not_found(format!("no cover for `{id}`")));
        }
        let mut headers = HeaderMap::new();
        headers.insert("x-trace", HeaderValue::from_static("t-1"));
        headers.insert("x-cover-size", HeaderValue::from(id * 1024));
        Ok((headers, Json(format!("cover {id}"))))
    }

    /// The size in KiB, as versions 1 and 2 sent it; none when the latest sent none.
    fn size_in_kib(headers: &HeaderMap) -> Option<HeaderValue> {
        let bytes: u32 = headers.get("x-cover-size")?.to_str().ok()?.parse().ok()?;
        Some(HeaderValue::from(bytes / 1024))
    }

    /// Which books to find.
    #[versionary::leaf(api = Library)]
    #[derive(serde::Serialize, serde::Deserialize, versionary::schemars::JsonSchema)]
    #[schemars(crate = "versionary::schemars")]
    pub struct Search {
        pub genre: Option<String>,
    }

    /// Finds books; version 1 sent the genre in `x-genre`.
    #[versionary::endpoint(GET "/search", api = Library, request_header("x-genre", query = "genre", in = 2))]
    async fn search(versionary::Query(search): versionary::Query<Search>) -> Json<String> {
        Json(search.genre.unwrap_or_else(|| "any".to_owned()))
    }

    /// A note on a book.
    #[versionary::versioned(api = Library, request, response)]
    #[derive(Clone)]
    pub struct Note {
        pub text: String,
        pub author: String,
    }

    /// Writes a note; version 1 sent its author in `x-author`.
    #[versionary::endpoint(POST "/notes", api = Library, request_header("x-author", body = "author", in = 2))]
    async fn note(Json(note): Json<Note>) -> Json<Note> {
        Json(note)
    }

    /// Before version 3, an unknown book had no reviews.
    fn no_reviews(_: Problem) -> Json<Vec<String>> {
        Json(Vec::new())
    }
}

use library::Library;

/// The ways of selecting a version: in the path, a header, the query, the media type.
#[derive(Clone, Copy, Debug)]
enum Way {
    Path,
    Header,
    Query,
    MediaType,
}

async fn start(way: Way) -> Server {
    let from = match way {
        Way::Path => VersionFrom::path("/api"),
        Way::Header => VersionFrom::header("api-version"),
        Way::Query => VersionFrom::query("api-version"),
        Way::MediaType => VersionFrom::MediaType,
    };
    support::start(
        ApiBuilder::<Library>::new()
            .select_version(from)
            .build(())
            .expect("router builds"),
    )
    .await
}

async fn call(
    server: &Server,
    way: Way,
    method: &str,
    version: u32,
    path: &str,
    body: Option<&str>,
) -> support::Reply {
    call_with(server, way, (method, version, path), body, &[]).await
}

/// A request with extra headers, the version named `way`'s way.
async fn call_with(
    server: &Server,
    way: Way,
    (method, version, path): (&str, u32, &str),
    body: Option<&str>,
    headers: &[(&str, &str)],
) -> support::Reply {
    let v = version.to_string();
    let accept = format!("application/json; version={version}");
    let mut all: Vec<(&str, &str)> = headers.to_vec();
    let target = match way {
        Way::Path => format!("/api/v{version}{path}"),
        Way::Header => {
            all.push(("api-version", &v));
            path.to_owned()
        }
        Way::Query => {
            let separator = if path.contains('?') { '&' } else { '?' };
            format!("{path}{separator}api-version={version}")
        }
        Way::MediaType => {
            all.push(("accept", &accept));
            path.to_owned()
        }
    };
    server.call(method, &target, body, &all).await
}

#[tokio::test]
async fn request_headers_of_older_versions_in_every_way() {
    for way in WAYS {
        let server = start(way).await;
        let v1 = call_with(
            &server,
            way,
            ("GET", 1, "/search"),
            None,
            &[("x-genre", "epic")],
        )
        .await;
        assert_eq!(
            (v1.status, v1.json()),
            (200, json!("epic")),
            "{way:?}: {}",
            v1.text
        );
        let v2 = call_with(
            &server,
            way,
            ("GET", 2, "/search?genre=poem"),
            None,
            &[("x-genre", "epic")],
        )
        .await;
        assert_eq!(
            (v2.status, v2.json()),
            (200, json!("poem")),
            "{way:?}: {}",
            v2.text
        );
        let v2 = call_with(
            &server,
            way,
            ("GET", 2, "/search"),
            None,
            &[("x-genre", "epic")],
        )
        .await;
        assert_eq!(v2.json(), json!("any"), "{way:?}");

        let v1 = call_with(
            &server,
            way,
            ("POST", 1, "/notes"),
            Some(r#"{"text": "fine"}"#),
            &[("x-author", "Ada")],
        )
        .await;
        assert_eq!(v1.status, 200, "{way:?}: {}", v1.text);
        assert_eq!(v1.json(), json!({ "text": "fine", "author": "Ada" }));
        let v2 = call_with(
            &server,
            way,
            ("POST", 2, "/notes"),
            Some(r#"{"text": "fine"}"#),
            &[("x-author", "Ada")],
        )
        .await;
        v2.problem(422);
    }
}

const WAYS: [Way; 4] = [Way::Path, Way::Header, Way::Query, Way::MediaType];

#[tokio::test]
async fn success_status_per_version() {
    for way in WAYS {
        let server = start(way).await;
        let loan = r#"{"book": 3, "reader": "Ada"}"#;
        for (version, status) in [(1, 200), (2, 200), (3, 201), (4, 201)] {
            let reply = call(&server, way, "POST", version, "/loans", Some(loan)).await;
            assert_eq!(reply.status, status, "{way:?} v{version}: {}", reply.text);
            assert_eq!(reply.json(), json!({ "book": 3, "reader": "Ada" }));
            assert_eq!(
                reply.header("api-version"),
                Some(version.to_string().as_str())
            );
        }
    }
}

#[tokio::test]
async fn error_status_per_version_rewrites_the_problem() {
    for way in WAYS {
        let server = start(way).await;
        let old = call(&server, way, "GET", 1, "/books/0", None).await;
        let problem = old.problem(404);
        assert_eq!(problem["status"], 404, "{way:?}");
        assert_eq!(problem["title"], "Not Found");
        assert_eq!(problem["type"], "urn:library:withdrawn");
        assert_eq!(problem["detail"], "book `0` was withdrawn");
        for version in [2, 3, 4] {
            let new = call(&server, way, "GET", version, "/books/0", None).await;
            let problem = new.problem(410);
            assert_eq!(problem["title"], "Gone");
            assert_eq!(problem["status"], 410);
        }
        // 422 from the handler was a 400 in version 1.
        let unknown = r#"{"book": 0, "reader": "Ada"}"#;
        let v1 = call(&server, way, "POST", 1, "/loans", Some(unknown)).await;
        assert_eq!(v1.problem(400)["detail"], "no book `0`");
        let v2 = call(&server, way, "POST", 2, "/loans", Some(unknown)).await;
        assert_eq!(v2.problem(422)["detail"], "no book `0`");
    }
}

#[tokio::test]
async fn the_frameworks_own_errors_keep_their_shapes() {
    for way in WAYS {
        let server = start(way).await;
        // A body that does not match is the framework's 422, in version 1 too: the declared
        // 422 -> 400 migration is for the handler's errors only.
        let reply = call(&server, way, "POST", 1, "/loans", Some(r#"{"book": "x"}"#)).await;
        let problem = reply.problem(422);
        assert_ne!(problem["type"], "about:blank", "{way:?}: {problem}");
        // A bad path parameter stays axum's 400.
        let reply = call(&server, way, "GET", 1, "/books/abc", None).await;
        assert_eq!(reply.status, 400, "{way:?}: {}", reply.text);
    }
}

#[tokio::test]
async fn errors_converted_to_another_shape_or_a_success() {
    for way in WAYS {
        let server = start(way).await;
        let on_loan = r#"{"book": 7, "reader": "Ada"}"#;
        for version in [1, 2, 3] {
            let reply = call(&server, way, "POST", version, "/loans", Some(on_loan)).await;
            assert_eq!(reply.status, 423, "{way:?} v{version}: {}", reply.text);
            assert_eq!(reply.header("content-type"), Some("application/json"));
            assert_eq!(reply.json(), json!({ "error": "book `7` is on loan" }));
            assert_eq!(
                reply.header("api-version"),
                Some(version.to_string().as_str())
            );
        }
        let latest = call(&server, way, "POST", 4, "/loans", Some(on_loan)).await;
        assert_eq!(latest.problem(409)["type"], "urn:library:on-loan");

        for version in [1, 2] {
            let reply = call(&server, way, "GET", version, "/books/500/reviews", None).await;
            assert_eq!(reply.status, 200, "{way:?} v{version}: {}", reply.text);
            assert_eq!(reply.json(), json!([]));
        }
        for version in [3, 4] {
            let reply = call(&server, way, "GET", version, "/books/500/reviews", None).await;
            reply.problem(404);
        }
        let found = call(&server, way, "GET", 1, "/books/5/reviews", None).await;
        assert_eq!(found.json(), json!(["Book 5 is good"]));
    }
}

#[tokio::test]
async fn response_headers_per_version() {
    for way in WAYS {
        let server = start(way).await;
        let names = |reply: &support::Reply| {
            let mut names: Vec<&str> = [
                "ratelimit-remaining",
                "x-ratelimit-remaining",
                "x-request-cost",
                "x-legacy-id",
            ]
            .into_iter()
            .filter(|n| reply.headers.contains_key(*n))
            .collect();
            names.sort_unstable();
            names
        };
        let v1 = call(&server, way, "GET", 1, "/books/5", None).await;
        assert_eq!(v1.status, 200);
        assert_eq!(
            names(&v1),
            ["x-legacy-id", "x-ratelimit-remaining"],
            "{way:?}"
        );
        assert_eq!(v1.header("x-ratelimit-remaining"), Some("99"));
        assert_eq!(v1.header("x-legacy-id"), Some("5"));
        let v2 = call(&server, way, "GET", 2, "/books/5", None).await;
        assert_eq!(names(&v2), ["ratelimit-remaining", "x-legacy-id"]);
        let v3 = call(&server, way, "GET", 3, "/books/5", None).await;
        assert_eq!(
            names(&v3),
            ["ratelimit-remaining", "x-legacy-id", "x-request-cost"]
        );
        let v4 = call(&server, way, "GET", 4, "/books/5", None).await;
        assert_eq!(names(&v4), ["ratelimit-remaining", "x-request-cost"]);
        assert_eq!(v4.json(), json!("Book 5"));
    }
}

#[tokio::test]
async fn answers_declared_for_every_version_and_a_header_value_change() {
    for way in WAYS {
        let server = start(way).await;
        for version in 1..=4 {
            let reply = call(&server, way, "GET", version, "/books/5/cover", None).await;
            assert_eq!(reply.status, 200, "{way:?} v{version}");
            assert_eq!(reply.header("x-trace"), Some("t-1"), "{way:?} v{version}");
            let size = if version < 3 { "5" } else { "5120" };
            assert_eq!(
                reply.header("x-cover-size"),
                Some(size),
                "{way:?} v{version}"
            );
            let missing = call(&server, way, "GET", version, "/books/500/cover", None).await;
            assert_eq!(missing.status, 404, "{way:?} v{version}");
            assert_eq!(missing.json()["status"], json!(404));
        }
    }
}

#[test]
fn answers_declared_for_every_version_are_documented_and_locked() {
    let builder = ApiBuilder::<Library>::new().select_version(VersionFrom::path("/api"));
    for v in ["1", "2", "3", "4"] {
        let doc = builder.openapi(v).expect("document");
        let r = responses(&doc, &format!("/api/v{v}/books/{{id}}/cover"), "get");
        assert!(r.get("404").is_some(), "v{v}: {r}");
        let headers = r["200"]["headers"].as_object().cloned().unwrap_or_default();
        assert!(
            headers.contains_key("x-trace") && headers.contains_key("x-cover-size"),
            "v{v}: {r}"
        );
    }
    let lock = versionary::lock::render::<Library>();
    let section = |label: &str| -> String {
        let start = lock.find(&format!("[version {label}]")).expect("version");
        let rest = &lock[start + 1..];
        rest[..rest.find("[version").unwrap_or(rest.len())].to_owned()
    };
    for v in ["1", "2", "3", "4"] {
        let s = section(v);
        for line in [
            "header GET /books/{id}/cover x-trace",
            "header GET /books/{id}/cover x-cover-size",
            "error GET /books/{id}/cover 404 404",
        ] {
            assert!(
                s.contains(&format!("{line}\n")),
                "v{v} lacks `{line}`:\n{s}"
            );
        }
        let converted = s.contains("converted_header GET /books/{id}/cover x-cover-size\n");
        assert_eq!(converted, v < "3", "v{v}:\n{s}");
    }
    let changes = versionary::changelog::changes::<Library>();
    let said: Vec<String> = changes
        .iter()
        .find(|(l, _)| *l == "3")
        .map(|(_, c)| {
            c.iter()
                .map(|c| format!("{}: {}", c.subject, c.what))
                .collect()
        })
        .unwrap_or_default();
    assert!(
        said.contains(
            &"GET /books/{id}/cover: the response header `x-cover-size` carries a new value"
                .to_owned()
        ),
        "{said:#?}"
    );
    // Declared for every version, the header and the error are no change anywhere.
    for (_, c) in &changes {
        assert!(
            !c.iter().any(|c| c.what.contains("x-trace")
                || (c.subject.contains("cover") && c.what.contains("404"))),
            "{c:#?}"
        );
    }
}

fn responses(doc: &Value, path: &str, method: &str) -> Value {
    doc["paths"][path][method]["responses"].clone()
}

#[test]
fn the_documents_show_each_versions_answers() {
    let builder = ApiBuilder::<Library>::new().select_version(VersionFrom::path("/api"));
    let doc = |v: &str| builder.openapi(v).expect("document");
    for (version, status) in [("1", "200"), ("2", "200"), ("3", "201"), ("4", "201")] {
        let r = responses(&doc(version), &format!("/api/v{version}/loans"), "post");
        assert!(r.get(status).is_some(), "v{version}: {r}");
        let other = if status == "200" { "201" } else { "200" };
        assert!(r.get(other).is_none(), "v{version}: {r}");
    }
    let books = |v: &str| responses(&doc(v), &format!("/api/v{v}/books/{{id}}"), "get");
    assert!(books("1").get("404").is_some() && books("1").get("410").is_none());
    assert!(books("2").get("410").is_some() && books("2").get("404").is_none());
    let headers = |v: &str| {
        let mut names: Vec<String> = books(v)["200"]["headers"]
            .as_object()
            .map(|h| h.keys().cloned().collect())
            .unwrap_or_default();
        names.sort();
        names
    };
    // Older versions' answers also name the latest version and link to it.
    assert_eq!(
        headers("1"),
        [
            "Link",
            "api-latest-version",
            "x-legacy-id",
            "x-ratelimit-remaining"
        ]
    );
    assert_eq!(
        headers("3"),
        [
            "Link",
            "api-latest-version",
            "ratelimit-remaining",
            "x-legacy-id",
            "x-request-cost"
        ]
    );
    assert_eq!(headers("4"), ["ratelimit-remaining", "x-request-cost"]);
    // The 409 a function converts before version 4 is not documented as a 409 there.
    let loans = |v: &str| responses(&doc(v), &format!("/api/v{v}/loans"), "post");
    assert!(loans("3").get("409").is_none() && loans("4").get("409").is_some());
    assert!(loans("1").get("400").is_some() && loans("2").get("422").is_some());
    for v in ["1", "2", "3", "4"] {
        support::openapi::validate_document(&doc(v)).unwrap_or_else(|e| panic!("v{v}: {e:#?}"));
    }
}

#[test]
fn the_changelog_and_the_lock_record_the_answers() {
    let changes = versionary::changelog::changes::<Library>();
    let said = |label: &str| -> Vec<String> {
        changes
            .iter()
            .find(|(l, _)| *l == label)
            .map(|(_, c)| {
                c.iter()
                    .map(|c| format!("{}: {}", c.subject, c.what))
                    .collect()
            })
            .unwrap_or_default()
    };
    let v2 = said("2");
    assert!(
        v2.contains(&"GET /books/{id}: response header `ratelimit-remaining` added".to_owned()),
        "{v2:#?}"
    );
    assert!(
        v2.contains(
            &"GET /books/{id}: response header `x-ratelimit-remaining` no longer sent".to_owned()
        ),
        "{v2:#?}"
    );
    assert!(
        v2.iter()
            .any(|c| c
                == "GET /books/{id}: the handler's error 410 is answered 410 (was answered 404)"),
        "{v2:#?}"
    );
    let v3 = said("3");
    assert!(
        v3.contains(&"POST /loans: answers 201 instead of 200".to_owned()),
        "{v3:#?}"
    );
    assert!(
        v3.iter()
            .any(|c| c.contains("GET /books/{id}/reviews")
                && c.contains("was converted by a function")),
        "{v3:#?}"
    );
    let v4 = said("4");
    assert!(
        v4.contains(&"GET /books/{id}: response header `x-legacy-id` no longer sent".to_owned()),
        "{v4:#?}"
    );

    let lock = versionary::lock::render::<Library>();
    let section = |label: &str| -> String {
        let start = lock
            .find(&format!("[version {label}]"))
            .expect("version in lock");
        let rest = &lock[start + 1..];
        rest[..rest.find("[version").unwrap_or(rest.len())].to_owned()
    };
    let v1 = section("1");
    for line in [
        "status POST /loans 200",
        "error POST /loans 422 400",
        "error POST /loans 409 converted",
        "error GET /books/{id} 410 404",
        "error GET /books/{id}/reviews 404 converted",
        "header GET /books/{id} x-ratelimit-remaining",
        "header GET /books/{id} x-legacy-id",
    ] {
        assert!(
            v1.contains(&format!("{line}\n")),
            "v1 lacks `{line}`:\n{v1}"
        );
    }
    let v4 = section("4");
    assert!(
        v4.contains("status POST /loans 201\n")
            && !v4
                .lines()
                .any(|l| l.starts_with("error ") && !l.contains("/cover ")),
        "{v4}"
    );
    assert!(
        v4.contains("header GET /books/{id} ratelimit-remaining\n"),
        "{v4}"
    );
}
