versionary::api_versions! {
    pub Shop(lock = "../fixtures/shop.lock") {
        1 => "Initial release",
        2 => "Second release",
        3 => "Under development",
    }
}

/// A released endpoint retired from released versions.
#[versionary::endpoint(GET "/orders/{id}", api = Shop, since = 2)]
async fn get_order() {}

fn main() {}
