//! Release notes for integrators, in Markdown, generated from the declarations: one section
//! per version, newest first, with its date and description, and every change between it
//! and the version before: the type or endpoint, the field, what changed, and whether it
//! breaks clients, judged by the direction the type travels in. Deprecations and sunsets
//! are listed with their dates and successors.
//!
//! The changes are found by comparing the versions' contracts (the same ones the lock
//! records), so nothing declared can be missing from the notes; a field or enum value
//! declared `renamed(from = ..., in = V)` is listed as renamed in `V` (with its type change,
//! if it was retyped too), not as an addition and a removal. A change made in place in
//! every version (a non-breaking addition) is not a difference between versions and is not
//! listed.
//!
//! ```
//! versionary::api_versions! {
//!     pub Shop {
//!         1 => "Initial release" { released = "2024-01-10" },
//!         2 => "Items are titled" { released = "2025-01-15" },
//!     }
//! }
//!
//! #[versionary::versioned(api = Shop, response)]
//! #[derive(Clone)]
//! pub struct Item {
//!     #[api(renamed(from = "name", in = 2))]
//!     pub title: String,
//! }
//!
//! #[versionary::endpoint(GET "/items/{id}", api = Shop)]
//! async fn item() -> versionary::Json<Item> { versionary::Json(Item { title: "pen".into() }) }
//!
//! let notes = versionary::changelog::markdown::<Shop>();
//! assert!(notes.starts_with("# Changelog of the `Shop` API"));
//! let v2 = notes.find("## Version 2").unwrap();
//! assert!(v2 < notes.find("## Version 1").unwrap()); // newest first
//! // A declared rename is one change, not an addition and a removal.
//! assert!(notes.contains("| `Item` | `title` | renamed from `name` | **breaking** |"));
//! assert!(!notes.contains("added (`String`"));
//! ```

use std::collections::{BTreeMap, BTreeSet};

use versionary_internals::lock::Line;

use crate::api::Api;
use crate::lifecycle::notice_text;
use crate::model::endpoint::Endpoint;

/// One difference between a version and the one before it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// The type (`Participant`) or endpoint (`GET /participants/{id}`).
    pub subject: String,
    /// The field or enum value, if the change is to one.
    pub member: Option<String>,
    /// What changed, in words.
    pub what: String,
    /// Whether clients of the older version break on it.
    pub breaking: bool,
}

#[derive(Default)]
struct Model {
    /// type -> direction (`request`, `response`, `request response`).
    types: BTreeMap<String, String>,
    /// (type, field) -> (type, `required`/`optional`).
    fields: BTreeMap<(String, String), (String, String)>,
    /// (enum, value).
    variants: BTreeSet<(String, String)>,
    /// handler -> `METHOD /path`.
    endpoints: BTreeMap<String, String>,
    /// `METHOD /path` -> success status.
    statuses: BTreeMap<String, u16>,
    /// (`METHOD /path`, response header declared with a history).
    headers: BTreeSet<(String, String)>,
    converted_headers: BTreeSet<(String, String)>,
    /// (`METHOD /path`, request header, `query`/`body`, field) read by this version.
    request_headers: BTreeSet<(String, String, String, String)>,
    /// (`METHOD /path`, the latest version's error status) -> how this version answers it.
    errors: BTreeMap<(String, u16), String>,
    /// event name -> payload type.
    events: BTreeMap<String, String>,
}

fn model(lines: &BTreeSet<String>) -> Model {
    let mut m = Model::default();
    for line in lines.iter().filter_map(|l| l.parse::<Line>().ok()) {
        match line {
            Line::Type { name, direction } => {
                m.types.insert(name, direction);
            }
            Line::Field {
                owner,
                name,
                ty,
                state,
                ..
            } => {
                m.fields.insert((owner, name), (ty, state));
            }
            Line::Variant { owner, name, .. } => {
                m.variants.insert((owner, name));
            }
            Line::Endpoint { route, handler } => {
                m.endpoints.insert(handler, route.to_string());
            }
            Line::Status { route, status } => {
                m.statuses.insert(route.to_string(), status);
            }
            Line::Header { route, name } => {
                m.headers.insert((route.to_string(), name));
            }
            Line::ConvertedHeader { route, name } => {
                m.converted_headers.insert((route.to_string(), name));
            }
            Line::RequestHeader {
                route,
                name,
                place,
                field,
            } => {
                m.request_headers
                    .insert((route.to_string(), name, place, field));
            }
            Line::Error {
                route,
                status,
                answer,
            } => {
                m.errors.insert((route.to_string(), status), answer);
            }
            Line::Event { name, payload } => {
                m.events.insert(name, payload);
            }
            _ => {}
        }
    }
    m
}

/// What changed in the answers of endpoints both versions serve at the same route: the
/// success status, response headers declared with a history, and the handler's errors.
fn diff_answers(old: &Model, new: &Model, out: &mut Vec<Change>) {
    for (route, status) in &new.statuses {
        if let Some(before) = old.statuses.get(route)
            && before != status
        {
            out.push(route_change(
                route,
                format!("answers {status} instead of {before}"),
                true,
            ));
        }
    }
    diff_headers(old, new, out);
    diff_errors(old, new, out);
}

/// A change of the endpoint at `route`.
fn route_change(route: &str, what: String, breaking: bool) -> Change {
    Change {
        subject: route.to_owned(),
        member: None,
        what,
        breaking,
    }
}

/// Whether both versions serve `route`.
fn served_by_both(old: &Model, new: &Model, route: &String) -> bool {
    old.statuses.contains_key(route) && new.statuses.contains_key(route)
}

/// Response headers added, no longer sent, or sent with a new value; request headers no
/// longer read.
fn diff_headers(old: &Model, new: &Model, out: &mut Vec<Change>) {
    let served = |route: &String| served_by_both(old, new, route);
    for (route, name) in new.headers.difference(&old.headers) {
        if served(route) {
            let what = format!("response header `{name}` added");
            out.push(route_change(route, what, false));
        }
    }
    for (route, name) in old.headers.difference(&new.headers) {
        if served(route) {
            let what = format!("response header `{name}` no longer sent");
            out.push(route_change(route, what, true));
        }
    }
    for (route, name) in old.converted_headers.difference(&new.converted_headers) {
        if served(route) && new.headers.contains(&(route.clone(), name.clone())) {
            let what = format!("the response header `{name}` carries a new value");
            out.push(route_change(route, what, true));
        }
    }
    for (route, name, place, field) in old.request_headers.difference(&new.request_headers) {
        if served(route) {
            let place = if place == "query" {
                "query parameter"
            } else {
                "body field"
            };
            out.push(route_change(
                route,
                format!(
                    "the request header `{name}` is no longer read: send the {place} `{field}`"
                ),
                true,
            ));
        }
    }
}

/// The handler's errors answered with another status, or converted by a function.
fn diff_errors(old: &Model, new: &Model, out: &mut Vec<Change>) {
    let keys: BTreeSet<&(String, u16)> = old.errors.keys().chain(new.errors.keys()).collect();
    for key @ (route, status) in keys {
        if !served_by_both(old, new, route) {
            continue;
        }
        let answer = |m: &Model| {
            m.errors
                .get(key)
                .map_or_else(|| status.to_string(), Clone::clone)
        };
        let (before, now) = (answer(old), answer(new));
        if before != now {
            let word = |a: &str| match a {
                "converted" => "converted by a function".to_owned(),
                status => format!("answered {status}"),
            };
            out.push(route_change(
                route,
                format!(
                    "the handler's error {status} is {} (was {})",
                    word(&now),
                    word(&before)
                ),
                true,
            ));
        }
    }
}

fn carries(direction: &str, way: &str) -> bool {
    direction.split(' ').any(|d| d == way)
}

/// A field or enum value the newer of two versions renamed: (type, old name, new name).
type Rename = (String, String, String);

/// The differences between two versions' contracts; `renames` are the fields and enum
/// values the newer one renamed.
fn diff(old: &Model, new: &Model, renames: &[Rename]) -> Vec<Change> {
    let mut out = Vec::new();
    let change = |subject: &str, member: Option<&str>, what: String, breaking: bool| Change {
        subject: subject.to_owned(),
        member: member.map(str::to_owned),
        what,
        breaking,
    };
    for (handler, at) in &new.endpoints {
        match old.endpoints.get(handler) {
            None => out.push(change(at, None, "endpoint added".into(), false)),
            Some(before) if before != at => out.push(change(
                at,
                None,
                format!("endpoint moved from `{before}`"),
                true,
            )),
            Some(_) => {}
        }
    }
    for (handler, at) in &old.endpoints {
        if !new.endpoints.contains_key(handler) {
            out.push(change(at, None, "endpoint removed".into(), true));
        }
    }
    diff_answers(old, new, &mut out);
    for (name, direction) in &new.types {
        if !old.types.contains_key(name) {
            out.push(change(
                name,
                None,
                format!("type added ({direction})"),
                false,
            ));
        }
    }
    for name in old.types.keys() {
        if !new.types.contains_key(name) {
            out.push(change(name, None, "type no longer used".into(), false));
        }
    }
    diff_fields(old, new, renames, &mut out);
    diff_variants(old, new, renames, &mut out);
    diff_events(old, new, &mut out);
    out.sort_by(|a, b| (&a.subject, &a.member, &a.what).cmp(&(&b.subject, &b.member, &b.what)));
    out
}

/// The events added and removed, their payload types changed, and the events both versions
/// send whose payload's contract changed (after the types' own changes are in `out`): an
/// event's subscribers break on a removal or a breaking change of its payload.
fn diff_events(old: &Model, new: &Model, out: &mut Vec<Change>) {
    let event = |name: &str, what: String, breaking: bool| Change {
        subject: format!("event {name}"),
        member: None,
        what,
        breaking,
    };
    let mut found = Vec::new();
    for (name, payload) in &new.events {
        match old.events.get(name) {
            None => found.push(event(
                name,
                format!("event added (payload `{payload}`)"),
                false,
            )),
            Some(before) if before != payload => found.push(event(
                name,
                format!("payload changed from `{before}` to `{payload}`"),
                true,
            )),
            Some(_) => {
                // The types the payload reaches (in either version) whose contract changed.
                let reached = payload_types(old, new, payload);
                let changed: Vec<&Change> = out
                    .iter()
                    .filter(|c| reached.contains(c.subject.as_str()))
                    .collect();
                if !changed.is_empty() {
                    let mut types: Vec<&str> = changed.iter().map(|c| c.subject.as_str()).collect();
                    types.sort_unstable();
                    types.dedup();
                    found.push(event(
                        name,
                        format!(
                            "payload `{payload}` changed (see {})",
                            types
                                .iter()
                                .map(|t| format!("`{t}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                        changed.iter().any(|c| c.breaking),
                    ));
                }
            }
        }
    }
    for (name, payload) in &old.events {
        if !new.events.contains_key(name) {
            found.push(event(
                name,
                format!("event removed (payload `{payload}`)"),
                true,
            ));
        }
    }
    out.extend(found);
}

/// The identifiers in a type as the lock writes it (`Vec<Move>` -> `Vec`, `Move`).
fn type_names(ty: &str) -> impl Iterator<Item = &str> {
    ty.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|s| !s.is_empty())
}

/// The API's types `payload` reaches through the fields of either version's contract.
fn payload_types<'m>(old: &'m Model, new: &'m Model, payload: &'m str) -> BTreeSet<&'m str> {
    let mut reached: BTreeSet<&str> = BTreeSet::new();
    let mut queue: Vec<&str> = type_names(payload).collect();
    while let Some(ty) = queue.pop() {
        if !reached.insert(ty) {
            continue;
        }
        for model in [old, new] {
            for ((owner, _), (field_type, _)) in &model.fields {
                if owner == ty {
                    queue.extend(type_names(field_type.split('|').next().unwrap_or("")));
                }
            }
        }
    }
    reached
}

/// The direction a type travels in (as the newer version declares it, else the older).
fn direction_of<'m>(old: &'m Model, new: &'m Model, name: &str) -> &'m str {
    new.types
        .get(name)
        .or_else(|| old.types.get(name))
        .map_or("request response", String::as_str)
}

fn member_change(ty: &str, member: &str, what: String, breaking: bool) -> Change {
    Change {
        subject: ty.to_owned(),
        member: Some(member.to_owned()),
        what,
        breaking,
    }
}

/// The name `member` of `ty` had in the older version, when the newer one renamed it and
/// the older one has it.
fn renamed_from<'r>(renames: &'r [Rename], ty: &str, member: &str) -> Option<&'r str> {
    renames
        .iter()
        .find(|(t, _, new)| t == ty && new == member)
        .map(|(_, old, _)| old.as_str())
}

/// Fields added, removed, renamed, retyped, or made required or optional.
fn diff_fields(old: &Model, new: &Model, renames: &[Rename], out: &mut Vec<Change>) {
    let direction = |name: &str| direction_of(old, new, name);
    for ((ty, field), (kind, required)) in &new.fields {
        let dir = direction(ty);
        if !old.types.contains_key(ty) {
            continue;
        }
        let before = match old.fields.get(&(ty.clone(), field.clone())) {
            Some(before) => before,
            None => match renamed_from(renames, ty, field)
                .and_then(|from| Some((from, old.fields.get(&(ty.clone(), from.to_owned()))?)))
            {
                Some((from, before)) => {
                    out.push(member_change(
                        ty,
                        field,
                        format!("renamed from `{from}`"),
                        true,
                    ));
                    before
                }
                None => {
                    out.push(member_change(
                        ty,
                        field,
                        format!("added (`{kind}`, {required})"),
                        carries(dir, "request") && required == "required",
                    ));
                    continue;
                }
            },
        };
        let (old_kind, old_required) = before;
        if old_kind != kind {
            out.push(member_change(
                ty,
                field,
                format!("type changed from `{old_kind}` to `{kind}`"),
                true,
            ));
        }
        if old_required != required {
            let breaking = if required == "required" {
                carries(dir, "request")
            } else {
                carries(dir, "response")
            };
            out.push(member_change(
                ty,
                field,
                format!("now {required} (was {old_required})"),
                breaking,
            ));
        }
    }
    for ((ty, field), (kind, required)) in &old.fields {
        let key = (ty.clone(), field.clone());
        let renamed = renames.iter().any(|(t, o, n)| {
            t == ty && o == field && new.fields.contains_key(&(ty.clone(), n.clone()))
        });
        if new.types.contains_key(ty) && !new.fields.contains_key(&key) && !renamed {
            out.push(member_change(
                ty,
                field,
                format!("removed (was `{kind}`, {required})"),
                true,
            ));
        }
    }
}

/// Enum values added, removed or renamed.
fn diff_variants(old: &Model, new: &Model, renames: &[Rename], out: &mut Vec<Change>) {
    let direction = |name: &str| direction_of(old, new, name);
    for (ty, value) in &new.variants {
        if !old.types.contains_key(ty) || old.variants.contains(&(ty.clone(), value.clone())) {
            continue;
        }
        match renamed_from(renames, ty, value)
            .filter(|from| old.variants.contains(&(ty.clone(), (*from).to_owned())))
        {
            Some(from) => out.push(member_change(
                ty,
                value,
                format!("value renamed from `{from}`"),
                true,
            )),
            None => out.push(member_change(
                ty,
                value,
                "value added".into(),
                carries(direction(ty), "response"),
            )),
        }
    }
    for (ty, value) in &old.variants {
        if !new.types.contains_key(ty) || new.variants.contains(&(ty.clone(), value.clone())) {
            continue;
        }
        let renamed = renames.iter().any(|(t, o, n)| {
            t == ty && o == value && new.variants.contains(&(ty.clone(), n.clone()))
        });
        if !renamed {
            out.push(member_change(
                ty,
                value,
                "value removed".into(),
                carries(direction(ty), "request"),
            ));
        }
    }
}

/// The changes each version made, oldest first: (version label, changes). The first
/// version's list is empty.
pub fn changes<A: Api>() -> Vec<(&'static str, Vec<Change>)> {
    let contracts = crate::lock::contracts::<A>();
    let models: Vec<Model> = contracts.iter().map(|(_, lines)| model(lines)).collect();
    let registered: Vec<&crate::lock::Contract> = inventory::iter::<crate::lock::Contract>
        .into_iter()
        .filter(|c| (c.api)() == core::any::TypeId::of::<A>())
        .collect();
    contracts
        .iter()
        .enumerate()
        .map(|(i, (label, _))| {
            let renames: Vec<Rename> = registered
                .iter()
                .flat_map(|c| {
                    c.renames
                        .iter()
                        .filter(|r| usize::from(r.0) == i)
                        .map(|r| (c.name.to_owned(), r.1.to_owned(), r.2.to_owned()))
                })
                .collect();
            let changes = match i.checked_sub(1) {
                Some(previous) => diff(&models[previous], &models[i], &renames),
                None => Vec::new(),
            };
            (*label, changes)
        })
        .collect()
}

/// The release notes of `A` in Markdown.
pub fn markdown<A: Api>() -> String {
    let mut out = format!(
        "# Changelog of the `{}` API\n\nGenerated by versionary from the API's declarations; do not edit by hand.\n",
        A::NAME
    );
    let mut notices: Vec<String> = Vec::new();
    let newest = A::VERSIONS.iter().rev().find(|n| !n.unreleased);
    for v in A::VERSIONS.iter().filter(|v| v.deprecated.is_some()) {
        let then = newest.map(|n| format!("move to version {}", n.label));
        notices.push(format!(
            "- Version {}: {}.",
            v.label,
            notice_text(v.deprecated, v.sunset, then)
        ));
    }
    let mut endpoints: Vec<&Endpoint> = inventory::iter::<Endpoint>
        .into_iter()
        .filter(|e| (e.api)() == core::any::TypeId::of::<A>() && e.deprecated.is_some())
        .collect();
    endpoints.sort_by_key(|e| (e.path, e.method, e.handler));
    for e in endpoints {
        let then = e.successor.map(|s| format!("use `{s}` instead"));
        notices.push(format!(
            "- `{} {}`: {}.",
            e.method,
            e.path,
            notice_text(e.deprecated, e.sunset, then)
        ));
    }
    if !notices.is_empty() {
        out.push_str("\n## Deprecations and sunsets\n\n");
        for line in notices {
            out.push_str(&line);
            out.push('\n');
        }
    }
    let all = changes::<A>();
    for (index, ((label, changes), info)) in all.iter().zip(A::VERSIONS).enumerate().rev() {
        out.push_str(&format!("\n## Version {label}"));
        match (info.unreleased, info.released) {
            (true, _) => out.push_str(" (unreleased)"),
            (false, Some(date)) => out.push_str(&format!(" ({date})")),
            (false, None) => {}
        }
        out.push_str(&format!("\n\n{}\n", info.description));
        if info.deprecated.is_some() {
            let mut note = notice_text(info.deprecated, info.sunset, None);
            note[..1].make_ascii_uppercase();
            out.push_str(&format!("\n{note}.\n"));
        }
        let sent = crate::model::event::of::<A>()
            .into_iter()
            .filter(|e| e.exists(index, A::VERSIONS.len()))
            .map(|e| format!("`{}`", e.name))
            .collect::<Vec<_>>();
        if !sent.is_empty() {
            out.push_str(&format!("\nEvents sent: {}.\n", sent.join(", ")));
        }
        if changes.is_empty() {
            continue;
        }
        let breaking = changes.iter().filter(|c| c.breaking).count();
        out.push_str(&format!(
            "\n{} change(s), {breaking} breaking:\n\n| Type or endpoint | Field or value | Change | Breaking |\n| --- | --- | --- | --- |\n",
            changes.len()
        ));
        for c in changes {
            out.push_str(&format!(
                "| `{}` | {} | {} | {} |\n",
                c.subject,
                c.member
                    .as_ref()
                    .map_or(String::new(), |m| format!("`{m}`")),
                c.what,
                if c.breaking { "**breaking**" } else { "no" }
            ));
        }
    }
    out
}
