#![deny(warnings)]

versionary::api_versions! {
    pub Shop(lock = "../fixtures/shop.lock") {
        1 => "Initial release",
        2 => "Second release",
        3 => "Under development",
    }
}

/// A response value added in version 3, mapped for older versions.
#[versionary::versioned(api = Shop, response)]
#[derive(Clone)]
pub enum Shade {
    Red,
    Green,
    #[api(added = 3, down = blue_as_green)]
    Blue,
}

fn blue_as_green(_: Shade) -> ShadeV1 {
    ShadeV1::Green
}

fn main() {}
