#![deny(warnings)]

versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
        3 => "Third release",
    }
}

/// `response`: only `Serialize` and downgrades are generated.
#[versionary::versioned(api = Shop, response)]
#[derive(Clone, serde::Deserialize)]
pub struct Item {
    #[api(added = 2)]
    pub quantity: u32,
}

fn main() {
    let item: Item = serde_json::from_str(r#"{"quantity":2}"#).unwrap();
    assert_eq!(serde_json::to_string(&item).unwrap(), r#"{"quantity":2}"#);
    let _ = ItemV1::from(item);
}
