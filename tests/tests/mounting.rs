//! A versioned router inside a larger axum application: nested under a prefix, merged with
//! unversioned routes, behind tower-http layers and `from_fn` middleware. The URLs versionary
//! writes carry the mount point; middleware sees the selected version; lifecycle headers
//! appear once on every kind of answer.

mod support;

use axum::extract::{Path, Request};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::get;
use http::HeaderValue;
use support::{Reply, Server};
use versionary::{ApiBuilder, Clock, Json, Problem, Selected, VersionFrom};

mod shop {
    use super::*;

    versionary::api_versions! {
        pub Shop(deprecation_policy = "https://shop.example/policy") {
            1 => "Initial release",
            2 => "Items are read by code",
        }
    }

    /// Reads an item by number. Retired in version 2: use its code.
    #[versionary::endpoint(
        GET "/items/{id}",
        api = Shop,
        until = 2,
        deprecated = "2025-01-01",
        sunset = "2025-06-01",
        successor = "/codes/{id}",
    )]
    async fn item(Path(id): Path<u32>) -> Result<Json<Vec<String>>, Problem> {
        if id == 0 {
            return Err(Problem::not_found("no item `0`"));
        }
        Ok(Json((0..id).map(|n| format!("part number {n}")).collect()))
    }

    /// Reads an item by code.
    #[versionary::endpoint(GET "/codes/{id}", api = Shop, since = 2)]
    async fn code(Path(id): Path<u32>) -> Json<Vec<String>> {
        Json((0..id).map(|n| format!("part number {n}")).collect())
    }
}

use shop::Shop;

/// The application: the versioned router nested under `/api`, next to a health check,
/// with the middleware a service usually has.
fn application(builder: ApiBuilder<Shop>) -> axum::Router {
    let api = builder
        .select_version(VersionFrom::path(""))
        .layer(middleware::from_fn(inner))
        .build(())
        .expect("router builds");
    axum::Router::new()
        .nest("/api", api)
        .route("/health", get(|| async { "ok" }))
        .layer(middleware::from_fn(outer))
        .layer(tower_http::compression::CompressionLayer::new())
        .layer(tower_http::cors::CorsLayer::permissive())
        .layer(tower_http::trace::TraceLayer::new_for_http())
}

/// Layered by the builder: runs after the version is selected.
async fn inner(request: Request, next: Next) -> Response {
    let from_extensions = request.extensions().get::<Selected>().map(|s| s.label());
    let from_scope = versionary::selected().map(|s| s.label());
    let seen = format!("{from_extensions:?} {from_scope:?}");
    let mut response = next.run(request).await;
    response
        .headers_mut()
        .insert("x-inner-saw", HeaderValue::from_str(&seen).unwrap());
    response
}

/// Layered on the application: runs before routing; finds the version in the response.
async fn outer(request: Request, next: Next) -> Response {
    let before = request.extensions().get::<Selected>().is_some();
    let mut response = next.run(request).await;
    let after = response.extensions().get::<Selected>().map(|s| s.label());
    let seen = format!("{before} {after:?}");
    response
        .headers_mut()
        .insert("x-outer-saw", HeaderValue::from_str(&seen).unwrap());
    response
}

async fn serve(builder: ApiBuilder<Shop>, now: &str) -> Server {
    support::start(application(builder.clock(Clock::at(now).unwrap()))).await
}

fn count(reply: &Reply, name: &str) -> usize {
    reply.headers.get_all(name).iter().count()
}

#[tokio::test]
async fn nested_routes_work_beside_unversioned_ones_and_middleware_sees_the_version() {
    let server = serve(ApiBuilder::new().selected_in_responses(), "2024-12-01").await;
    let reply = server.get("/api/v1/items/2").await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(
        reply.json(),
        serde_json::json!(["part number 0", "part number 1"])
    );
    assert_eq!(reply.header("x-inner-saw"), Some(r#"Some("1") Some("1")"#));
    assert_eq!(reply.header("x-outer-saw"), Some(r#"false Some("1")"#));
    let reply = server.get("/api/v2/codes/3").await;
    assert_eq!(reply.header("x-inner-saw"), Some(r#"Some("2") Some("2")"#));
    assert_eq!(reply.header("x-outer-saw"), Some(r#"false Some("2")"#));
    // The unversioned route of the application is untouched.
    let health = server.get("/health").await;
    assert_eq!((health.status, health.text.as_str()), (200, "ok"));
    assert_eq!(health.header("x-outer-saw"), Some("false None"));
    // tower-http's layers do their work around versionary's answers.
    let reply = server
        .call(
            "GET",
            "/api/v1/items/40",
            None,
            &[
                ("accept-encoding", "gzip"),
                ("origin", "https://app.example"),
            ],
        )
        .await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-encoding"), Some("gzip"));
    assert_eq!(reply.header("access-control-allow-origin"), Some("*"));
    assert_eq!(reply.header("api-version"), Some("1"));
    // An unknown version under the mount point: a problem naming the full path.
    let problem = server.get("/api/v7/items/1").await.problem(404);
    assert_eq!(problem["instance"], "/api/v7/items/1");
}

/// Without `selected_in_responses`, an answer carries no extension (which would cost three
/// allocations a request): outer layers read the version header; inner ones are unchanged.
#[tokio::test]
async fn outer_layers_find_the_selected_version_in_responses_only_when_asked() {
    let server = serve(ApiBuilder::new(), "2024-12-01").await;
    let reply = server.get("/api/v1/items/2").await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.header("x-outer-saw"), Some("false None"));
    assert_eq!(reply.header("api-version"), Some("1"));
    assert_eq!(reply.header("x-inner-saw"), Some(r#"Some("1") Some("1")"#));
    // A 405 of a versioned path is a versioned answer too: the same rule.
    let reply = server.call("DELETE", "/api/v2/codes/3", None, &[]).await;
    assert_eq!(reply.status, 405, "{}", reply.text);
    assert_eq!(reply.header("x-outer-saw"), Some("false None"));
    assert_eq!(reply.header("api-version"), Some("2"));
    let server = serve(ApiBuilder::new().selected_in_responses(), "2024-12-01").await;
    let reply = server.call("DELETE", "/api/v2/codes/3", None, &[]).await;
    assert_eq!(reply.status, 405, "{}", reply.text);
    assert_eq!(reply.header("x-outer-saw"), Some(r#"false Some("2")"#));
}

/// Without `mounted_at`, versionary takes the mount point from axum's nesting; with it (written
/// with a trailing slash here), from the declaration.
#[tokio::test]
async fn urls_written_for_clients_carry_the_mount_point() {
    for builder in [ApiBuilder::new(), ApiBuilder::new().mounted_at("/api/")] {
        // During the cut-over: deprecated, with a successor.
        let server = serve(builder, "2025-02-01").await;
        let reply = server.get("/api/v1/items/2").await;
        assert_eq!(reply.status, 200);
        let link = reply.header("link").unwrap();
        assert!(
            link.contains("</api/v2/codes/2>; rel=\"successor-version\""),
            "{link}"
        );
    }
    for builder in [ApiBuilder::new(), ApiBuilder::new().mounted_at("/api/")] {
        // After the sunset: gone, pointing at the successor.
        let server = serve(builder, "2025-07-01").await;
        let reply = server.get("/api/v1/items/2").await;
        let problem = reply.problem(410);
        assert_eq!(problem["successor"], "/api/v2/codes/2");
        assert_eq!(problem["instance"], "/api/v1/items/2");
        assert!(reply.header("link").unwrap().contains("</api/v2/codes/2>"));
    }
    // The declared mount point is in the route table and the OpenAPI `servers`.
    let builder = ApiBuilder::<Shop>::new().mounted_at("/api/");
    let table = builder.route_table().unwrap();
    assert!(
        table.rows.iter().all(|r| r.path.starts_with("/api/")),
        "{}",
        table.to_text()
    );
    assert_eq!(
        builder.openapi("2").unwrap()["servers"],
        serde_json::json!([{ "url": "/api" }])
    );
    assert!(
        ApiBuilder::<Shop>::new()
            .openapi("2")
            .unwrap()
            .get("servers")
            .is_none()
    );
    // A mount point must be a literal path.
    let bad = ApiBuilder::<Shop>::new()
        .mounted_at("api")
        .build(())
        .unwrap_err();
    assert!(bad.to_string().contains("must be a literal path"), "{bad}");
}

/// `Deprecation`, `Sunset` and `Link` appear exactly once on each kind of answer of a
/// deprecated endpoint: success, the handler's error, an extractor's rejection, and 410.
#[tokio::test]
async fn lifecycle_headers_appear_once_on_every_answer() {
    let during = serve(ApiBuilder::new(), "2025-02-01").await;
    let after = serve(ApiBuilder::new(), "2025-07-01").await;
    let answers = [
        (200, during.get("/api/v1/items/2").await),
        (404, during.get("/api/v1/items/0").await),
        (400, during.get("/api/v1/items/not-a-number").await),
        (410, after.get("/api/v1/items/2").await),
    ];
    for (status, reply) in &answers {
        assert_eq!(reply.status, *status, "{}", reply.text);
        for name in ["deprecation", "sunset", "link", "api-version"] {
            assert_eq!(
                count(reply, name),
                1,
                "{name} on the {status} answer: {:?}",
                reply.headers
            );
        }
    }
    // The links themselves are listed once each.
    let link = answers[3].1.header("link").unwrap();
    assert_eq!(
        link.matches("rel=\"successor-version\"").count(),
        1,
        "{link}"
    );
    assert_eq!(link.matches("rel=\"deprecation\"").count(), 1, "{link}");
}

/// A service shuts down gracefully: in-flight requests finish, then `serve` returns.
#[tokio::test]
async fn the_service_shuts_down_gracefully() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let app = application(ApiBuilder::new().clock(Clock::at("2024-12-01").unwrap()));
    let server = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await
    });
    let client = support::client(&format!("http://{address}"));
    assert_eq!(client.get("/api/v1/items/1").await.status, 200);
    stop.send(()).unwrap();
    let result = tokio::time::timeout(std::time::Duration::from_secs(10), server)
        .await
        .expect("the server stops within 10 s");
    assert!(result.unwrap().is_ok());
}
