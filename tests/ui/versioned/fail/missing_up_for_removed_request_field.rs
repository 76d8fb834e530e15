versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
        3 => "Third release",
    }
}

#[versionary::versioned(api = Shop, request)]
#[api(removed(field = status, ty = String, in = 2))]
pub struct NewItem {
    pub name: String,
}

fn main() {}
