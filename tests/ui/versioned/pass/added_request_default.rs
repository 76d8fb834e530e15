#![deny(warnings)]

versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
        3 => "Third release",
    }
}

use versionary::{Version, at_version};

#[versionary::versioned(api = Shop, request)]
#[derive(Debug)]
pub struct NewItem {
    pub name: String,
    /// Old clients do not send it: `Default::default()`.
    #[api(added = 2, default)]
    pub quantity: u32,
}

fn main() {
    let item: NewItem = at_version::<Shop, _>(&Version::Int(1), || {
        serde_json::from_str(r#"{"name":"pen"}"#).unwrap()
    })
    .unwrap();
    assert_eq!(item.quantity, 0);
    assert_eq!(NewItem::from(NewItemV1 { name: "ink".into() }).quantity, 0);
}
