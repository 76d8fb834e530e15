versionary::api_versions! {
    pub Shop(lock = "../fixtures/shop.lock", policy = lenient) {
        1 => "Initial release",
        2 => "Second release",
        3 => "Under development",
    }
}

/// An unknown policy.
#[versionary::versioned(api = Shop, request)]
pub struct Order {
    pub id: String,
    pub qty: u32,
    pub note: Option<String>,
}

fn main() {}
