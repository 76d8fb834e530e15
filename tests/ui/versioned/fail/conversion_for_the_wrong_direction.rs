versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
        3 => "Third release",
    }
}

#[versionary::versioned(api = Shop, request)]
pub struct NewItem {
    #[api(retyped(from = u8, in = 2, up = widen, down = narrow))]
    pub quantity: u32,
}

fn widen(v: u8) -> u32 {
    v.into()
}

fn narrow(v: u32) -> u8 {
    v as u8
}

fn main() {}
