// A `crate = path` that does not resolve is one error, at the path.

versionary::api_versions! {
    pub Shop(crate = ::vry) {
        1 => "Initial release",
        2 => "Items have a `colour`",
    }
}

#[versionary::versioned(api = Shop, response)]
#[derive(Clone, Debug)]
pub struct Item {
    pub name: String,
    #[api(added = 2)]
    pub colour: String,
}

fn main() {}
