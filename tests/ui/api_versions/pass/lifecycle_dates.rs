#![deny(warnings)]
use versionary::Api;

versionary::api_versions! {
    pub Documents(notice_days = 60, deprecation_policy = "https://example.com/policy") {
        "2024-06-01" => "Initial release" {
            released = "2024-06-01", deprecated = "2025-01-15", sunset = "2025-03-16"
        },
        "2025-01-15" => "Summaries list transactions as objects" { released = "2025-01-15" },
    }
}

fn main() {
    assert_eq!(Documents::NOTICE_DAYS, 60);
    assert_eq!(Documents::DEPRECATION_POLICY, Some("https://example.com/policy"));
    let first = &Documents::VERSIONS[0];
    assert_eq!(first.deprecated, Some("2025-01-15"));
    // Exactly 60 days after the deprecation is enough notice.
    assert_eq!(first.sunset, Some("2025-03-16"));
    assert_eq!(Documents::VERSIONS[1].deprecated, None);
}
