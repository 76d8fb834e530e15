#![deny(warnings)]

versionary::api_versions! {
    pub Shop(lock = "../fixtures/shop.lock") {
        1 => "Initial release",
        2 => "Second release",
        3 => "Under development",
    }
}

/// A required request field, declared as added in version 3.
#[versionary::versioned(api = Shop, request)]
pub struct Order {
    pub id: String,
    pub qty: u32,
    pub note: Option<String>,
    #[api(added = 3, default)]
    pub priority: u8,
}

fn main() {}
