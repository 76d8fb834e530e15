#![deny(warnings)]

versionary::api_versions! {
    pub Shop(lock = "../fixtures/shop.lock", policy = strict) {
        1 => "Initial release",
        2 => "Second release",
        3 => "Under development",
    }
}

/// Under the strict policy a new response field is still non-breaking.
#[versionary::versioned(api = Shop, response)]
#[derive(Clone)]
pub struct Receipt {
    pub id: String,
    pub qty: u32,
    pub note: Option<String>,
    pub total: u64,
}

/// And a new optional request field is accepted when declared in the head version.
#[versionary::versioned(api = Shop, request)]
pub struct Order {
    pub id: String,
    pub qty: u32,
    pub note: Option<String>,
    #[api(added = 3)]
    pub tag: Option<String>,
}

fn main() {}
