versionary::api_versions! {
    pub Shop {
        1 => "Initial release" { released = "last spring" },
        2 => "Second release" { shipped = "2025-01-01" },
    }
}

fn main() {}
