//! Every declared version names the shape that serves it: `TypeV{label}`.

versionary::api_versions! {
    pub Shop {
        "2000-01-01" => "Initial release",
        "2001-01-01" => "Items carry a price",
        "2002-01-01" => "Nothing changed for items",
    }
}

#[versionary::versioned(api = Shop, response)]
#[derive(Clone)]
pub struct Item<T> {
    pub name: T,
    #[api(added = "2001-01-01")]
    pub price: u32,
}

fn main() {
    // The latest shape starts at 2001-01-01: its alias is the type itself.
    let latest: ItemV2001_01_01<String> = Item {
        name: "pen".to_owned(),
        price: 2,
    };
    let same: ItemV2002_01_01<String> = latest.clone();
    let old: ItemV2000_01_01<String> = same.into();
    assert_eq!(old.name, "pen");
}
