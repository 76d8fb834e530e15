#![deny(warnings)]

versionary::api_versions! {
    pub Shop(lock = "../fixtures/shop.lock") {
        1 => "Initial release",
        2 => "Second release",
        3 => "Under development",
    }
}

/// Reordered fields and doc edits: non-breaking.
#[versionary::versioned(api = Shop, request)]
pub struct Order {
    /// The note, now documented.
    pub note: Option<String>,
    pub qty: u32,
    pub id: String,
}

fn main() {}
