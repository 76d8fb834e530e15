#![deny(warnings)]

versionary::api_versions! {
    pub Shop(lock = "../fixtures/shop.lock") {
        1 => "Initial release",
        2 => "Second release",
        3 => "Under development",
    }
}

/// A request field retyped in version 3.
#[versionary::versioned(api = Shop, request)]
pub struct Order {
    pub id: String,
    #[api(retyped(from = u32, in = 3, up = widen))]
    pub qty: u64,
    pub note: Option<String>,
}

fn widen(qty: u32) -> u64 {
    u64::from(qty)
}

fn main() {}
