versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Under development" { unreleased },
        3 => "Released after an unreleased version",
    }
}

fn main() {}
