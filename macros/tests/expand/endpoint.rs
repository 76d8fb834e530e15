// Endpoints: one versioned (moved, deprecated, with a successor), one version-neutral.

api_versions! {
    pub Shop(notice_days = 30) {
        1 => "Initial release",
        2 => "Second release",
        3 => "Third release",
    }
}

/// Reads an item.
#[endpoint(
    GET "/items/{id}",
    api = Shop,
    since = 1,
    until = 3,
    moved(from = "GET /things/{id}", in = 2),
    deprecated = "2025-01-01",
    sunset = "2025-03-01",
    successor = "/products/{id}",
    status = 200
)]
async fn get_item(
    Path(id): Path<u32>,
    Query(filter): Query<Filter>,
) -> Result<Json<Item>, Problem> {
    todo!()
}

/// Creates an order.
#[endpoint(POST "/orders", api = Shop, versions = [2, 3], status = 201)]
async fn create_order(Json(order): Json<Order>) -> Json<Receipt> {
    todo!()
}

/// Served without a version.
#[endpoint(GET "/health", api = Shop, neutral)]
async fn health() -> &'static str {
    "ok"
}

/// Every receipt, one per line (a stream: described and locked by its item type).
#[endpoint(GET "/receipts", api = Shop, since = 2)]
async fn list_receipts() -> NdJson<Receipt> {
    todo!()
}

/// Receipts as they are issued, as server-sent events.
#[endpoint(GET "/receipts/live", api = Shop, since = 2)]
async fn live_receipts() -> Result<(StatusCode, EventStream<Receipt>), Problem> {
    todo!()
}
