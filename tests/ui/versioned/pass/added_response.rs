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
    pub name: String,
    /// Responses simply drop it for older versions.
    #[api(added = 2)]
    pub stock: u32,
}

fn main() {
    let item = Item { name: "pen".into(), stock: 3 };
    let v1 = at_version::<Shop, _>(&Version::Int(1), || serde_json::to_string(&item).unwrap());
    assert_eq!(v1.as_deref(), Some(r#"{"name":"pen"}"#));
    assert_eq!(ItemV1::from(item).name, "pen");
}
