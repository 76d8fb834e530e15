#![deny(warnings)]

versionary::api_versions! {
    pub Shop(lock = "../fixtures/shop.lock") {
        1 => "Initial release",
        2 => "Second release",
        3 => "Under development",
    }
}

/// A value added to a request enum: non-breaking.
#[versionary::versioned(api = Shop, request)]
pub enum Color {
    Red,
    Green,
    Blue,
}

fn main() {}
