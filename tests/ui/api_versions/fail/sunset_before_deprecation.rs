versionary::api_versions! {
    pub Documents(notice_days = 30) {
        "2024-06-01" => "Initial release" { deprecated = "2025-03-01", sunset = "2025-01-01" },
        "2025-01-15" => "Summaries list transactions as objects",
    }
}

fn main() {}
