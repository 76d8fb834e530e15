//! The handlers of the multi-crate test's API: `#[endpoint]`s naming an API declared in
//! `multi_api` and serving types declared in `multi_types` and `multi_api`. Using those
//! types links their crates, so their contracts (registered with `inventory`) are seen by
//! the lock check and the OpenAPI documents.

#![deny(warnings)]

use axum::extract::{Path, Query};
use axum::http::StatusCode;
use multi_api::{Price, Shop};
use multi_types::{Category, Item, ItemFilter, ItemList, NewOrder, Order};
use versionary::{ApiBuilder, BuildError, Json, Problem, VersionFrom};

/// The catalogue: two items, one sold out. (The API is stateless: a state type would be
/// declared with the API, in `multi_api`.)
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
            in_stock: true,
        },
        Item {
            id: 2,
            name: "Fountain pen".to_owned(),
            category: Category::Pen,
            price: price(4000),
            in_stock: false,
        },
    ]
}

/// Reads one item.
#[versionary::endpoint(GET "/items/{id}", api = multi_api::Shop)]
async fn get_item(Path(id): Path<u32>) -> Result<Json<Item>, Problem> {
    catalogue()
        .into_iter()
        .find(|item| item.id == id)
        .map(Json)
        .ok_or_else(|| Problem::not_found(format!("no item `{id}`")))
}

/// Lists the items, optionally of one category.
#[versionary::endpoint(GET "/items", api = Shop, since = 2)]
async fn list_items(Query(filter): Query<ItemFilter>) -> Json<ItemList> {
    let data = catalogue()
        .into_iter()
        .filter(|item| filter.category.is_none_or(|c| item.category == c))
        .collect();
    Json(ItemList { data })
}

/// Places an order.
#[versionary::endpoint(POST "/orders", api = Shop, status = 201)]
async fn create_order(Json(order): Json<NewOrder>) -> Result<(StatusCode, Json<Order>), Problem> {
    let item = catalogue()
        .into_iter()
        .find(|item| item.id == order.item_id)
        .ok_or_else(|| Problem::unprocessable(format!("no item `{}`", order.item_id)))?;
    // Numbered by what was ordered, so answers are the same however often it is asked.
    let id = u64::from(order.item_id) * 1000 + u64::from(order.quantity);
    let total = Price {
        cents: item.price.cents * u64::from(order.quantity),
        currency: item.price.currency.clone(),
    };
    Ok((
        StatusCode::CREATED,
        Json(Order {
            id,
            item_id: order.item_id,
            quantity: order.quantity,
            total,
            note: order.note,
        }),
    ))
}

/// The builder of the shop's router: versions in the path, under `/api`.
pub fn builder() -> ApiBuilder<Shop> {
    ApiBuilder::<Shop>::new().select_version(VersionFrom::path("/api"))
}

/// The shop's router, every version.
///
/// # Errors
///
/// As [`ApiBuilder::build`].
pub fn app() -> Result<axum::Router, BuildError> {
    builder().build(())
}
