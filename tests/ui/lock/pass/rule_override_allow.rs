#![deny(warnings)]

versionary::api_versions! {
    pub Shop(lock = "../fixtures/shop.lock", rules(remove_field = allow)) {
        1 => "Initial release",
        2 => "Second release",
        3 => "Under development",
    }
}

/// A rule set to `allow`: a removed response field is accepted.
#[versionary::versioned(api = Shop, response)]
#[derive(Clone)]
pub struct Receipt {
    pub id: String,
    pub qty: u32,
}

fn main() {}
