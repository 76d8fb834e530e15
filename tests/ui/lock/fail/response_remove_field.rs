versionary::api_versions! {
    pub Shop(lock = "../fixtures/shop.lock") {
        1 => "Initial release",
        2 => "Second release",
        3 => "Under development",
    }
}

/// A response field removed from released versions.
#[versionary::versioned(api = Shop, response)]
#[derive(Clone)]
pub struct Receipt {
    pub id: String,
    pub qty: u32,
}

fn main() {}
