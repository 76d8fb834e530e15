versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
        3 => "Third release",
    }
}

#[versionary::versioned(api = Shop, request)]
pub struct Order {
    #[api(retyped(from = String, in = 2, up = parse, try_up = parse))]
    pub quantity: u32,
}

fn parse(text: String) -> u32 {
    text.len() as u32
}

fn main() {}
