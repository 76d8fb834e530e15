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
#[derive(Clone, Debug)]
pub struct Item {
    #[api(renamed(from = "title", in = 2))]
    pub name: String,
}

/// A generic wrapper with its own history.
#[versionary::versioned(api = Shop, response)]
#[derive(Clone, Debug)]
pub struct Page<T> {
    pub data: Vec<T>,
    #[api(added = 3)]
    pub total: usize,
}

fn main() {
    let page = Page { data: vec![Item { name: "pen".into() }], total: 1 };
    let v1 = at_version::<Shop, _>(&Version::Int(1), || serde_json::to_string(&page).unwrap());
    assert_eq!(v1.as_deref(), Some(r#"{"data":[{"title":"pen"}]}"#));
    let _: PageV1<Item> = PageV1::from(page);
}
