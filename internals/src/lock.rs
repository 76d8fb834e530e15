//! The lock file's format, read alike by the runtime (`versionary::lock`) and the macros (which
//! compare the code with the released versions it records).

use std::collections::{BTreeMap, BTreeSet};

/// Whether a bless was asked for: `VERSIONARY_BLESS` set to anything but nothing or `0`.
/// Read alike by the macros (a missing lock is then not an error), the lock test, and the
/// tests that bless committed documents and snapshots.
pub fn bless_requested() -> bool {
    std::env::var_os("VERSIONARY_BLESS").is_some_and(|v| !v.is_empty() && v != "0")
}

/// The released versions recorded in a lock: version label -> its contract lines. Blank
/// lines and `#` comments are skipped; `Err(n)` when line `n` (1-based) is an entry before
/// any `[version ...]` header.
pub fn parse_lock(text: &str) -> Result<BTreeMap<String, BTreeSet<String>>, usize> {
    let mut versions: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(label) = line
            .strip_prefix("[version ")
            .and_then(|l| l.strip_suffix(']'))
        {
            versions.entry(label.to_owned()).or_default();
            current = Some(label.to_owned());
            continue;
        }
        match &current {
            Some(label) => {
                versions
                    .entry(label.clone())
                    .or_default()
                    .insert(line.to_owned());
            }
            None => return Err(number + 1),
        }
    }
    Ok(versions)
}

/// One line of a version's contract, typed: what the runtime writes and both sides read.
/// `Display` writes the lock's text and `FromStr` reads it back; every line the lock holds
/// is one of these.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Line {
    /// `endpoint GET /items/{id} get_item`: a route and its handler.
    Endpoint { route: Route, handler: String },
    /// `status POST /orders 201`: the documented success status.
    Status { route: Route, status: u16 },
    /// `sunset GET /old 2025-03-17`: an endpoint's sunset date.
    Sunset { route: Route, date: String },
    /// `header GET /items x-total`: a response header the version sends, declared with a
    /// history on the endpoint (`response_header(...)`).
    Header { route: Route, name: String },
    /// `converted_header GET /items x-total`: the version gets the response header's value
    /// converted from the latest answer's (`response_header("x-total", in = V, down = f)`).
    ConvertedHeader { route: Route, name: String },
    /// `request_header GET /items x-cohort query cohort`: the version takes the query
    /// parameter (or body field) `cohort` from the request header `x-cohort`.
    RequestHeader {
        route: Route,
        name: String,
        place: String,
        field: String,
    },
    /// `error GET /items/{id} 410 404`: the handler's error answered with `410` by the latest
    /// version is answered with `404` by this one (or `converted` by a function).
    Error {
        route: Route,
        status: u16,
        answer: String,
    },
    /// `path GET /items/{id} u32`, `query ...`, `response ...`: a typed part of an endpoint.
    Part {
        kind: Part,
        route: Route,
        ty: String,
    },
    /// `body POST /orders Order required`: the body's type, and whether it may be left out.
    Body {
        route: Route,
        ty: String,
        required: bool,
    },
    /// `type Item response`: a type the version's endpoints reach, and how.
    Type { name: String, direction: String },
    /// `field Item.name String required`: a field's serialised name, type and state. A field
    /// serde reads and writes differently (another name each way, or skipped one way) has a
    /// line per direction it is in: `field:request Item.course String required` is read
    /// from requests as `course` and `field:response ...` is written to responses.
    Field {
        owner: String,
        name: String,
        ty: String,
        state: String,
        only: Option<Side>,
    },
    /// `variant State.open` (with its data, if any, after a space); `variant:request ...` and
    /// `variant:response ...` as for fields.
    Variant {
        owner: String,
        name: String,
        data: Option<String>,
        only: Option<Side>,
    },
    /// `alias Order.course crs`: requests may also send the field (or value) `course` as
    /// `crs` (`#[serde(alias = "crs")]`).
    Alias {
        owner: String,
        name: String,
        alias: String,
    },
    /// `attr Order deny_unknown_fields`.
    Attr { owner: String, attr: String },
    /// `repr State internal(tag=kind)`.
    Repr { owner: String, repr: String },
    /// `foreign Uuid sample "..."`: a foreign type's JSON (`sample`, `reads`, `writes`).
    Foreign {
        name: String,
        kind: String,
        value: String,
    },
    /// `event move.created Move`: an event the version sends (`#[event]`), by name, and its
    /// payload type, reached as a response body is.
    Event { name: String, payload: String },
}

/// The one direction a `field:...` or `variant:...` line is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Side {
    /// Read from requests (serde's deserialize side).
    Request,
    /// Written to responses (serde's serialize side).
    Response,
}

impl Side {
    /// `request` or `response`.
    pub fn word(self) -> &'static str {
        match self {
            Side::Request => "request",
            Side::Response => "response",
        }
    }

    fn parse(word: &str) -> Option<Side> {
        match word {
            "request" => Some(Side::Request),
            "response" => Some(Side::Response),
            _ => None,
        }
    }
}

/// `field` or `field:request`: a line kind and the one direction its line is in.
fn kind_word(kind: &str, only: Option<Side>) -> String {
    match only {
        Some(side) => format!("{kind}:{}", side.word()),
        None => kind.to_owned(),
    }
}

/// An endpoint's method and path, as a lock line writes them (`GET /items/{id}`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Route {
    pub method: String,
    pub path: String,
}

/// The typed parts of an endpoint recorded on their own lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Part {
    Path,
    Query,
    Response,
}

impl Part {
    fn word(self) -> &'static str {
        match self {
            Part::Path => "path",
            Part::Query => "query",
            Part::Response => "response",
        }
    }
}

impl Line {
    /// The type a field or variant line names, to follow it to the types it reaches
    /// (`field T.f Vec<U> required` gives `Vec<U>`); none for a field a serde helper
    /// writes (`Type|with=...`), whose JSON the helper decides.
    pub fn field_type(&self) -> Option<&str> {
        match self {
            Line::Field { ty, .. } => Some(ty.as_str()).filter(|ty| !ty.contains('|')),
            Line::Variant { data, .. } => data.as_deref(),
            _ => None,
        }
    }

    /// The one direction a field or variant line is in, if it is in one only.
    pub fn only(&self) -> Option<Side> {
        match self {
            Line::Field { only, .. } | Line::Variant { only, .. } => *only,
            _ => None,
        }
    }

    /// Whether the line is part of the contract in `side`: a field or value line for both
    /// directions or for that one, an alias for requests; every other line.
    pub fn in_side(&self, side: Side) -> bool {
        match self {
            Line::Alias { .. } => side == Side::Request,
            _ => self.only().is_none_or(|only| only == side),
        }
    }

    /// The route of an endpoint line, a status, a sunset, a part or a body.
    pub fn route(&self) -> Option<&Route> {
        match self {
            Line::Endpoint { route, .. }
            | Line::Status { route, .. }
            | Line::Sunset { route, .. }
            | Line::Header { route, .. }
            | Line::ConvertedHeader { route, .. }
            | Line::RequestHeader { route, .. }
            | Line::Error { route, .. }
            | Line::Part { route, .. }
            | Line::Body { route, .. } => Some(route),
            _ => None,
        }
    }
}

/// The lines of what version `index` answers beyond its body, as the endpoint's declared
/// history (`changes`) makes them: response headers, converted header values, request
/// headers and errors. The macros compare them with the lock; the runtime writes them.
pub fn answer_lines(route: &Route, changes: &[crate::history::Change], index: usize) -> Vec<Line> {
    use crate::history;
    let route = || route.clone();
    let mut lines = Vec::new();
    for name in history::headers_at(changes, index) {
        lines.push(Line::Header {
            route: route(),
            name: name.to_owned(),
        });
    }
    for name in history::converted_headers_at(changes, index) {
        lines.push(Line::ConvertedHeader {
            route: route(),
            name: name.to_owned(),
        });
    }
    for (name, place, field) in history::request_headers_at(changes, index) {
        lines.push(Line::RequestHeader {
            route: route(),
            name: name.to_owned(),
            place: place.to_owned(),
            field: field.to_owned(),
        });
    }
    for (status, answer) in history::errors_at(changes, index) {
        lines.push(Line::Error {
            route: route(),
            status,
            answer: answer.to_string(),
        });
    }
    lines
}

impl core::fmt::Display for Route {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{} {}", self.method, self.path)
    }
}

impl core::fmt::Display for Line {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Line::Endpoint { route, handler } => write!(f, "endpoint {route} {handler}"),
            Line::Status { route, status } => write!(f, "status {route} {status}"),
            Line::Sunset { route, date } => write!(f, "sunset {route} {date}"),
            Line::Header { route, name } => write!(f, "header {route} {name}"),
            Line::ConvertedHeader { route, name } => write!(f, "converted_header {route} {name}"),
            Line::RequestHeader {
                route,
                name,
                place,
                field,
            } => write!(f, "request_header {route} {name} {place} {field}"),
            Line::Error {
                route,
                status,
                answer,
            } => write!(f, "error {route} {status} {answer}"),
            Line::Part { kind, route, ty } => write!(f, "{} {route} {ty}", kind.word()),
            Line::Body {
                route,
                ty,
                required,
            } => {
                let state = if *required { "required" } else { "optional" };
                write!(f, "body {route} {ty} {state}")
            }
            Line::Type { name, direction } => write!(f, "type {name} {direction}"),
            Line::Field {
                owner,
                name,
                ty,
                state,
                only,
            } => write!(
                f,
                "{} {owner}.{name} {ty} {state}",
                kind_word("field", *only)
            ),
            Line::Variant {
                owner,
                name,
                data,
                only,
            } => {
                write!(f, "{} {owner}.{name}", kind_word("variant", *only))?;
                match data {
                    Some(data) => write!(f, " {data}"),
                    None => Ok(()),
                }
            }
            Line::Alias { owner, name, alias } => write!(f, "alias {owner}.{name} {alias}"),
            Line::Attr { owner, attr } => write!(f, "attr {owner} {attr}"),
            Line::Repr { owner, repr } => write!(f, "repr {owner} {repr}"),
            Line::Foreign { name, kind, value } => write!(f, "foreign {name} {kind} {value}"),
            Line::Event { name, payload } => write!(f, "event {name} {payload}"),
        }
    }
}

/// A lock line that is none of the known kinds, or lacks a part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownLine(pub String);

impl core::fmt::Display for UnknownLine {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "`{}` is not a lock line", self.0)
    }
}

impl std::error::Error for UnknownLine {}

impl core::str::FromStr for Line {
    type Err = UnknownLine;

    fn from_str(text: &str) -> Result<Line, UnknownLine> {
        let unknown = || UnknownLine(text.to_owned());
        let (word, rest) = text.split_once(' ').ok_or_else(unknown)?;
        // `field:request`: the kind, and the one direction the line is in.
        let (word, only) = match word.split_once(':') {
            Some((kind, side)) => (kind, Some(Side::parse(side).ok_or_else(unknown)?)),
            None => (word, None),
        };
        if only.is_some() && !matches!(word, "field" | "variant") {
            return Err(unknown());
        }
        let owned = |s: &str| s.to_owned();
        // `METHOD PATH tail`
        let route = |rest: &str| -> Result<(Route, String), UnknownLine> {
            let mut parts = rest.splitn(3, ' ');
            let (method, path) = (
                parts.next().ok_or_else(unknown)?,
                parts.next().ok_or_else(unknown)?,
            );
            let tail = parts.next().ok_or_else(unknown)?;
            Ok((
                Route {
                    method: owned(method),
                    path: owned(path),
                },
                owned(tail),
            ))
        };
        // `Owner.name tail`
        let member = |rest: &str| -> Result<(String, String, Option<String>), UnknownLine> {
            let (head, tail) = match rest.split_once(' ') {
                Some((head, tail)) => (head, Some(owned(tail))),
                None => (rest, None),
            };
            let (owner, name) = head.split_once('.').ok_or_else(unknown)?;
            Ok((owned(owner), owned(name), tail))
        };
        let pair = |rest: &str| -> Result<(String, String), UnknownLine> {
            let (a, b) = rest.split_once(' ').ok_or_else(unknown)?;
            Ok((owned(a), owned(b)))
        };
        Ok(match word {
            "endpoint" => {
                let (route, handler) = route(rest)?;
                Line::Endpoint { route, handler }
            }
            "status" => {
                let (route, status) = route(rest)?;
                Line::Status {
                    route,
                    status: status.parse().map_err(|_| unknown())?,
                }
            }
            "sunset" => {
                let (route, date) = route(rest)?;
                Line::Sunset { route, date }
            }
            "header" => {
                let (route, name) = route(rest)?;
                Line::Header { route, name }
            }
            "converted_header" => {
                let (route, name) = route(rest)?;
                Line::ConvertedHeader { route, name }
            }
            "request_header" => {
                let (route, tail) = route(rest)?;
                let mut words = tail.splitn(3, ' ');
                let (Some(name), Some(place @ ("query" | "body")), Some(field)) =
                    (words.next(), words.next(), words.next())
                else {
                    return Err(unknown());
                };
                Line::RequestHeader {
                    route,
                    name: owned(name),
                    place: owned(place),
                    field: owned(field),
                }
            }
            "error" => {
                let (route, tail) = route(rest)?;
                let (status, answer) = tail.split_once(' ').ok_or_else(unknown)?;
                Line::Error {
                    route,
                    status: status.parse().map_err(|_| unknown())?,
                    answer: owned(answer),
                }
            }
            "path" | "query" | "response" => {
                let kind = match word {
                    "path" => Part::Path,
                    "query" => Part::Query,
                    _ => Part::Response,
                };
                let (route, ty) = route(rest)?;
                Line::Part { kind, route, ty }
            }
            "body" => {
                let (route, tail) = route(rest)?;
                let (ty, state) = tail.rsplit_once(' ').ok_or_else(unknown)?;
                let required = match state {
                    "required" => true,
                    "optional" => false,
                    _ => return Err(unknown()),
                };
                Line::Body {
                    route,
                    ty: owned(ty),
                    required,
                }
            }
            "type" => {
                let (name, direction) = pair(rest)?;
                Line::Type { name, direction }
            }
            "field" => {
                let (owner, name, tail) = member(rest)?;
                let (ty, state) = tail
                    .as_deref()
                    .and_then(|t| t.split_once(' '))
                    .ok_or_else(unknown)?;
                Line::Field {
                    owner,
                    name,
                    ty: owned(ty),
                    state: owned(state),
                    only,
                }
            }
            "variant" => {
                let (owner, name, data) = member(rest)?;
                Line::Variant {
                    owner,
                    name,
                    data,
                    only,
                }
            }
            "alias" => {
                let (owner, name, alias) = member(rest)?;
                Line::Alias {
                    owner,
                    name,
                    alias: alias.ok_or_else(unknown)?,
                }
            }
            "attr" => {
                let (owner, attr) = pair(rest)?;
                Line::Attr { owner, attr }
            }
            "repr" => {
                let (owner, repr) = pair(rest)?;
                Line::Repr { owner, repr }
            }
            "foreign" => {
                let (name, rest) = rest.split_once(' ').ok_or_else(unknown)?;
                let (kind, value) = rest.split_once(' ').ok_or_else(unknown)?;
                Line::Foreign {
                    name: owned(name),
                    kind: owned(kind),
                    value: owned(value),
                }
            }
            "event" => {
                let (name, payload) = pair(rest)?;
                Line::Event { name, payload }
            }
            _ => return Err(unknown()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Line;

    #[test]
    fn every_kind_of_line_reads_back_as_written() {
        for text in [
            "endpoint GET /items/{id} get_item",
            "status POST /orders 201",
            "header GET /items x-total",
            "converted_header GET /items x-total",
            "request_header GET /items x-cohort query cohort",
            "error GET /items/{id} 410 404",
            "error GET /items/{id} 404 converted",
            "sunset GET /old 2025-03-17",
            "path GET /items/{id} (u32,String)",
            "query GET /items Filter",
            "response GET /items Vec<Item>",
            "body POST /orders Order required",
            "body POST /search Filter optional",
            "type Item both",
            "field Item.name String required",
            "field Entry.at DateTime<Utc>|with=chrono::serde::ts_seconds optional",
            "variant State.open",
            "variant Shape.circle {radius:f64:required}",
            "field:request Order.course String required",
            "field:response Order.course_id String required",
            "variant:request State.in-transit",
            "variant:response Shape.square {side:f64:required}",
            "alias Order.course crs",
            "attr Order deny_unknown_fields",
            "repr State internal(tag=kind)",
            "foreign Decimal writes {\"pattern\":\"^-?\\\\d+$\",\"type\":\"string\"}",
            "foreign Uuid sample \"67e55044-10b1-426f-9247-bb680e5fe0c8\"",
            "event move.created Move",
            "event order.paid Page<Order>",
        ] {
            let line: Line = text.parse().unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(line.to_string(), text);
        }
        let field: Line = "field T.f Vec<U> required".parse().unwrap();
        assert_eq!(field.field_type(), Some("Vec<U>"));
        let helper: Line = "field T.f U|with=m optional".parse().unwrap();
        assert_eq!(helper.field_type(), None);
        let read: Line = "field:request T.f U required".parse().unwrap();
        assert_eq!(read.field_type(), Some("U"));
        assert!(read.in_side(super::Side::Request) && !read.in_side(super::Side::Response));
        let alias: Line = "alias T.f g".parse().unwrap();
        assert!(alias.in_side(super::Side::Request) && !alias.in_side(super::Side::Response));
    }

    #[test]
    fn lines_of_no_known_kind_are_refused() {
        for text in [
            "",
            "endpoint",
            "status GET /x two-hundred",
            "field T String",
            "body POST /x T maybe",
            "what is this",
            "field:both T.f String required",
            "endpoint:request GET /x x",
            "alias T.f",
            "event move.created",
        ] {
            assert!(text.parse::<Line>().is_err(), "{text:?}");
        }
    }
}
