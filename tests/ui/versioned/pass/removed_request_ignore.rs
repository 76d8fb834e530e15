#![deny(warnings)]

versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
        3 => "Third release",
    }
}

#[versionary::versioned(api = Shop, request)]
#[api(removed(field = legacy_flag, ty = bool, in = 2, ignore))]
pub struct NewItem {
    pub name: String,
}

fn main() {
    let item = NewItem::from(NewItemV1 { name: "pen".into(), legacy_flag: true });
    assert_eq!(item.name, "pen");
}
