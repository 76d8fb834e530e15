//! The docs site in a real browser: headless Chromium driven through chromedriver
//! (WebDriver, with `fantoccini`), against the example services on 127.0.0.1.
//!
//! The reference loads, switching versions changes the operations shown, "Try it out" →
//! "Execute" answers in the selected version's shape (path versions in `integration_api`,
//! header versions in `document_api`), and the version matrix and release notes show
//! their content. A screenshot of each page is saved under `target/browser/`.
//!
//! Without Chromium and chromedriver the test says so on stderr, with how to install them,
//! and passes; under `CI=true` it fails instead. Every wait is bounded.

mod support;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use versionary::Clock;

/// How long the browser may take for one thing to appear.
const WAIT: Duration = Duration::from_secs(20);
/// How long the whole browser session may take.
const SESSION: Duration = Duration::from_secs(180);

const INSTALL: &str = "install them with `apt-get install -y chromium chromium-driver` (Debian), \
     or point VERSIONARY_CHROMIUM and VERSIONARY_CHROMEDRIVER at the binaries";

/// An executable named by `variable`, or the first of `names` on the `PATH`.
fn find_program(variable: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(variable) {
        return Some(PathBuf::from(path)).filter(|p| p.is_file());
    }
    let path = std::env::var_os("PATH")?;
    names.iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|candidate| candidate.is_file())
    })
}

/// chromedriver, serving WebDriver on a free port of 127.0.0.1 until dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    fn start(program: &Path) -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port on 127.0.0.1")
            .port();
        let mut command = Command::new(program);
        command
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        // Its own process group, so the browsers it starts can be ended with it.
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let child = command.spawn().expect("chromedriver starts");
        let mut driver = Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + WAIT;
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = driver.child.try_wait() {
                panic!("chromedriver exited before listening: {status}");
            }
            assert!(
                Instant::now() < deadline,
                "chromedriver did not listen on {port}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        driver
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // chromedriver's own process group (its id is chromedriver's): chromedriver and any
        // browser it left behind. `--` matters: procps' `kill -KILL -1234` reads `-1234` as
        // options and signals group 1, that is, every process.
        let group = self.child.id();
        if self.child.try_wait().ok().flatten().is_none() && group > 1 {
            let _ = Command::new("kill")
                .args(["-s", "KILL", "--", &format!("-{group}")])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Where screenshots go: `target/browser/` (beside the `debug` folder of this test).
fn screenshot_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable");
    // target/debug/deps/browser-xxxx
    let target = exe
        .ancestors()
        .nth(3)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"));
    let dir = target.join("browser");
    std::fs::create_dir_all(&dir).expect("target/browser");
    dir
}

async fn screenshot(client: &Client, name: &str) {
    let png = client.screenshot().await.expect("screenshot");
    let path = screenshot_dir().join(format!("{name}.png"));
    std::fs::write(&path, png).expect("write screenshot");
}

async fn wait_for(client: &Client, css: &str) -> Element {
    client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("`{css}` did not appear: {e}"))
}

/// The paths of the operations the reference shows (deprecated ones struck through).
async fn operation_paths(client: &Client) -> Vec<String> {
    let mut paths = Vec::new();
    for element in client
        .find_all(Locator::Css(
            ".opblock-summary-path, .opblock-summary-path__deprecated",
        ))
        .await
        .expect("operations")
    {
        if let Ok(Some(path)) = element.attr("data-path").await {
            paths.push(path);
        }
    }
    paths.sort();
    paths
}

/// Waits until the reference shows exactly `expected` operations.
async fn wait_for_operations(client: &Client, expected: &[&str]) {
    let deadline = Instant::now() + WAIT;
    loop {
        let paths = operation_paths(client).await;
        if paths == expected {
            return;
        }
        if Instant::now() >= deadline {
            screenshot(client, "failure").await;
            panic!("operations {paths:?}, expected {expected:?} (see target/browser/failure.png)");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Opens an operation, fills its `parameters`, executes it, and returns the request URL
/// and the live response (status, body, headers) as text, after a screenshot named `shot`.
async fn execute(
    client: &Client,
    operation: &str,
    parameters: &[(&str, &str)],
    shot: &str,
) -> String {
    let block = format!("#operations-default-{operation}");
    wait_for(client, &format!("{block} .opblock-summary"))
        .await
        .click()
        .await
        .expect("open the operation");
    // Swagger UI remembers "Try it out" per operation, across versions.
    let try_out = wait_for(client, &format!("{block} .try-out__btn")).await;
    if try_out
        .text()
        .await
        .unwrap_or_default()
        .contains("Try it out")
    {
        try_out.click().await.expect("Try it out");
    }
    for (name, value) in parameters {
        let input = wait_for(
            client,
            &format!("{block} tr[data-param-name=\"{name}\"] input"),
        )
        .await;
        input.clear().await.expect("clear the parameter");
        input.send_keys(value).await.expect("fill in the parameter");
    }
    wait_for(client, &format!("{block} button.execute"))
        .await
        .click()
        .await
        .expect("Execute");
    let mut text = String::new();
    for part in [".request-url", ".live-responses-table"] {
        let element = wait_for(client, &format!("{block} {part}")).await;
        text.push_str(&element.text().await.expect("response text"));
        text.push('\n');
    }
    screenshot(client, shot).await;
    // Close it again, so the next execution reads its own answer.
    client
        .find(Locator::Css(&format!("{block} .opblock-summary")))
        .await
        .expect("the operation")
        .click()
        .await
        .expect("close the operation");
    text
}

async fn switch_version(client: &Client, version: &str) {
    let select = wait_for(client, "#versionary-version").await;
    let option = select
        .find(Locator::Css(&format!("option[data-version=\"{version}\"]")))
        .await
        .expect("the version is offered");
    option.click().await.expect("select the version");
    let deadline = Instant::now() + WAIT;
    loop {
        let body = client.find(Locator::Css("body")).await.expect("body");
        if body.attr("data-version").await.ok().flatten().as_deref() == Some(version) {
            return;
        }
        assert!(Instant::now() < deadline, "version {version} not selected");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// `integration_api` (per-endpoint path versions): versions, Try it out, matrix, notes.
async fn integration_api(client: &Client) {
    let server = support::start(versionary_examples::integration_api::app().unwrap()).await;
    client
        .goto(&format!("{}/docs", server.base))
        .await
        .expect("load /docs");
    wait_for(client, ".opblock").await;
    let select = wait_for(client, "#versionary-version").await;
    assert_eq!(select.prop("value").await.unwrap().as_deref(), Some("2"));
    wait_for_operations(client, &["/v2/persons"]).await;
    screenshot(client, "integration_api-reference-v2").await;

    let answer = execute(
        client,
        "search_persons",
        &[],
        "integration_api-try-it-out-v2",
    )
    .await;
    assert!(answer.contains("/v2/persons"), "{answer}");
    assert!(
        answer.contains("\"first\"") && !answer.contains("\"first_name\""),
        "{answer}"
    );

    switch_version(client, "1").await;
    wait_for_operations(client, &["/v1/images/{id}", "/v1/persons"]).await;
    let answer = execute(
        client,
        "search_persons",
        &[],
        "integration_api-try-it-out-v1",
    )
    .await;
    assert!(answer.contains("/v1/persons"), "{answer}");
    assert!(
        answer.contains("\"first_name\"") && !answer.contains("\"first\""),
        "{answer}"
    );
    screenshot(client, "integration_api-reference-v1").await;

    switch_version(client, "2").await;
    wait_for_operations(client, &["/v2/persons"]).await;

    client
        .find(Locator::LinkText("Version matrix"))
        .await
        .expect("matrix link")
        .click()
        .await
        .expect("open the matrix");
    let images = wait_for(client, "tr[data-endpoint=\"get_image\"]").await;
    let text = images.text().await.unwrap();
    assert!(
        text.contains("GET /v1/images/{id}") && text.contains("removed"),
        "{text}"
    );
    let served = images.find_all(Locator::Css("td.served")).await.unwrap();
    assert_eq!(served.len(), 1);
    let persons = client
        .find(Locator::Css("tr[data-endpoint=\"search_persons\"]"))
        .await
        .unwrap();
    let text = persons.text().await.unwrap();
    assert!(
        text.contains("GET /v1/persons") && text.contains("GET /v2/persons"),
        "{text}"
    );
    screenshot(client, "integration_api-matrix").await;

    client
        .find(Locator::LinkText("Release notes"))
        .await
        .expect("notes link")
        .click()
        .await
        .expect("open the notes");
    wait_for(client, "table#versions").await;
    let headings = client.find_all(Locator::Css("h2")).await.unwrap();
    let mut titles = Vec::new();
    for heading in headings {
        titles.push(heading.text().await.unwrap());
    }
    assert_eq!(titles, ["Version 2", "Version 1 (2023-05-22)"]);
    let breaking = client
        .find_all(Locator::Css("td strong.breaking"))
        .await
        .unwrap();
    assert!(!breaking.is_empty(), "breaking changes are marked");
    screenshot(client, "integration_api-release-notes").await;
}

/// `document_api` (versions in the `api-version` header): Try it out sends the header.
/// `book_a_secure_move`'s reference shows the event it sends, `move.created`, under
/// Swagger UI's webhooks, in each version.
async fn book_a_secure_move(client: &Client) {
    let server = support::start(versionary_examples::book_a_secure_move::app().unwrap()).await;
    client
        .goto(&format!("{}/docs", server.base))
        .await
        .expect("load /docs");
    for version in ["2", "1"] {
        if version == "1" {
            switch_version(client, version).await;
        }
        let deadline = Instant::now() + WAIT;
        loop {
            let paths = operation_paths(client).await;
            let body = client.find(Locator::Css("body")).await.expect("body");
            let text = body.text().await.unwrap_or_default();
            if paths.iter().any(|p| p == "move.created") && text.contains("Webhooks") {
                break;
            }
            if Instant::now() >= deadline {
                screenshot(client, "failure").await;
                panic!(
                    "version {version}: no webhook `move.created` in {paths:?} (see target/browser/failure.png)"
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    screenshot(client, "book_a_secure_move_webhooks").await;
}

async fn document_api(client: &Client) {
    let clock = Clock::at("2025-02-01").unwrap();
    let server = support::start(versionary_examples::document_api::app_at(clock).unwrap()).await;
    client
        .goto(&format!("{}/docs", server.base))
        .await
        .expect("load /docs");
    wait_for_operations(client, &["/books/{id}/summary"]).await;
    let answer = execute(
        client,
        "book_summary",
        &[("id", "42")],
        "document_api-try-it-out-new",
    )
    .await;
    assert!(answer.contains("api-version: 2025-01-15"), "{answer}");
    assert!(answer.contains("\"amount\""), "{answer}");

    switch_version(client, "2024-06-01").await;
    wait_for_operations(client, &["/books/{id}/forms", "/books/{id}/summary"]).await;
    let answer = execute(
        client,
        "book_summary",
        &[("id", "42")],
        "document_api-try-it-out-old",
    )
    .await;
    assert!(answer.contains("api-version: 2024-06-01"), "{answer}");
    assert!(!answer.contains("\"amount\""), "{answer}");
    assert!(answer.contains("\"t1\""), "{answer}");
    screenshot(client, "document_api-reference").await;
    // A request that leaves the header out gets the selected version from the page.
    let request = client
        .execute(
            "return window.versionaryReference.addVersion({ url: '/books/42/summary', headers: {} });",
            Vec::new(),
        )
        .await
        .expect("the request interceptor");
    assert_eq!(request["headers"], json!({ "api-version": "2024-06-01" }));

    client
        .goto(&format!("{}/docs/versions", server.base))
        .await
        .unwrap();
    let forms = wait_for(client, "tr[data-endpoint=\"book_forms\"]").await;
    let text = forms.text().await.unwrap();
    assert!(
        text.contains("deprecated 2025-01-15, sunset 2025-03-17"),
        "{text}"
    );
    assert!(text.contains("/books/{id}/summary"), "{text}");
    screenshot(client, "document_api-matrix").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_docs_site_works_in_a_browser() {
    let chromium = find_program(
        "VERSIONARY_CHROMIUM",
        &["chromium", "chromium-browser", "google-chrome"],
    );
    let chromedriver = find_program("VERSIONARY_CHROMEDRIVER", &["chromedriver"]);
    let (Some(chromium), Some(chromedriver)) = (chromium.clone(), chromedriver.clone()) else {
        let missing: Vec<&str> = [
            ("Chromium", chromium.is_none()),
            ("chromedriver", chromedriver.is_none()),
        ]
        .into_iter()
        .filter_map(|(name, missing)| missing.then_some(name))
        .collect();
        let why = format!("{} not found; {INSTALL}", missing.join(" and "));
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "the browser tests cannot run under CI=true: {why}"
        );
        // Straight to the process's stderr: the test harness would swallow `eprintln!`.
        let _ = writeln!(
            std::io::stderr().lock(),
            "\nbrowser tests SKIPPED (tests/tests/browser.rs): {why}\n"
        );
        return;
    };
    let driver = Driver::start(&chromedriver);
    let capabilities = json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": chromium,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,1400", "--no-first-run", "--disable-extensions",
            ],
        },
    });
    let serde_json::Value::Object(capabilities) = capabilities else {
        unreachable!("an object")
    };
    let client = tokio::time::timeout(
        WAIT,
        ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(capabilities)
            .connect(&driver.url),
    )
    .await
    .expect("the browser session starts in time")
    .expect("a browser session");
    // The steps run in a task, so that the session is closed and chromedriver ended
    // whether they pass, fail or run out of time.
    let mut run = tokio::spawn({
        let client = client.clone();
        async move {
            integration_api(&client).await;
            document_api(&client).await;
            book_a_secure_move(&client).await;
        }
    });
    let outcome = tokio::time::timeout(SESSION, &mut run).await;
    run.abort();
    let _ = tokio::time::timeout(WAIT, client.close()).await;
    drop(driver);
    match outcome {
        Ok(Ok(())) => {}
        Ok(Err(failure)) if failure.is_panic() => std::panic::resume_unwind(failure.into_panic()),
        Ok(Err(failure)) => panic!("the browser steps did not finish: {failure}"),
        Err(_) => panic!("the browser tests took longer than {SESSION:?}"),
    }
}
