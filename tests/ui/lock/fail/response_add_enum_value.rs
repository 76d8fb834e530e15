versionary::api_versions! {
    pub Shop(lock = "../fixtures/shop.lock") {
        1 => "Initial release",
        2 => "Second release",
        3 => "Under development",
    }
}

/// A value added to a response enum in released versions.
#[versionary::versioned(api = Shop, response)]
#[derive(Clone)]
pub enum Shade {
    Red,
    Green,
    Blue,
}

fn main() {}
