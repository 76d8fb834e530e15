versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
        3 => "Third release",
    }
}

#[versionary::versioned(api = Shop, response)]
pub struct Borrowed<'a> {
    pub name: &'a str,
}

fn main() {}
