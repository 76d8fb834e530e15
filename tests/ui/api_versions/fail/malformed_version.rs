versionary::api_versions! {
    pub Shop {
        "2025-02-30" => "Not a day",
        "v2" => "Not a version",
    }
}

fn main() {}
