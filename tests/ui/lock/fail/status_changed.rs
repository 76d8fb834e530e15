versionary::api_versions! {
    pub Shop(lock = "../fixtures/shop.lock") {
        1 => "Initial release",
        2 => "Second release",
        3 => "Under development",
    }
}

/// A released endpoint answered 201; now 200.
#[versionary::endpoint(POST "/orders", api = Shop, status = 200)]
async fn create_order() {}

fn main() {}
