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
#[api(removed(field = status, ty = String, in = 2, down = status_of))]
pub struct Item {
    pub name: String,
    #[api(added = 2)]
    pub in_stock: bool,
}

fn status_of(item: &Item) -> String {
    if item.in_stock { "available" } else { "sold-out" }.into()
}

fn main() {
    let item = Item { name: "pen".into(), in_stock: false };
    let v1 = at_version::<Shop, _>(&Version::Int(1), || serde_json::to_string(&item).unwrap());
    assert_eq!(v1.as_deref(), Some(r#"{"name":"pen","status":"sold-out"}"#));
}
