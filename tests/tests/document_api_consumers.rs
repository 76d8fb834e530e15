//! The `document_api` example's consumers, over real HTTP on 127.0.0.1: consumers named by
//! `x-client-id` are pinned in a SQLite file on their first call without a version, the pin
//! survives a restart, an explicit version wins for its request, and operators (bearer
//! token) read the migration report and move pins. Each test has its own pin file and
//! configuration: nothing is read from the process environment.

mod support;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{Value, json};
use support::{Reply, Server};
use versionary::Clock;
use versionary::pins::{PinStore, SqliteStore};
use versionary_examples::document_api::{self, Config, OperatorToken};

const OLD: &str = "2024-06-01";
const NEW: &str = "2025-01-15";
const NOW: &str = "2025-02-01T10:00:00Z";
const TOKEN: &str = "ops-s3cret";
const BEARER: (&str, &str) = ("authorization", "Bearer ops-s3cret");

/// A directory of its own under the system's temporary directory, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(test: &str) -> TempDir {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!(
            "versionary-document-api-{test}-{}-{n}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a temporary directory");
        TempDir(dir)
    }

    fn pins(&self) -> PathBuf {
        self.0.join("pins.db")
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn config(pins_db: &Path, clock: &str, token: Option<&str>) -> Config {
    Config {
        clock: Clock::at(clock).expect("a valid date"),
        pins_db: pins_db.to_owned(),
        operator_token: token.map(OperatorToken::new),
    }
}

async fn serve(config: &Config) -> Server {
    support::start(document_api::app_with(config).expect("the service builds")).await
}

/// `GET /books/42/summary` as `client`, naming `version` or none.
async fn summary(server: &Server, client: &str, version: Option<&str>) -> Reply {
    let mut headers = vec![("x-client-id", client)];
    if let Some(version) = version {
        headers.push(("api-version", version));
    }
    server
        .call("GET", "/books/42/summary", None, &headers)
        .await
}

/// The version a summary was served at, checked against its body's shape: ids at
/// 2024-06-01, objects at 2025-01-15.
fn served_at(reply: &Reply) -> &str {
    assert_eq!(reply.status, 200, "{}", reply.text);
    let version = reply.header("api-version").expect("api-version");
    let first = &reply.json()["transactions"][0];
    match version {
        OLD => assert_eq!(*first, json!("t1")),
        NEW => assert_eq!(*first, json!({"id": "t1", "amount": 10.5})),
        other => panic!("served at `{other}`"),
    }
    version
}

async fn operator(server: &Server, method: &str, path: &str, body: Option<&str>) -> Reply {
    server.call(method, path, body, &[BEARER]).await
}

/// Pins `consumer` to `version` in the file, as a consumer that first called in 2024 was.
async fn seed_pin(pins_db: &Path, consumer: &str, version: &str) {
    let store = SqliteStore::open(pins_db).expect("the pin file opens");
    store
        .pin_first(consumer, version, 1_720_000_000)
        .await
        .expect("pinned");
}

#[tokio::test]
async fn a_consumer_naming_no_version_is_pinned_to_the_latest_on_its_first_call() {
    let dir = TempDir::new("first-call");
    let server = serve(&config(&dir.pins(), NOW, Some(TOKEN))).await;
    assert_eq!(served_at(&summary(&server, "acme", None).await), NEW);
    let pin = operator(&server, "GET", "/operator/pins/acme", None).await;
    assert_eq!(pin.status, 200, "{}", pin.text);
    assert_eq!(
        pin.json(),
        json!({"version": NEW, "previous": null, "changed_at": 1_738_404_000})
    );
    // The contract is unchanged for a request naming neither a consumer nor a version.
    let anonymous = server.get("/books/42/summary").await;
    anonymous.problem(400);
    // An identifier that is not one is a 400 problem, never pinned.
    summary(&server, "not valid!", None).await.problem(400);
}

#[tokio::test]
async fn pins_and_their_upgrades_survive_a_restart() {
    let dir = TempDir::new("restart");
    seed_pin(&dir.pins(), "legacy", OLD).await;
    let first = serve(&config(&dir.pins(), NOW, Some(TOKEN))).await;
    assert_eq!(served_at(&summary(&first, "acme", None).await), NEW);
    assert_eq!(served_at(&summary(&first, "legacy", None).await), OLD);
    let body = json!({"version": NEW}).to_string();
    let upgraded = operator(&first, "POST", "/operator/pins/legacy", Some(&body)).await;
    assert_eq!(upgraded.status, 200, "{}", upgraded.text);
    drop(first);
    // A new router over the same file, a day later: the pins are read from the file.
    let restarted = serve(&config(&dir.pins(), "2025-02-02T10:00:00Z", Some(TOKEN))).await;
    let acme = operator(&restarted, "GET", "/operator/pins/acme", None).await;
    assert_eq!(acme.json()["changed_at"], 1_738_404_000, "not pinned again");
    assert_eq!(served_at(&summary(&restarted, "legacy", None).await), NEW);
    // What the upgrade left is kept too: it can be rolled back within the window.
    let back = operator(&restarted, "POST", "/operator/pins/legacy/rollback", None).await;
    assert_eq!(back.json()["version"], OLD, "{}", back.text);
    assert_eq!(served_at(&summary(&restarted, "legacy", None).await), OLD);
}

#[tokio::test]
async fn an_explicit_version_wins_for_its_request_without_moving_the_pin() {
    let dir = TempDir::new("explicit");
    let server = serve(&config(&dir.pins(), NOW, Some(TOKEN))).await;
    assert_eq!(served_at(&summary(&server, "acme", None).await), NEW);
    assert_eq!(served_at(&summary(&server, "acme", Some(OLD)).await), OLD);
    assert_eq!(served_at(&summary(&server, "acme", None).await), NEW);
    let pin = operator(&server, "GET", "/operator/pins/acme", None).await;
    assert_eq!(pin.json()["version"], NEW);
    // A consumer whose first call names a version is not pinned by it.
    assert_eq!(served_at(&summary(&server, "globex", Some(OLD)).await), OLD);
    let none = operator(&server, "GET", "/operator/pins/globex", None).await;
    none.problem(404);
}

#[tokio::test]
async fn the_report_lists_who_still_calls_the_older_version() {
    let dir = TempDir::new("report");
    seed_pin(&dir.pins(), "legacy", OLD).await;
    let server = serve(&config(&dir.pins(), NOW, Some(TOKEN))).await;
    for _ in 0..3 {
        served_at(&summary(&server, "oldco", Some(OLD)).await);
    }
    served_at(&summary(&server, "legacy", None).await);
    served_at(&summary(&server, "acme", None).await);
    let reply = operator(&server, "GET", "/operator/consumers", None).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.header("content-type"), Some("application/json"));
    let report = reply.json();
    assert_eq!(report["api"], "DocumentApi");
    let summaries: Vec<&Value> = report["endpoints"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["route"] == "/books/{id}/summary")
        .collect();
    assert_eq!(summaries.len(), 1, "{report}");
    let older = summaries[0];
    assert_eq!(
        (&older["version"], &older["newer_version"]),
        (&json!(OLD), &json!(NEW))
    );
    assert_eq!(
        older["consumers"],
        json!([
            {"consumer": "legacy", "requests": 1, "last_seen": "2025-02-01T10:00:00Z", "chosen": {"pinned": 1}},
            {"consumer": "oldco", "requests": 3, "last_seen": "2025-02-01T10:00:00Z", "chosen": {"explicit": 3}},
        ])
    );
    // A pinned consumer does not move when the default does: it is listed by its pin's
    // version ("chosen": "pinned"), not among the consumers served a default.
    assert_eq!(report["unversioned"], json!([]));
    let text = operator(&server, "GET", "/operator/consumers?format=text", None).await;
    assert_eq!(text.status, 200);
    assert!(
        text.header("content-type")
            .unwrap()
            .starts_with("text/plain")
    );
    assert!(text.text.contains("oldco"), "{}", text.text);
}

#[tokio::test]
async fn operator_endpoints_need_the_bearer_token() {
    let dir = TempDir::new("token");
    let server = serve(&config(&dir.pins(), NOW, Some(TOKEN))).await;
    summary(&server, "acme", None).await;
    let body = json!({"version": NEW}).to_string();
    let endpoints = [
        ("GET", "/operator/consumers", None),
        ("GET", "/operator/pins/acme", None),
        ("POST", "/operator/pins/acme", Some(body.as_str())),
        ("POST", "/operator/pins/acme/rollback", None),
    ];
    for (method, path, body) in endpoints {
        let anonymous = server.call(method, path, body, &[]).await;
        anonymous.problem(401);
        assert_eq!(anonymous.header("www-authenticate"), Some("Bearer"));
        let basic = [("authorization", "Basic b3BzOm9wcy1zM2NyZXQ=")];
        let other_scheme = server.call(method, path, body, &basic).await;
        other_scheme.problem(401);
        assert_eq!(other_scheme.header("www-authenticate"), Some("Bearer"));
        for wrong in [
            "Bearer ops-s3cre",
            "Bearer ops-s3cret2",
            "Bearer ops-s3creT",
        ] {
            let refused = server
                .call(method, path, body, &[("authorization", wrong)])
                .await;
            refused.problem(401);
            assert_eq!(
                refused.header("www-authenticate"),
                Some("Bearer error=\"invalid_token\"")
            );
        }
    }
    // The scheme is case-insensitive (RFC 9110 §11.1).
    let lower = server
        .call(
            "GET",
            "/operator/consumers",
            None,
            &[("authorization", "bearer ops-s3cret")],
        )
        .await;
    assert_eq!(lower.status, 200, "{}", lower.text);
}

#[tokio::test]
async fn without_a_token_there_is_no_operator_endpoint() {
    let dir = TempDir::new("no-token");
    let server = serve(&config(&dir.pins(), NOW, None)).await;
    assert_eq!(served_at(&summary(&server, "acme", None).await), NEW);
    for (method, path) in [
        ("GET", "/operator/consumers"),
        ("GET", "/operator/pins/acme"),
        ("POST", "/operator/pins/acme"),
        ("POST", "/operator/pins/acme/rollback"),
    ] {
        let reply = server
            .call(method, path, None, &[BEARER, ("api-version", NEW)])
            .await;
        reply.problem(404);
        // Naming no version, they are answered as any path the service does not serve.
        let unversioned = server.call(method, path, None, &[BEARER]).await;
        let nowhere = server.call(method, "/no/such/path", None, &[BEARER]).await;
        assert_eq!(unversioned.status, nowhere.status, "{}", unversioned.text);
        assert_eq!(
            unversioned.problem(nowhere.status)["type"],
            nowhere.json()["type"]
        );
    }
}

#[tokio::test]
async fn operators_upgrade_and_roll_back_a_pin() {
    let dir = TempDir::new("upgrade");
    seed_pin(&dir.pins(), "legacy", OLD).await;
    let server = serve(&config(&dir.pins(), NOW, Some(TOKEN))).await;
    assert_eq!(served_at(&summary(&server, "legacy", None).await), OLD);
    let to = |version: &str| json!({ "version": version }).to_string();
    let unknown = operator(
        &server,
        "POST",
        "/operator/pins/legacy",
        Some(&to("2099-01-01")),
    )
    .await;
    unknown.problem(400);
    let upgraded = operator(&server, "POST", "/operator/pins/legacy", Some(&to(NEW))).await;
    assert_eq!(upgraded.status, 200, "{}", upgraded.text);
    assert_eq!(
        upgraded.json(),
        json!({"version": NEW, "previous": OLD, "changed_at": 1_738_404_000})
    );
    assert_eq!(served_at(&summary(&server, "legacy", None).await), NEW);
    let again = operator(&server, "POST", "/operator/pins/legacy", Some(&to(NEW))).await;
    again.problem(409);
    let back = operator(&server, "POST", "/operator/pins/legacy/rollback", None).await;
    assert_eq!(back.json()["version"], OLD, "{}", back.text);
    assert_eq!(served_at(&summary(&server, "legacy", None).await), OLD);
    let nobody = operator(&server, "POST", "/operator/pins/nobody", Some(&to(NEW))).await;
    nobody.problem(404);
}

/// A second connection holds the file's write lock, as another process writing to it
/// would: a first pin cannot be written, so a consumer without a cached pin gets a 503
/// problem with `Retry-After` (after the store's busy timeout), never another version.
#[tokio::test]
async fn a_pin_store_that_fails_answers_503_with_retry_after() {
    let dir = TempDir::new("unavailable");
    let server = serve(&config(&dir.pins(), NOW, Some(TOKEN))).await;
    assert_eq!(served_at(&summary(&server, "cached", None).await), NEW);
    let locker = rusqlite::Connection::open(dir.pins()).expect("a second connection");
    locker
        .execute_batch("BEGIN IMMEDIATE; DELETE FROM versionary_pins;")
        .expect("the write lock");
    let refused = summary(&server, "fresh", None).await;
    let problem = refused.problem(503);
    assert_eq!(problem["type"], "urn:versionary:problem:pins-unavailable");
    assert_eq!(refused.header("retry-after"), Some("5"));
    // A cached pin is still served, and an explicit version needs no pin.
    assert_eq!(served_at(&summary(&server, "cached", None).await), NEW);
    assert_eq!(served_at(&summary(&server, "fresh", Some(OLD)).await), OLD);
    locker.execute_batch("ROLLBACK").expect("released");
    assert_eq!(served_at(&summary(&server, "fresh", None).await), NEW);
}

#[test]
fn a_pin_file_that_cannot_be_opened_stops_the_service() {
    let dir = TempDir::new("unopenable");
    let gone = dir.0.join("removed");
    std::fs::create_dir(&gone).unwrap();
    std::fs::remove_dir(&gone).unwrap();
    let error = document_api::app_with(&config(&gone.join("pins.db"), NOW, None)).unwrap_err();
    assert!(error.to_string().contains("PINS_DB"), "{error}");
    std::fs::write(dir.pins(), b"not a SQLite database, not at all").unwrap();
    let error = document_api::app_with(&config(&dir.pins(), NOW, None)).unwrap_err();
    assert!(error.to_string().contains("pins.db"), "{error}");
}

#[test]
fn the_configuration_is_read_from_the_environment_in_one_place() {
    let vars = |pairs: &'static [(&str, &str)]| {
        move |name: &str| -> Option<OsString> {
            pairs
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.into())
        }
    };
    let defaults = Config::from_vars(vars(&[])).unwrap();
    assert_eq!(
        defaults.pins_db,
        PathBuf::from(document_api::DEFAULT_PINS_DB)
    );
    assert!(defaults.operator_token.is_none());
    let set = Config::from_vars(vars(&[
        ("API_NOW", "2025-02-01"),
        ("PINS_DB", "/var/lib/pins.db"),
        ("OPERATOR_TOKEN", "t0ken"),
    ]))
    .unwrap();
    assert_eq!(set.pins_db, PathBuf::from("/var/lib/pins.db"));
    assert_eq!(set.clock.unix_seconds(), 1_738_368_000);
    assert_eq!(
        format!("{:?}", set.operator_token),
        "Some(OperatorToken(..))",
        "the token is never printed"
    );
    for bad in [
        &[("OPERATOR_TOKEN", "")][..],
        &[("PINS_DB", " ")],
        &[("API_NOW", "yesterday")],
    ] {
        let error = Config::from_vars(vars(bad)).unwrap_err();
        assert!(error.to_string().contains(bad[0].0), "{error}");
    }
}
