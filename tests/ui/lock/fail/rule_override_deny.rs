versionary::api_versions! {
    pub Shop(lock = "../fixtures/shop.lock", rules(add_optional_request_field = deny)) {
        1 => "Initial release",
        2 => "Second release",
        3 => "Under development",
    }
}

/// A rule raised to `deny`: new optional request fields refused without the strict policy.
#[versionary::versioned(api = Shop, request)]
pub struct Order {
    pub id: String,
    pub qty: u32,
    pub note: Option<String>,
    pub tag: Option<String>,
}

fn main() {}
