versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
        3 => "Third release",
    }
}

#[versionary::versioned(api = Shop, response)]
#[api(removed(field = status, ty = String, in = 2, down = status_of, why = "gone"))]
#[derive(Clone)]
pub struct Item {
    pub name: String,
}

fn status_of(_: &Item) -> String {
    String::new()
}

fn main() {}
