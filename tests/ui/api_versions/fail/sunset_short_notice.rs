// `notice_days = 60` promises two months between a deprecation and its sunset.
versionary::api_versions! {
    pub Documents(notice_days = 60) {
        "2024-06-01" => "Initial release" { deprecated = "2025-01-15", sunset = "2025-02-15" },
        "2025-01-15" => "Summaries list transactions as objects",
    }
}

fn main() {}
