#![deny(warnings)]

versionary::api_versions! {
    pub Shop(lock = "../fixtures/shop.lock") {
        1 => "Initial release",
        2 => "Second release",
        3 => "Under development",
    }
}

/// A request field removed in version 3 (still accepted and ignored before).
#[versionary::versioned(api = Shop, request)]
#[api(removed(field = note, ty = Option<String>, in = 3, ignore))]
pub struct Order {
    pub id: String,
    pub qty: u32,
}

fn main() {}
