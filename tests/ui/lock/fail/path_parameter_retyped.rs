use axum::extract::Path;

versionary::api_versions! {
    pub Shop(lock = "../fixtures/shop.lock") {
        1 => "Initial release",
        2 => "Second release",
        3 => "Under development",
    }
}

/// A path parameter that was a number is now any string.
#[versionary::endpoint(GET "/items/{id}", api = Shop)]
async fn get_item(Path(_id): Path<String>) {}

fn main() {}
