// The newest released version has no successor; an unreleased one cannot be retired.
versionary::api_versions! {
    pub Documents {
        1 => "Initial release",
        2 => "Second release" { deprecated = "2025-01-15" },
        3 => "Work in progress" { unreleased, deprecated = "2025-01-15" },
    }
}

fn main() {}
