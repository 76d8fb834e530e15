#![deny(deprecated)]

// A handler of an API with a lock whose body versionary cannot see would be left out of the
// lock without a word: a warning (an error here, by `deny(deprecated)`) at the return type.
versionary::api_versions! {
    pub Shop(lock = "../fixtures/shop.lock") {
        1 => "Initial release",
        2 => "Second release",
        3 => "Under development",
    }
}

#[versionary::endpoint(GET "/labels/{id}", api = Shop, since = 3)]
async fn label() -> axum::response::Response {
    axum::response::IntoResponse::into_response("label")
}

#[versionary::endpoint(GET "/stickers/{id}", api = Shop, since = 3)]
async fn sticker() -> Result<(http::StatusCode, impl axum::response::IntoResponse), versionary::Problem> {
    Ok((http::StatusCode::OK, "sticker"))
}

fn main() {}
