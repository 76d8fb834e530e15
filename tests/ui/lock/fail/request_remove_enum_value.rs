versionary::api_versions! {
    pub Shop(lock = "../fixtures/shop.lock") {
        1 => "Initial release",
        2 => "Second release",
        3 => "Under development",
    }
}

/// A value removed from a request enum in released versions.
#[versionary::versioned(api = Shop, request)]
pub enum Color {
    Red,
}

fn main() {}
