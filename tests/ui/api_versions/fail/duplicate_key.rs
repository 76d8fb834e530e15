versionary::api_versions! {
    pub Shop(state = (), state = ()) {
        1 => "Initial release",
    }
}

fn main() {}
