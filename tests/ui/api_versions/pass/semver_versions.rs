#![deny(warnings)]

use versionary::{Api, Version};

versionary::api_versions! {
    pub Moves {
        "1.0.0" => "Initial release",
        "1.10.0" => "Moves carry locations as objects",
        "2.0.0" => "People are served separately",
    }
}

fn main() {
    assert_eq!(Moves::index_of(&Version::parse("1.10.0").unwrap()), Some(1));
    assert!(Moves::VERSIONS[0].version < Moves::VERSIONS[1].version);
}
