versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
        3 => "Third release",
    }
}

#[versionary::versioned(api = Shop, response, response)]
pub struct Item {
    #[api(added = 2, added = 3)]
    pub name: String,
}

fn main() {}
