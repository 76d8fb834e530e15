versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Names are objects",
    }
}

#[versionary::versioned(api = Shop, request)]
pub struct Name {
    pub first: String,
    pub last: String,
    /// No old top-level field fills it, and `flattened` has no `default`.
    pub title: Option<String>,
}

#[versionary::versioned(api = Shop, request)]
pub struct Customer {
    #[api(flattened(in = 2, field(first_name: String => first), field(last_name: String => last)))]
    pub name: Name,
}

fn main() {}
