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
    #[api(retyped(from = String, in = 3, down = as_text))]
    pub quantity: u32,
}

fn as_text(new: u32) -> String {
    new.to_string()
}

fn main() {
    let item = Item { quantity: 12 };
    let v2 = at_version::<Shop, _>(&Version::Int(2), || serde_json::to_string(&item).unwrap());
    assert_eq!(v2.as_deref(), Some(r#"{"quantity":"12"}"#));
}
