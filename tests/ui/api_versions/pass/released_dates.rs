#![deny(warnings)]

use versionary::Api;

versionary::api_versions! {
    pub Dated {
        1 => "Initial release" { released = "2024-01-15" },
        2 => "Second release",
    }
}

fn main() {
    assert_eq!(Dated::VERSIONS[0].released, Some("2024-01-15"));
    assert_eq!(Dated::VERSIONS[1].released, None);
}
