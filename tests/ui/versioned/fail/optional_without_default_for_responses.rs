versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
        3 => "Third release",
    }
}

#[versionary::versioned(api = Shop, response)]
#[derive(Clone)]
pub struct Order {
    #[api(optional(in = 2))]
    pub note: Option<String>,
}

fn main() {}
