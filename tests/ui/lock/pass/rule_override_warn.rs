versionary::api_versions! {
    pub Shop(lock = "../fixtures/shop.lock", rules(add_enum_value = warn)) {
        1 => "Initial release",
        2 => "Second release",
        3 => "Under development",
    }
}

/// A rule lowered to `warn`: the new response value compiles with a warning.
#[versionary::versioned(api = Shop, response)]
#[derive(Clone)]
pub enum Shade {
    Red,
    Green,
    Blue,
}

fn main() {}
