//! The documentation site for integrators ([`ApiBuilder::docs`](crate::ApiBuilder::docs),
//! cargo feature `docs`), served by the API's own router with every file embedded:
//!
//! - `reference`: Swagger UI over the OpenAPI document of each served version, with a
//!   version switcher, sending the selected version the way the API selects it;
//! - `matrix`: one row per endpoint, one column per version (the route table as a picture),
//!   each version's lifecycle, and for operators (the consumer report's permission check)
//!   how many consumers still call it;
//! - `notes`: the changelog rendered as HTML;
//! - `assets`: Swagger UI's files (from `swagger-ui-dist`) and the site's own.
//!
//! Each page is rendered per request, because what it shows depends on the request: an
//! unreleased version appears only to a request the preview check lets in. Everything
//! interpolated into HTML goes through [`escape`]; data for scripts is JSON in a
//! `<script type="application/json">` element, escaped by [`json_for_html`].
//!
//! The site plugs into the builder through one hook ([`hook`], a `crate::site::SiteHook`):
//! it reads the endpoint model, the OpenAPI documents and the route table, never `route`.

use core::convert::Infallible;
use std::sync::{Arc, OnceLock};

use axum::extract::{OriginalUri, Path, Request};
use axum::response::{IntoResponse, Response};
use axum::routing::MethodRouter;
use http::{HeaderValue, StatusCode, header};
use serde_json::Value;

use crate::api::Api;
use crate::error::BuildError;
use crate::openapi::document;
use crate::problem::{Problem, bounded};
use crate::site::{Route, Site, SiteHook};
use crate::table::RouteRow;

mod assets;
mod matrix;
mod notes;
mod reference;

/// The docs site's hook into the builder (`ApiBuilder::docs`): its routes and its rows of
/// the route table, served at `base`.
pub(crate) fn hook<A: Api>(base: String) -> SiteHook<A> {
    SiteHook {
        base,
        rows: table_rows,
        routes: routes::<A>,
    }
}

/// What one request may see, and where the site is as the client sees it.
pub(crate) struct View {
    /// The mount point: declared, or what axum's nesting stripped (empty at the root).
    pub(crate) mount: String,
    /// `mount` + the site's base path: the prefix of every link of the site.
    pub(crate) root: String,
    /// Whether the request may see unreleased versions.
    pub(crate) preview: bool,
    /// The service's clock, in seconds since the epoch.
    pub(crate) now: i64,
    /// How many consumers still call each version: only for a page that shows them, to a
    /// request the operator check allows (`None` otherwise, and nothing is shown).
    pub(crate) consumers: Option<matrix::Consumers>,
}

impl Site {
    async fn view(&self, parts: &http::request::Parts) -> View {
        let mount = match &self.mount {
            Some(mount) => mount.clone(),
            None => parts
                .extensions
                .get::<OriginalUri>()
                .and_then(|original| original.path().strip_suffix(parts.uri.path()))
                .unwrap_or_default()
                .to_owned(),
        };
        let preview = match &self.preview {
            Some(preview) => preview.allows(parts).await,
            None => false,
        };
        View {
            root: format!("{mount}{}", self.base),
            mount,
            preview,
            now: self.clock.unix_seconds(),
            consumers: None,
        }
    }

    /// The consumers calling each version, to a request the operator check allows: the
    /// same check as the consumer report's. Any other request (no credentials, wrong ones)
    /// gets `None`, and the page it sees is the public one.
    async fn consumers(&self, parts: &http::request::Parts, now: i64) -> Option<matrix::Consumers> {
        let operators = self.operators.as_ref()?;
        let access = (operators.check)(parts).await;
        (access == crate::operator::Access::Allowed)
            .then(|| matrix::Consumers::of(&operators.usage, now))
    }

    /// Whether the OpenAPI documents of previews are served by the site (and so its route).
    fn serves_documents(&self) -> bool {
        self.openapi.is_none() || self.preview.is_some()
    }
}

/// Whether version `index` of `A` is shown to a request: released, or previewed.
pub(crate) fn visible<A: Api>(index: usize, view: &View) -> bool {
    !A::VERSIONS[index].unreleased || view.preview
}

/// The routes of the site (path, route), checked against the API's own paths.
pub(crate) fn routes<A: Api>(site: Site) -> Result<Vec<Route<A::State>>, BuildError> {
    check_base::<A>(&site)?;
    let base = site.base.clone();
    let site = Arc::new(site);
    // `operators`: the page shows operators what only they may see (the matrix's consumer
    // counts).
    let page = |render: fn(&Site, &View) -> String, operators: bool| {
        let site = site.clone();
        axum::routing::get(move |request: Request| {
            let site = site.clone();
            async move {
                let (parts, _) = request.into_parts();
                let mut view = site.view(&parts).await;
                if operators {
                    view.consumers = site.consumers(&parts, view.now).await;
                }
                html(render(&site, &view))
            }
        })
    };
    let mut routes = vec![
        (base.clone(), page(reference::page::<A>, false)),
        (format!("{base}/versions"), page(matrix::page::<A>, true)),
        (
            format!("{base}/release-notes"),
            page(notes::page::<A>, false),
        ),
        (
            format!("{base}/assets/{{file}}"),
            axum::routing::get(|Path(file): Path<String>| assets::serve(file)),
        ),
    ];
    if site.serves_documents() {
        routes.push((
            format!("{base}/openapi/{{file}}"),
            documents_route::<A>(&site),
        ));
    }
    // `/docs/` leads to the reference; anything else under the site is a 404 problem.
    routes.push((format!("{base}/"), slash_route::<A>(&site)));
    let unknown = base.clone();
    routes.push((
        format!("{base}/{{*rest}}"),
        axum::routing::any(move |request: Request| {
            let base = unknown.clone();
            async move { not_found(&base, request.uri().path()) }
        }),
    ));
    Ok(routes)
}

/// The site's path, checked: a literal path that neither holds nor hides the OpenAPI
/// documents or the API's own routes.
fn check_base<A: Api>(site: &Site) -> Result<(), BuildError> {
    let base = &site.base;
    if !base.starts_with('/') || base.len() < 2 || base.contains(['{', '}', '*', '?', '#', ' ']) {
        return Err(BuildError::Invalid(format!(
            "the docs path `{base}` must be a literal path starting with `/` (`/docs`)"
        )));
    }
    let under = |path: &str| path == base || path.starts_with(&format!("{base}/"));
    if let Some(openapi) = &site.openapi
        && (under(openapi) || base.starts_with(&format!("{openapi}/")))
    {
        return Err(BuildError::Invalid(format!(
            "the docs path `{base}` conflicts with the OpenAPI path `{openapi}`"
        )));
    }
    let served = site.plan.instances.iter().map(|i| match &site.spec.prefix {
        Some(prefix) => format!("{prefix}/v{}{}", A::VERSIONS[i.version].label, i.path),
        None => i.path.to_owned(),
    });
    let neutral = site.plan.neutral.iter().map(|e| e.path.to_owned());
    if let Some(path) = served.chain(neutral).find(|p| under(p)) {
        return Err(BuildError::Invalid(format!(
            "the docs path `{base}` would hide the API's own route `{path}`; choose another"
        )));
    }
    Ok(())
}

/// `GET {base}/openapi/{file}`: the site's own OpenAPI documents, each built once.
fn documents_route<A: Api>(site: &Arc<Site>) -> MethodRouter<A::State, Infallible> {
    let documents: Arc<Vec<OnceLock<Value>>> =
        Arc::new((0..A::VERSIONS.len()).map(|_| OnceLock::new()).collect());
    let site = site.clone();
    axum::routing::get(move |request: Request| {
        let (site, documents) = (site.clone(), documents.clone());
        async move {
            let (parts, _) = request.into_parts();
            let view = site.view(&parts).await;
            let file = parts.uri.path().rsplit('/').next().unwrap_or_default();
            preview_document::<A>(&site, &view, &documents, file)
        }
    })
}

/// `GET {base}/`: a permanent redirect to the reference.
fn slash_route<A: Api>(site: &Arc<Site>) -> MethodRouter<A::State, Infallible> {
    let site = site.clone();
    axum::routing::get(move |request: Request| {
        let site = site.clone();
        async move {
            let (parts, _) = request.into_parts();
            let view = site.view(&parts).await;
            match HeaderValue::from_str(&view.root) {
                Ok(location) => (
                    StatusCode::PERMANENT_REDIRECT,
                    [(header::LOCATION, location)],
                )
                    .into_response(),
                Err(_) => not_found(&site.base, parts.uri.path()),
            }
        }
    })
}

/// The OpenAPI document of a version, for the reference: released ones always, unreleased
/// ones to requests the preview check lets in (to others they do not exist).
fn preview_document<A: Api>(
    site: &Site,
    view: &View,
    cache: &[OnceLock<Value>],
    file: &str,
) -> Response {
    let index = file.strip_suffix(".json").and_then(|label| {
        (0..A::VERSIONS.len()).find(|&i| A::VERSIONS[i].label == label && visible::<A>(i, view))
    });
    match index {
        Some(index) => {
            let document =
                cache[index].get_or_init(|| document::<A>(&site.spec, &site.plan, index));
            axum::Json(document.clone()).into_response()
        }
        None => {
            let files: Vec<String> = (0..A::VERSIONS.len())
                .filter(|&i| visible::<A>(i, view))
                .map(|i| format!("{}.json", A::VERSIONS[i].label))
                .collect();
            Problem::not_found(format!(
                "no OpenAPI document `{}`; documents: {}",
                bounded(file),
                files.join(", ")
            ))
            .into_response()
        }
    }
}

/// The 404 problem for a path under the site that is not a page.
fn not_found(base: &str, path: &str) -> Response {
    Problem::not_found(format!(
        "no documentation page `{}`; the pages are `{base}`, `{base}/versions` and `{base}/release-notes`",
        bounded(path)
    ))
    .into_response()
}

/// The route table's rows of the site at `base`; `documents` when it serves OpenAPI
/// documents itself (previews, or no `openapi_path`).
pub(crate) fn table_rows(base: &str, documents: bool) -> Vec<RouteRow> {
    let mut pages = vec![
        (base.to_owned(), "(API reference)"),
        (format!("{base}/versions"), "(version matrix)"),
        (format!("{base}/release-notes"), "(release notes)"),
        (format!("{base}/assets/{{file}}"), "(docs assets)"),
    ];
    if documents {
        pages.push((
            format!("{base}/openapi/{{version}}.json"),
            "(docs documents)",
        ));
    }
    pages
        .into_iter()
        .map(|(path, handler)| RouteRow::framework(path, handler))
        .collect()
}

/// An HTML page answer: no caching (pages depend on the clock and on previews), no
/// sniffing, and a policy that lets the page load nothing from elsewhere.
fn html(body: String) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'self'",
        ),
    );
    response
}

/// `text` with the characters that mean something in HTML (text or quoted attribute
/// values) replaced by references: `&`, `<`, `>`, `"` and `'`, by pulldown-cmark's own
/// escaping (the crate renders the release notes).
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Writing to a `String` never fails: its `StrWrite` always answers `Ok`.
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}

/// JSON to embed in a `<script type="application/json">` element: `<`, `>` and `&` as
/// `\u` escapes, so no value can close the element.
pub(crate) fn json_for_html(value: &Value) -> String {
    value
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// Which page a document is, for the navigation.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Page {
    Reference,
    Matrix,
    Notes,
}

/// A whole page of the site: head, navigation and `body`. `head` is trusted markup (links
/// to the site's own assets); `title` is escaped here.
pub(crate) fn document_html<A: Api>(
    view: &View,
    page: Page,
    title: &str,
    head: &str,
    body: &str,
) -> String {
    let root = escape(&view.root);
    let name = escape(A::NAME);
    let link = |target: Page, href: String, text: &str| {
        let current = if target == page {
            " aria-current=\"page\""
        } else {
            ""
        };
        format!("<a href=\"{href}\"{current}>{text}</a>")
    };
    let nav = [
        link(Page::Reference, root.clone(), "Reference"),
        link(Page::Matrix, format!("{root}/versions"), "Version matrix"),
        link(
            Page::Notes,
            format!("{root}/release-notes"),
            "Release notes",
        ),
    ]
    .join("\n      ");
    format!(
        "<!DOCTYPE html>
<html lang=\"en\">
<head>
  <meta charset=\"utf-8\">
  <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">
  <title>{title} · {name} API</title>
{head}  <link rel=\"stylesheet\" href=\"{root}/assets/docs.css\">
</head>
<body>
  <header class=\"versionary-nav\">
    <span class=\"versionary-api\">{name} API</span>
    <nav>
      {nav}
    </nav>
  </header>
{body}
</body>
</html>
",
        title = escape(title),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_leaves_no_markup() {
        assert_eq!(
            escape(r#"<a href="x" onclick='y'>&</a>"#),
            "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;"
        );
        let json = json_for_html(&serde_json::json!({ "name": "</script><b>&" }));
        assert!(!json.contains('<') && !json.contains('>') && !json.contains('&'));
        let back: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["name"], "</script><b>&");
    }
}
