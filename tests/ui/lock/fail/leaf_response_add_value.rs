versionary::api_versions! {
    pub Shop(lock = "../fixtures/shop.lock") {
        1 => "Initial release",
        2 => "Second release",
        3 => "Under development",
    }
}

/// A value old clients do not know appears in a leaf used in responses.
#[versionary::leaf(api = Shop)]
#[derive(serde::Serialize)]
pub enum Shade {
    Red,
    Green,
    Blue,
}

fn main() {}
