#![deny(warnings)]

versionary::api_versions! {
    pub Shop(lock = "../fixtures/shop.lock") {
        1 => "Initial release",
        2 => "Second release",
        3 => "Under development",
    }
}

/// A new response field: non-breaking, in place.
#[versionary::versioned(api = Shop, response)]
#[derive(Clone)]
pub struct Receipt {
    pub id: String,
    pub qty: u32,
    pub note: Option<String>,
    pub total: u64,
}

fn main() {}
