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
    #[api(renamed(from = "title", in = 2), renamed(from = "label", in = 3))]
    pub name: String,
}

fn main() {
    let v1 = NewItemV1 { title: "ink".into() };
    assert_eq!(NewItem::from(NewItemV2::from(v1)).name, "ink");
    let v2 = NewItemV2 { label: "pen".into() };
    assert_eq!(NewItem::from(v2).name, "pen");
}
