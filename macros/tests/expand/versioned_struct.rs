// A plain versioned struct (no serde attributes): a field added, one removed, one renamed.
// Its shapes get the lean serde and schema impls.

api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
        3 => "Third release",
    }
}

/// An item of the catalogue.
#[versioned(api = Shop)]
#[derive(Clone, Debug)]
#[api(removed(field = legacy_code, ty = String, in = 2, down = legacy_code_of, ignore))]
pub struct Item {
    /// The item's name.
    pub name: String,
    #[api(renamed(from = "qty", in = 3))]
    pub quantity: u32,
    #[api(added = 2, default)]
    pub colour: String,
}
