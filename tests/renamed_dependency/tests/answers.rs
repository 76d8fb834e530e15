//! Each router of the crate, called in-process: two versions of each API answer in their
//! own shapes, and a request is read in the shape of its version.

#![deny(warnings)]

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

/// The status and JSON body of `method uri` (with `body` as JSON when given).
async fn call(
    app: &axum::Router,
    method: &str,
    uri: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let request = Request::builder().method(method).uri(uri);
    let request = match body {
        Some(body) => request
            .header("content-type", "application/json")
            .body(Body::from(body.to_string())),
        None => request.body(Body::empty()),
    };
    let response = app.clone().oneshot(request.unwrap()).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

#[tokio::test]
async fn a_renamed_dependency_serves_each_version_in_its_shape() {
    let app = renamed_dependency::app().expect("the shop's router builds");
    let (status, v1) = call(&app, "GET", "/v1/items/2", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        v1,
        json!({
            "id": 2,
            "name": "Fountain pen",
            "category": "pen",
            "price": {"cents": 4000, "currency_code": "EUR"},
            "lifecycle": "current",
            "status": "sold-out",
        })
    );
    let (status, v2) = call(&app, "GET", "/v2/items/2", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        v2,
        json!({
            "id": 2,
            "name": "Fountain pen",
            "category": "pen",
            "price": {"cents": 4000, "currency": "EUR"},
            "lifecycle": {"discontinued": {"successor": 3}},
            "in_stock": false,
        })
    );
}

#[tokio::test]
async fn a_renamed_dependency_reads_each_version_s_request() {
    let app = renamed_dependency::app().expect("the shop's router builds");
    let (status, v1) = call(
        &app,
        "POST",
        "/v1/orders",
        Some(json!({"item_id": 1, "quantity": 2})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(
        v1,
        json!({"item_id": 1, "quantity": 2, "total": {"cents": 2500, "currency_code": "EUR"}})
    );
    let order = json!({"item_id": 1, "quantity": 2, "note": "gift wrap"});
    let (status, v2) = call(&app, "POST", "/v2/orders", Some(order.clone())).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(
        v2,
        json!({"item_id": 1, "quantity": 2, "total": {"cents": 2500, "currency": "EUR"}, "note": "gift wrap"})
    );
    // Version 1 has no `note`: its requests are read in its own shape.
    let (status, _) = call(&app, "POST", "/v1/orders", Some(order)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_re_export_serves_each_version_in_its_shape() {
    let app = renamed_dependency::reexported::app().expect("the catalogue's router builds");
    let (status, v1) = call(&app, "GET", "/v1/books/1", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        v1,
        json!({"title": "Good Omens", "author": "Terry Pratchett"})
    );
    let (status, v2) = call(&app, "GET", "/v2/books/1", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        v2,
        json!({"title": "Good Omens", "authors": ["Terry Pratchett", "Neil Gaiman"]})
    );
}

#[tokio::test]
async fn another_crate_s_re_export_serves_each_version_in_its_shape() {
    let app = renamed_dependency::library::app().expect("the library's router builds");
    let (status, v1) = call(&app, "GET", "/v1/loans/1", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v1, json!({"title": "Small Gods", "days_left": 14}));
    let (status, v2) = call(&app, "GET", "/v2/loans/1", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v2, json!({"title": "Small Gods", "due": "2025-03-01"}));
    let (status, _) = call(&app, "GET", "/v2/loans/2", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
