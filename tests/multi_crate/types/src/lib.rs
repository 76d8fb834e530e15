//! The types of the multi-crate test's API, in a crate that is neither the API's nor the
//! handlers'. They name the API by a path into its crate (`multi_api::Shop`) or through a
//! `use` (`Shop`): both reach the API's forwarding macro.

#![deny(warnings)]

use multi_api::{Price, Shop};
use serde::{Deserialize, Serialize};

/// What an item is.
#[versionary::leaf(api = multi_api::Shop)]
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, versionary::schemars::JsonSchema,
)]
#[schemars(crate = "versionary::schemars")]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Something to read.
    Book,
    /// Something to write with.
    Pen,
}

/// Optional filters of `GET /items`.
#[versionary::leaf(api = Shop)]
#[derive(Debug, Deserialize, versionary::schemars::JsonSchema)]
#[schemars(crate = "versionary::schemars")]
pub struct ItemFilter {
    /// Only items of this category.
    pub category: Option<Category>,
}

/// An item for sale; version 1 reports `status` instead of `in_stock`.
#[versionary::versioned(api = multi_api::Shop, response)]
#[derive(Clone, Debug, PartialEq, Eq)]
#[api(removed(field = status, ty = String, in = 2, down = item_status))]
pub struct Item {
    /// The item's number.
    pub id: u32,
    /// The item's name.
    pub name: String,
    /// What the item is.
    pub category: Category,
    /// What it costs.
    pub price: Price,
    /// Whether it can be ordered now.
    #[api(added = 2)]
    pub in_stock: bool,
}

fn item_status(item: &Item) -> String {
    if item.in_stock {
        "available"
    } else {
        "sold-out"
    }
    .to_owned()
}

/// Every item matching a filter.
#[versionary::versioned(api = Shop, response)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemList {
    /// The items, each in the requested version's shape.
    pub data: Vec<Item>,
}

/// An order as a client places it; version 2 adds an optional note.
#[versionary::versioned(api = Shop, request)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewOrder {
    /// The item ordered.
    pub item_id: u32,
    /// How many.
    pub quantity: u32,
    /// A note for the shop.
    #[api(added = 2, default)]
    pub note: String,
}

/// An order as the shop took it.
#[versionary::versioned(api = Shop, response)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Order {
    /// The order's number.
    pub id: u64,
    /// The item ordered.
    pub item_id: u32,
    /// How many.
    pub quantity: u32,
    /// What the order costs.
    pub total: Price,
    /// The client's note.
    #[api(added = 2)]
    pub note: String,
}
