versionary::api_versions! {
    pub Shop(lock = "../fixtures/shop.lock") {
        1 => "Initial release",
        2 => "Second release",
        3 => "Under development",
    }
}

/// A value old clients send is gone from a leaf used in requests.
#[versionary::leaf(api = Shop)]
#[derive(serde::Deserialize)]
pub enum Color {
    Red,
}

fn main() {}
