//! The requests the benchmarks send, and in-process driving of a router.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, Response, header};
use tower::ServiceExt;

/// The participant every GET asks for.
pub const PARTICIPANT: &str = "21412-12121";

/// The declaration every POST sends (valid in both versions).
pub const DECLARATION: &str = r#"{"participant_id":"21412-12121","declaration_type":"started","declaration_date":"2025-01-15T10:00:00Z","course_identifier":"ecf-induction","evidence_held":"training-event-attended"}"#;

/// `GET /api/v{version}/participants/21412-12121`.
pub fn get_participant(version: u32) -> Request<Body> {
    Request::get(format!("/api/v{version}/participants/{PARTICIPANT}"))
        .body(Body::empty())
        .unwrap_or_default()
}

/// `POST /api/v{version}/participant-declarations` with [`DECLARATION`].
pub fn post_declaration(version: u32) -> Request<Body> {
    Request::post(format!("/api/v{version}/participant-declarations"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(DECLARATION))
        .unwrap_or_default()
}

/// `GET /v{version}/record` of the ten-change service.
pub fn get_record(version: u32) -> Request<Body> {
    Request::get(format!("/v{version}/record"))
        .body(Body::empty())
        .unwrap_or_default()
}

/// [`get_record`] from the consumer `acme` (`x-client-id`).
pub fn get_record_as_consumer(version: u32) -> Request<Body> {
    Request::get(format!("/v{version}/record"))
        .header("x-client-id", "acme")
        .body(Body::empty())
        .unwrap_or_default()
}

/// `GET /api/v{version}/participants`: a page of every participant.
pub fn list_participants(version: u32) -> Request<Body> {
    Request::get(format!("/api/v{version}/participants"))
        .body(Body::empty())
        .unwrap_or_default()
}

/// `GET /v{version}/records` of the ten-change service: a page of records.
pub fn list_records(version: u32) -> Request<Body> {
    Request::get(format!("/v{version}/records"))
        .body(Body::empty())
        .unwrap_or_default()
}

/// A request of one benchmark case.
pub type MakeRequest = fn(u32) -> Request<Body>;

/// Serves `request` with `router` in process and reads the whole body: what one request
/// costs without a socket. Returns the status and the body length.
pub async fn send(router: &Router, request: Request<Body>) -> (u16, usize) {
    let response: Response<Body> = match router.clone().oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    };
    let status = response.status().as_u16();
    let body = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .map(|b| b.len())
        .unwrap_or(0);
    (status, body)
}

/// Serves `request` and returns status, the version headers and the body text (for the
/// equivalence checks).
pub async fn exchange(router: &Router, request: Request<Body>) -> (u16, String, String, String) {
    let response: Response<Body> = match router.clone().oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    };
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned()
    };
    let status = response.status().as_u16();
    let version = header("api-version");
    let supported = header("api-supported-versions");
    let body = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    (status, version, supported, body)
}
