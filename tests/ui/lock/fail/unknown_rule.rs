versionary::api_versions! {
    pub Shop(lock = "../fixtures/shop.lock", rules(add_enum_values = warn)) {
        1 => "Initial release",
        2 => "Second release",
        3 => "Under development",
    }
}

/// A misspelt rule.
#[versionary::versioned(api = Shop, request)]
pub struct Order {
    pub id: String,
    pub qty: u32,
    pub note: Option<String>,
}

fn main() {}
