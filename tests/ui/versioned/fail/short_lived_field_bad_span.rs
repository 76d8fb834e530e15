versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
        3 => "Third release",
    }
}

fn old_text(_: &Item) -> String {
    String::new()
}

/// Added after its removal; added in the first version; two declarations for the same
/// versions.
#[versionary::versioned(api = Shop, response)]
#[derive(Clone)]
#[api(removed(field = note, ty = String, added = 3, in = 2, down = old_text))]
#[api(removed(field = tag, ty = String, added = 1, in = 3, down = old_text))]
#[api(removed(field = code, ty = String, added = 2, in = 3, down = old_text))]
#[api(removed(field = code, ty = u32, in = 3, down = old_code))]
pub struct Item {
    pub name: String,
}

fn old_code(_: &Item) -> u32 {
    0
}

fn main() {}
