#![deny(warnings)]

versionary::api_versions! {
    pub Shop(lock = "../fixtures/shop.lock") {
        1 => "Initial release",
        2 => "Second release",
        3 => "Under development",
    }
}

/// The move declared in version 3; retired in a later one would use `until`.
#[versionary::endpoint(POST "/orders/{id}/view", api = Shop, moved(from = "GET /orders/{id}", in = 3))]
async fn get_order() {}

fn main() {}
