#![deny(warnings)]

versionary::api_versions! {
    pub Shop(lock = "../fixtures/shop.lock") {
        1 => "Initial release",
        2 => "Second release",
        3 => "Under development",
    }
}

/// A value removed from a response enum: non-breaking.
#[versionary::versioned(api = Shop, response)]
#[derive(Clone)]
pub enum Shade {
    Red,
}

fn main() {}
