//! versionary under another name. The runtime is the dependency `vry` (`vry = { package =
//! "versionary", ... }`), and no dependency is called `versionary`, so any expansion that
//! names `::versionary` fails to build. `Shop` names the runtime `::vry`; `Catalog`, in
//! [`reexported`], names it through this crate's re-export `crate::framework`; `Library`,
//! in [`library`], through another crate's, `::my_framework::versionary`. `Shop` has
//! versioned structs (fields added, removed, renamed), a versioned enum, a leaf and
//! endpoints, the others a versioned struct and an endpoint; `tests/answers.rs` calls each
//! router and compares two versions' answers.

#![deny(warnings)]

pub mod library;
pub mod reexported;

/// versionary as a framework built on it might re-export it (used by [`reexported`]).
pub use vry as framework;

use axum::extract::Path;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use vry::{ApiBuilder, BuildError, Json, Problem, VersionFrom};

vry::api_versions! {
    /// A small shop, built with versionary under the name `vry`.
    pub Shop(crate = ::vry) {
        1 => "Initial release",
        2 => "Items report `in_stock` instead of `status`; prices name their `currency`; orders carry a note; items may be `discontinued`",
    }
}

/// A price: an amount in cents and its currency.
#[vry::versioned(api = Shop)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Price {
    /// The amount, in cents.
    pub cents: u64,
    /// The ISO 4217 code of the currency.
    #[api(renamed(from = "currency_code", in = 2))]
    pub currency: String,
}

/// What an item is: the same in every version.
#[vry::leaf(api = Shop)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, vry::schemars::JsonSchema)]
#[schemars(crate = "vry::schemars")]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Something to read.
    Book,
    /// Something to write with.
    Pen,
}

/// Where an item is in its life; `discontinued` is new in version 2.
#[vry::versioned(api = Shop, response)]
#[derive(Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Lifecycle {
    /// On sale.
    Current,
    /// No longer made: version 1 calls it `current`.
    #[api(added = 2, down = discontinued_as_current)]
    Discontinued {
        /// The item that replaces it.
        successor: u32,
    },
}

fn discontinued_as_current(_: Lifecycle) -> LifecycleV1 {
    LifecycleV1::Current
}

/// An item for sale; version 1 reports `status` instead of `in_stock`.
#[vry::versioned(api = Shop, response)]
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
    /// Where it is in its life.
    pub lifecycle: Lifecycle,
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

/// An order as a client places it; version 2 adds an optional note.
#[vry::versioned(api = Shop, request)]
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
#[vry::versioned(api = Shop, response)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Order {
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

/// The catalogue: a book on sale and a discontinued pen.
pub fn catalogue() -> Vec<Item> {
    let price = |cents| Price {
        cents,
        currency: "EUR".to_owned(),
    };
    vec![
        Item {
            id: 1,
            name: "Dune".to_owned(),
            category: Category::Book,
            price: price(1250),
            lifecycle: Lifecycle::Current,
            in_stock: true,
        },
        Item {
            id: 2,
            name: "Fountain pen".to_owned(),
            category: Category::Pen,
            price: price(4000),
            lifecycle: Lifecycle::Discontinued { successor: 3 },
            in_stock: false,
        },
    ]
}

/// Reads one item.
#[vry::endpoint(GET "/items/{id}", api = Shop)]
async fn get_item(Path(id): Path<u32>) -> Result<Json<Item>, Problem> {
    catalogue()
        .into_iter()
        .find(|item| item.id == id)
        .map(Json)
        .ok_or_else(|| Problem::not_found(format!("no item `{id}`")))
}

/// Places an order.
#[vry::endpoint(POST "/orders", api = Shop, status = 201)]
async fn create_order(Json(order): Json<NewOrder>) -> Result<(StatusCode, Json<Order>), Problem> {
    let item = catalogue()
        .into_iter()
        .find(|item| item.id == order.item_id)
        .ok_or_else(|| Problem::unprocessable(format!("no item `{}`", order.item_id)))?;
    let total = Price {
        cents: item.price.cents * u64::from(order.quantity),
        currency: item.price.currency,
    };
    Ok((
        StatusCode::CREATED,
        Json(Order {
            item_id: order.item_id,
            quantity: order.quantity,
            total,
            note: order.note,
        }),
    ))
}

/// The shop's router: `/v1/...` and `/v2/...`.
pub fn app() -> Result<axum::Router, BuildError> {
    ApiBuilder::<Shop>::new()
        .select_version(VersionFrom::path(""))
        .build(())
}
