#![deny(warnings)]

// Every rule set to `allow`: each breaking change builds without an error or a warning.
versionary::api_versions! {
    pub Shop(lock = "../fixtures/shop.lock", rules(
        remove_field = allow, add_required_request_field = allow,
        add_optional_request_field = allow, change_type = allow, optional_to_required = allow,
        required_to_optional = allow, add_enum_value = allow, remove_enum_value = allow,
        rename = allow, change_representation = allow, deny_unknown_fields = allow,
        change_status = allow, change_header = allow, change_error = allow,
        change_endpoint = allow,
    )) {
        1 => "Initial release",
        2 => "Second release",
        3 => "Under development",
    }
}

include!("../fixtures/every_rule_broken.rs");

fn main() {}
