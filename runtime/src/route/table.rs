//! The route table: every route an API serves, for `--routes`, docs and snapshot tests.

use serde_json::{Value, json};

use crate::api::Api;

use super::builder::{ApiBuilder, BuildError};
use super::endpoint::Endpoint;

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

impl<A: Api> ApiBuilder<A> {
    pub(super) fn range(e: &Endpoint) -> String {
        if !e.versions.is_empty() {
            let labels: Vec<&str> = e.versions.iter().map(|&v| A::VERSIONS[v].label).collect();
            return labels.join(",");
        }
        let until = e.until.unwrap_or(A::VERSIONS.len());
        format!(
            "{}..={}",
            A::VERSIONS[e.since].label,
            A::VERSIONS[until - 1].label
        )
    }

    /// The routes this builder serves, sorted by path, method and version.
    pub fn route_table(&self) -> Result<RouteTable, BuildError> {
        let prefix = self.startup_checks()?;
        let plan = Self::plan(self.preview.is_some())?;
        let mut rows: Vec<RouteRow> = plan
            .instances
            .iter()
            .map(|i| RouteRow {
                method: i.method,
                path: Self::served_path(&prefix, i.version, i.path),
                version: A::VERSIONS[i.version].label,
                versions: Self::range(i.endpoint),
                handler: i.endpoint.handler,
                status: if A::VERSIONS[i.version].unreleased {
                    "preview"
                } else if A::VERSIONS[i.version].sunset.is_some() || i.endpoint.sunset.is_some() {
                    "sunset-scheduled"
                } else if A::VERSIONS[i.version].deprecated.is_some()
                    || i.endpoint.deprecated.is_some()
                {
                    "deprecated"
                } else {
                    "active"
                },
                source: format!("{}:{}", i.endpoint.file, i.endpoint.line),
            })
            .collect();
        rows.extend(plan.neutral.iter().map(|e| RouteRow {
            method: e.method,
            path: e.path.to_owned(),
            version: "-",
            versions: "unversioned".to_owned(),
            handler: e.handler,
            status: "active",
            source: format!("{}:{}", e.file, e.line),
        }));
        if let Some(base) = &self.openapi_path {
            rows.push(RouteRow {
                method: "GET",
                path: format!("{base}/{{version}}.json"),
                version: "-",
                versions: "unversioned".to_owned(),
                handler: "(OpenAPI documents)",
                status: "active",
                source: "versionary".to_owned(),
            });
        }
        if let Some(path) = &self.versions_path {
            rows.push(RouteRow {
                method: "GET",
                path: path.clone(),
                version: "-",
                versions: "unversioned".to_owned(),
                handler: "(version list)",
                status: "active",
                source: "versionary".to_owned(),
            });
        }
        #[cfg(feature = "docs")]
        if let Some(base) = &self.docs {
            let previews = self.openapi_path.is_none() || self.preview.is_some();
            rows.extend(crate::docs::table_rows(base, previews));
        }
        let index = |label: &str| A::VERSIONS.iter().position(|v| v.label == label);
        rows.sort_by(|a, b| {
            (&a.path, a.method, index(a.version)).cmp(&(&b.path, b.method, index(b.version)))
        });
        if let Some(mount) = self.checked_mount()? {
            for row in &mut rows {
                row.path.insert_str(0, &mount);
            }
        }
        Ok(RouteTable { rows })
    }
}
