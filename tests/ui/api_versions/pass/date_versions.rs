#![deny(warnings)]

use versionary::{Api, Version};

versionary::api_versions! {
    /// Dates as versions, as strings.
    pub Documents {
        "2024-06-01" => "Initial release",
        "2025-01-15" => "Summaries list transaction objects",
    }
}

fn main() {
    assert_eq!(Documents::latest().label, "2025-01-15");
    assert_eq!(
        Documents::VERSIONS[0].version,
        Version::Date { year: 2024, month: 6, day: 1 }
    );
}
