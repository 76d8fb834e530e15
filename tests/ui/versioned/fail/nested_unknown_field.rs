versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
        3 => "Third release",
    }
}

#[versionary::versioned(api = Shop, response)]
#[derive(Clone)]
#[api(nested(field = address, in = 2, field(street => line1), field(town => city)))]
pub struct Place {
    pub street: String,
}

fn main() {}
