versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
        3 => "Third release",
    }
}

#[versionary::versioned(api = Shop, request)]
#[api(removed(variant = Pending, in = 2))]
pub enum State {
    Open,
}

fn main() {}
