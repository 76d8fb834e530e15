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
    #[api(added = 3, default = one)]
    pub quantity: u32,
}

fn one() -> u32 {
    1
}

fn main() {
    let item = NewItem::from(NewItemV1 { name: "ink".into() });
    assert_eq!((item.name.as_str(), item.quantity), ("ink", 1));
}
