#![deny(warnings)]

use versionary::Api;

versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Under development" { unreleased },
    }
}

fn main() {
    assert!(!Shop::VERSIONS[0].unreleased);
    assert!(Shop::VERSIONS[1].unreleased);
}
