versionary::api_versions! {
    pub Shop(lock = "../fixtures/shop.lock") {
        1 => "Initial release",
        2 => "Second release",
        3 => "Under development",
    }
}

/// A value renamed with serde: one error, at the attribute, as a rename.
#[versionary::leaf(api = Shop)]
#[derive(serde::Serialize)]
pub enum Shade {
    Red,
    #[serde(rename = "Emerald")]
    Green,
}

fn main() {}
