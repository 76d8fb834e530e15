//! The route table: every route an API serves, for `--routes`, docs and snapshot tests
//! ([`RouteTable`], its rows and their text, Markdown and JSON forms). The builder fills it
//! (`ApiBuilder::route_table`, in `route::build`).

use serde_json::{Value, json};

/// One row of the route table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteRow {
    /// HTTP method.
    pub method: &'static str,
    /// The path as served (with the version segment for path versioning).
    pub path: String,
    /// The version this row serves, or `-` for a version-neutral endpoint.
    pub version: &'static str,
    /// The versions the endpoint exists in (`1..=2`), or `unversioned`.
    pub versions: String,
    /// The handler's name.
    pub handler: &'static str,
    /// `active` (later issues add lifecycle states).
    pub status: &'static str,
    /// `file:line` of the handler.
    pub source: String,
}

impl RouteRow {
    /// A row of one of the framework's own routes (OpenAPI documents, the version list, the
    /// docs site): `GET`, outside any version, served by versionary.
    pub(crate) fn framework(path: String, handler: &'static str) -> RouteRow {
        RouteRow {
            method: "GET",
            path,
            version: "-",
            versions: "unversioned".to_owned(),
            handler,
            status: "active",
            source: "versionary".to_owned(),
        }
    }
}

/// Every route an API serves, sorted by path, method and version: deterministic output for
/// `--routes`, docs and snapshot tests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteTable {
    /// The rows, sorted.
    pub rows: Vec<RouteRow>,
}

impl RouteTable {
    /// Aligned columns: method, path, version, versions, handler, status.
    pub fn to_text(&self) -> String {
        let header = ["METHOD", "PATH", "VERSION", "VERSIONS", "HANDLER", "STATUS"];
        let cells: Vec<[&str; 6]> = self
            .rows
            .iter()
            .map(|r| {
                [
                    r.method,
                    &r.path,
                    r.version,
                    &r.versions,
                    r.handler,
                    r.status,
                ]
            })
            .collect();
        let mut widths = header.map(str::len);
        for row in &cells {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.len());
            }
        }
        let mut out = String::new();
        for row in core::iter::once(&header).chain(&cells) {
            let line: Vec<String> = row
                .iter()
                .zip(widths)
                .map(|(cell, width)| format!("{cell:width$}"))
                .collect();
            out.push_str(line.join("  ").trim_end());
            out.push('\n');
        }
        out
    }

    /// A Markdown table.
    pub fn to_markdown(&self) -> String {
        let mut out = String::from(
            "| method | path | version | versions | handler | status |\n|---|---|---|---|---|---|\n",
        );
        for r in &self.rows {
            out.push_str(&format!(
                "| {} | `{}` | {} | {} | `{}` | {} |\n",
                r.method, r.path, r.version, r.versions, r.handler, r.status
            ));
        }
        out
    }

    /// A JSON array of `{method, path, version, versions, handler, status, source}`.
    pub fn to_json(&self) -> Value {
        Value::Array(
            self.rows
                .iter()
                .map(|r| {
                    json!({
                        "method": r.method,
                        "path": r.path,
                        "version": r.version,
                        "versions": r.versions,
                        "handler": r.handler,
                        "status": r.status,
                        "source": r.source,
                    })
                })
                .collect(),
        )
    }
}
