versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
        3 => "Third release",
    }
}

// A struct with serde attributes keeps the clone-and-downgrade path for older versions
// (plain structs are written from a borrow and need no `Clone`).
#[versionary::versioned(api = Shop, response)]
#[serde(rename_all = "camelCase")]
pub struct Item {
    #[api(added = 2)]
    pub name: String,
}

fn main() {}
