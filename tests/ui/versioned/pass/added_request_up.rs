#![deny(warnings)]

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
    /// Derived from the older request.
    #[api(added = 2, up = label_from_name)]
    pub label: String,
}

fn label_from_name(old: &NewItemV1) -> String {
    old.name.to_uppercase()
}

fn main() {
    assert_eq!(NewItem::from(NewItemV1 { name: "ink".into() }).label, "INK");
}
