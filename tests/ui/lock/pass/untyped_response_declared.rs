#![deny(warnings)]

// `untyped_response` leaves a body versionary cannot see unguarded on purpose: no warning,
// and the lock records it (`response GET /labels/{id} (untyped)`).
versionary::api_versions! {
    pub Shop(lock = "../fixtures/shop.lock") {
        1 => "Initial release",
        2 => "Second release",
        3 => "Under development",
    }
}

#[versionary::endpoint(GET "/labels/{id}", api = Shop, since = 3, untyped_response)]
async fn label() -> axum::response::Response {
    axum::response::IntoResponse::into_response("label")
}

/// Headers in an array, and no body: nothing unseen, so no warning.
#[versionary::endpoint(DELETE "/labels/{id}", api = Shop, since = 3, status = 204)]
async fn delete_label() -> (http::StatusCode, [(http::header::HeaderName, &'static str); 1]) {
    (
        http::StatusCode::NO_CONTENT,
        [(http::header::CACHE_CONTROL, "no-store")],
    )
}

fn main() {
    let lock = versionary::lock::render::<Shop>();
    assert!(lock.contains("response GET /labels/{id} (untyped)\n"), "{lock}");
}
