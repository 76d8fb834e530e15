versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
    }
}

/// A removed header needs its old value.
#[versionary::endpoint(GET "/items", api = Shop, response_header("x-total", removed = 2))]
async fn items() {}

fn main() {}
