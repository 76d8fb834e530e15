versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
        3 => "Third release",
    }
}

#[derive(serde::Serialize)]
pub struct Price {
    pub cents: u64,
}

#[versionary::versioned(api = Shop, response)]
pub struct Item {
    pub price: Price,
}

fn main() {}
