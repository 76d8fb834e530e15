versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
    }
}

/// Header names are written in lowercase.
#[versionary::endpoint(GET "/items", api = Shop, response_header("X-Total", added = 2))]
async fn items() {}

fn main() {}
