#![deny(warnings)]

versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
        3 => "Third release",
    }
}

use versionary::{Version, at_version};

#[versionary::versioned(api = Shop, response)]
#[derive(Clone)]
pub struct Item {
    /// Names that are not Rust identifiers are fine.
    #[api(renamed(from = "item-name", in = 2))]
    pub name: String,
}

fn main() {
    let item = Item { name: "pen".into() };
    let v1 = at_version::<Shop, _>(&Version::Int(1), || serde_json::to_string(&item).unwrap());
    assert_eq!(v1.as_deref(), Some(r#"{"item-name":"pen"}"#));
}
