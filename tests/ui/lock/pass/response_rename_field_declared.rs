#![deny(warnings)]

versionary::api_versions! {
    pub Shop(lock = "../fixtures/shop.lock") {
        1 => "Initial release",
        2 => "Second release",
        3 => "Under development",
    }
}

/// A response field renamed in version 3.
#[versionary::versioned(api = Shop, response)]
#[derive(Clone)]
pub struct Receipt {
    pub id: String,
    #[api(renamed(from = "qty", in = 3))]
    pub quantity: u32,
    pub note: Option<String>,
}

fn main() {}
