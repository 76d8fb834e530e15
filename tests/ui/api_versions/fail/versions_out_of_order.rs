versionary::api_versions! {
    pub Shop {
        2 => "Second release",
        1 => "Initial release",
    }
}

fn main() {}
