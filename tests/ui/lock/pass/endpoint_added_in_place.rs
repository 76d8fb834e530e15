#![deny(warnings)]

versionary::api_versions! {
    pub Shop(lock = "../fixtures/shop.lock") {
        1 => "Initial release",
        2 => "Second release",
        3 => "Under development",
    }
}

/// A new endpoint, even in released versions, is non-breaking.
#[versionary::endpoint(GET "/orders/{id}", api = Shop)]
async fn get_order() {}

#[versionary::endpoint(GET "/receipts", api = Shop)]
async fn receipts() {}

fn main() {}
