versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
        3 => "Third release",
    }
}

#[versionary::versioned(api = Shop, response)]
#[derive(Clone)]
#[api(removed(field = status, ty = String, in = 2, down = status_of))]
pub struct Item {
    pub status: String,
}

fn status_of(item: &Item) -> String {
    item.status.clone()
}

fn main() {}
