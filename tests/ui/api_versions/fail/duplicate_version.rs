versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        1 => "Again",
    }
}

fn main() {}
