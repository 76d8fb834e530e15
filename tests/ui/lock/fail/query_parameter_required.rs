versionary::api_versions! {
    pub Shop(lock = "../fixtures/shop.lock") {
        1 => "Initial release",
        2 => "Second release",
        3 => "Under development",
    }
}

/// A query parameter old clients leave out became required.
#[versionary::leaf(api = Shop)]
#[derive(serde::Deserialize)]
pub struct Filter {
    pub page: u32,
}

fn main() {}
