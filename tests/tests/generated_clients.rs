//! The committed OpenAPI documents work with real generators: every document gives a
//! Python client (openapi-python-client) that keeps every operation, and TypeScript types
//! (openapi-typescript) that compile under `tsc --strict`; and the generated Python clients
//! call a header-versioned example (`library`) and a path-versioned one (`lead_providers`)
//! served on 127.0.0.1.
//!
//! The tools are pinned in `tests/clients/` (`requirements.txt`, `package.json` and its lock)
//! and installed by this test into `target/clients/` (a venv and `node_modules`) when they
//! are missing or their pins changed, from PyPI and npm. Without `python3` or `npm` the test
//! is skipped with a message saying how to install them; under `CI=true` it fails instead.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use serde_json::Value;

/// How long one tool run may take (an install, a generation, a compilation).
const LIMIT: Duration = Duration::from_secs(300);

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace holds tests/")
        .to_path_buf()
}

/// The installed tools, under `target/clients`.
struct Tools {
    root: PathBuf,
    venv_bin: PathBuf,
    node_bin: PathBuf,
}

impl Tools {
    fn python(&self) -> PathBuf {
        self.venv_bin.join("python")
    }

    /// A command of the venv, with the venv first on `PATH` (the generator runs `ruff`).
    fn venv(&self, program: &str) -> Command {
        let mut command = Command::new(self.venv_bin.join(program));
        let path = std::env::var_os("PATH").unwrap_or_default();
        let mut paths = vec![self.venv_bin.clone()];
        paths.extend(std::env::split_paths(&path));
        command.env("PATH", std::env::join_paths(paths).expect("PATH"));
        command
    }

    fn node(&self, program: &str) -> Command {
        Command::new(self.node_bin.join(program))
    }
}

/// Runs `command` to completion within [`LIMIT`]: what it wrote, both streams (see
/// `support::process::run`).
fn run(command: &mut Command, what: &str) -> String {
    let output = support::process::run(command, None, what, LIMIT);
    output.stdout + &output.stderr
}

fn found(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Installs what `pins` (a file of `tests/clients/`) pins, with `install`, unless the stamp
/// in `dir` says it is installed already.
fn installed(dir: &Path, pins: &[&str], install: impl FnOnce()) {
    let wanted: String = pins
        .iter()
        .map(|p| std::fs::read_to_string(workspace().join("tests/clients").join(p)).expect(p))
        .collect();
    let stamp = dir.join(".versionary-pins");
    if std::fs::read_to_string(&stamp).ok().as_deref() == Some(wanted.as_str()) {
        return;
    }
    install();
    std::fs::write(&stamp, wanted).expect("stamp");
}

/// The tools, installed when missing; `None` (after saying so) when `python3` or `npm` is
/// not there, outside CI.
fn tools() -> Option<&'static Tools> {
    static TOOLS: OnceLock<Option<Tools>> = OnceLock::new();
    TOOLS.get_or_init(setup).as_ref()
}

fn setup() -> Option<Tools> {
    let missing: Vec<&str> = ["python3", "npm"]
        .into_iter()
        .filter(|p| !found(p))
        .collect();
    if !missing.is_empty() {
        let message = format!(
            "generated clients: {} not found; install Python 3 (with venv) and Node.js with npm, e.g. `apt-get install python3 python3-venv npm`; the test installs its pinned tools into target/clients",
            missing.join(" and ")
        );
        assert!(std::env::var("CI").as_deref() != Ok("true"), "{message}");
        eprintln!("skipped: {message}");
        return None;
    }
    let root = workspace().join("target/clients");
    std::fs::create_dir_all(&root).expect("target/clients");
    let venv = root.join("venv");
    installed(&venv, &["requirements.txt"], || {
        run(
            Command::new("python3").arg("-m").arg("venv").arg(&venv),
            "python3 -m venv",
        );
        run(
            Command::new(venv.join("bin/pip"))
                .args(["install", "--disable-pip-version-check", "-q", "-r"])
                .arg(workspace().join("tests/clients/requirements.txt")),
            "pip install -r tests/clients/requirements.txt",
        );
    });
    installed(
        &root.join("node_modules"),
        &["package.json", "package-lock.json"],
        || {
            for file in ["package.json", "package-lock.json"] {
                std::fs::copy(
                    workspace().join("tests/clients").join(file),
                    root.join(file),
                )
                .expect(file);
            }
            run(
                Command::new("npm")
                    .args(["ci", "--no-audit", "--no-fund"])
                    .current_dir(&root),
                "npm ci (tests/clients/package.json)",
            );
        },
    );
    Some(Tools {
        venv_bin: venv.join("bin"),
        node_bin: root.join("node_modules/.bin"),
        root,
    })
}

/// Every committed OpenAPI document: (a name fit for a Python package, its path, its JSON).
fn documents() -> Vec<(String, PathBuf, Value)> {
    let listed = Command::new("git")
        .args(["ls-files", "-z", "--", "*.json"])
        .current_dir(workspace())
        .output()
        .expect("git ls-files");
    assert!(listed.status.success(), "git ls-files failed");
    let mut out = Vec::new();
    for file in String::from_utf8_lossy(&listed.stdout).split('\0') {
        let path = workspace().join(file);
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Ok(document) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        if document["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3."))
        {
            let name: String = file
                .trim_start_matches("examples/openapi/")
                .trim_end_matches(".json")
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                .collect();
            out.push((format!("doc_{name}"), path, document));
        }
    }
    out
}

fn operations(document: &Value) -> usize {
    document["paths"].as_object().map_or(0, |paths| {
        paths
            .values()
            .filter_map(Value::as_object)
            .map(|item| item.len())
            .sum()
    })
}

/// The operation modules a generated Python client has (`api/<tag>/<operation>.py`).
fn generated_operations(package: &Path) -> usize {
    let Ok(tags) = std::fs::read_dir(package.join("api")) else {
        return 0;
    };
    tags.filter_map(Result::ok)
        .filter_map(|tag| std::fs::read_dir(tag.path()).ok())
        .flatten()
        .filter_map(Result::ok)
        .filter(|f| {
            let name = f.file_name();
            let name = name.to_string_lossy();
            name.ends_with(".py") && name != "__init__.py"
        })
        .count()
}

/// Generates the Python client of `document` as the package `dir/<name>`.
fn python_client(tools: &Tools, dir: &Path, name: &str, document: &Path) -> (PathBuf, String) {
    let package = dir.join(name);
    let output = run(
        tools
            .venv("openapi-python-client")
            .args(["generate", "--meta", "none", "--overwrite", "--path"])
            .arg(document)
            .arg("--output-path")
            .arg(&package),
        &format!("openapi-python-client generate {}", document.display()),
    );
    (package, output)
}

/// The generator's output without its notices about streamed answers. It has no typed
/// response for NDJSON or server-sent events: it generates the operation (the test still
/// compares every operation) and warns that the response is left out, one block per
/// operation from `WARNING parsing` on. A block that says anything else stays, and so does
/// the header of the warnings when any block stays.
fn beyond_streams(output: &str) -> String {
    const HEADER: &str = "Warning(s) encountered while generating.";
    let streamed = |block: &str| {
        let causes = block.matches("Unsupported content_type ").count();
        let stream_causes = ["application/x-ndjson)", "text/event-stream)"]
            .iter()
            .map(|media| {
                block
                    .matches(&format!("Unsupported content_type {media}"))
                    .count()
            })
            .sum::<usize>();
        causes == 1
            && stream_causes == 1
            && block.matches("Cannot parse").count() == 1
            && !block.to_lowercase().contains("warning")
    };
    let mut blocks = output.split("WARNING parsing");
    let mut kept = blocks.next().unwrap_or_default().to_owned();
    let mut all_streamed = true;
    for block in blocks {
        if !streamed(block) {
            all_streamed = false;
            kept.push_str("WARNING parsing");
            kept.push_str(block);
        }
    }
    if all_streamed {
        kept = kept.replace(HEADER, "");
    }
    kept
}

#[test]
fn streamed_answers_are_the_only_warnings_let_through() {
    let ndjson = "Generating x\n\nWarning(s) encountered while generating. Client was generated\nWARNING parsing GET /v1/moves within default.\n\nCannot parse response for status code 200 (Unsupported content_type application/x-ndjson), response will be omitted\n";
    assert!(!beyond_streams(ndjson).to_lowercase().contains("warning"));
    let other = ndjson.replace("application/x-ndjson", "application/xml");
    assert!(beyond_streams(&other).contains("WARNING parsing"));
    let both =
        format!("{ndjson}WARNING parsing POST /v1/moves within default.\n\nCannot parse body\n");
    assert!(beyond_streams(&both).contains("POST /v1/moves"));
    assert!(beyond_streams(&both).contains("Warning(s) encountered"));
}

#[test]
fn every_document_gives_a_python_client_with_every_operation() {
    let Some(tools) = tools() else { return };
    let documents = documents();
    assert!(
        documents.len() >= 12,
        "only {} documents found",
        documents.len()
    );
    for (name, path, document) in &documents {
        let (package, output) = python_client(tools, &tools.root.join("python"), name, path);
        // The generator warns of each operation or schema it leaves out (but for the typed
        // response of a streamed answer, see `beyond_streams`).
        assert!(
            !beyond_streams(&output).to_lowercase().contains("warning"),
            "{}: openapi-python-client left something out:\n{output}",
            path.display()
        );
        assert_eq!(
            generated_operations(&package),
            operations(document),
            "{}: the client lacks operations:\n{output}",
            path.display()
        );
    }
}

/// Uses the `library` types the way a TypeScript client would: the old version's converted
/// answer (423) is typed.
const TYPESCRIPT_USE: &str = r#"import type { paths as Library } from "./doc_library_2024_03_01";
import type { paths as LeadProviders } from "./doc_lead_providers_1";

type Lend = Library["/loans"]["post"];
export const locked: Lend["responses"][423]["content"]["application/json"] = { error: "on loan" };
export const lend: Lend["parameters"]["header"] = { "api-version": "2024-03-01", "x-reader": "Ada" };
type Participant =
    LeadProviders["/api/v1/participants/{id}"]["get"]["responses"][200]["content"]["application/json"];
export const status: Participant["status"] = "active";
"#;

#[test]
fn every_document_gives_typescript_types_that_compile_strictly() {
    let Some(tools) = tools() else { return };
    let dir = tools.root.join("typescript");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("target/clients/typescript");
    let mut files = Vec::new();
    for (name, path, _) in documents() {
        let file = dir.join(format!("{name}.ts"));
        run(
            tools
                .node("openapi-typescript")
                .arg(&path)
                .arg("--output")
                .arg(&file),
            &format!("openapi-typescript {}", path.display()),
        );
        files.push(file);
    }
    let using = dir.join("use.ts");
    std::fs::write(&using, TYPESCRIPT_USE).expect("use.ts");
    files.push(using);
    run(
        tools
            .node("tsc")
            .args([
                "--strict", "--noEmit", "--target", "es2022", "--module", "esnext",
            ])
            .args(["--moduleResolution", "bundler"])
            .args(&files),
        "tsc --strict",
    );
}

/// Calls `library` (versions in the `api-version` header) at 2024-03-01 through its
/// generated client: a book (documented as a `Title` then), and a loan of a book on loan,
/// which that version answers with a 423 its client parses.
const LIBRARY_CALLS: &str = r#"
from doc_library_2024_03_01 import Client
from doc_library_2024_03_01.api.default import book, lend
from doc_library_2024_03_01.models import LendBody

client = Client(base_url=BASE, raise_on_unexpected_status=True)
read = book.sync_detailed(1, client=client, api_version=book.BookApiVersion("2024-03-01"))
loan = lend.sync_detailed(
    client=client,
    body=LendBody(book=7),
    api_version=lend.LendApiVersion("2024-03-01"),
    x_reader="Ada",
)
print(json.dumps([answer(read), answer(loan)]))
"#;

/// Calls `lead_providers` (versions in the path) at version 1 through its generated client.
const LEAD_PROVIDERS_CALLS: &str = r#"
from doc_lead_providers_1 import Client
from doc_lead_providers_1.api.default import get_participant

client = Client(base_url=BASE, raise_on_unexpected_status=True)
read = get_participant.sync_detailed("21412-12121", client=client)
print(json.dumps([answer(read)]))
"#;

/// What each call's answer was, as the generated client parsed it.
const PRELUDE: &str = r#"
import json, sys
sys.path.insert(0, sys.argv[1])
BASE = sys.argv[2]

def answer(response):
    return {
        "status": int(response.status_code),
        "version": response.headers.get("api-version"),
        "model": type(response.parsed).__name__,
        "parsed": response.parsed.to_dict(),
    }
"#;

/// Runs `calls` with the venv's Python against `router` served on 127.0.0.1, with the
/// generated clients in `packages`; returns the answers it printed.
async fn call(
    tools: &'static Tools,
    packages: PathBuf,
    router: axum::Router,
    calls: &str,
) -> Value {
    let server = support::start(router).await;
    let script = format!("{PRELUDE}{calls}");
    let base = server.base.clone();
    let output = tokio::task::spawn_blocking(move || {
        run(
            Command::new(tools.python())
                .arg("-c")
                .arg(script)
                .arg(&packages)
                .arg(base),
            "the generated Python client",
        )
    })
    .await
    .expect("python ran");
    let line = output
        .lines()
        .rev()
        .find(|l| l.starts_with('['))
        .unwrap_or("");
    serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: the client printed:\n{output}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generated_python_clients_call_the_examples() {
    let Some(tools) = tools() else { return };
    let packages = tools.root.join("python-calls");
    for (name, document) in [
        (
            "doc_library_2024_03_01",
            "examples/openapi/library/2024-03-01.json",
        ),
        (
            "doc_lead_providers_1",
            "examples/openapi/lead_providers/1.json",
        ),
    ] {
        let dir = packages.clone();
        tokio::task::spawn_blocking(move || {
            python_client(tools, &dir, name, &workspace().join(document))
        })
        .await
        .expect("generated");
    }
    let library = versionary_examples::library::app().expect("library builds");
    let answers = call(tools, packages.clone(), library, LIBRARY_CALLS).await;
    let read = &answers[0];
    assert_eq!(read["status"], 200, "{answers}");
    assert_eq!(read["version"], "2024-03-01");
    assert_eq!(
        read["model"], "Title",
        "2024-03-01 documents books as titles"
    );
    assert_eq!(read["parsed"]["title"], "Middlemarch");
    let loan = &answers[1];
    assert_eq!(loan["status"], 423, "{answers}");
    assert_eq!(loan["model"], "Locked");
    assert_eq!(loan["parsed"]["error"], "book `7` is on loan");

    let lead_providers = versionary_examples::lead_providers::app().expect("lead_providers builds");
    let answers = call(tools, packages, lead_providers, LEAD_PROVIDERS_CALLS).await;
    let read = &answers[0];
    assert_eq!(read["status"], 200, "{answers}");
    assert_eq!(read["model"], "Participant");
    assert_eq!(read["parsed"]["participant_id"], "21412-12121");
    // Version 1 reports a status string (version 2 replaced it with `is_active`).
    assert_eq!(read["parsed"]["status"], "active");
}
