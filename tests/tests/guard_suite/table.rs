//! The mutations table: its format, and the edits it describes.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use crate::workspace;

/// What a mutation is expected to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Expect {
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
    pub(crate) fn describe(&self) -> String {
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
pub(crate) enum Edit {
    /// Replace the only occurrence of `find` with `replace`.
    Replace { find: String, replace: String },
    /// Delete the handler `fn NAME` with its `#[endpoint]` attribute and doc comment.
    DeleteHandler(String),
}

#[derive(Clone, Debug)]
pub(crate) struct Mutation {
    pub(crate) id: String,
    /// The line of its `[id]` header in the table.
    pub(crate) line: usize,
    /// The file of `examples/src/` it edits.
    pub(crate) file: String,
    /// The edit in words.
    pub(crate) what: String,
    pub(crate) edits: Vec<Edit>,
    pub(crate) expect: Expect,
    /// More texts the output must contain.
    pub(crate) contains: Vec<String>,
    /// For a breaking edit: exactly one error, in the mutated file.
    pub(crate) one_error: bool,
}

impl Mutation {
    pub(crate) fn service(&self) -> &str {
        self.file.strip_suffix(".rs").unwrap_or(&self.file)
    }

    /// The file after the edits, or why they do not apply.
    pub(crate) fn apply(&self, source: &str) -> Result<String, String> {
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
pub(crate) fn unescape(value: &str) -> Result<String, String> {
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
pub(crate) fn parse_table(text: &str) -> Result<Vec<Mutation>, Vec<String>> {
    struct Draft {
        mutation: Mutation,
        pending_find: Option<String>,
        expect: Option<Expect>,
    }
    pub(crate) fn finish(draft: Draft, errors: &mut Vec<String>, out: &mut Vec<Mutation>) {
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
pub(crate) fn delete_handler(source: &str, name: &str) -> Result<String, String> {
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
pub(crate) fn matching_brace(source: &str, open: usize) -> Option<usize> {
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

pub(crate) fn read_table() -> Vec<Mutation> {
    let path = workspace().join("tests/guard/mutations.txt");
    let text =
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    parse_table(&text)
        .unwrap_or_else(|errors| panic!("{} is malformed:\n{}", path.display(), errors.join("\n")))
}

/// The files of `examples/src` the scratch crate copies (`*.rs` and `*.lock`, in
/// subdirectories too: a module's own files), by path relative to it (`lib.rs`,
/// `book_a_secure_move/events.rs`).
pub(crate) fn read_sources() -> BTreeMap<String, String> {
    let dir = workspace().join("examples/src");
    let mut sources = BTreeMap::new();
    read_sources_under(&dir, "", &mut sources);
    assert!(
        sources.contains_key("lib.rs"),
        "{} has no lib.rs",
        dir.display()
    );
    sources
}

/// The copied files under `dir`, named `{prefix}{file name}`.
fn read_sources_under(dir: &Path, prefix: &str, sources: &mut BTreeMap<String, String>) {
    let entries =
        fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
    for entry in entries {
        let path = entry
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
            .path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_else(|| panic!("a file name that is not UTF-8 in {}", dir.display()))
            .to_owned();
        if path.is_dir() {
            read_sources_under(&path, &format!("{prefix}{name}/"), sources);
            continue;
        }
        let copied = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("rs" | "lock")
        );
        if copied && path.is_file() {
            let text = fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            sources.insert(format!("{prefix}{name}"), text);
        }
    }
}

/// The mutations selected by `VERSIONARY_GUARD_ONLY` (all without it).
pub(crate) fn selected(mutations: Vec<Mutation>) -> (Vec<Mutation>, Option<String>) {
    let Ok(only) = std::env::var("VERSIONARY_GUARD_ONLY") else {
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
        "VERSIONARY_GUARD_ONLY names unknown mutations {unknown:?}; the known ones: {}",
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
