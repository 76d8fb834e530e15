//! The framework's own answers: unknown routes and versions, bare errors rewritten as
//! problems, the version list.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use http::{StatusCode, header};
use serde_json::{Value, json};

use crate::api::Api;
use crate::problem::{Problem, bounded};
use crate::select::{self};
use crate::version::Version;

use super::shared::{KnownEndpoint, Shared, mount_of, strip_prefix};
use crate::headers::API_SUPPORTED_VERSIONS;

/// The answer to a request no route serves: a 404 problem saying what is wrong with the
/// path (no version, a malformed or unknown one, an endpoint the version does not have).
pub(super) fn not_routed<A: Api>(shared: &Shared, request: &Request) -> Response {
    let path = request.uri().path();
    let supported = Value::from(shared.labels.clone());
    let list = shared.labels.join(", ");
    let example = format!(
        "{}/v{}/...",
        shared.prefix,
        shared.labels.last().copied().unwrap_or("1")
    );
    let Some(rest) = strip_prefix(&shared.prefix, path) else {
        let mut response =
            Problem::not_found(format!("no resource at `{}`", bounded(path))).into_response();
        shared.advert.stamp(&mut response);
        return response;
    };
    let segment = rest.trim_start_matches('/').split('/').next().unwrap_or("");
    let after = rest
        .trim_start_matches('/')
        .split_once('/')
        .map_or("", |(_, after)| after);
    let after = format!("/{after}");
    let mut endpoint_header = None;
    let problem = match segment.strip_prefix('v').map(Version::parse) {
        Some(Ok(version)) if shared.per_endpoint => {
            let (problem, header) = per_endpoint_problem(shared, request, &after, &version);
            endpoint_header = header;
            problem
        }
        Some(Ok(version)) if shared.versions.contains(&version) => Problem::not_found(format!(
            "version {version} of API `{}` has no endpoint `{} {}`",
            A::NAME,
            request.method(),
            bounded(&after)
        ))
        .with_type("urn:versionary:problem:no-such-endpoint"),
        Some(Ok(version)) => select::unknown_version::<A>(&version, StatusCode::NOT_FOUND),
        Some(Err(error)) => Problem::not_found(format!(
            "`{}` is not an API version ({error}); supported versions: {list}",
            bounded(segment)
        ))
        .with_type("urn:versionary:problem:malformed-version")
        .with_title("Malformed API version")
        .with_extension("supported_versions", supported),
        None => select::missing_version::<A>(StatusCode::NOT_FOUND, &format!("use `{example}`")),
    };
    let instance = format!(
        "{}{}",
        mount_of(shared, path, request.extensions()),
        bounded(path)
    );
    let mut response = problem.with_instance(instance).into_response();
    if let Some(header) = endpoint_header {
        response
            .headers_mut()
            .insert(API_SUPPORTED_VERSIONS, header);
    }
    shared.advert.stamp(&mut response);
    response
}

/// Under per-endpoint versioning, the problem of a request for `after` (the path after
/// the version segment) in `version`, which does not serve it, and the versions header of
/// the endpoint the path was meant for, if one is.
fn per_endpoint_problem(
    shared: &Shared,
    request: &Request,
    after: &str,
    version: &Version,
) -> (Problem, Option<http::HeaderValue>) {
    let known = shared
        .endpoints
        .iter()
        .find(|e| e.method == request.method().as_str() && e.matches(after))
        .or_else(|| shared.endpoints.iter().find(|e| e.matches(after)));
    match known {
        Some(KnownEndpoint {
            method,
            path: template,
            header,
            labels: own,
            ..
        }) => {
            let problem = Problem::not_found(format!(
                "`{method} {template}` exists in versions {}, not in version {version}",
                own.join(", ")
            ))
            .with_type("urn:versionary:problem:unknown-version")
            .with_title("Unknown API version")
            .with_extension("supported_versions", Value::from(own.clone()));
            (problem, Some(header.clone()))
        }
        None => {
            let problem = Problem::not_found(format!(
                "no endpoint `{} {}` in any version",
                request.method(),
                bounded(after)
            ))
            .with_type("urn:versionary:problem:no-such-endpoint");
            (problem, None)
        }
    }
}

/// Largest error body from an inner layer that is carried into a problem's detail.
pub(super) const MAX_INNER_ERROR_BODY: usize = 4096;

/// Whether a response is a bare error: an error status with no body type, or plain text
/// (axum's own rejections: 405, 413, a bad path or query). A problem, or a handler's own
/// (JSON) error body, is not.
pub(super) fn is_bare_error(response: &Response) -> bool {
    let status = response.status();
    (status.is_client_error() || status.is_server_error())
        && response
            .headers()
            .get(header::CONTENT_TYPE)
            .is_none_or(|v| v.as_bytes().starts_with(b"text/plain"))
}

/// A bare error rewritten as problem+json, keeping its other headers.
pub(super) async fn problem_from_bare(response: Response) -> Response {
    let status = response.status();
    let (parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, MAX_INNER_ERROR_BODY)
        .await
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    let detail = if text.trim().is_empty() {
        status.canonical_reason().unwrap_or("error").to_owned()
    } else {
        bounded(text.trim())
    };
    let mut rebuilt = Problem::new(status).with_detail(detail).into_response();
    for (name, value) in parts.headers.iter() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            rebuilt.headers_mut().insert(name.clone(), value.clone());
        }
    }
    rebuilt
}

/// `api-supported-versions` (unless set already), and bare errors as problems: for the
/// answers that do not come from a versioned route.
pub(super) async fn normalize(State(shared): State<Arc<Shared>>, response: Response) -> Response {
    let mut response = if is_bare_error(&response) {
        problem_from_bare(response).await
    } else {
        response
    };
    shared.advert.stamp(&mut response);
    response
}

/// The body of `GET /versions`.
pub(super) fn version_list<A: Api>(now: i64) -> Value {
    use crate::lifecycle::{Dates, Stage};
    let public: Vec<&crate::version::VersionInfo> =
        A::VERSIONS.iter().filter(|v| !v.unreleased).collect();
    let last = public.len().saturating_sub(1);
    let versions: Vec<Value> = public
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let status = match Dates::of(v.deprecated, v.sunset).stage(now) {
                Stage::Sunset => "sunset",
                Stage::Deprecated => "deprecated",
                Stage::Active if i == last => "current",
                Stage::Active => "supported",
            };
            let mut entry = json!({
                "version": v.label,
                "description": v.description,
                "status": status,
            });
            for (key, date) in [
                ("released", v.released),
                ("deprecated", v.deprecated),
                ("sunset", v.sunset),
            ] {
                if let Some(date) = date {
                    entry[key] = Value::from(date);
                }
            }
            entry
        })
        .collect();
    let latest = public.last().map_or("", |v| v.label);
    json!({ "api": A::NAME, "latest": latest, "versions": versions })
}
