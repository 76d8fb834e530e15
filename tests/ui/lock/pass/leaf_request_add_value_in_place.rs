#![deny(warnings)]

versionary::api_versions! {
    pub Shop(lock = "../fixtures/shop.lock") {
        1 => "Initial release",
        2 => "Second release",
        3 => "Under development",
    }
}

/// A new value in a request-only leaf: old clients never send it; builds, the lock goes stale.
#[versionary::leaf(api = Shop)]
#[derive(serde::Deserialize)]
pub enum Color {
    Red,
    Green,
    Blue,
}

/// A reordered, re-documented response leaf: builds.
#[versionary::leaf(api = Shop)]
#[derive(serde::Serialize)]
pub enum Shade {
    /// Green.
    Green,
    Red,
}

fn main() {}
