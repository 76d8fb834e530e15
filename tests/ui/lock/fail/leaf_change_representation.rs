versionary::api_versions! {
    pub Shop(lock = "../fixtures/shop.lock") {
        1 => "Initial release",
        2 => "Second release",
        3 => "Under development",
    }
}

/// Internally tagged now: every value is written differently.
#[versionary::leaf(api = Shop)]
#[derive(serde::Serialize)]
#[serde(tag = "kind")]
pub enum Shade {
    Red,
    Green,
}

fn main() {}
