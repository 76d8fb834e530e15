versionary::api_versions! {
    pub Shop(store = ()) {
        1 => "Initial release",
    }
}

fn main() {}
