#![deny(warnings)]

versionary::api_versions! {
    pub Shop(lock = "../fixtures/shop.lock") {
        1 => "Initial release",
        2 => "Second release",
        3 => "Under development",
    }
}

/// A request value removed in version 3, mapped for older requests.
#[versionary::versioned(api = Shop, request)]
#[api(removed(variant = Green, in = 3, up = green_as_red))]
pub enum Color {
    Red,
}

fn green_as_red(_: ColorV1) -> Color {
    Color::Red
}

fn main() {}
