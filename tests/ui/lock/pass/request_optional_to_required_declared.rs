#![deny(warnings)]

versionary::api_versions! {
    pub Shop(lock = "../fixtures/shop.lock") {
        1 => "Initial release",
        2 => "Second release",
        3 => "Under development",
    }
}

/// A request field made required in version 3.
#[versionary::versioned(api = Shop, request)]
pub struct Order {
    pub id: String,
    pub qty: u32,
    #[api(required(in = 3, default))]
    pub note: String,
}

fn main() {}
