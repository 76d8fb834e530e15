versionary::api_versions! {
    pub Documents(notice_days = 60) {
        "2024-06-01" => "Initial release" { sunset = "2025-03-17" },
        "2025-01-15" => "Summaries list transactions as objects",
    }
}

fn main() {}
