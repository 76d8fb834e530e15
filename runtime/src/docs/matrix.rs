//! The version matrix: one row per endpoint (then per event), one column per version the
//! request may see.
//! A cell says where the endpoint is served in that version, or that it is deprecated
//! (with its dates), gone (answering 410 after its sunset), not yet there or removed. Built
//! from the plan of each version (the endpoint registry) and the route table (the paths).

use crate::api::Api;
use crate::lifecycle::{Dates, Stage, date_text};
use crate::model::endpoint::Endpoint;

use super::{Page, Site, View, document_html, escape, visible};

/// The earlier of two optional `YYYY-MM-DD` dates (such text sorts as the dates do).
fn earliest(a: Option<&'static str>, b: Option<&'static str>) -> Option<&'static str> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The head of a version's column: its label and where it is in its life.
fn column_head<A: Api>(index: usize) -> String {
    let info = &A::VERSIONS[index];
    let newest = A::VERSIONS.iter().rposition(|v| !v.unreleased);
    let mut notes = Vec::new();
    if info.unreleased {
        notes.push("preview".to_owned());
    } else if Some(index) == newest {
        notes.push("latest".to_owned());
    }
    if let Some(date) = info.released {
        notes.push(format!("released {date}"));
    }
    if let Some(date) = info.deprecated {
        notes.push(format!("deprecated {date}"));
    }
    if let Some(date) = info.sunset {
        notes.push(format!("sunset {date}"));
    }
    format!(
        "<th scope=\"col\" data-version=\"{label}\">{label}<span class=\"small\">{notes}</span></th>",
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
    let heads: String = columns.iter().map(|&i| column_head::<A>(i)).collect();
    let today = date_text(view.now.div_euclid(86_400));
    let body = format!(
        "  <main class=\"versionary-page\">
    <h1>Version matrix</h1>
    <p class=\"lead\">Where each endpoint is served in each version, and which events each version sends, as of {today} (the service's clock).</p>
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
