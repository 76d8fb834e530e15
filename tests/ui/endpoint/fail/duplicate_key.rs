versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
        3 => "Third release",
    }
}

#[versionary::endpoint(GET "/items", api = Shop, since = 1, since = 2)]
async fn items() {}

fn main() {}
