//! The site's files, all in the binary: Swagger UI's script and stylesheet (and their source
//! maps) from the `swagger-ui-dist` crate, and the site's own stylesheet and start-up script.

use std::sync::OnceLock;

use axum::body::Body;
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, Request, header};
use tower::ServiceExt;

use crate::problem::{Problem, bounded};

/// The site's own stylesheet.
const DOCS_CSS: &str = include_str!("assets/docs.css");
/// Starts Swagger UI on the reference page.
const REFERENCE_JS: &str = include_str!("assets/reference.js");

/// Swagger UI's files that the pages use, as `swagger-ui-dist` serves them.
const SWAGGER_FILES: [&str; 4] = [
    "swagger-ui.css",
    "swagger-ui-bundle.js",
    "swagger-ui.css.map",
    "swagger-ui-bundle.js.map",
];

/// Where `swagger-ui-dist`'s own router is asked for its files (never served as such).
const SWAGGER_PREFIX: &str = "/swagger-ui";

/// `swagger-ui-dist`'s router, built once: its files are asked from it by name.
fn swagger() -> axum::Router {
    static ROUTER: OnceLock<axum::Router> = OnceLock::new();
    ROUTER
        .get_or_init(|| {
            swagger_ui_dist::generate_routes(swagger_ui_dist::ApiDefinition {
                uri_prefix: SWAGGER_PREFIX,
                api_definition: swagger_ui_dist::OpenApiSource::Uri(""),
                title: None,
            })
        })
        .clone()
}

/// `GET {docs}/assets/{file}`.
pub(super) async fn serve(file: String) -> Response {
    let own = |content_type: &'static str, text: &'static str| {
        ([(header::CONTENT_TYPE, content_type)], text).into_response()
    };
    let mut response = match file.as_str() {
        "docs.css" => own("text/css; charset=utf-8", DOCS_CSS),
        "reference.js" => own("text/javascript; charset=utf-8", REFERENCE_JS),
        name if SWAGGER_FILES.contains(&name) => {
            let request = Request::get(format!("{SWAGGER_PREFIX}/{name}")).body(Body::empty());
            match request {
                Ok(request) => match swagger().oneshot(request).await {
                    Ok(response) => response,
                    Err(never) => match never {},
                },
                Err(_) => Problem::internal("the docs asset could not be read").into_response(),
            }
        }
        _ => {
            return Problem::not_found(format!(
                "no docs asset `{}`; assets: docs.css, reference.js, {}",
                bounded(&file),
                SWAGGER_FILES.join(", ")
            ))
            .into_response();
        }
    };
    let headers = response.headers_mut();
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}
