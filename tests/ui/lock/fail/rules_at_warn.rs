#![deny(deprecated)]

// Every rule set to `warn`: each breaking change is a warning (made an error here by
// `deny(deprecated)`, so the output shows each one), at the item that changed.
versionary::api_versions! {
    pub Shop(lock = "../fixtures/shop.lock", rules(
        remove_field = warn, add_required_request_field = warn,
        add_optional_request_field = warn, change_type = warn, optional_to_required = warn,
        required_to_optional = warn, add_enum_value = warn, remove_enum_value = warn,
        rename = warn, change_representation = warn, deny_unknown_fields = warn,
        change_status = warn, change_header = warn, change_error = warn,
        change_endpoint = warn,
    )) {
        1 => "Initial release",
        2 => "Second release",
        3 => "Under development",
    }
}

include!("../fixtures/every_rule_broken.rs");

fn main() {}
