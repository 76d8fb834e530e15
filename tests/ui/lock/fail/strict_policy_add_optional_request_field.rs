versionary::api_versions! {
    pub Shop(lock = "../fixtures/shop.lock", policy = strict) {
        1 => "Initial release",
        2 => "Second release",
        3 => "Under development",
    }
}

/// The strict policy: a new optional request field is breaking too.
#[versionary::versioned(api = Shop, request)]
pub struct Order {
    pub id: String,
    pub qty: u32,
    pub note: Option<String>,
    pub tag: Option<String>,
}

fn main() {}
