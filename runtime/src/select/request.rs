//! Finding the version a request names: in a header, a query parameter or the `Accept`
//! media type, and the problems that answer a missing, malformed or unknown version.

use crate::api::Api;
use crate::version::Version;

use http::{HeaderName, HeaderValue, StatusCode, header};
use serde_json::Value;

use crate::problem::{Problem, bounded};

use super::chosen::Chosen;

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

fn header_text(value: &HeaderValue) -> Result<&str, ()> {
    if value.len() > MAX_SOURCE_LEN {
        return Err(());
    }
    value.to_str().map_err(|_| ())
}

/// Calls `visit` with every version text named by `source` in the request, in order
/// (borrowed from the request where it can be: a request naming its version in a header
/// allocates nothing here).
fn each_value(
    source: &Source,
    parts: &http::request::Parts,
    mut visit: impl FnMut(&str) -> Result<(), Problem>,
) -> Result<(), Problem> {
    let malformed = || {
        Problem::bad_request(format!("{} is not a readable version", source.describe()))
            .with_type("urn:versionary:problem:malformed-version")
            .with_title("Malformed API version")
    };
    match source {
        Source::Header(name) => {
            for value in parts.headers.get_all(name) {
                let text = header_text(value).map_err(|()| malformed())?;
                for item in text.split(',') {
                    visit(item.trim())?;
                }
            }
        }
        Source::Query(name) => {
            let query = parts.uri.query().unwrap_or("");
            // `application/x-www-form-urlencoded`, as browsers and clients write queries.
            for (key, value) in form_urlencoded::parse(query.as_bytes()) {
                if key != name.as_str() {
                    continue;
                }
                if value.len() > MAX_SOURCE_LEN || value.contains('\u{FFFD}') {
                    return Err(malformed());
                }
                visit(&value)?;
            }
        }
        Source::MediaType => {
            for value in parts.headers.get_all(header::ACCEPT) {
                let text = header_text(value).map_err(|()| malformed())?;
                // Each media range, read by the `mime` crate (quoted values included); a
                // range that is not a media type names no version.
                for range in text.split(',') {
                    let Ok(media) = range.trim().parse::<mime::Mime>() else {
                        continue;
                    };
                    if let Some(version) = media.get_param("version") {
                        visit(version.as_str())?;
                    }
                }
            }
        }
    }
    Ok(())
}

/// The version a request names through `sources`, and whether it was named or is the closest
/// earlier date: `Ok(None)` when it names none; a 400 problem when a value is malformed,
/// undeclared, or two sources disagree.
pub(crate) fn version_of<A: Api>(
    sources: &[Source],
    parts: &http::request::Parts,
    earlier_dates: bool,
) -> Result<Option<(usize, Chosen)>, Problem> {
    let supported = || Value::from(public_labels::<A>());
    let list = || public_labels::<A>().join(", ");
    let mut named: Option<(Version, &Source)> = None;
    for source in sources {
        each_value(source, parts, |text| {
            let version = Version::parse(text).map_err(|error| {
                Problem::bad_request(format!(
                    "`{}` in {} is not an API version ({error}); supported versions: {}",
                    bounded(text),
                    source.describe(),
                    list()
                ))
                .with_type("urn:versionary:problem:malformed-version")
                .with_title("Malformed API version")
                .with_extension("supported_versions", supported())
            })?;
            match &named {
                Some((first, where_first)) if *first != version => {
                    Err(Problem::bad_request(format!(
                        "the request names two versions, {first} ({}) and {version} ({}): name one",
                        where_first.describe(),
                        source.describe()
                    ))
                    .with_type("urn:versionary:problem:ambiguous-version")
                    .with_title("Ambiguous API version")
                    .with_extension("supported_versions", supported()))
                }
                Some(_) => Ok(()),
                None => {
                    named = Some((version, source));
                    Ok(())
                }
            }
        })?;
    }
    let Some((version, _)) = named else {
        return Ok(None);
    };
    index_at::<A>(&version, earlier_dates)
        .map(Some)
        .ok_or_else(|| unknown_version::<A>(&version, StatusCode::BAD_REQUEST))
}

/// The index serving `version`: the declared version itself, or (with `earlier_dates`) the
/// closest earlier released one, with how it was found; `None` for neither.
pub(crate) fn index_at<A: Api>(version: &Version, earlier_dates: bool) -> Option<(usize, Chosen)> {
    A::index_of(version)
        .map(|index| (index, Chosen::Explicit))
        .or_else(|| {
            earlier_dates
                .then(|| closest_earlier::<A>(version))
                .flatten()
                .map(|index| (index, Chosen::ClosestEarlier))
        })
}

/// For a date that is not a declared version, the closest earlier released version, as
/// Stripe and Cadwyn pin clients (`2024-02-02` is served as `2024-01-15`); none for a date
/// before the first version, or for a version that is not a date.
pub(crate) fn closest_earlier<A: Api>(version: &Version) -> Option<usize> {
    if !matches!(version, Version::Date { .. }) {
        return None;
    }
    A::VERSIONS.iter().rposition(|v| {
        !v.unreleased && matches!(v.version, Version::Date { .. }) && v.version <= *version
    })
}

/// The problem for a version the API does not declare.
pub(crate) fn unknown_version<A: Api>(version: &Version, status: StatusCode) -> Problem {
    let labels = public_labels::<A>();
    Problem::new(status)
        .with_detail(format!(
            "API version {version} does not exist; supported versions: {}",
            labels.join(", ")
        ))
        .with_type("urn:versionary:problem:unknown-version")
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
        .with_type("urn:versionary:problem:missing-version")
        .with_title("Missing API version")
        .with_extension("supported_versions", Value::from(labels))
}

/// The labels of the versions clients may know about: every version but unreleased ones.
pub(crate) fn public_labels<A: Api>() -> Vec<&'static str> {
    A::VERSIONS
        .iter()
        .filter(|v| !v.unreleased)
        .map(|v| v.label)
        .collect()
}
