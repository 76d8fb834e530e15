versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
        3 => "Third release",
    }
}

#[versionary::versioned(api = Shop, request, colour = "red")]
pub struct NewItem {
    #[api(added = 9)]
    pub name: String,
    #[api(added = 2)]
    pub quantity: u32,
    #[api(renamed(from = "x"))]
    pub label: String,
}

fn main() {}
