#![deny(warnings)]

versionary::api_versions! {
    pub Shop(lock = "../fixtures/shop.lock") {
        1 => "Initial release",
        2 => "Second release",
        3 => "Under development",
    }
}

/// A new optional request field: non-breaking, in place.
#[versionary::versioned(api = Shop, request)]
pub struct Order {
    pub id: String,
    pub qty: u32,
    pub note: Option<String>,
    pub tag: Option<String>,
}

fn main() {}
