#![deny(warnings)]

versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
        3 => "Third release",
    }
}

/// `request`: only `Deserialize` and upgrades are generated.
#[versionary::versioned(api = Shop, request)]
#[derive(serde::Serialize)]
pub struct NewItem {
    #[api(added = 2, default)]
    pub quantity: u32,
}

fn main() {
    let item: NewItem = serde_json::from_str(r#"{"quantity":2}"#).unwrap();
    // The user may still derive `Serialize` on a request-only type.
    assert_eq!(serde_json::to_string(&item).unwrap(), r#"{"quantity":2}"#);
}
