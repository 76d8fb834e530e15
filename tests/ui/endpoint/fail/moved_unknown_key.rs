versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
        3 => "Third release",
    }
}

#[versionary::endpoint(GET "/persons", api = Shop, moved(from = "GET /people", since = 2))]
async fn persons() {}

fn main() {}
