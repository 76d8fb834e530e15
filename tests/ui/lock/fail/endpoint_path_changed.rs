versionary::api_versions! {
    pub Shop(lock = "../fixtures/shop.lock") {
        1 => "Initial release",
        2 => "Second release",
        3 => "Under development",
    }
}

/// A released endpoint moved without declaring it.
#[versionary::endpoint(GET "/order/{id}", api = Shop)]
async fn get_order() {}

fn main() {}
