versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
    }
}

#[versionary::versioned(api = Shop, response)]
#[derive(Clone)]
pub struct Item {
    /// `u32` already, and no conversion: this type change changes nothing.
    #[api(retyped(from = u32, in = 2))]
    pub count: u32,
}

fn main() {}
