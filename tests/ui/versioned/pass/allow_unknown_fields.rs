#![deny(warnings)]

versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
        3 => "Third release",
    }
}

use versionary::{Version, at_version};

/// Query-string structs usually accept parameters they do not know.
#[versionary::versioned(api = Shop, request, allow_unknown_fields)]
#[derive(Debug)]
pub struct Filter {
    pub search: Option<String>,
}

fn main() {
    let filter: Filter = at_version::<Shop, _>(&Version::Int(1), || {
        serde_json::from_str(r#"{"search":"pen","cache_buster":1}"#).unwrap()
    })
    .unwrap();
    assert_eq!(filter.search.as_deref(), Some("pen"));
}
