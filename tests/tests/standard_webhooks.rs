//! `versionary::webhook` against the standard's own library: the Python `standardwebhooks`
//! package verifies a message versionary signed (and refuses it once its body is changed),
//! and versionary verifies a message the package signed.
//!
//! The package is pinned in `tests/webhooks/requirements.txt` and installed by this test into
//! `target/webhooks/venv` (from PyPI) when missing or when its pin changed. Without `python3`
//! (with `venv`) the test is skipped with a message saying how to install it; under `CI=true`
//! it fails instead.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use http::{HeaderMap, HeaderValue};
use serde_json::{Value, json};
use versionary::webhook::{Secret, VerifyError};

/// How long one tool run may take (the install, the script).
const LIMIT: Duration = Duration::from_secs(300);

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

/// Verifies the message on standard input with the standard's library, checks that a changed
/// body is refused, then signs the same body as `msg_py_1` now and prints its headers.
const SCRIPT: &str = r#"
import json, sys
from datetime import datetime, timezone
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

given = json.load(sys.stdin)
webhook = Webhook(given["secret"])
webhook.verify(given["body"].encode(), given["headers"])
try:
    webhook.verify((given["body"] + " ").encode(), given["headers"])
    sys.exit("a changed body was accepted")
except WebhookVerificationError:
    pass
now = datetime.now(tz=timezone.utc)
print(json.dumps({
    "webhook-id": "msg_py_1",
    "webhook-timestamp": str(int(now.timestamp())),
    "webhook-signature": webhook.sign("msg_py_1", now, given["body"]),
}))
"#;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace holds tests/")
        .to_path_buf()
}

/// Runs `command` with `input` on its standard input: its output (see
/// `support::process::run`).
fn run(command: &mut Command, input: &str, what: &str) -> String {
    support::process::run(command, Some(input), what, LIMIT).stdout
}

/// The venv's Python with the pinned package, installed when missing; `None` (after saying
/// so) without `python3` and its `venv` module, outside CI.
fn python() -> Option<PathBuf> {
    let usable = Command::new("python3")
        .args(["-c", "import venv, ensurepip"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !usable {
        let message = "standard webhooks: python3 with venv not found; install it, e.g. `apt-get install python3 python3-venv`; the test installs the pinned `standardwebhooks` package into target/webhooks";
        assert!(std::env::var("CI").as_deref() != Ok("true"), "{message}");
        eprintln!("skipped: {message}");
        return None;
    }
    let pins = workspace().join("tests/webhooks/requirements.txt");
    let wanted = std::fs::read_to_string(&pins).expect("tests/webhooks/requirements.txt");
    let venv = workspace().join("target/webhooks/venv");
    let stamp = venv.join(".versionary-pins");
    if std::fs::read_to_string(&stamp).ok().as_deref() != Some(wanted.as_str()) {
        run(
            Command::new("python3").arg("-m").arg("venv").arg(&venv),
            "",
            "python3 -m venv",
        );
        run(
            Command::new(venv.join("bin/pip"))
                .args(["install", "--disable-pip-version-check", "-q", "-r"])
                .arg(&pins),
            "",
            "pip install -r tests/webhooks/requirements.txt",
        );
        std::fs::write(&stamp, wanted).expect("stamp");
    }
    Some(venv.join("bin/python"))
}

#[test]
fn the_standards_python_library_and_versionary_verify_each_other() {
    let Some(python) = python() else { return };
    let secret: Secret = SECRET.parse().expect("secret");
    // Not ASCII only: the signature is over the body's UTF-8 bytes.
    let body = r#"{"type":"move.created","data":{"id":"m2","title":"Wetherby – Leeds"}}"#;
    let ours = secret.sign_now("msg_2", body.as_bytes()).expect("signed");
    let headers: serde_json::Map<String, Value> = ours
        .to_header_map()
        .iter()
        .map(|(name, value)| (name.to_string(), json!(value.to_str().unwrap())))
        .collect();
    let input = json!({"secret": SECRET, "body": body, "headers": headers}).to_string();
    let output = run(
        Command::new(&python).args(["-c", SCRIPT]),
        &input,
        "the standardwebhooks script",
    );

    let theirs: serde_json::Map<String, Value> =
        serde_json::from_str(output.trim()).unwrap_or_else(|e| panic!("{e}: {output}"));
    let mut received = HeaderMap::new();
    for (name, value) in &theirs {
        let value = HeaderValue::from_str(value.as_str().expect("text")).expect("header value");
        received.insert(
            http::HeaderName::from_bytes(name.as_bytes()).expect("header name"),
            value,
        );
    }
    let verified = secret
        .verify(&received, body.as_bytes())
        .expect("versionary verifies the library's signature");
    assert_eq!(verified.id, "msg_py_1");
    assert_eq!(
        secret.verify(&received, b"{}"),
        Err(VerifyError::NoMatchingSignature)
    );
    // The library signs as versionary does: same id, time and body, same signature.
    let again = secret
        .sign("msg_py_1", verified.timestamp, body.as_bytes())
        .expect("signed");
    assert_eq!(
        Some(again.signature()),
        theirs["webhook-signature"].as_str()
    );
}
