// Leaves: types whose JSON never changes; the item is kept as written, with its contract
// registered for the lock.

api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
    }
}

#[leaf(api = Shop)]
#[derive(Clone, Copy, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Colour {
    Red,
    Green,
}

/// A validated code.
#[leaf(api = Shop)]
#[derive(Clone, serde::Serialize, serde::Deserialize)]
pub struct Code(pub String);

#[leaf(api = Shop)]
#[derive(serde::Deserialize)]
pub struct Filter {
    pub page: Option<u32>,
    #[serde(default)]
    pub colour: Option<Colour>,
}
