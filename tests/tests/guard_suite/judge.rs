//! Judging a run: its diagnostics, and the outcome against the expectation.

use std::fmt::Write as _;
use std::path::Path;

use super::*;
use crate::{MUTATION_TIMEOUT, TAIL};

/// A diagnostic line of `--message-format short`: (`path`, `rest`) for
/// `path:line:column: rest`, or (`""`, `line`).
pub(crate) fn split_location(line: &str) -> (&str, &str) {
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
pub(crate) fn errors(stderr: &str) -> Vec<(&str, &str)> {
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
pub(crate) struct Observation {
    pub(crate) passed: bool,
    /// A short account, for the table.
    pub(crate) observed: String,
    /// Why it failed and the output's tail.
    pub(crate) report: String,
}

impl Observation {
    pub(crate) fn failed(observed: String, why: String, tail: &str) -> Observation {
        Observation {
            passed: false,
            report: format!("{why}\n--- last {TAIL} lines of output ---\n{tail}"),
            observed,
        }
    }
}

pub(crate) fn shorten(text: &str, max: usize) -> String {
    let text = text.trim();
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}...", &text[..at]),
        None => text.to_owned(),
    }
}

/// An error message without `error: `, up to its rule (`... (rule `x`)`), shortened.
pub(crate) fn headline(error: &str) -> String {
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

pub(crate) fn run_mutation(scratch: &Scratch, mutation: &Mutation, mutated: &str) -> Observation {
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
pub(crate) fn markdown(rows: &[(&Mutation, Observation)], subset: Option<&str>) -> String {
    let cell = |text: &str| text.replace('|', "\\|").replace('\n', " ");
    let mut out = String::from(
        "<!-- Generated by `cargo test -p versionary-tests --test guard` (tests/tests/guard.rs) from tests/guard/mutations.txt. -->\n\n",
    );
    if let Some(only) = subset {
        let _ = writeln!(out, "Only the mutations `VERSIONARY_GUARD_ONLY={only}`.\n");
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
