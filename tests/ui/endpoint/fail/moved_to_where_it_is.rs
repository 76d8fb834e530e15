versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
        3 => "Third release",
    }
}

/// A move to the route it already has changes nothing.
#[versionary::endpoint(GET "/persons", api = Shop, moved(from = "GET /persons", in = 2))]
async fn persons() {}

/// Two moves: the older one names where the newer one starts from.
#[versionary::endpoint(
    GET "/people",
    api = Shop,
    moved(from = "GET /humans", in = 2),
    moved(from = "GET /humans", in = 3),
)]
async fn people() {}

fn main() {}
