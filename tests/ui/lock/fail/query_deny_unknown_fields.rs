versionary::api_versions! {
    pub Shop(lock = "../fixtures/shop.lock") {
        1 => "Initial release",
        2 => "Second release",
        3 => "Under development",
    }
}

/// A query struct that now rejects parameters it does not know.
#[versionary::leaf(api = Shop)]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Filter {
    pub page: Option<u32>,
}

fn main() {}
