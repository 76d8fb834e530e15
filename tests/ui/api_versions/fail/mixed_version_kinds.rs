versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        "2025-01-15" => "A date",
    }
}

fn main() {}
