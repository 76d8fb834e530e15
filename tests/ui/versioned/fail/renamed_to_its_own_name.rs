versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
        3 => "Third release",
    }
}

#[versionary::versioned(api = Shop, response)]
#[derive(Clone)]
#[serde(rename_all = "camelCase")]
pub struct Item {
    /// Its wire name is `fullName` from version 2 on: renaming from it changes nothing.
    #[api(renamed(from = "fullName", in = 2))]
    pub full_name: String,
    /// Two renames: the older one names the name the newer one starts from.
    #[api(renamed(from = "label", in = 2), renamed(from = "label", in = 3))]
    pub title: String,
}

fn main() {}
