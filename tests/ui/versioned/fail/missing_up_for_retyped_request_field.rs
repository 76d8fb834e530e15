versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
        3 => "Third release",
    }
}

#[versionary::versioned(api = Shop, request)]
pub struct NewItem {
    #[api(retyped(from = String, in = 2))]
    pub quantity: u32,
}

fn main() {}
