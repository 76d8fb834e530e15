//! The interactive reference: Swagger UI over the OpenAPI document of every version the
//! request may see, the latest released one selected. The page carries Swagger UI's
//! configuration (`urls`, `urls.primaryName`) and how the API selects versions as JSON;
//! `assets/reference.js` starts Swagger UI with them.

use serde_json::{Value, json};

use crate::api::Api;
use crate::select::Source;

use super::{Page, Site, View, document_html, escape, json_for_html, visible};

/// The name of a version in the switcher: its label, and its lifecycle when it has one.
fn name_of(info: &crate::version::VersionInfo) -> String {
    let mut name = info.label.to_owned();
    if info.unreleased {
        name.push_str(" (preview)");
    } else {
        match (info.deprecated, info.sunset) {
            (_, Some(sunset)) => name.push_str(&format!(" (deprecated, sunset {sunset})")),
            (Some(deprecated), None) => name.push_str(&format!(" (deprecated {deprecated})")),
            (None, None) => {}
        }
    }
    name
}

/// Swagger UI's configuration and the version selection, for `assets/reference.js`.
pub(super) fn config<A: Api>(site: &Site, view: &View) -> Value {
    let urls: Vec<Value> = (0..A::VERSIONS.len())
        .filter(|&i| visible::<A>(i, view))
        .map(|i| {
            let info = &A::VERSIONS[i];
            let url = match &site.openapi {
                Some(openapi) if !info.unreleased => {
                    format!("{}{openapi}/{}.json", view.mount, info.label)
                }
                _ => format!("{}/openapi/{}.json", view.root, info.label),
            };
            json!({
                "url": url,
                "name": name_of(info),
                "version": info.label,
                "preview": info.unreleased,
            })
        })
        .collect();
    let primary = A::VERSIONS
        .iter()
        .rev()
        .find(|v| !v.unreleased)
        .map(name_of)
        .unwrap_or_default();
    let sources = &site.spec.sources;
    let header = sources.iter().find_map(|s| match s {
        Source::Header(name) => Some(name.as_str()),
        _ => None,
    });
    let query = sources.iter().find_map(|s| match s {
        Source::Query(name) => Some(name.as_str()),
        _ => None,
    });
    json!({
        "urls": urls,
        "urls.primaryName": primary,
        "selection": {
            "path": site.spec.prefix.is_some(),
            "header": header,
            "query": query,
            "mediaType": sources.iter().any(|s| matches!(s, Source::MediaType)),
            "previewHeader": site.preview.as_ref().map(|preview| preview.header.as_str()),
        },
    })
}

/// How the API selects versions, in words, for the page.
fn selection_text(site: &Site) -> String {
    let sources = &site.spec.sources;
    if let Some(prefix) = &site.spec.prefix {
        return format!("in the path (<code>{}/v1/…</code>)", escape(prefix));
    }
    let words: Vec<String> = sources
        .iter()
        .map(|source| match source {
            Source::Header(name) => format!("in the <code>{}</code> header", escape(name.as_str())),
            Source::Query(name) => format!("in the <code>{}</code> query parameter", escape(name)),
            Source::MediaType => {
                "in the <code>version</code> parameter of <code>Accept</code>".to_owned()
            }
        })
        .collect();
    words.join(" or ")
}

/// The reference page.
pub(super) fn page<A: Api>(site: &Site, view: &View) -> String {
    let root = escape(&view.root);
    let head = format!("  <link rel=\"stylesheet\" href=\"{root}/assets/swagger-ui.css\">\n");
    let body = format!(
        "  <div class=\"versionary-bar\">
    <label for=\"versionary-version\">Version</label>
    <select id=\"versionary-version\" name=\"version\"></select>
    <span class=\"versionary-hint\">Requests name their version {selection}; “Try it out” sends the selected one.</span>
  </div>
  <script type=\"application/json\" id=\"versionary-config\">{config}</script>
  <main id=\"swagger-ui\"></main>
  <script src=\"{root}/assets/swagger-ui-bundle.js\"></script>
  <script src=\"{root}/assets/reference.js\"></script>",
        selection = selection_text(site),
        config = json_for_html(&config::<A>(site, view)),
    );
    document_html::<A>(view, Page::Reference, "Reference", &head, &body)
}
