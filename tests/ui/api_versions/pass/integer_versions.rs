#![deny(warnings)]

versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
        3 => "Third release",
    }
}

use versionary::{Api, Version};

fn main() {
    assert_eq!(Shop::NAME, "Shop");
    let labels: Vec<_> = Shop::VERSIONS.iter().map(|v| v.label).collect();
    assert_eq!(labels, ["1", "2", "3"]);
    assert_eq!(Shop::VERSIONS[0].version, Version::Int(1));
    assert_eq!(Shop::VERSIONS[1].description, "Second release");
}
