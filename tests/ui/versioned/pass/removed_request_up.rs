#![deny(warnings)]

versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
        3 => "Third release",
    }
}

#[versionary::versioned(api = Shop, request)]
#[api(removed(field = status, ty = String, in = 2, up = apply_status))]
pub struct NewItem {
    pub name: String,
    #[api(added = 2, default)]
    pub in_stock: bool,
}

fn apply_status(status: String, item: &mut NewItem) {
    item.in_stock = status == "available";
}

fn main() {
    let item = NewItem::from(NewItemV1 { name: "pen".into(), status: "available".into() });
    assert!(item.in_stock);
}
