//! The multi-crate API — declared in `multi_api` (with `Price`), its other types in
//! `multi_types`, its handlers in `multi_server` — against the same API written in one
//! crate (module `one` below, the same items with the same names and docs, and the same
//! lock). The lock check, the OpenAPI documents, the route table and the answers over HTTP
//! must be the same.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

/// The API as one crate writes it.
mod one {
    use axum::extract::{Path, Query};
    use axum::http::StatusCode;
    use serde::{Deserialize, Serialize};
    use versionary::{ApiBuilder, Json, Problem, VersionFrom};

    versionary::api_versions! {
        /// A small shop, declared in one crate and served from another.
        pub Shop(lock = "../../api/src/shop.lock") {
            1 => "Initial release",
            2 => "Items report `in_stock` instead of `status`; prices name their `currency`; orders carry a note",
        }
    }

    /// A price: an amount in cents and its currency.
    #[versionary::versioned(api = Shop)]
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct Price {
        /// The amount, in cents.
        pub cents: u64,
        /// The ISO 4217 code of the currency.
        #[api(renamed(from = "currency_code", in = 2))]
        pub currency: String,
    }

    /// What an item is.
    #[versionary::leaf(api = Shop)]
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
    #[versionary::versioned(api = Shop, response)]
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

    fn catalogue() -> Vec<Item> {
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
    #[versionary::endpoint(GET "/items/{id}", api = Shop)]
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
    async fn create_order(
        Json(order): Json<NewOrder>,
    ) -> Result<(StatusCode, Json<Order>), Problem> {
        let item = catalogue()
            .into_iter()
            .find(|item| item.id == order.item_id)
            .ok_or_else(|| Problem::unprocessable(format!("no item `{}`", order.item_id)))?;
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

    pub fn builder() -> ApiBuilder<Shop> {
        ApiBuilder::<Shop>::new().select_version(VersionFrom::path("/api"))
    }
}

#[test]
fn lock_is_current() {
    versionary::lock::assert_current::<multi_api::Shop>();
}

#[test]
fn the_lock_records_the_types_of_every_crate_as_one_crate_does() {
    let multi = versionary::lock::render::<multi_api::Shop>();
    assert_eq!(multi, versionary::lock::render::<one::Shop>());
    // The types crate's and the API crate's registrations are linked and reached.
    for line in [
        "type Item response",
        "field Item.status String required",
        "field Price.currency_code String required",
        "field Price.currency String required",
        "variant Category.book",
        "type ItemFilter request",
        "type NewOrder request",
        "endpoint GET /items list_items",
        "status POST /orders 201",
    ] {
        assert!(multi.lines().any(|l| l == line), "no `{line}` in\n{multi}");
    }
    assert_eq!(versionary::lock::check::<multi_api::Shop>(), Ok(()));
    assert_eq!(
        versionary::lock::check::<multi_api::Shop>(),
        versionary::lock::check::<one::Shop>()
    );
}

#[test]
fn the_route_table_is_that_of_one_crate() {
    let multi = multi_server::builder().route_table().unwrap();
    let one = one::builder().route_table().unwrap();
    assert_eq!(multi.to_text(), one.to_text());
    // Row by row the same but for `source`, where each handler is written.
    let (mut multi_json, mut one_json) = (multi.to_json(), one.to_json());
    for (row, other) in multi_json
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .zip(one_json.as_array_mut().unwrap())
    {
        let (source, other_source) = (row["source"].take(), other["source"].take());
        if row["version"] != "-" {
            let source = source.as_str().unwrap();
            assert!(
                source.starts_with("tests/multi_crate/server/src/lib.rs:"),
                "{source}"
            );
            let other_source = other_source.as_str().unwrap();
            assert!(
                other_source.contains("same_as_one_crate.rs:"),
                "{other_source}"
            );
        }
    }
    assert_eq!(multi_json, one_json);
    let text = multi.to_text();
    for (route, handler) in [
        ("GET     /api/v1/items/{id}", "get_item"),
        ("GET     /api/v2/items/{id}", "get_item"),
        ("GET     /api/v2/items ", "list_items"),
        ("POST    /api/v1/orders", "create_order"),
        ("POST    /api/v2/orders", "create_order"),
    ] {
        assert!(
            text.lines()
                .any(|l| l.starts_with(route) && l.contains(handler)),
            "no `{route}` served by `{handler}` in\n{text}"
        );
    }
    assert!(!text.contains("/api/v1/items "), "{text}");
}

#[test]
fn the_openapi_documents_are_those_of_one_crate() {
    let multi = multi_server::builder().openapi_documents().unwrap();
    let one = one::builder().openapi_documents().unwrap();
    assert_eq!(multi, one);
    let (label, v1) = &multi[0];
    assert_eq!(*label, "1");
    let item = &v1["components"]["schemas"]["Item"]["properties"];
    assert!(
        item.get("status").is_some() && item.get("in_stock").is_none(),
        "{item}"
    );
    let price = &v1["components"]["schemas"]["Price"]["properties"];
    assert!(price.get("currency_code").is_some(), "{price}");
    let (_, v2) = &multi[1];
    assert!(
        v2["paths"].get("/api/v2/items").is_some(),
        "{}",
        v2["paths"]
    );
    assert!(
        v1["paths"].get("/api/v1/items").is_none(),
        "{}",
        v1["paths"]
    );
    assert!(v2["components"]["schemas"].get("Category").is_some());
}

/// The status, the `api-version` header and the JSON body of one request.
async fn call(app: axum::Router, method: &str, uri: &str, body: Option<Value>) -> Answer {
    let mut request = Request::builder().method(method).uri(uri);
    let body = match body {
        Some(body) => {
            request = request.header("content-type", "application/json");
            Body::from(body.to_string())
        }
        None => Body::empty(),
    };
    let response = app.oneshot(request.body(body).unwrap()).await.unwrap();
    let status = response.status();
    let version = response
        .headers()
        .get("api-version")
        .map(|v| v.to_str().unwrap().to_owned());
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    Answer {
        status,
        version,
        body,
    }
}

#[derive(Debug, PartialEq)]
struct Answer {
    status: StatusCode,
    version: Option<String>,
    body: Value,
}

#[tokio::test]
async fn requests_are_answered_as_one_crate_answers_them() {
    let multi = multi_server::app().unwrap();
    let one = one::builder().build(()).unwrap();
    let requests: Vec<(&str, &str, Option<Value>, StatusCode, Value)> = vec![
        (
            "GET",
            "/api/v1/items/2",
            None,
            StatusCode::OK,
            json!({"id": 2, "name": "Fountain pen", "category": "pen",
                   "price": {"cents": 4000, "currency_code": "EUR"}, "status": "sold-out"}),
        ),
        (
            "GET",
            "/api/v2/items/2",
            None,
            StatusCode::OK,
            json!({"id": 2, "name": "Fountain pen", "category": "pen",
                   "price": {"cents": 4000, "currency": "EUR"}, "in_stock": false}),
        ),
        (
            "GET",
            "/api/v2/items?category=book",
            None,
            StatusCode::OK,
            json!({"data": [{"id": 1, "name": "Dune", "category": "book",
                   "price": {"cents": 1250, "currency": "EUR"}, "in_stock": true}]}),
        ),
        (
            "POST",
            "/api/v1/orders",
            Some(json!({"item_id": 1, "quantity": 2})),
            StatusCode::CREATED,
            json!({"id": 1002, "item_id": 1, "quantity": 2,
                   "total": {"cents": 2500, "currency_code": "EUR"}}),
        ),
        (
            "POST",
            "/api/v2/orders",
            Some(json!({"item_id": 1, "quantity": 1, "note": "gift"})),
            StatusCode::CREATED,
            json!({"id": 1001, "item_id": 1, "quantity": 1,
                   "total": {"cents": 1250, "currency": "EUR"}, "note": "gift"}),
        ),
    ];
    for (method, uri, body, status, expected) in requests {
        let answer = call(multi.clone(), method, uri, body.clone()).await;
        assert_eq!(answer.status, status, "{method} {uri}: {}", answer.body);
        assert_eq!(answer.body, expected, "{method} {uri}");
        let version = uri.split('/').nth(2).and_then(|v| v.strip_prefix('v'));
        assert_eq!(answer.version.as_deref(), version, "{method} {uri}");
        assert_eq!(
            answer,
            call(one.clone(), method, uri, body).await,
            "{method} {uri}"
        );
    }
    // Refusals too: a field of another version, an endpoint not in the version, a version
    // never declared.
    for (method, uri, body, status) in [
        (
            "POST",
            "/api/v1/orders",
            Some(json!({"item_id": 1, "quantity": 1, "note": "gift"})),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        ("GET", "/api/v1/items", None, StatusCode::NOT_FOUND),
        ("GET", "/api/v3/items/1", None, StatusCode::NOT_FOUND),
        ("GET", "/api/v2/items/9", None, StatusCode::NOT_FOUND),
    ] {
        let answer = call(multi.clone(), method, uri, body.clone()).await;
        assert_eq!(answer.status, status, "{method} {uri}: {}", answer.body);
        assert!(
            answer.body["type"].is_string(),
            "{method} {uri}: {}",
            answer.body
        );
        assert_eq!(
            answer,
            call(one.clone(), method, uri, body).await,
            "{method} {uri}"
        );
    }
}
