//! What an older version's document says its answers carry about the latest released
//! version: every response of a versioned operation declares `api-latest-version`, and
//! `Link` (`rel="latest-version"`) where path or query versions give the latest a URL.

use serde_json::{Map, Value, json};

use crate::api::Api;
use crate::model::endpoint::Endpoint;
use crate::model::plan::Plan;

/// How a document's versions are reached, as far as the latest version's URL goes.
pub(super) struct Urls<'a> {
    /// The path before the version segment, under path versions.
    pub(super) prefix: Option<&'a str>,
    /// The query parameter naming the version, under query versions.
    pub(super) query: Option<&'a str>,
    /// Per-endpoint path versions: an endpoint's latest version is its own newest.
    pub(super) per_endpoint: bool,
}

/// Declares the latest-version headers on each of `responses` of `endpoint` in the version
/// at `index`, when that version is older than the latest released one.
pub(super) fn declare<A: Api>(
    urls: &Urls<'_>,
    plan: &Plan,
    endpoint: &'static Endpoint,
    index: usize,
    responses: &mut Map<String, Value>,
) {
    let Some(target) = plan.latest::<A>(endpoint, index, urls.per_endpoint) else {
        return;
    };
    let label = A::VERSIONS[target.version].label;
    let version = json!({
        "description": format!(
            "The latest released version, `{label}`: this answer is served at an older one."
        ),
        "schema": { "type": "string" },
    });
    let query = urls.query;
    let url = match (target.path, urls.prefix, query) {
        (Some(path), Some(prefix), _) => Some(format!("{prefix}/v{label}{path}")),
        (Some(path), None, Some(name)) => Some(format!("{path}?{name}={label}")),
        _ => None,
    };
    let link = url.map(|url| {
        let filled = match (url.contains('{'), query.is_some()) {
            (true, true) => " (filled in with the request's path parameters; its other query parameters kept)",
            (true, false) => " (filled in with the request's path parameters)",
            (false, true) => " (the request's other query parameters kept)",
            (false, false) => "",
        };
        json!({
            "description": format!(
                "`<{url}>; rel=\"latest-version\"` (RFC 5829): this endpoint in the latest released version{filled}. Deprecation notices add their own links."
            ),
            "schema": { "type": "string" },
        })
    });
    for response in responses.values_mut().filter_map(Value::as_object_mut) {
        let headers = response
            .entry("headers")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Some(headers) = headers.as_object_mut() {
            headers.insert("api-latest-version".into(), version.clone());
            if let Some(link) = &link {
                headers.insert("Link".into(), link.clone());
            }
        }
    }
}
