//! The runtime's structure, checked on its sources: its own modules import each other
//! without a cycle, name items by the module that defines them, and keep functions short.
//!
//! ## The module graph
//!
//! The graph is read from the sources in `src/`: a node is a module at most two levels deep
//! (`route`, `route::build`, `model::endpoint`; an inline module such as `mod tests` belongs
//! to its file's node), and an edge is a path that leaves its node through `crate::`,
//! `super::` or `self::` (in a `use` item or inline, comments and string literals left
//! out), to the deepest node its path names. A parent declaring and re-exporting its
//! children is containment, not an edge; a child naming its parent is one. The graph is
//! checked twice: as it is, and with each node collapsed into its top-level module.
//!
//! Items reached through the crate root's re-exports (`crate::Version` instead of
//! `crate::version::Version`) are refused too: the root re-exports every module, so such a
//! path hides which module is used.
//!
//! ## Function length
//!
//! A function's body spans at most 80 lines, unless a `//` comment just above it (among its
//! doc comment and attributes) starts with `Over 80 lines:` and says why.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A module at most two levels deep (`""` is the crate root).
type Node = String;

/// Where an edge was seen first: file and line.
type Seen = (String, usize);

/// The graph: each node's edges, with where each edge was seen first.
type Graph = BTreeMap<Node, BTreeMap<Node, Seen>>;

/// One token of Rust source with comments and literal contents removed.
#[derive(Debug, Clone, PartialEq)]
struct Token {
    text: String,
    line: usize,
}

/// Splits `source` into identifiers and punctuation (`::` is one token), dropping comments,
/// string, byte-string, raw-string and char literals (a lifetime is kept as punctuation and
/// an identifier, which no path starts with).
fn tokens(source: &str) -> Vec<Token> {
    let chars: Vec<char> = source.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    let count_lines =
        |from: usize, to: usize| chars[from..to].iter().filter(|&&c| c == '\n').count();
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let (start, mut depth) = (i, 0usize);
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            line += count_lines(start, i.min(chars.len()));
        } else if c == 'r'
            && (next == Some('"') || next == Some('#'))
            && raw_string_end(&chars, i).is_some()
        {
            let end = raw_string_end(&chars, i).unwrap_or(chars.len());
            line += count_lines(i, end);
            i = end;
        } else if c == '"' || (c == 'b' && next == Some('"')) {
            let start = i;
            i += if c == 'b' { 2 } else { 1 };
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            line += count_lines(start, i.min(chars.len()));
        } else if c == '\'' {
            // A char literal ('a', '\n', '\u{1F600}', '"'), or a lifetime ('a).
            let close = if next == Some('\\') {
                (i + 3..chars.len().min(i + 12)).find(|&j| chars[j] == '\'')
            } else {
                (chars.get(i + 2) == Some(&'\'')).then_some(i + 2)
            };
            i = close.map_or(i + 1, |j| j + 1);
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push(Token {
                text: chars[start..i].iter().collect(),
                line,
            });
        } else if c == ':' && next == Some(':') {
            out.push(Token {
                text: "::".into(),
                line,
            });
            i += 2;
        } else {
            out.push(Token {
                text: c.to_string(),
                line,
            });
            i += 1;
        }
    }
    out
}

/// The end (exclusive) of the raw string starting at `start` (`r"..."`, `r#"..."#`).
fn raw_string_end(chars: &[char], start: usize) -> Option<usize> {
    let mut i = start + 1;
    let mut hashes = 0;
    while chars.get(i) == Some(&'#') {
        hashes += 1;
        i += 1;
    }
    if chars.get(i) != Some(&'"') {
        return None;
    }
    i += 1;
    while i < chars.len() {
        if chars[i] == '"' && (1..=hashes).all(|h| chars.get(i + h) == Some(&'#')) {
            return Some(i + 1 + hashes);
        }
        i += 1;
    }
    Some(chars.len())
}

/// The paths of the use tree starting at `tokens[*at]`, with `prefix` before each; leaves
/// `*at` after the tree.
fn use_tree(
    tokens: &[Token],
    at: &mut usize,
    prefix: &[String],
    out: &mut Vec<(Vec<String>, usize)>,
) {
    let mut path = prefix.to_vec();
    while let Some(token) = tokens.get(*at) {
        match token.text.as_str() {
            "::" => *at += 1,
            "{" => {
                *at += 1;
                loop {
                    if tokens.get(*at).map(|t| t.text.as_str()) == Some("}") {
                        *at += 1;
                        return;
                    }
                    use_tree(tokens, at, &path, out);
                    match tokens.get(*at).map(|t| t.text.as_str()) {
                        Some(",") => *at += 1,
                        Some("}") => {
                            *at += 1;
                            return;
                        }
                        _ => return,
                    }
                }
            }
            "as" => *at += 2,
            "*" => *at += 1,
            "," | "}" | ";" => break,
            text => {
                path.push(text.to_owned());
                *at += 1;
            }
        }
    }
    out.push((path, tokens.get(*at).map_or(0, |t| t.line)));
}

/// Every path (with its line) of a file of module `module` that starts with `crate`,
/// `super` or `self`, resolved to a path from the crate root. Inline modules (`mod tests {`)
/// are followed, so that their `super::` means the file's module.
fn crate_paths(module: &[String], source: &str) -> Vec<(Vec<String>, usize)> {
    let tokens = tokens(source);
    let mut out = Vec::new();
    // Inline modules open: (their name, the brace depth inside them).
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < tokens.len() {
        let text = tokens[i].text.as_str();
        let here: Vec<String> = module
            .iter()
            .cloned()
            .chain(inline.iter().map(|(n, _)| n.clone()))
            .collect();
        match text {
            "{" => depth += 1,
            "}" => {
                if inline.last().is_some_and(|&(_, d)| d == depth) {
                    inline.pop();
                }
                depth = depth.saturating_sub(1);
            }
            "mod" if tokens.get(i + 2).is_some_and(|t| t.text == "{") => {
                inline.push((tokens[i + 1].text.clone(), depth + 1));
            }
            "use" => {
                let mut at = i + 1;
                let mut paths = Vec::new();
                use_tree(&tokens, &mut at, &[], &mut paths);
                for (path, _) in paths {
                    if let Some(resolved) = resolve(&here, &path) {
                        out.push((resolved, tokens[i].line));
                    }
                }
                i = at;
                continue;
            }
            "crate" | "super" | "self"
                if tokens.get(i + 1).is_some_and(|t| t.text == "::")
                    && (i == 0 || tokens[i - 1].text != "::") =>
            {
                let mut path = vec![text.to_owned()];
                let mut at = i + 1;
                while tokens.get(at).is_some_and(|t| t.text == "::")
                    && tokens
                        .get(at + 1)
                        .is_some_and(|t| t.text.chars().all(|c| c.is_alphanumeric() || c == '_'))
                {
                    path.push(tokens[at + 1].text.clone());
                    at += 2;
                }
                if let Some(resolved) = resolve(&here, &path) {
                    out.push((resolved, tokens[i].line));
                }
                i = at;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// `path` from the crate root, when it starts with `crate`, `super` or `self` (as seen from
/// module `here`).
fn resolve(here: &[String], path: &[String]) -> Option<Vec<String>> {
    let mut resolved: Vec<String> = match path.first().map(String::as_str) {
        Some("crate") => Vec::new(),
        Some("self") => here.to_vec(),
        Some("super") => here.to_vec(),
        _ => return None,
    };
    let mut rest = &path[1..];
    if path[0] == "super" {
        resolved.pop();
        while rest.first().map(String::as_str) == Some("super") {
            resolved.pop();
            rest = &rest[1..];
        }
    }
    resolved.extend(rest.iter().filter(|s| *s != "self").cloned());
    Some(resolved)
}

/// The deepest node `path` names (its module, at most two levels deep).
fn node_of(path: &[String], nodes: &BTreeSet<Node>) -> Node {
    (0..=path.len().min(2))
        .rev()
        .map(|n| path[..n].join("::"))
        .find(|candidate| nodes.contains(candidate))
        .unwrap_or_default()
}

/// The graph of `files` (each: its module path and source), and the root re-exports used
/// (file, line, path).
fn graph(files: &[(Vec<String>, String, String)]) -> (Graph, Vec<(String, usize, String)>) {
    let nodes: BTreeSet<Node> = files
        .iter()
        .map(|(module, _, _)| module[..module.len().min(2)].join("::"))
        .collect();
    let mut graph = Graph::new();
    let mut through_root = Vec::new();
    for (module, name, source) in files {
        let from = module[..module.len().min(2)].join("::");
        graph.entry(from.clone()).or_default();
        for (path, line) in crate_paths(module, source) {
            let to = node_of(&path, &nodes);
            if to.is_empty() && !from.is_empty() && from != "__private" && !path.is_empty() {
                through_root.push((name.clone(), line, path.join("::")));
            }
            let contained = from.is_empty() || to.starts_with(&format!("{from}::"));
            if to != from && !to.is_empty() && !contained {
                graph
                    .entry(from.clone())
                    .or_default()
                    .entry(to)
                    .or_insert_with(|| (name.clone(), line));
            }
        }
    }
    (graph, through_root)
}

/// A cycle of `graph` (its nodes in order, the first repeated at the end), if any.
fn find_cycle(graph: &Graph) -> Option<Vec<Node>> {
    fn visit(
        node: &Node,
        graph: &Graph,
        state: &mut BTreeMap<Node, bool>,
        stack: &mut Vec<Node>,
    ) -> Option<Vec<Node>> {
        match state.get(node) {
            Some(true) => {
                let start = stack.iter().position(|n| n == node)?;
                let mut cycle = stack[start..].to_vec();
                cycle.push(node.clone());
                return Some(cycle);
            }
            Some(false) => return None,
            None => {}
        }
        state.insert(node.clone(), true);
        stack.push(node.clone());
        for next in graph.get(node).into_iter().flat_map(|edges| edges.keys()) {
            if let Some(cycle) = visit(next, graph, state, stack) {
                return Some(cycle);
            }
        }
        stack.pop();
        state.insert(node.clone(), false);
        None
    }
    let mut state = BTreeMap::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut state, &mut Vec::new()))
}

/// The runtime's source files: (module path, file name, source).
fn runtime_sources() -> Vec<(Vec<String>, String, String)> {
    fn walk(dir: &Path, module: &[String], out: &mut Vec<(Vec<String>, String, String)>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .expect("the runtime's src/ is readable")
            .map(|e| e.expect("a directory entry").path())
            .collect();
        entries.sort();
        for path in entries {
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_owned();
            if path.is_dir() {
                let mut inner = module.to_vec();
                inner.push(stem);
                walk(&path, &inner, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let mut own = module.to_vec();
                match stem.as_str() {
                    "lib" | "mod" => {}
                    // `#[path = "private.rs"] pub mod __private`.
                    "private" if module.is_empty() => own.push("__private".into()),
                    _ => own.push(stem),
                }
                let name = path
                    .strip_prefix(env!("CARGO_MANIFEST_DIR"))
                    .unwrap_or(&path)
                    .display()
                    .to_string();
                let source = std::fs::read_to_string(&path).expect("a source file is readable");
                out.push((own, name, source));
            }
        }
    }
    let mut out = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &[],
        &mut out,
    );
    out
}

/// Panics naming the cycle of `graph`, if it has one, and where each of its edges is.
fn assert_acyclic(graph: &Graph, what: &str) {
    if let Some(cycle) = find_cycle(graph) {
        let steps: Vec<String> = cycle
            .windows(2)
            .map(|w| {
                let (file, line) = &graph[&w[0]][&w[1]];
                format!("  {} -> {}   ({file}:{line})", w[0], w[1])
            })
            .collect();
        panic!(
            "{what} import each other in a cycle: {}\n{}",
            cycle.join(" -> "),
            steps.join("\n")
        );
    }
}

/// `graph` with every node collapsed into its top-level module (`route::build` into
/// `route`), keeping where each edge was seen first.
fn top_level(graph: &Graph) -> Graph {
    let top = |node: &str| node.split("::").next().unwrap_or_default().to_owned();
    let mut out = Graph::new();
    for (from, edges) in graph {
        out.entry(top(from)).or_default();
        for (to, seen) in edges {
            if top(from) != top(to) {
                (out.entry(top(from)).or_default())
                    .entry(top(to))
                    .or_insert_with(|| seen.clone());
            }
        }
    }
    out
}

#[test]
fn the_runtime_module_graph_is_acyclic() {
    let files = runtime_sources();
    assert!(files.len() > 20, "the runtime's sources were not found");
    let (graph, _) = graph(&files);
    assert!(
        graph.contains_key("model::endpoint") && graph.contains_key("route::build"),
        "the graph misses modules: {:?}",
        graph.keys().collect::<Vec<_>>()
    );
    assert_acyclic(&graph, "the runtime's modules");
    // And the top-level modules, each taken as a whole: the endpoint model below the
    // router, the documents, the docs site, the lock and the changelog.
    assert_acyclic(&top_level(&graph), "the runtime's top-level modules");
}

#[test]
fn lower_modules_name_items_by_their_module() {
    let (_, through_root) = graph(&runtime_sources());
    let lines: Vec<String> = through_root
        .iter()
        .map(|(file, line, path)| format!("  {file}:{line}: {path}"))
        .collect();
    assert!(
        lines.is_empty(),
        "name these items by the module that defines them, not through the crate root's re-exports:\n{}",
        lines.join("\n")
    );
}

/// The longest a function may be without a reason given.
const MAX_FUNCTION_LINES: usize = 80;

/// The functions of `source` longer than `MAX_FUNCTION_LINES` with no `Over 80 lines:`
/// comment above them: (name, first line, lines).
fn long_functions(source: &str) -> Vec<(String, usize, usize)> {
    let tokens = tokens(source);
    let lines: Vec<&str> = source.lines().collect();
    let mut out = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        let Some(name) = tokens.get(i + 1).filter(|_| token.text == "fn") else {
            continue;
        };
        // The body: the first `{` before any `;` (a declaration without a body).
        let Some(open) = tokens[i..]
            .iter()
            .position(|t| t.text == "{" || t.text == ";")
            .map(|at| i + at)
            .filter(|&at| tokens[at].text == "{")
        else {
            continue;
        };
        let mut depth = 0usize;
        let close = tokens[open..].iter().position(|t| {
            match t.text.as_str() {
                "{" => depth += 1,
                "}" => depth -= 1,
                _ => {}
            }
            depth == 0
        });
        let Some(close) = close.map(|at| open + at) else {
            continue;
        };
        let length = tokens[close].line - token.line + 1;
        if length > MAX_FUNCTION_LINES && !reason_above(&lines, token.line) {
            out.push((name.text.clone(), token.line, length));
        }
    }
    out
}

/// Whether the comments and attributes just above line `line` (1-based) hold a
/// `// Over 80 lines:` reason.
fn reason_above(lines: &[&str], line: usize) -> bool {
    lines[..line.saturating_sub(1)]
        .iter()
        .rev()
        .map(|l| l.trim())
        .take_while(|l| l.starts_with("//") || l.starts_with("#["))
        .any(|l| l.starts_with("// Over 80 lines:"))
}

#[test]
fn functions_are_short_or_say_why() {
    let long: Vec<String> = runtime_sources()
        .iter()
        .flat_map(|(_, file, source)| {
            long_functions(source)
                .into_iter()
                .map(move |(name, line, length)| {
                    format!("  {file}:{line}: `{name}`, {length} lines")
                })
        })
        .collect();
    assert!(
        long.is_empty(),
        "split these functions, or say why not in a `// Over 80 lines:` comment above each:\n{}",
        long.join("\n")
    );
}

#[cfg(test)]
mod detector {
    use super::*;

    fn synthetic(edges: &[(&str, &str)]) -> Graph {
        let mut graph = Graph::new();
        for (from, to) in edges {
            graph.entry((*to).to_owned()).or_default();
            graph
                .entry((*from).to_owned())
                .or_default()
                .insert((*to).to_owned(), ("synthetic.rs".into(), 1));
        }
        graph
    }

    #[test]
    fn finds_a_cycle_and_names_it() {
        let graph = synthetic(&[("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")]);
        let cycle = find_cycle(&graph).expect("a -> b -> c -> a is a cycle");
        assert_eq!(cycle.first(), cycle.last());
        let mut members: Vec<&str> = cycle[1..].iter().map(String::as_str).collect();
        members.sort();
        assert_eq!(members, ["a", "b", "c"]);
    }

    #[test]
    fn a_dag_has_no_cycle() {
        let graph = synthetic(&[("a", "b"), ("a", "c"), ("b", "d"), ("c", "d")]);
        assert_eq!(find_cycle(&graph), None);
        assert_eq!(
            find_cycle(&synthetic(&[("a", "a")])),
            Some(vec!["a".into(), "a".into()])
        );
    }

    #[test]
    fn measures_functions_and_reads_reasons() {
        let body = "    let x = 1;\n".repeat(MAX_FUNCTION_LINES);
        let source = format!(
            "fn short() {{ let s = \"}}\"; }}\n\
             /// Too long.\nfn long() {{\n{body}}}\n\
             // Over 80 lines: a table, one arm per case.\n#[inline]\nfn table() {{\n{body}}}\n\
             trait T {{ fn declared(&self); }}\n"
        );
        assert_eq!(
            long_functions(&source),
            [("long".to_owned(), 3, MAX_FUNCTION_LINES + 2)]
        );
    }

    #[test]
    fn collapses_to_top_level_modules() {
        // No cycle between submodules, one between their parents.
        let graph = synthetic(&[("a::x", "b::y"), ("b::z", "a::w")]);
        assert_eq!(find_cycle(&graph), None);
        let top = top_level(&graph);
        assert_eq!(find_cycle(&top).map(|c| c.len()), Some(3));
    }

    #[test]
    fn reads_edges_from_sources() {
        let files = vec![
            (vec!["route".to_owned()], "route.rs".to_owned(), "mod build;".to_owned()),
            (
                vec!["route".to_owned(), "build".to_owned()],
                "route/build.rs".to_owned(),
                "use super::{table::Row, handler::{self, X as Y}};\n// use crate::docs::Gone;\nfn f() { let s = \"crate::docs::x\"; crate::model::endpoint::Endpoint::f(); }\nmod tests { use super::*; }".to_owned(),
            ),
            (vec!["route".to_owned(), "table".to_owned()], "route/table.rs".to_owned(), "use crate::Version;".to_owned()),
            (vec!["route".to_owned(), "handler".to_owned()], "route/handler.rs".to_owned(), "pub(crate) fn x() { let c = '\"'; super::build::f(); }".to_owned()),
            (vec!["docs".to_owned()], "docs.rs".to_owned(), String::new()),
            (vec!["model".to_owned(), "endpoint".to_owned()], "model/endpoint.rs".to_owned(), String::new()),
        ];
        let (graph, through_root) = graph(&files);
        let edges = |from: &str| graph[from].keys().cloned().collect::<Vec<_>>();
        assert_eq!(
            edges("route::build"),
            ["model::endpoint", "route::handler", "route::table"]
        );
        assert_eq!(edges("route::handler"), ["route::build"]);
        assert!(
            edges("route").is_empty(),
            "a parent's own children are not edges"
        );
        assert_eq!(
            through_root,
            [("route/table.rs".to_owned(), 1, "Version".to_owned())]
        );
        let cycle = find_cycle(&graph).expect("build <-> handler");
        assert!(
            cycle.contains(&"route::build".to_owned())
                && cycle.contains(&"route::handler".to_owned())
        );
    }
}
