versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
        3 => "Third release",
    }
}

#[versionary::versioned(api = Shop, response)]
#[derive(Clone)]
pub struct Name {
    pub first: String,
}

#[versionary::versioned(api = Shop, response)]
#[derive(Clone)]
pub struct Person {
    #[api(flattened(in = 2))]
    pub name: Name,
}

fn main() {}
