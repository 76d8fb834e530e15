versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
        3 => "Third release",
    }
}

#[versionary::versioned(api = Shop, response)]
#[derive(Clone)]
pub enum State {
    Open,
    #[api(added = 2)]
    Archived,
}

fn main() {}
