use http::{HeaderMap, HeaderValue};

versionary::api_versions! {
    pub Shop(lock = "../fixtures/shop.lock") {
        1 => "Initial release",
        2 => "Second release",
        3 => "Under development",
    }
}

fn old_total(headers: &HeaderMap) -> Option<HeaderValue> {
    headers.get("x-total").cloned()
}

/// The released answers' history is kept; version 3, unreleased, changes the status and
/// drops a header.
#[versionary::endpoint(
    GET "/receipts/{id}",
    api = Shop,
    status = 203,
    status(from = 200, in = 3),
    error(status = 410, from = 404, in = 2),
    response_header("x-receipt-total", removed = 3, down = old_total),
)]
async fn get_receipt() {}

fn main() {}
