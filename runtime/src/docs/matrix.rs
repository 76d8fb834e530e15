//! The version matrix: one row per endpoint (then per event), one column per version the
//! request may see.
//! A cell says where the endpoint is served in that version, or that it is deprecated
//! (with its dates), gone (answering 410 after its sunset), not yet there or removed. Built
//! from the plan of each version (the endpoint registry) and the route table (the paths).
//! Each column's head says where the version is in its life (preview, latest, supported,
//! deprecated, retired) and, to operators only, how many consumers still call it
//! ([`Consumers`], from `Usage`).

use std::collections::BTreeMap;

use crate::api::Api;
use crate::lifecycle::{Dates, Stage, date_text};
use crate::model::endpoint::Endpoint;
use crate::usage::{OVERFLOW_CONSUMER, Usage};

use super::{Page, Site, View, document_html, escape, visible};

/// The earlier of two optional `YYYY-MM-DD` dates (such text sorts as the dates do).
fn earliest(a: Option<&'static str>, b: Option<&'static str>) -> Option<&'static str> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The consumers seen within this many days count as still calling a version.
pub(crate) const WINDOW_DAYS: i64 = 30;

/// How many consumers still call each version (what operators see on the matrix): those
/// whose last request to it is within [`WINDOW_DAYS`] of now, and their requests.
pub(crate) struct Consumers {
    /// By version label: (consumers, their requests since the router started, whether
    /// consumers past the tracked limit called it too).
    by_version: BTreeMap<&'static str, (usize, u64, bool)>,
}

impl Consumers {
    /// The counts of `usage` at `now` (Unix seconds of the router's clock).
    pub(crate) fn of(usage: &Usage, now: i64) -> Consumers {
        let since = now - WINDOW_DAYS * 86_400;
        let mut seen: BTreeMap<&'static str, (Vec<String>, u64, bool)> = BTreeMap::new();
        for row in usage.by_consumer() {
            if row.last_seen < since {
                continue;
            }
            let entry = seen.entry(row.version).or_default();
            entry.1 += row.requests;
            if row.consumer == OVERFLOW_CONSUMER {
                entry.2 = true;
            } else if !entry.0.contains(&row.consumer) {
                entry.0.push(row.consumer);
            }
        }
        Consumers {
            by_version: (seen.into_iter())
                .map(|(version, (names, requests, others))| {
                    (version, (names.len(), requests, others))
                })
                .collect(),
        }
    }

    /// The note of version `label` in its column's head.
    fn cell(&self, label: &str) -> String {
        let (consumers, requests, others) = self.by_version.get(label).copied().unwrap_or_default();
        let plural =
            |n: u64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut text = plural(consumers as u64, "consumer", "consumers");
        if others {
            text.push_str(" and untracked others");
        }
        text.push_str(&format!(
            " in {WINDOW_DAYS} days ({})",
            plural(requests, "request", "requests")
        ));
        format!(
            "<span class=\"small consumers\" data-consumers=\"{consumers}\">{}</span>",
            escape(&text)
        )
    }
}

/// Where version `index` is in its life at `now`, as the matrix names it.
fn lifecycle<A: Api>(index: usize, now: i64) -> &'static str {
    let info = &A::VERSIONS[index];
    let newest = A::VERSIONS.iter().rposition(|v| !v.unreleased);
    match Dates::of(info.deprecated, info.sunset).stage(now) {
        _ if info.unreleased => "preview",
        Stage::Sunset => "retired",
        Stage::Deprecated => "deprecated",
        Stage::Active if Some(index) == newest => "latest",
        Stage::Active => "supported",
    }
}

/// The head of a version's column: its label, where it is in its life and, to operators,
/// how many consumers still call it.
fn column_head<A: Api>(index: usize, view: &View) -> String {
    let info = &A::VERSIONS[index];
    let stage = lifecycle::<A>(index, view.now);
    let mut notes = vec![match stage {
        "retired" => "retired: 410 Gone".to_owned(),
        stage => stage.to_owned(),
    }];
    if let Some(date) = info.released {
        notes.push(format!("released {date}"));
    }
    if let Some(date) = info.deprecated {
        notes.push(format!("deprecated {date}"));
    }
    if let Some(date) = info.sunset {
        notes.push(format!("sunset {date}"));
    }
    let consumers = (view.consumers.as_ref())
        .map(|c| c.cell(info.label))
        .unwrap_or_default();
    format!(
        "<th scope=\"col\" data-lifecycle=\"{stage}\" data-version=\"{label}\">{label}<span class=\"small\">{notes}</span>{consumers}</th>",
        label = escape(info.label),
        notes = escape(&notes.join(", ")),
    )
}

/// The path the route table gives `endpoint` in version `label`.
fn served_path<'t>(site: &'t Site, endpoint: &Endpoint, label: &str) -> Option<&'t str> {
    let source = format!("{}:{}", endpoint.file, endpoint.line);
    site.table
        .rows
        .iter()
        .find(|r| r.handler == endpoint.handler && r.source == source && r.version == label)
        .map(|r| r.path.as_str())
}

/// The cell of `endpoint` in the version at `index`.
fn cell<A: Api>(site: &Site, view: &View, endpoint: &Endpoint, index: usize) -> String {
    let info = &A::VERSIONS[index];
    let instance = site
        .plan
        .instances
        .iter()
        .find(|i| core::ptr::eq(i.endpoint, endpoint) && i.version == index);
    let Some(instance) = instance else {
        let served: Vec<usize> = site
            .plan
            .instances
            .iter()
            .filter(|i| core::ptr::eq(i.endpoint, endpoint))
            .map(|i| i.version)
            .collect();
        let (class, text) = if served.iter().all(|&v| v < index) {
            ("removed", "removed")
        } else {
            ("absent", "—")
        };
        return format!(
            "<td class=\"{class}\" title=\"not in version {label}\">{text}</td>",
            label = escape(info.label)
        );
    };
    let path = served_path(site, endpoint, info.label)
        .map(str::to_owned)
        .unwrap_or_else(|| instance.path.to_owned());
    let deprecated = earliest(info.deprecated, endpoint.deprecated);
    let sunset = earliest(info.sunset, endpoint.sunset);
    let stage = Dates::of(deprecated, sunset).stage(view.now);
    let mut dates = Vec::new();
    if let Some(date) = deprecated {
        dates.push(format!("deprecated {date}"));
    }
    if let Some(date) = sunset {
        dates.push(format!("sunset {date}"));
    }
    let (class, status) = match stage {
        _ if info.unreleased => ("preview", "preview".to_owned()),
        Stage::Sunset => ("gone", "gone: 410 Gone".to_owned()),
        Stage::Deprecated => ("deprecated", "deprecated".to_owned()),
        Stage::Active if dates.is_empty() => ("served", "served".to_owned()),
        Stage::Active => ("served", "served; deprecation announced".to_owned()),
    };
    let dates = if dates.is_empty() {
        String::new()
    } else {
        format!("<span class=\"small\">{}</span>", escape(&dates.join(", ")))
    };
    format!(
        "<td class=\"{class}\"><code>{method} {path}</code><span class=\"small\">{status}</span>{dates}</td>",
        method = escape(instance.method),
        path = escape(&path),
        status = escape(&status),
    )
}

/// One row per event (`#[event]`), after the endpoints: in each column, whether the
/// version sends it (deprecated where the version is, or where the event is retired in a released version).
fn event_rows<A: Api>(columns: &[usize]) -> String {
    let count = A::VERSIONS.len();
    let mut rows = String::new();
    for event in crate::model::event::of::<A>() {
        let cells: String = columns
            .iter()
            .map(|&i| {
                let info = &A::VERSIONS[i];
                if !event.exists(i, count) {
                    let (class, text) = if event.until.is_some_and(|u| u <= i) {
                        ("removed", "removed")
                    } else {
                        ("absent", "—")
                    };
                    return format!(
                        "<td class=\"{class}\" title=\"not in version {label}\">{text}</td>",
                        label = escape(info.label)
                    );
                }
                let (class, status) = match () {
                    _ if info.unreleased => ("preview", "preview"),
                    _ if info.deprecated.is_some() || event.retired_in::<A>().is_some() => {
                        ("deprecated", "sent; deprecated")
                    }
                    _ => ("served", "sent"),
                };
                format!(
                    "<td class=\"{class}\"><code>{name}</code><span class=\"small\">{status}</span></td>",
                    name = escape(event.name),
                )
            })
            .collect();
        rows.push_str(&format!(
            "      <tr data-event=\"{name}\"><th scope=\"row\"><code>event {name}</code><span class=\"small\">payload {payload}</span></th>{cells}<td>—</td></tr>\n",
            name = escape(event.name),
            payload = escape(event.payload),
        ));
    }
    rows
}

/// The version matrix page.
pub(super) fn page<A: Api>(site: &Site, view: &View) -> String {
    let columns: Vec<usize> = (0..A::VERSIONS.len())
        .filter(|&i| visible::<A>(i, view))
        .collect();
    let mut endpoints: Vec<&'static Endpoint> = Vec::new();
    for instance in &site.plan.instances {
        if visible::<A>(instance.version, view)
            && !endpoints
                .iter()
                .any(|e| core::ptr::eq(*e, instance.endpoint))
        {
            endpoints.push(instance.endpoint);
        }
    }
    let mut rows = String::new();
    for endpoint in &endpoints {
        let last = site
            .plan
            .instances
            .iter()
            .filter(|i| core::ptr::eq(i.endpoint, *endpoint) && visible::<A>(i.version, view))
            .max_by_key(|i| i.version);
        let (method, path) = last.map_or((endpoint.method, endpoint.path), |i| (i.method, i.path));
        let successor = endpoint
            .successor
            .map(|s| format!("<code>{}</code>", escape(s)))
            .unwrap_or_else(|| "—".to_owned());
        let cells: String = columns
            .iter()
            .map(|&i| cell::<A>(site, view, endpoint, i))
            .collect();
        rows.push_str(&format!(
            "      <tr data-endpoint=\"{handler}\"><th scope=\"row\"><code>{method} {path}</code><span class=\"small\">{handler}</span></th>{cells}<td>{successor}</td></tr>\n",
            method = escape(method),
            path = escape(path),
            handler = escape(endpoint.handler),
        ));
    }
    for endpoint in &site.plan.neutral {
        let cells = format!(
            "<td class=\"served\" colspan=\"{}\"><code>{} {}</code><span class=\"small\">served without a version</span></td>",
            columns.len(),
            escape(endpoint.method),
            escape(endpoint.path),
        );
        rows.push_str(&format!(
            "      <tr data-endpoint=\"{handler}\"><th scope=\"row\"><code>{method} {path}</code><span class=\"small\">{handler}</span></th>{cells}<td>—</td></tr>\n",
            method = escape(endpoint.method),
            path = escape(endpoint.path),
            handler = escape(endpoint.handler),
        ));
    }
    rows.push_str(&event_rows::<A>(&columns));
    let heads: String = columns.iter().map(|&i| column_head::<A>(i, view)).collect();
    let operators = if view.consumers.is_some() {
        format!(
            "\n    <p class=\"operators\">Shown to operators only: the consumers that called each version in the last {WINDOW_DAYS} days (by their last request), and their requests since the service started.</p>"
        )
    } else {
        String::new()
    };
    let today = date_text(view.now.div_euclid(86_400));
    let body = format!(
        "  <main class=\"versionary-page\">
    <h1>Version matrix</h1>
    <p class=\"lead\">Where each endpoint is served in each version, and which events each version sends, as of {today} (the service's clock).</p>{operators}
    <p class=\"legend\"><span class=\"served\">served</span><span class=\"deprecated\">deprecated</span><span class=\"gone\">gone (410)</span><span class=\"preview\">preview</span><span>— not in the version</span></p>
    <table id=\"matrix\">
      <thead><tr><th scope=\"col\">Endpoint</th>{heads}<th scope=\"col\">Successor</th></tr></thead>
      <tbody>
{rows}      </tbody>
    </table>
  </main>"
    );
    document_html::<A>(view, Page::Matrix, "Version matrix", "", &body)
}
