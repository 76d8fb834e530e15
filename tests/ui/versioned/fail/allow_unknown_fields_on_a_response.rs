versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
    }
}

/// `allow_unknown_fields` only affects how requests (bodies, query strings) are read.
#[versionary::versioned(api = Shop, response, allow_unknown_fields)]
pub struct Listing {
    pub name: String,
}

fn main() {}
