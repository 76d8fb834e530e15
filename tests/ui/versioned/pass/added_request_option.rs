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
    /// Optional fields need nothing: old requests get `None`.
    #[api(added = 2)]
    pub note: Option<String>,
}

fn main() {
    assert_eq!(NewItem::from(NewItemV1 { name: "ink".into() }).note, None);
}
