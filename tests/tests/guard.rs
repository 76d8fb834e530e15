//! The mutation suite of the compile-time guard ("Released versions cannot change by
//! accident" in the README).
//!
//! Each mutation in `tests/guard/mutations.txt` is one edit of an example service in
//! `examples/src/`, with the outcome the guard promises: a breaking edit is exactly one
//! compile error naming the released versions and the rule, a non-breaking edit builds, and
//! a deleted handler of a released version fails the service's start-up.
//!
//! The suite copies `examples/src` into a scratch crate, `target/guard-mutants/crate` (its
//! own workspace, depending on `runtime/` by path and on the workspace's locked versions),
//! checks that the pristine copy builds and starts, then applies the mutations one at a
//! time and runs `cargo check` (and, for start-up outcomes, the crate's `start` binary) in
//! it, with the target dir `target/guard-mutants/target` shared by all runs: after the
//! first build, each run recompiles only the scratch crate. Every failure is collected and
//! reported together; the outcomes are written as a Markdown table to
//! `target/guard-mutants/table.md`, and each run's output to `target/guard-mutants/logs/`.
//!
//! `VERSO_GUARD_ONLY=id,id` runs only those mutations (the pristine copy is always checked).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// The scratch crate's package name.
const CRATE_NAME: &str = "verso-guard-mutant";
/// A bound on one cargo run of a mutation (the scratch crate only).
const MUTATION_TIMEOUT: Duration = Duration::from_secs(300);
/// A bound on the pristine runs, which build the dependencies the first time.
const PRISTINE_TIMEOUT: Duration = Duration::from_secs(1800);
/// How many lines of output a failure report quotes.
const TAIL: usize = 40;

/// The workspace root: the parent of this crate.
fn workspace() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

// ---------------------------------------------------------------------------------------
// The mutations table

/// What a mutation is expected to do.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Expect {
    /// `cargo check` fails and its output contains the text.
    Breaking(String),
    /// `cargo check` succeeds.
    Builds,
    /// `cargo check` succeeds and the `start` binary too.
    Starts,
    /// `cargo check` succeeds, the `start` binary fails with the text in its output.
    Startup(String),
}

impl Expect {
    fn describe(&self) -> String {
        match self {
            Expect::Breaking(text) => format!("compile error with {text}"),
            Expect::Builds => "builds".to_owned(),
            Expect::Starts => "builds and starts".to_owned(),
            Expect::Startup(text) => format!("builds, start-up fails with {text}"),
        }
    }
}

/// One edit of the file.
#[derive(Clone, Debug)]
enum Edit {
    /// Replace the only occurrence of `find` with `replace`.
    Replace { find: String, replace: String },
    /// Delete the handler `fn NAME` with its `#[endpoint]` attribute and doc comment.
    DeleteHandler(String),
}

#[derive(Clone, Debug)]
struct Mutation {
    id: String,
    /// The line of its `[id]` header in the table.
    line: usize,
    /// The file of `examples/src/` it edits.
    file: String,
    /// The edit in words.
    what: String,
    edits: Vec<Edit>,
    expect: Expect,
    /// More texts the output must contain.
    contains: Vec<String>,
    /// For a breaking edit: exactly one error, in the mutated file.
    one_error: bool,
}

impl Mutation {
    fn service(&self) -> &str {
        self.file.strip_suffix(".rs").unwrap_or(&self.file)
    }

    /// The file after the edits, or why they do not apply.
    fn apply(&self, source: &str) -> Result<String, String> {
        let mut text = source.to_owned();
        for (n, edit) in self.edits.iter().enumerate() {
            text = match edit {
                Edit::Replace { find, replace } => {
                    let count = text.matches(find.as_str()).count();
                    if count != 1 {
                        return Err(format!(
                            "edit {} of `{}`: the text to find occurs {count} times in {} (it must occur exactly once; update `find:` in tests/guard/mutations.txt): {find:?}",
                            n + 1,
                            self.id,
                            self.file
                        ));
                    }
                    text.replacen(find.as_str(), replace, 1)
                }
                Edit::DeleteHandler(name) => delete_handler(&text, name).map_err(|e| {
                    format!(
                        "edit {} of `{}` (delete_handler: {name}) in {}: {e}",
                        n + 1,
                        self.id,
                        self.file
                    )
                })?,
            };
        }
        if text == source {
            return Err(format!("`{}` leaves {} unchanged", self.id, self.file));
        }
        Ok(text)
    }
}

/// Decodes a value of the table: `\n` is a newline, `\t` a tab, `\\` a backslash.
fn unescape(value: &str) -> Result<String, String> {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('\\') => out.push('\\'),
            other => {
                return Err(format!(
                    "unknown escape `\\{}` (write `\\n`, `\\t` or `\\\\`)",
                    other.map(String::from).unwrap_or_default()
                ));
            }
        }
    }
    Ok(out)
}

/// Parses the table. The format is described at the top of `tests/guard/mutations.txt`.
fn parse_table(text: &str) -> Result<Vec<Mutation>, Vec<String>> {
    struct Draft {
        mutation: Mutation,
        pending_find: Option<String>,
        expect: Option<Expect>,
    }
    fn finish(draft: Draft, errors: &mut Vec<String>, out: &mut Vec<Mutation>) {
        let Draft {
            mut mutation,
            pending_find,
            expect,
        } = draft;
        let at = format!("mutation `{}` (line {})", mutation.id, mutation.line);
        if pending_find.is_some() {
            errors.push(format!("{at}: a `find:` without its `replace:`"));
        }
        if mutation.file.is_empty() {
            errors.push(format!("{at}: no `file:`"));
        }
        if mutation.what.is_empty() {
            errors.push(format!("{at}: no `what:`"));
        }
        if mutation.edits.is_empty() {
            errors.push(format!(
                "{at}: no edit (`find:`/`replace:` or `delete_handler:`)"
            ));
        }
        match expect {
            Some(expect) => mutation.expect = expect,
            None => errors.push(format!("{at}: no `expect:`")),
        }
        out.push(mutation);
    }

    let mut errors = Vec::new();
    let mut out = Vec::new();
    let mut draft: Option<Draft> = None;
    for (index, raw) in text.lines().enumerate() {
        let number = index + 1;
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(id) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            if let Some(previous) = draft.take() {
                finish(previous, &mut errors, &mut out);
            }
            let valid = !id.is_empty()
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if !valid {
                errors.push(format!(
                    "line {number}: a mutation id is letters, digits, `-` and `_`: [{id}]"
                ));
            }
            if out.iter().any(|m: &Mutation| m.id == id) {
                errors.push(format!("line {number}: the id `{id}` is used twice"));
            }
            draft = Some(Draft {
                mutation: Mutation {
                    id: id.to_owned(),
                    line: number,
                    file: String::new(),
                    what: String::new(),
                    edits: Vec::new(),
                    expect: Expect::Builds,
                    contains: Vec::new(),
                    one_error: true,
                },
                pending_find: None,
                expect: None,
            });
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            errors.push(format!(
                "line {number}: expected `[id]`, `key: value`, a comment or a blank line: {line:?}"
            ));
            continue;
        };
        let Some(draft) = draft.as_mut() else {
            errors.push(format!("line {number}: `{key}:` before the first `[id]`"));
            continue;
        };
        let value = value.strip_prefix(' ').unwrap_or(value);
        let value = match unescape(value) {
            Ok(value) => value,
            Err(e) => {
                errors.push(format!("line {number}: {e}"));
                continue;
            }
        };
        let m = &mut draft.mutation;
        match key {
            "file" => m.file = value,
            "what" => m.what = value,
            "find" => {
                if draft.pending_find.is_some() {
                    errors.push(format!("line {number}: two `find:` without a `replace:`"));
                }
                if value.is_empty() {
                    errors.push(format!("line {number}: an empty `find:`"));
                }
                draft.pending_find = Some(value);
            }
            "replace" => match draft.pending_find.take() {
                Some(find) => m.edits.push(Edit::Replace {
                    find,
                    replace: value,
                }),
                None => errors.push(format!("line {number}: `replace:` without a `find:`")),
            },
            "delete_handler" => m.edits.push(Edit::DeleteHandler(value.trim().to_owned())),
            "contains" => m.contains.push(value),
            "one_error" => match value.trim() {
                "yes" => m.one_error = true,
                "no" => m.one_error = false,
                other => errors.push(format!(
                    "line {number}: `one_error:` is `yes` or `no`, not {other:?}"
                )),
            },
            "expect" => {
                let (kind, text) = value.split_once(' ').unwrap_or((value.as_str(), ""));
                let expect = match (kind, text.trim()) {
                    ("builds", "") => Some(Expect::Builds),
                    ("starts", "") => Some(Expect::Starts),
                    ("breaking", text) if !text.is_empty() => {
                        Some(Expect::Breaking(text.to_owned()))
                    }
                    ("startup", text) if !text.is_empty() => Some(Expect::Startup(text.to_owned())),
                    _ => None,
                };
                match expect {
                    Some(expect) => draft.expect = Some(expect),
                    None => errors.push(format!(
                        "line {number}: `expect:` is `builds`, `starts`, `breaking TEXT` or `startup TEXT`, not {value:?}"
                    )),
                }
            }
            other => errors.push(format!(
                "line {number}: unknown key `{other}` (file, what, find, replace, delete_handler, expect, contains, one_error)"
            )),
        }
    }
    if let Some(last) = draft.take() {
        finish(last, &mut errors, &mut out);
    }
    if out.is_empty() && errors.is_empty() {
        errors.push("the table has no mutations".to_owned());
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// `source` without the handler `fn name`: from its doc comment and `#[endpoint` attribute
/// to the end of its body.
fn delete_handler(source: &str, name: &str) -> Result<String, String> {
    let anchor = format!("fn {name}(");
    let positions: Vec<usize> = source.match_indices(&anchor).map(|(i, _)| i).collect();
    let [at] = positions[..] else {
        return Err(format!(
            "`{anchor}` occurs {} times (it must occur exactly once)",
            positions.len()
        ));
    };
    let attribute = source[..at]
        .rfind("#[endpoint")
        .ok_or_else(|| format!("no `#[endpoint` before `{anchor}`"))?;
    if source[attribute..at].contains("fn ") {
        return Err(format!(
            "the last `#[endpoint` before `{anchor}` belongs to another item"
        ));
    }
    // Back to the start of the attribute's line, then over the doc comment above it.
    let mut start = source[..attribute].rfind('\n').map_or(0, |i| i + 1);
    while start > 0 {
        let previous = source[..start - 1].rfind('\n').map_or(0, |i| i + 1);
        if source[previous..start].trim_start().starts_with("///") {
            start = previous;
        } else {
            break;
        }
    }
    // The body: the first `{` after the signature, to its matching `}`.
    let open = source[at..]
        .find('{')
        .map(|i| at + i)
        .ok_or_else(|| format!("no body after `{anchor}`"))?;
    let close = matching_brace(source, open)
        .ok_or_else(|| format!("the body of `{anchor}` does not close"))?;
    let mut end = source[close..]
        .find('\n')
        .map_or(source.len(), |i| close + i + 1);
    // And one blank line after it.
    if source[end..].starts_with('\n') {
        end += 1;
    }
    Ok(format!("{}{}", &source[..start], &source[end..]))
}

/// The index of the `}` closing the `{` at `open`, skipping string and character literals
/// and comments.
fn matching_brace(source: &str, open: usize) -> Option<usize> {
    let bytes = source.as_bytes();
    let mut depth = 0usize;
    let mut i = open;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < bytes.len() && !(bytes[i] == b'*' && bytes[i + 1] == b'/') {
                    i += 1;
                }
                i += 1;
            }
            // A character literal (`'{'`, `'\''`); a lifetime (`'a`) has no closing quote.
            b'\'' if bytes.get(i + 1) == Some(&b'\\') => {
                i += 3;
                while i < bytes.len() && bytes[i] != b'\'' {
                    i += 1;
                }
            }
            b'\'' if bytes.get(i + 2) == Some(&b'\'') => i += 2,
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

fn read_table() -> Vec<Mutation> {
    let path = workspace().join("tests/guard/mutations.txt");
    let text =
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    parse_table(&text)
        .unwrap_or_else(|errors| panic!("{} is malformed:\n{}", path.display(), errors.join("\n")))
}

/// The files of `examples/src` the scratch crate copies (`*.rs` and `*.lock`), by name.
fn read_sources() -> BTreeMap<String, String> {
    let dir = workspace().join("examples/src");
    let entries =
        fs::read_dir(&dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
    let mut sources = BTreeMap::new();
    for entry in entries {
        let path = entry
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
            .path();
        let copied = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("rs" | "lock")
        );
        if copied && path.is_file() {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_else(|| panic!("a file name that is not UTF-8 in {}", dir.display()))
                .to_owned();
            let text = fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            sources.insert(name, text);
        }
    }
    assert!(
        sources.contains_key("lib.rs"),
        "{} has no lib.rs",
        dir.display()
    );
    sources
}

/// The mutations selected by `VERSO_GUARD_ONLY` (all without it).
fn selected(mutations: Vec<Mutation>) -> (Vec<Mutation>, Option<String>) {
    let Ok(only) = std::env::var("VERSO_GUARD_ONLY") else {
        return (mutations, None);
    };
    let wanted: Vec<&str> = only
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let unknown: Vec<&&str> = wanted
        .iter()
        .filter(|id| !mutations.iter().any(|m| m.id == **id))
        .collect();
    assert!(
        unknown.is_empty(),
        "VERSO_GUARD_ONLY names unknown mutations {unknown:?}; the known ones: {}",
        mutations
            .iter()
            .map(|m| m.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let chosen = mutations
        .into_iter()
        .filter(|m| wanted.contains(&m.id.as_str()))
        .collect();
    (chosen, Some(only))
}

// ---------------------------------------------------------------------------------------
// The scratch crate

/// The scratch crate's `Cargo.toml`: the dependencies of `examples/Cargo.toml`, resolved
/// against the workspace's `[workspace.dependencies]`, with absolute paths.
fn scratch_manifest(root: &Path) -> Result<String, String> {
    let read = |path: PathBuf| {
        fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))
    };
    let workspace_toml = read(root.join("Cargo.toml"))?;
    let examples_toml = read(root.join("examples/Cargo.toml"))?;
    let entry = |line: &str| -> Option<(String, String)> {
        let (key, value) = line.split_once('=')?;
        Some((key.trim().to_owned(), value.trim().to_owned()))
    };
    let mut shared = BTreeMap::new();
    for line in toml_section(&workspace_toml, "workspace.dependencies") {
        let (name, value) = entry(line)
            .ok_or_else(|| format!("unexpected line in [workspace.dependencies]: {line}"))?;
        shared.insert(name, absolute_paths(&value, root)?);
    }
    let mut dependencies = Vec::new();
    for line in toml_section(&examples_toml, "dependencies") {
        let (key, value) =
            entry(line).ok_or_else(|| format!("unexpected line in examples/Cargo.toml: {line}"))?;
        let inherited = |name: &str| {
            shared.get(name).cloned().ok_or_else(|| {
                format!(
                    "examples/Cargo.toml inherits `{name}`, which [workspace.dependencies] lacks"
                )
            })
        };
        let line = if let Some(name) = key.strip_suffix(".workspace") {
            if value != "true" {
                return Err(format!(
                    "unexpected dependency in examples/Cargo.toml: {line}"
                ));
            }
            format!("{name} = {}", inherited(name)?)
        } else if value.starts_with('{') && value.contains("workspace = true") {
            let extra = value
                .trim_start_matches('{')
                .trim_end_matches('}')
                .replace("workspace = true", "");
            let extra = extra.trim().trim_matches(',').trim();
            let base = inherited(&key)?;
            let merged = match base.strip_suffix('}') {
                Some(table) if extra.is_empty() => format!("{table}}}"),
                Some(table) => format!("{}, {extra} }}", table.trim_end().trim_end_matches(',')),
                None if extra.is_empty() => base,
                None => format!("{{ version = {base}, {extra} }}"),
            };
            format!("{key} = {merged}")
        } else {
            format!(
                "{key} = {}",
                absolute_paths(&value, &root.join("examples"))?
            )
        };
        dependencies.push(line);
    }
    if dependencies.is_empty() {
        return Err("examples/Cargo.toml has no [dependencies]".to_owned());
    }
    Ok(format!(
        "# Generated by tests/tests/guard.rs from examples/Cargo.toml and the workspace's\n\
         # [workspace.dependencies]; rewritten on every run.\n\
         [package]\n\
         name = \"{CRATE_NAME}\"\n\
         version = \"0.0.0\"\n\
         edition = \"2024\"\n\
         publish = false\n\
         \n\
         [dependencies]\n\
         {}\n\
         \n\
         [profile.dev]\n\
         debug = false\n\
         \n\
         # Not a member of the repository's workspace.\n\
         [workspace]\n",
        dependencies.join("\n")
    ))
}

/// The non-empty, non-comment lines of `[name]` in a TOML text (one entry a line).
fn toml_section<'a>(text: &'a str, name: &str) -> Vec<&'a str> {
    let header = format!("[{name}]");
    text.lines()
        .map(str::trim)
        .skip_while(|line| *line != header)
        .skip(1)
        .take_while(|line| !line.starts_with('['))
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .collect()
}

/// A dependency's value with `path = "..."` made absolute against `base`.
fn absolute_paths(value: &str, base: &Path) -> Result<String, String> {
    if value.starts_with('{') && !value.ends_with('}') {
        return Err(format!(
            "a dependency spanning several lines is not supported: {value}"
        ));
    }
    let Some(at) = value.find("path = \"") else {
        return Ok(value.to_owned());
    };
    let start = at + "path = \"".len();
    let end = value[start..]
        .find('"')
        .map(|i| start + i)
        .ok_or_else(|| format!("unterminated path in {value}"))?;
    let path = Path::new(&value[start..end]);
    let path = if path.is_absolute() {
        path.to_path_buf()
    } else {
        base.join(path)
    };
    let path = path.display().to_string().replace('\\', "/");
    Ok(format!("{}{path}{}", &value[..start], &value[end..]))
}

/// The `start` binary: builds every service's router (`<module>::app()`), printing the
/// errors; fails if any does.
fn start_binary(lib: &str, sources: &BTreeMap<String, String>) -> String {
    let krate = CRATE_NAME.replace('-', "_");
    let services: Vec<&str> = lib
        .lines()
        .filter_map(|line| line.trim().strip_prefix("pub mod ")?.strip_suffix(';'))
        .filter(|module| {
            sources
                .get(&format!("{module}.rs"))
                .is_some_and(|source| source.contains("pub fn app()"))
        })
        .collect();
    let entries: String = services
        .iter()
        .map(|module| format!("        (\"{module}\", {krate}::{module}::app),\n"))
        .collect();
    format!(
        "//! Generated by tests/tests/guard.rs: builds the router of every example service.\n\
         \n\
         type App = fn() -> Result<axum::Router, verso::BuildError>;\n\
         \n\
         fn main() -> std::process::ExitCode {{\n    \
             let services: [(&str, App); {}] = [\n{entries}    ];\n    \
             let mut failed = false;\n    \
             for (name, app) in services {{\n        \
                 match app() {{\n            \
                     Ok(_) => println!(\"{{name}}: started\"),\n            \
                     Err(error) => {{\n                \
                         eprintln!(\"{{name}}: {{error}}\");\n                \
                         failed = true;\n            \
                     }}\n        \
                 }}\n    \
             }}\n    \
             if failed {{\n        \
                 std::process::ExitCode::FAILURE\n    \
             }} else {{\n        \
                 std::process::ExitCode::SUCCESS\n    \
             }}\n\
         }}\n",
        services.len()
    )
}

/// Writes `text` to `path` unless it already holds it (an unchanged file keeps its mtime,
/// so cargo does not rebuild for it).
fn sync_file(path: &Path, text: &str) {
    if fs::read_to_string(path).is_ok_and(|old| old == text) {
        return;
    }
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    }
    fs::write(path, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

/// The output of one bounded command.
struct Run {
    /// `None`: killed at the time bound.
    status: Option<ExitStatus>,
    stdout: String,
    stderr: String,
    elapsed: Duration,
}

impl Run {
    fn succeeded(&self) -> bool {
        self.status.is_some_and(|s| s.success())
    }

    fn describe(&self) -> String {
        match self.status {
            None => format!("was killed after {} s", self.elapsed.as_secs()),
            Some(status) if status.success() => "succeeded".to_owned(),
            Some(status) => format!("failed ({status})"),
        }
    }

    /// The last lines of stdout and stderr.
    fn tail(&self) -> String {
        let lines: Vec<&str> = self.stdout.lines().chain(self.stderr.lines()).collect();
        lines[lines.len().saturating_sub(TAIL)..].join("\n")
    }
}

struct Scratch {
    root: PathBuf,
    crate_dir: PathBuf,
    target_dir: PathBuf,
    logs: PathBuf,
    cargo: std::ffi::OsString,
    sources: BTreeMap<String, String>,
}

impl Scratch {
    /// Creates (or refreshes) the scratch crate with the pristine sources.
    fn prepare(root: &Path, sources: BTreeMap<String, String>) -> Scratch {
        let base = root.join("target/guard-mutants");
        let scratch = Scratch {
            root: root.to_path_buf(),
            crate_dir: base.join("crate"),
            target_dir: base.join("target"),
            logs: base.join("logs"),
            cargo: std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()),
            sources,
        };
        fs::create_dir_all(&scratch.logs)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", scratch.logs.display()));
        let manifest = scratch_manifest(root).unwrap_or_else(|e| panic!("{e}"));
        sync_file(&scratch.crate_dir.join("Cargo.toml"), &manifest);
        // The workspace's lock, so the versions match; cargo trims it to this crate's
        // dependencies on the first run, so it is copied again only when the workspace's
        // changed.
        let lock = fs::read_to_string(root.join("Cargo.lock"))
            .unwrap_or_else(|e| panic!("cannot read the workspace's Cargo.lock: {e}"));
        let copied = base.join("Cargo.lock.source");
        if !fs::read_to_string(&copied).is_ok_and(|old| old == lock)
            || !scratch.crate_dir.join("Cargo.lock").exists()
        {
            sync_file(&scratch.crate_dir.join("Cargo.lock"), &lock);
            sync_file(&copied, &lock);
        }
        let start = start_binary(&scratch.sources["lib.rs"], &scratch.sources);
        sync_file(&scratch.crate_dir.join("src/bin/start.rs"), &start);
        // Files no longer in examples/src go.
        let src = scratch.crate_dir.join("src");
        if let Ok(entries) = fs::read_dir(&src) {
            for entry in entries.flatten() {
                let path = entry.path();
                let name = entry.file_name().to_string_lossy().into_owned();
                if path.is_file() && !scratch.sources.contains_key(&name) {
                    fs::remove_file(&path)
                        .unwrap_or_else(|e| panic!("cannot remove {}: {e}", path.display()));
                }
            }
        }
        scratch.write_sources(None);
        scratch
    }

    /// Writes the pristine sources, but `mutated = (file, text)` for one file.
    fn write_sources(&self, mutated: Option<(&str, &str)>) {
        for (name, pristine) in &self.sources {
            let text = match mutated {
                Some((file, text)) if file == name => text,
                _ => pristine.as_str(),
            };
            sync_file(&self.crate_dir.join("src").join(name), text);
        }
    }

    /// Runs cargo in the scratch crate, bounded by `timeout`; its output goes to
    /// `logs/<log>.stdout` and `.stderr` too.
    fn cargo(&self, args: &[&str], log: &str, timeout: Duration) -> Run {
        let stdout = self.logs.join(format!("{log}.stdout"));
        let stderr = self.logs.join(format!("{log}.stderr"));
        let create = |path: &Path| {
            fs::File::create(path)
                .unwrap_or_else(|e| panic!("cannot create {}: {e}", path.display()))
        };
        let mut command = Command::new(&self.cargo);
        command
            .args(args)
            .current_dir(&self.crate_dir)
            .env("CARGO_TARGET_DIR", &self.target_dir)
            .env("CARGO_TERM_COLOR", "never")
            // The same flags whoever runs the suite: warnings are not errors here.
            .env_remove("RUSTFLAGS")
            .env_remove("CARGO_ENCODED_RUSTFLAGS")
            .env_remove("CARGO_BUILD_RUSTFLAGS")
            .env_remove("CARGO_BUILD_TARGET_DIR")
            // `document_api` reads its clock from it.
            .env_remove("API_NOW")
            .stdin(Stdio::null())
            .stdout(create(&stdout))
            .stderr(create(&stderr));
        #[cfg(unix)]
        {
            // Its own process group, so a timeout ends rustc too.
            use std::os::unix::process::CommandExt as _;
            command.process_group(0);
        }
        let started = Instant::now();
        let mut child = command
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run {:?}: {e}", self.cargo));
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break Some(status),
                Ok(None) if started.elapsed() < timeout => {
                    std::thread::sleep(Duration::from_millis(50));
                }
                Ok(None) | Err(_) => {
                    #[cfg(unix)]
                    {
                        let group = format!("-{}", child.id());
                        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
                    }
                    let _ = child.kill();
                    let _ = child.wait();
                    break None;
                }
            }
        };
        let elapsed = started.elapsed();
        let read = |path: &Path| {
            fs::read(path)
                .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
                .unwrap_or_default()
        };
        Run {
            status,
            stdout: read(&stdout),
            stderr: read(&stderr),
            elapsed,
        }
    }

    fn check(&self, log: &str, timeout: Duration) -> Run {
        self.cargo(
            &["check", "--quiet", "--message-format", "short"],
            &format!("{log}.check"),
            timeout,
        )
    }

    fn start(&self, log: &str, timeout: Duration) -> Run {
        self.cargo(
            &["run", "--quiet", "--bin", "start"],
            &format!("{log}.start"),
            timeout,
        )
    }
}

// ---------------------------------------------------------------------------------------
// Judging a run

/// A diagnostic line of `--message-format short`: (`path`, `rest`) for
/// `path:line:column: rest`, or (`""`, `line`).
fn split_location(line: &str) -> (&str, &str) {
    if let Some((location, rest)) = line.split_once(": ") {
        let mut parts = location.rsplitn(3, ':');
        let column = parts.next().unwrap_or_default();
        let row = parts.next().unwrap_or_default();
        let numeric = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if let Some(path) = parts.next().filter(|_| numeric(column) && numeric(row)) {
            return (path, rest);
        }
    }
    ("", line)
}

/// The error diagnostics (not cargo's closing "could not compile"), as (path, line).
fn errors(stderr: &str) -> Vec<(&str, &str)> {
    stderr
        .lines()
        .filter_map(|line| {
            let (path, rest) = split_location(line);
            let error = rest.starts_with("error:") || rest.starts_with("error[");
            (error && !rest.starts_with("error: could not compile")).then_some((path, line))
        })
        .collect()
}

/// What happened to one mutation.
struct Observation {
    passed: bool,
    /// A short account, for the table.
    observed: String,
    /// Why it failed and the output's tail.
    report: String,
}

impl Observation {
    fn failed(observed: String, why: String, tail: &str) -> Observation {
        Observation {
            passed: false,
            report: format!("{why}\n--- last {TAIL} lines of output ---\n{tail}"),
            observed,
        }
    }
}

fn shorten(text: &str, max: usize) -> String {
    let text = text.trim();
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}...", &text[..at]),
        None => text.to_owned(),
    }
}

/// An error message without `error: `, up to its rule (`... (rule `x`)`), shortened.
fn headline(error: &str) -> String {
    let message = error
        .strip_prefix("error: ")
        .or_else(|| error.split_once("]: ").map(|(_, rest)| rest))
        .unwrap_or(error);
    let message = match message.find("(rule `") {
        Some(at) => message[at..]
            .find("`)")
            .map_or(message, |end| &message[..at + end + 2]),
        None => message,
    };
    shorten(message, 240)
}

fn run_mutation(scratch: &Scratch, mutation: &Mutation, mutated: &str) -> Observation {
    scratch.write_sources(Some((&mutation.file, mutated)));
    let check = scratch.check(&mutation.id, MUTATION_TIMEOUT);
    let found_errors = errors(&check.stderr);
    let first_error = found_errors
        .first()
        .map(|(_, line)| split_location(line).1)
        .unwrap_or("");
    let missing = |output: &str, wanted: &[&String]| -> Vec<String> {
        wanted
            .iter()
            .filter(|text| !output.contains(text.as_str()))
            .map(|text| format!("{text:?}"))
            .collect()
    };
    if check.status.is_none() {
        return Observation::failed(
            format!("cargo check {}", check.describe()),
            format!("`cargo check` {}", check.describe()),
            &check.tail(),
        );
    }
    match &mutation.expect {
        Expect::Breaking(text) => {
            if check.succeeded() {
                return Observation::failed(
                    "builds".to_owned(),
                    "expected a compile error, but `cargo check` succeeded".to_owned(),
                    &check.tail(),
                );
            }
            let mut wanted = vec![text];
            wanted.extend(&mutation.contains);
            let guard_wording = "released version".to_owned();
            wanted.push(&guard_wording);
            let absent = missing(&check.stderr, &wanted);
            let observed = format!(
                "{} error{}: {}",
                found_errors.len(),
                if found_errors.len() == 1 { "" } else { "s" },
                headline(first_error)
            );
            if !absent.is_empty() {
                return Observation::failed(
                    observed,
                    format!(
                        "the build failed, but its output lacks {}",
                        absent.join(", ")
                    ),
                    &check.tail(),
                );
            }
            if mutation.one_error {
                let in_file = found_errors
                    .iter()
                    .filter(|(path, _)| Path::new(path).ends_with(format!("src/{}", mutation.file)))
                    .count();
                if found_errors.len() != 1 || in_file != 1 {
                    let listed: Vec<&str> = found_errors.iter().map(|(_, line)| *line).collect();
                    return Observation::failed(
                        observed,
                        format!(
                            "expected exactly one error, in src/{}; got {} ({} in that file):\n{}",
                            mutation.file,
                            found_errors.len(),
                            in_file,
                            listed.join("\n")
                        ),
                        &check.tail(),
                    );
                }
            }
            Observation {
                passed: true,
                observed,
                report: String::new(),
            }
        }
        Expect::Builds => {
            if check.succeeded() {
                Observation {
                    passed: true,
                    observed: "builds".to_owned(),
                    report: String::new(),
                }
            } else {
                Observation::failed(
                    format!("compile error: {}", headline(first_error)),
                    "expected the build to succeed, but `cargo check` failed".to_owned(),
                    &check.tail(),
                )
            }
        }
        Expect::Starts => {
            if !check.succeeded() {
                return Observation::failed(
                    format!("compile error: {}", headline(first_error)),
                    "expected the build to succeed (and the start-up too), but `cargo check` failed"
                        .to_owned(),
                    &check.tail(),
                );
            }
            let start = scratch.start(&mutation.id, MUTATION_TIMEOUT);
            if start.succeeded() {
                Observation {
                    passed: true,
                    observed: "builds and starts".to_owned(),
                    report: String::new(),
                }
            } else {
                Observation::failed(
                    format!("builds, the start binary {}", start.describe()),
                    format!(
                        "expected the start-up to succeed, but the start binary {}",
                        start.describe()
                    ),
                    &start.tail(),
                )
            }
        }
        Expect::Startup(text) => {
            if !check.succeeded() {
                return Observation::failed(
                    format!("compile error: {}", headline(first_error)),
                    "expected the build to succeed (and the start-up to fail), but `cargo check` failed"
                        .to_owned(),
                    &check.tail(),
                );
            }
            let start = scratch.start(&mutation.id, MUTATION_TIMEOUT);
            let output = format!("{}\n{}", start.stdout, start.stderr);
            let failure = start
                .stderr
                .lines()
                .find(|line| {
                    // The start binary's own lines: `service: error`.
                    line.split_once(": ").is_some_and(|(service, _)| {
                        !service.is_empty()
                            && service.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
                            && !matches!(service, "warning" | "error" | "note" | "help")
                    })
                })
                .unwrap_or("");
            if start.status.is_none() || start.succeeded() {
                return Observation::failed(
                    format!("starts: the start binary {}", start.describe()),
                    format!(
                        "expected the start-up to fail, but the start binary {}",
                        start.describe()
                    ),
                    &start.tail(),
                );
            }
            let mut wanted = vec![text];
            wanted.extend(&mutation.contains);
            let absent = missing(&output, &wanted);
            let observed = format!("start-up fails: {}", shorten(failure, 160));
            if absent.is_empty() {
                Observation {
                    passed: true,
                    observed,
                    report: String::new(),
                }
            } else {
                Observation::failed(
                    observed,
                    format!(
                        "the start-up failed, but its output lacks {}",
                        absent.join(", ")
                    ),
                    &start.tail(),
                )
            }
        }
    }
}

/// The Markdown table of the mutations and what they did.
fn markdown(rows: &[(&Mutation, Observation)], subset: Option<&str>) -> String {
    let cell = |text: &str| text.replace('|', "\\|").replace('\n', " ");
    let mut out = String::from(
        "<!-- Generated by `cargo test -p verso-tests --test guard` (tests/tests/guard.rs) from tests/guard/mutations.txt. -->\n\n",
    );
    if let Some(only) = subset {
        let _ = writeln!(out, "Only the mutations `VERSO_GUARD_ONLY={only}`.\n");
    }
    let passed = rows.iter().filter(|(_, o)| o.passed).count();
    let _ = writeln!(
        out,
        "{passed} of {} mutations of the example services behave as the guard promises.\n",
        rows.len()
    );
    out.push_str("| id | service | edit | expected | observed |\n|---|---|---|---|---|\n");
    for (mutation, observation) in rows {
        let observed = if observation.passed {
            cell(&observation.observed)
        } else {
            format!("**differs:** {}", cell(&observation.observed))
        };
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} |",
            mutation.id,
            mutation.service(),
            cell(&mutation.what),
            cell(&mutation.expect.describe()),
            observed
        );
    }
    out
}

// ---------------------------------------------------------------------------------------
// The tests

/// Every mutation of the table applies to the current examples: each `find:` text occurs
/// exactly once. Fast; the guard test below reports the same, after building.
#[test]
fn mutations_apply_to_the_examples() {
    let sources = read_sources();
    let mutations = read_table();
    let problems: Vec<String> = mutations
        .iter()
        .filter_map(|m| match sources.get(&m.file) {
            None => Some(format!(
                "`{}` (line {}): no file examples/src/{}",
                m.id, m.line, m.file
            )),
            Some(source) => m
                .apply(source)
                .err()
                .map(|e| format!("line {} of tests/guard/mutations.txt: {e}", m.line)),
        })
        .collect();
    assert!(
        problems.is_empty(),
        "{} mutations no longer apply:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn the_table_format_is_read_as_documented() {
    let table = "# comment\n[a-1]\nfile: x.rs\nwhat: w\nfind:     pub a: u8,\nreplace: pub b: u8,\\n    x\nexpect: breaking rule `remove_field`\none_error: no\n\n[b]\nfile: y.rs\nwhat: v\ndelete_handler: get\nexpect: startup was released\ncontains: get\n";
    let parsed = parse_table(table).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(parsed.len(), 2);
    let Edit::Replace { find, replace } = &parsed[0].edits[0] else {
        panic!("not a replacement");
    };
    assert_eq!(find, "    pub a: u8,");
    assert_eq!(replace, "pub b: u8,\n    x");
    assert_eq!(
        parsed[0].expect,
        Expect::Breaking("rule `remove_field`".to_owned())
    );
    assert!(!parsed[0].one_error && parsed[1].one_error);
    assert_eq!(parsed[1].contains, ["get"]);
    let errors = parse_table("[a]\nfind: x\nexpect: maybe\n").unwrap_err();
    assert!(
        errors.iter().any(|e| e.contains("no `file:`")),
        "{errors:?}"
    );
    assert!(
        errors.iter().any(|e| e.contains("without its `replace:`")),
        "{errors:?}"
    );
    assert!(
        errors.iter().any(|e| e.contains("`expect:` is")),
        "{errors:?}"
    );
}

#[test]
fn a_handler_is_deleted_with_its_attribute_and_docs() {
    let source = "fn keep() {}\n\n/// Docs.\n/// More.\n#[endpoint(\n    GET \"/a/{id}\",\n    api = A,\n)]\nasync fn get_a(Path(id): Path<String>) -> String {\n    // a } in a comment\n    format!(\"{{}} {id} }}\")\n    /* } */\n    let _ = ('}', '\\'', b'{');\n    x::<'_>()\n}\n\nfn after() {}\n";
    let deleted = delete_handler(source, "get_a").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(deleted, "fn keep() {}\n\nfn after() {}\n");
    assert!(delete_handler(source, "missing").is_err());
    assert!(
        delete_handler(source, "keep").is_err(),
        "no #[endpoint] before it"
    );
}

#[test]
fn short_diagnostics_are_counted() {
    let stderr = "src/a.rs:3:5: error: released version 1 of `A` changed\nsrc/a.rs:9:1: warning: unused import\nsrc/b.rs:1:1: error[E0277]: the trait bound\nerror: could not compile `x` (lib) due to 2 previous errors\n";
    let found = errors(stderr);
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].0, "src/a.rs");
    assert_eq!(found[1].0, "src/b.rs");
    assert_eq!(split_location("error: no location").0, "");
}

/// The pristine examples build and start; every mutation of the table has the outcome it
/// declares.
#[test]
fn guard_mutations() {
    let root = workspace();
    let (mutations, subset) = selected(read_table());
    let sources = read_sources();
    fs::create_dir_all(root.join("target/guard-mutants"))
        .unwrap_or_else(|e| panic!("cannot create target/guard-mutants: {e}"));
    // One run at a time uses the scratch crate.
    let lock_path = root.join("target/guard-mutants/.lock");
    let lock = fs::File::create(&lock_path)
        .unwrap_or_else(|e| panic!("cannot create {}: {e}", lock_path.display()));
    lock.lock()
        .unwrap_or_else(|e| panic!("cannot lock {}: {e}", lock_path.display()));

    // The edits first: a stale `find:` is reported without building anything for it.
    let mut failures: Vec<String> = Vec::new();
    let mut rows: Vec<(&Mutation, Observation)> = Vec::new();
    let mut runnable: Vec<(&Mutation, String)> = Vec::new();
    for mutation in &mutations {
        let applied = match sources.get(&mutation.file) {
            None => Err(format!("no file examples/src/{}", mutation.file)),
            Some(source) => mutation.apply(source),
        };
        match applied {
            Ok(text) => runnable.push((mutation, text)),
            Err(error) => {
                failures.push(format!(
                    "== {} (line {} of tests/guard/mutations.txt): the edit no longer applies\n{error}",
                    mutation.id, mutation.line
                ));
                rows.push((
                    mutation,
                    Observation {
                        passed: false,
                        observed: "the edit no longer applies".to_owned(),
                        report: error,
                    },
                ));
            }
        }
    }

    let scratch = Scratch::prepare(&root, sources);
    eprintln!(
        "guard: the pristine examples (the first run builds the dependencies in {})",
        scratch.target_dir.display()
    );
    let check = scratch.check("pristine", PRISTINE_TIMEOUT);
    assert!(
        check.succeeded() && errors(&check.stderr).is_empty(),
        "the pristine copy of examples/src does not build in {}: `cargo check` {}\n{}",
        scratch.crate_dir.display(),
        check.describe(),
        check.tail()
    );
    let start = scratch.start("pristine", PRISTINE_TIMEOUT);
    assert!(
        start.succeeded(),
        "the pristine copy of examples/src does not start: the start binary {}\n{}",
        start.describe(),
        start.tail()
    );
    eprintln!(
        "guard: pristine builds ({} s) and starts ({} s)",
        check.elapsed.as_secs(),
        start.elapsed.as_secs()
    );

    for (mutation, text) in &runnable {
        let started = Instant::now();
        let observation = run_mutation(&scratch, mutation, text);
        eprintln!(
            "guard: {:<44} {} ({:.1} s): {}",
            mutation.id,
            if observation.passed { "ok  " } else { "FAIL" },
            started.elapsed().as_secs_f64(),
            observation.observed
        );
        if !observation.passed {
            failures.push(format!(
                "== {} (line {} of tests/guard/mutations.txt, {}): {}\nexpected: {}\n{}",
                mutation.id,
                mutation.line,
                mutation.file,
                mutation.what,
                mutation.expect.describe(),
                observation.report
            ));
        }
        rows.push((mutation, observation));
    }
    // Leave the scratch crate pristine.
    scratch.write_sources(None);

    rows.sort_by_key(|(m, _)| m.line);
    let table_path = scratch.root.join("target/guard-mutants/table.md");
    sync_file(&table_path, &markdown(&rows, subset.as_deref()));
    let passed = rows.iter().filter(|(_, o)| o.passed).count();
    let summary = format!(
        "guard mutations: {passed} passed, {} failed",
        rows.len() - passed
    );
    println!("{summary} (table: {})", table_path.display());
    eprintln!("{summary}");
    assert!(
        failures.is_empty(),
        "{summary}\n\n{}\n\n{summary}",
        failures.join("\n\n")
    );
}
