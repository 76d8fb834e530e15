versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
        3 => "Third release",
    }
}

#[versionary::endpoint(GET "/items/:id", api = Shop)]
async fn items() {}

fn main() {}
