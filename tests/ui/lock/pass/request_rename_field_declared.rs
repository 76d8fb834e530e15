#![deny(warnings)]

versionary::api_versions! {
    pub Shop(lock = "../fixtures/shop.lock") {
        1 => "Initial release",
        2 => "Second release",
        3 => "Under development",
    }
}

/// A request field renamed in version 3.
#[versionary::versioned(api = Shop, request)]
pub struct Order {
    pub id: String,
    #[api(renamed(from = "qty", in = 3))]
    pub quantity: u32,
    pub note: Option<String>,
}

fn main() {}
