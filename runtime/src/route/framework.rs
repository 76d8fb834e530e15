//! The framework's own routes beside the API's: the OpenAPI documents
//! (`ApiBuilder::openapi_path`), the docs site through its hook (`ApiBuilder::docs`) and
//! the version list (`ApiBuilder::versions_path`), each stamped as an unversioned route.

use std::sync::{Arc, OnceLock};

use axum::Router;
use axum::extract::Path;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use crate::api::Api;
use crate::error::BuildError;
use crate::model::plan::Plan;
use crate::openapi::{DocSpec, document};
use crate::problem::{Problem, bounded};
use crate::select;

use super::answers::version_list;
use super::assemble::{try_route, unversioned};
use super::builder::ApiBuilder;
use super::consumers::report_route;
use super::pins::pin_routes;
use super::shared::Shared;
use crate::site::{Operators, Site};

/// `root` with the framework's routes the builder asks for.
pub(super) fn framework_routes<A: Api>(
    builder: &ApiBuilder<A>,
    mut root: Router<A::State>,
    plan: &Plan,
    shared: &Arc<Shared>,
) -> Result<Router<A::State>, BuildError> {
    if let Some(base) = &builder.openapi_path {
        let spec = Arc::new((builder.doc_spec()?, plan.clone()));
        let cache: Arc<Vec<OnceLock<Value>>> =
            Arc::new((0..A::VERSIONS.len()).map(|_| OnceLock::new()).collect());
        let route = axum::routing::get(move |Path(file): Path<String>| {
            let (spec, cache) = (spec.clone(), cache.clone());
            async move { openapi_file::<A>(&spec.0, &spec.1, &cache, &file) }
        });
        root = try_route::<A>(
            root,
            &format!("{base}/{{file}}"),
            unversioned(route, shared),
            || format!("the OpenAPI path `{base}` conflicts with a route"),
        )?;
    }
    if let Some(hook) = &builder.site {
        let site = Site {
            base: hook.base.clone(),
            openapi: builder.openapi_path.clone(),
            mount: builder.checked_mount()?,
            spec: builder.doc_spec()?,
            plan: plan.clone(),
            table: builder.route_table()?,
            clock: builder.clock.clone(),
            preview: builder.preview.clone(),
            operators: match (&builder.report, &builder.usage) {
                (Some(report), Some(usage)) => Some(Operators {
                    usage: usage.clone(),
                    check: report.check.clone(),
                }),
                _ => None,
            },
        };
        for (path, route) in (hook.routes)(site)? {
            root = try_route::<A>(root, &path, unversioned(route, shared), || {
                format!("the docs path `{path}` conflicts with a route")
            })?;
        }
    }
    root = report_route(builder, root, shared)?;
    root = pin_routes(builder, root, shared)?;
    if let Some(path) = &builder.versions_path {
        let clock = builder.clock.clone();
        let route = axum::routing::get(move || {
            let now = clock.unix_seconds();
            async move { axum::Json(version_list::<A>(now)) }
        });
        root = try_route::<A>(root, path, unversioned(route, shared), || {
            format!("the version list path `{path}` conflicts with a route")
        })?;
    }
    Ok(root)
}

/// The answer to `GET {openapi_path}/{file}`: the document of the released version
/// `file` names (`2.json`), built once, or a 404 problem listing the documents.
fn openapi_file<A: Api>(
    spec: &DocSpec,
    plan: &Plan,
    cache: &[OnceLock<Value>],
    file: &str,
) -> Response {
    let index = file.strip_suffix(".json").and_then(|label| {
        A::VERSIONS
            .iter()
            .position(|v| v.label == label && !v.unreleased)
    });
    match index {
        Some(index) => axum::Json(
            cache[index]
                .get_or_init(|| document::<A>(spec, plan, index))
                .clone(),
        )
        .into_response(),
        None => Problem::not_found(format!(
            "no OpenAPI document `{}`; documents: {}",
            bounded(file),
            select::public_labels::<A>()
                .iter()
                .map(|l| format!("{l}.json"))
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .into_response(),
    }
}
