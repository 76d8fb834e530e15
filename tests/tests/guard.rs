//! The mutation suite of the compile-time guard ("Released versions cannot change by
//! accident" in `versionary::lock`'s documentation, `runtime/docs/lock.md`); the table of
//! its outcomes is in `docs/DESIGN-NOTES.md`.
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
//! `VERSIONARY_GUARD_ONLY=id,id` runs only those mutations (the pristine copy is always checked).

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The scratch crate's package name.
const CRATE_NAME: &str = "versionary-guard-mutant";
/// A bound on one cargo run of a mutation (the scratch crate only).
const MUTATION_TIMEOUT: Duration = Duration::from_secs(300);
/// A bound on the pristine runs, which build the dependencies the first time.
const PRISTINE_TIMEOUT: Duration = Duration::from_secs(1800);
/// How many lines of output a failure report quotes.
const TAIL: usize = 40;

mod guard_suite;

use guard_suite::*;

/// The workspace root: the parent of this crate.
fn workspace() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

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
