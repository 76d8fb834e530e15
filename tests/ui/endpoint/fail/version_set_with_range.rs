versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
        3 => "Third release",
    }
}

#[versionary::endpoint(GET "/images", api = Shop, since = 1, versions = [3, 1])]
async fn image() {}

fn main() {}
