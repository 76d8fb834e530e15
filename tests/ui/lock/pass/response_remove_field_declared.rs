#![deny(warnings)]

versionary::api_versions! {
    pub Shop(lock = "../fixtures/shop.lock") {
        1 => "Initial release",
        2 => "Second release",
        3 => "Under development",
    }
}

/// A response field removed in version 3, derived for older versions.
#[versionary::versioned(api = Shop, response)]
#[derive(Clone)]
#[api(removed(field = note, ty = Option<String>, in = 3, down = no_note))]
pub struct Receipt {
    pub id: String,
    pub qty: u32,
}

fn no_note(_: &Receipt) -> Option<String> {
    None
}

fn main() {}
