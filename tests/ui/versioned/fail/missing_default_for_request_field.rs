versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
        3 => "Third release",
    }
}

#[versionary::versioned(api = Shop, request)]
pub struct NewItem {
    pub name: String,
    #[api(added = 2)]
    pub quantity: u32,
}

fn main() {}
