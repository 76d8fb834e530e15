#![deny(warnings)]

versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
        3 => "Third release",
    }
}

#[versionary::versioned(api = Shop, request)]
pub struct NewItem {
    #[api(retyped(from = u8, in = 2, up = widen))]
    pub quantity: u32,
}

fn widen(old: u8) -> u32 {
    u32::from(old)
}

fn main() {
    assert_eq!(NewItem::from(NewItemV1 { quantity: 7 }).quantity, 7);
}
