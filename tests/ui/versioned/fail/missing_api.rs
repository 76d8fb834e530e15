versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
        3 => "Third release",
    }
}

#[versionary::versioned(response)]
pub struct Item {
    pub name: String,
}

fn main() {}
