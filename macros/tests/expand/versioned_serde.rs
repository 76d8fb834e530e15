// A versioned response struct with serde attributes: a container `rename_all`, a field's
// own `rename` and `skip_serializing_if`, and a renamed field. Its shapes derive serde's
// impls (through a remote mirror of the latest type).

api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
    }
}

#[versioned(api = Shop, response)]
#[derive(Clone)]
#[serde(rename_all = "camelCase")]
pub struct Item {
    pub item_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub colour_code: Option<String>,
    #[api(renamed(from = "qty", in = 2))]
    #[serde(rename = "quantityOnHand")]
    pub quantity: u32,
}
