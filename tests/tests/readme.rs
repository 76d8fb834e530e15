//! The README's minimal service, built from the README's own code blocks into a new crate
//! (as a newcomer would copy them), run, and called over HTTP on 127.0.0.1.
//!
//! The crate lives in `target/readme-service/`; it shares the guard suite's target
//! directory, whose dependencies are mostly built already. Its one change to the README's
//! text: `versionary = "0.1"` becomes a path to this workspace's runtime (the crate is not
//! published), and the workspace's `Cargo.lock` pins the same dependency versions.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .unwrap()
}

/// The fenced block right after the `<!-- readme-service: NAME -->` marker.
fn block(readme: &str, name: &str) -> String {
    let marker = format!("<!-- readme-service: {name} -->");
    let after = readme
        .split_once(&marker)
        .unwrap_or_else(|| panic!("README.md has no `{marker}`"))
        .1;
    let fence = after
        .trim_start()
        .strip_prefix("```")
        .expect("a code block after the marker");
    let body = fence.split_once('\n').expect("a fenced block").1;
    body.split_once("\n```")
        .expect("the block's end")
        .0
        .to_owned()
        + "\n"
}

struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// One plain HTTP/1.1 GET, bounded in time: (status, body).
fn get(port: u16, path: &str) -> std::io::Result<(u16, String)> {
    use std::io::Write;
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )?;
    let mut text = String::new();
    stream.read_to_string(&mut text)?;
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_owned();
    Ok((status, body))
}

#[test]
fn the_readme_service_builds_and_answers_as_documented() {
    let root = workspace();
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let manifest = block(&readme, "Cargo.toml");
    let main = block(&readme, "src/main.rs");
    assert!(
        manifest.contains("versionary = \"0.1\"\n"),
        "the README's manifest names versionary as a newcomer would:\n{manifest}"
    );
    let runtime = root.join("runtime");
    let manifest = format!(
        "[package]\nname = \"readme-service\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[workspace]\n\n{}",
        manifest.replace(
            "versionary = \"0.1\"",
            &format!(
                "versionary = {{ path = {:?} }}",
                runtime.display().to_string()
            )
        )
    );
    let dir = root.join("target/readme-service");
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let write = |path: &Path, text: &str| {
        if std::fs::read_to_string(path).ok().as_deref() != Some(text) {
            std::fs::write(path, text).unwrap();
        }
    };
    write(&dir.join("Cargo.toml"), &manifest);
    write(&dir.join("src/main.rs"), &main);
    write(
        &dir.join("Cargo.lock"),
        &std::fs::read_to_string(root.join("Cargo.lock")).unwrap(),
    );
    let target = root.join("target/guard-mutants/target");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let build = Command::new(&cargo)
        .args(["build", "--quiet", "--offline"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", &target)
        .env_remove("RUSTFLAGS")
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "the README's service does not build:\n{}",
        String::from_utf8_lossy(&build.stderr)
    );

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let _service = Running(
        Command::new(target.join("debug/readme-service"))
            .env("PORT", port.to_string())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let started = Instant::now();
    let v1 = loop {
        match get(port, "/v1/payments/7") {
            Ok(answer) => break answer,
            Err(_) if started.elapsed() < Duration::from_secs(30) => {
                std::thread::sleep(Duration::from_millis(100));
            }
            Err(e) => panic!("the README's service did not answer within 30 s: {e}"),
        }
    };
    assert_eq!(v1, (200, r#"{"id":7,"amount":1250}"#.to_owned()));
    let v2 = get(port, "/v2/payments/7").unwrap();
    assert_eq!(
        v2,
        (200, r#"{"id":7,"amount":1250,"currency":"EUR"}"#.to_owned())
    );
    let (status, body) = get(port, "/v2/payments/0").unwrap();
    assert_eq!(status, 404, "{body}");
    assert!(body.contains("no payment `0`"), "{body}");
}
