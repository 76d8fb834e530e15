//! Which version a request is being served as.
//!
//! The router knows the version of every route it builds; while a handler runs (and while
//! its request body is decoded and its response encoded) that version is the *selected*
//! version of the task. Every `#[versioned]` type reads it in its `Serialize` and
//! `Deserialize` impls, so nested and generic types pick the right shape with no per-version
//! code. Outside a served request nothing is selected and versioned types use their latest
//! shape, exactly like plain serde types; [`at_version`] selects a version explicitly (for
//! tests, clients and tools).

use core::any::TypeId;

use crate::api::Api;
use crate::version::Version;

/// The version selected for the current task: which API, and which of its versions (by
/// position in [`Api::VERSIONS`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Selected {
    pub(crate) api: TypeId,
    pub(crate) api_name: &'static str,
    pub(crate) index: u16,
    pub(crate) label: &'static str,
}

impl Selected {
    /// Selects `index` (a position in [`Api::VERSIONS`]) of API `A`.
    pub(crate) fn new<A: Api>(index: usize) -> Selected {
        Selected {
            api: TypeId::of::<A>(),
            api_name: A::NAME,
            index: u16::try_from(index).unwrap_or(u16::MAX),
            label: A::VERSIONS.get(index).map_or("", |v| v.label),
        }
    }

    /// The position of the selected version in its API's version list.
    pub fn index(&self) -> usize {
        usize::from(self.index)
    }

    /// The selected version as written in URLs and headers.
    pub fn label(&self) -> &'static str {
        self.label
    }

    /// The name of the API the selected version belongs to.
    pub fn api_name(&self) -> &'static str {
        self.api_name
    }
}

tokio::task_local! {
    static SELECTED: Selected;
}

/// The version selected for the running task, if any.
pub fn selected() -> Option<Selected> {
    SELECTED.try_with(|s| *s).ok()
}

/// Runs `f` with `version` of API `A` selected: versioned types serialize and deserialize
/// in that version's shape inside `f`.
///
/// Returns `None` when `version` is not declared by `A` (nothing runs then).
///
/// ```
/// verso::api_versions! {
///     pub Shop {
///         1 => "Initial release",
///         2 => "`title` renamed to `name`",
///     }
/// }
///
/// #[verso::versioned(api = Shop, response)]
/// #[derive(Clone)]
/// pub struct Item {
///     #[api(renamed(from = "title", in = 2))]
///     pub name: String,
/// }
///
/// let item = Item { name: "pen".into() };
/// let v1 = verso::at_version::<Shop, _>(&verso::Version::Int(1), || {
///     serde_json::to_string(&item).unwrap()
/// });
/// assert_eq!(v1.as_deref(), Some(r#"{"title":"pen"}"#));
/// // Outside `at_version` (and outside a served request) the latest shape is used.
/// assert_eq!(serde_json::to_string(&item).unwrap(), r#"{"name":"pen"}"#);
/// ```
pub fn at_version<A: Api, R>(version: &Version, f: impl FnOnce() -> R) -> Option<R> {
    let index = A::index_of(version)?;
    Some(SELECTED.sync_scope(Selected::new::<A>(index), f))
}

pub(crate) fn scope<F: core::future::Future>(
    selected: Selected,
    future: F,
) -> tokio::task::futures::TaskLocalFuture<Selected, F> {
    SELECTED.scope(selected, future)
}

pub(crate) fn sync_scope<R>(selected: Selected, f: impl FnOnce() -> R) -> R {
    SELECTED.sync_scope(selected, f)
}

/// Generated code asks which shape of a type of API `A` to use. `shape_of[i]` is the shape
/// for version `i`; `latest` is the shape used when no version is selected.
#[doc(hidden)]
pub fn __shape_index<A: Api>(shape_of: &[u8], latest: u8) -> Result<u8, ShapeError> {
    match selected() {
        None => Ok(latest),
        Some(s) if s.api == TypeId::of::<A>() => shape_of
            .get(s.index())
            .copied()
            .ok_or(ShapeError::UnknownIndex),
        Some(s) => Err(ShapeError::OtherApi {
            expected: A::NAME,
            selected: s.api_name,
        }),
    }
}

/// A versioned type was encoded or decoded under a selection it cannot honour.
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub enum ShapeError {
    /// The selected version index is outside the type's table.
    UnknownIndex,
    /// The selected version belongs to another API.
    OtherApi {
        expected: &'static str,
        selected: &'static str,
    },
}

impl core::fmt::Display for ShapeError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            ShapeError::UnknownIndex => f.write_str("the selected version is not declared"),
            ShapeError::OtherApi { expected, selected } => write!(
                f,
                "a type of API `{expected}` was used while serving API `{selected}`"
            ),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Finding the version a request names.

use http::{HeaderName, HeaderValue, StatusCode, header};
use serde_json::Value;

use crate::problem::{Problem, bounded};

/// One place a request may name its version (besides the URL path).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Source {
    Header(HeaderName),
    Query(String),
    MediaType,
}

impl Source {
    fn describe(&self) -> String {
        match self {
            Source::Header(name) => format!("header `{name}`"),
            Source::Query(name) => format!("query parameter `{name}`"),
            Source::MediaType => "the `version` parameter of `Accept`".to_owned(),
        }
    }
}

/// Largest header or query value looked at when searching for a version.
const MAX_SOURCE_LEN: usize = 256;

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = bytes.get(i + 1..i + 3)?;
                let hex = core::str::from_utf8(hex).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

fn header_text(value: &HeaderValue) -> Result<&str, ()> {
    if value.len() > MAX_SOURCE_LEN {
        return Err(());
    }
    value.to_str().map_err(|_| ())
}

/// Every version text named by `source` in the request.
fn values(source: &Source, parts: &http::request::Parts) -> Result<Vec<String>, Problem> {
    let malformed = |what: String| {
        Problem::bad_request(format!("{what} is not a readable version"))
            .with_type("urn:verso:problem:malformed-version")
            .with_title("Malformed API version")
    };
    let mut found = Vec::new();
    match source {
        Source::Header(name) => {
            for value in parts.headers.get_all(name) {
                let text = header_text(value).map_err(|()| malformed(source.describe()))?;
                for item in text.split(',') {
                    found.push(item.trim().to_owned());
                }
            }
        }
        Source::Query(name) => {
            let query = parts.uri.query().unwrap_or("");
            for pair in query.split('&').filter(|p| !p.is_empty()) {
                let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                if percent_decode(key).as_deref() != Some(name.as_str()) {
                    continue;
                }
                if value.len() > MAX_SOURCE_LEN {
                    return Err(malformed(source.describe()));
                }
                found.push(percent_decode(value).ok_or_else(|| malformed(source.describe()))?);
            }
        }
        Source::MediaType => {
            for value in parts.headers.get_all(header::ACCEPT) {
                let Ok(text) = header_text(value) else {
                    return Err(malformed(source.describe()));
                };
                for range in text.split(',') {
                    for param in range.split(';').skip(1) {
                        let Some((key, value)) = param.split_once('=') else {
                            continue;
                        };
                        if key.trim().eq_ignore_ascii_case("version") {
                            found.push(value.trim().trim_matches('"').to_owned());
                        }
                    }
                }
            }
        }
    }
    Ok(found)
}

/// The version a request names through `sources`: `Ok(None)` when it names none; a 400
/// problem when a value is malformed, undeclared, or two sources disagree.
pub(crate) fn version_of<A: Api>(
    sources: &[Source],
    parts: &http::request::Parts,
) -> Result<Option<usize>, Problem> {
    let supported = || Value::from(public_labels::<A>());
    let list = || public_labels::<A>().join(", ");
    let mut named: Option<(Version, String)> = None;
    for source in sources {
        for text in values(source, parts)? {
            let version = Version::parse(&text).map_err(|error| {
                Problem::bad_request(format!(
                    "`{}` in {} is not an API version ({error}); supported versions: {}",
                    bounded(&text),
                    source.describe(),
                    list()
                ))
                .with_type("urn:verso:problem:malformed-version")
                .with_title("Malformed API version")
                .with_extension("supported_versions", supported())
            })?;
            match &named {
                Some((first, where_first)) if *first != version => {
                    return Err(Problem::bad_request(format!(
                        "the request names two versions, {first} ({where_first}) and {version} ({}): name one",
                        source.describe()
                    ))
                    .with_type("urn:verso:problem:ambiguous-version")
                    .with_title("Ambiguous API version")
                    .with_extension("supported_versions", supported()));
                }
                Some(_) => {}
                None => named = Some((version, source.describe())),
            }
        }
    }
    let Some((version, _)) = named else {
        return Ok(None);
    };
    A::index_of(&version)
        .map(Some)
        .ok_or_else(|| unknown_version::<A>(&version, StatusCode::BAD_REQUEST))
}

/// The problem for a version the API does not declare.
pub(crate) fn unknown_version<A: Api>(version: &Version, status: StatusCode) -> Problem {
    let labels = public_labels::<A>();
    Problem::new(status)
        .with_detail(format!(
            "API version {version} does not exist; supported versions: {}",
            labels.join(", ")
        ))
        .with_type("urn:verso:problem:unknown-version")
        .with_title("Unknown API version")
        .with_extension("supported_versions", Value::from(labels))
}

/// The problem for a request that names no version when the API requires one.
pub(crate) fn missing_version<A: Api>(status: StatusCode, how: &str) -> Problem {
    let labels = public_labels::<A>();
    Problem::new(status)
        .with_detail(format!(
            "the request names no API version: {how}; supported versions: {}",
            labels.join(", ")
        ))
        .with_type("urn:verso:problem:missing-version")
        .with_title("Missing API version")
        .with_extension("supported_versions", Value::from(labels))
}

// ---------------------------------------------------------------------------------------
// The application state, for conversions that need it (`try_up = f`, `f(old, &state)`).

tokio::task_local! {
    static STATE: std::sync::Arc<dyn core::any::Any + Send + Sync>;
}

/// Runs `f` with `state` available to state-aware conversions (`try_up`). `verso::Json`
/// does this itself when the body type needs it; call it to decode such types elsewhere.
///
/// ```
/// let state = std::sync::Arc::new(7u32);
/// let seen = verso::select::with_app_state(state, || {
///     verso::__private::with_state::<u32, _>(|n| Ok(*n + 1)).unwrap()
/// });
/// assert_eq!(seen, 8);
/// ```
pub fn with_app_state<R>(
    state: std::sync::Arc<dyn core::any::Any + Send + Sync>,
    f: impl FnOnce() -> R,
) -> R {
    STATE.sync_scope(state, f)
}

/// Generated code runs a state-aware conversion: `f(&state)`, or a problem when no state
/// of type `S` is available.
#[doc(hidden)]
pub fn with_state<S: 'static, R>(f: impl FnOnce(&S) -> Result<R, Problem>) -> Result<R, Problem> {
    let missing = || {
        Problem::internal(format!(
            "a conversion needs the application state `{}`, which is not available here: decode with `verso::Json` in a served request, or inside `verso::select::with_app_state`",
            core::any::type_name::<S>()
        ))
    };
    let mut f = Some(f);
    STATE
        .try_with(|state| match (state.downcast_ref::<S>(), f.take()) {
            (Some(state), Some(f)) => f(state),
            _ => Err(missing()),
        })
        .unwrap_or_else(|_| Err(missing()))
}

std::thread_local! {
    /// The last conversion failure on this thread: (field name, problem).
    static FAILED: core::cell::RefCell<Option<(&'static str, Problem)>> = const { core::cell::RefCell::new(None) };
}

/// Generated code records which field a failed conversion belongs to, so the 422 answer can
/// point at it; returns the problem to propagate.
#[doc(hidden)]
pub fn field_failed(field: &'static str, problem: Problem) -> Problem {
    FAILED.with(|slot| *slot.borrow_mut() = Some((field, problem.clone())));
    problem
}

/// Takes the recorded conversion failure, if any.
pub(crate) fn take_failure() -> Option<(&'static str, Problem)> {
    FAILED.with(|slot| slot.borrow_mut().take())
}

/// The labels of the versions clients may know about: every version but unreleased ones.
pub(crate) fn public_labels<A: Api>() -> Vec<&'static str> {
    A::VERSIONS
        .iter()
        .filter(|v| !v.unreleased)
        .map(|v| v.label)
        .collect()
}
