versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
        3 => "Third release",
    }
}

/// The success status was already 201: the change changes nothing.
#[versionary::endpoint(POST "/orders", api = Shop, status = 201, status(from = 201, in = 2))]
async fn create_order() {}

/// The error already answered 404.
#[versionary::endpoint(GET "/orders/{id}", api = Shop, error(status = 404, from = 404, in = 2))]
async fn get_order() {}

/// First served in version 2: no older version answered the old way.
#[versionary::endpoint(GET "/items", api = Shop, since = 2, response_header("x-total", added = 2))]
async fn items() {}

/// Two changes of one header in one version.
#[versionary::endpoint(
    GET "/carts",
    api = Shop,
    response_header("x-total", added = 3),
    response_header("x-total", from = "x-count", in = 3),
)]
async fn carts() {}

/// A version-neutral endpoint has no history.
#[versionary::endpoint(GET "/health", api = Shop, neutral, status(from = 204, in = 2))]
async fn health() {}

fn main() {}
