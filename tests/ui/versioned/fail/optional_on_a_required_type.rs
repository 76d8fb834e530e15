versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
        3 => "Third release",
    }
}

#[versionary::versioned(api = Shop, request)]
pub struct Order {
    #[api(optional(in = 2))]
    pub note: String,
}

fn main() {}
