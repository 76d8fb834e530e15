verso::api_versions! {
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

#[verso::versioned(api = Shop, response)]
pub struct Item {
    pub price: Price,
}

fn main() {}
