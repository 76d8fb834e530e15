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
#[serde(rename_all = "camelCase")]
pub struct Item {
    pub item_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub colour_code: Option<String>,
    #[api(renamed(from = "qty", in = 2))]
    #[serde(rename = "quantityOnHand")]
    pub quantity: u32,
}

fn main() {
    let item = Item { item_name: "pen".into(), colour_code: None, quantity: 1 };
    let v1 = at_version::<Shop, _>(&Version::Int(1), || serde_json::to_string(&item).unwrap());
    assert_eq!(v1.as_deref(), Some(r#"{"itemName":"pen","qty":1}"#));
    let v2 = at_version::<Shop, _>(&Version::Int(2), || serde_json::to_string(&item).unwrap());
    assert_eq!(v2.as_deref(), Some(r#"{"itemName":"pen","quantityOnHand":1}"#));
}
