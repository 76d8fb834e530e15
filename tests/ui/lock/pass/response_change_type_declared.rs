#![deny(warnings)]

versionary::api_versions! {
    pub Shop(lock = "../fixtures/shop.lock") {
        1 => "Initial release",
        2 => "Second release",
        3 => "Under development",
    }
}

/// A response field retyped in version 3.
#[versionary::versioned(api = Shop, response)]
#[derive(Clone)]
pub struct Receipt {
    pub id: String,
    #[api(retyped(from = u32, in = 3, down = count))]
    pub qty: String,
    pub note: Option<String>,
}

fn count(qty: String) -> u32 {
    u32::try_from(qty.len()).unwrap_or(u32::MAX)
}

fn main() {}
