// `crate = ::vry`: the runtime under another name (a renamed dependency). Every expansion,
// `api_versions!`' own, the forwarding macro's and each item's, names `::vry::__private`
// and never `::versionary`.

api_versions! {
    pub Shop(crate = ::vry) {
        1 => "Initial release",
        2 => "Items report `in_stock` instead of `status`",
    }
}

#[vry::versioned(api = Shop, response)]
#[derive(Clone, Debug)]
#[api(removed(field = status, ty = String, in = 2, down = item_status))]
pub struct Item {
    pub name: String,
    pub colour: Colour,
    pub kind: Kind,
    #[api(added = 2)]
    pub in_stock: bool,
}

#[vry::versioned(api = Shop)]
#[derive(Clone, Debug, PartialEq)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Book,
    #[api(added = 2, down = pen_as_book)]
    Pen,
}

#[vry::leaf(api = Shop)]
#[derive(Clone, Copy, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Colour {
    Red,
    Green,
}

#[vry::endpoint(GET "/items/{id}", api = Shop)]
async fn get_item(Path(id): Path<u32>) -> Json<Item> {
    Json(item(id))
}
