#![deny(warnings)]

versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
        3 => "Third release",
    }
}

use versionary::{Version, at_version};

/// No direction given: request and response rules both apply.
#[versionary::versioned(api = Shop)]
#[derive(Clone, Debug, PartialEq)]
#[api(removed(field = status, ty = String, in = 2, down = status_of, up = apply_status))]
pub struct Item {
    #[api(renamed(from = "title", in = 3))]
    pub name: String,
    #[api(added = 2, default)]
    pub in_stock: bool,
}

fn status_of(item: &ItemV2) -> String {
    if item.in_stock { "available" } else { "sold-out" }.into()
}

fn apply_status(status: String, item: &mut ItemV2) {
    item.in_stock = status == "available";
}

fn main() {
    let item = Item { name: "pen".into(), in_stock: true };
    let v1 = at_version::<Shop, _>(&Version::Int(1), || serde_json::to_string(&item).unwrap()).unwrap();
    assert_eq!(v1, r#"{"title":"pen","status":"available"}"#);
    let back: Item = at_version::<Shop, _>(&Version::Int(1), || serde_json::from_str(&v1).unwrap()).unwrap();
    assert_eq!(back, item);
}
