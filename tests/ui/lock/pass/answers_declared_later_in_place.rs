#![deny(warnings)]

use versionary::Problem;

// Adopting an existing service: versions 1 and 2 were released while `GET /orders/{id}`
// already sent `x-trace` and answered a missing order with a success, and nobody declared
// either. Version 3 declares both as history; what the lock did not record is added to the
// record (the lock is stale, not broken). `GET /receipts/{id}` keeps what the lock recorded
// and declares `x-cost`, which every version already sends.
versionary::api_versions! {
    pub Shop(lock = "../fixtures/shop.lock") {
        1 => "Initial release",
        2 => "Second release",
        3 => "Under development",
    }
}

fn found_false(_: Problem) -> versionary::Json<Vec<u8>> {
    versionary::Json(Vec::new())
}

#[versionary::endpoint(
    GET "/orders/{id}",
    api = Shop,
    response_header("trace-id", from = "x-trace", in = 3),
    error(status = 404, in = 3, down = found_false),
)]
async fn get_order() {}

#[versionary::endpoint(
    GET "/receipts/{id}",
    api = Shop,
    error(status = 410, from = 404, in = 2),
    response_header("x-receipt-total"),
    response_header("x-cost"),
)]
async fn get_receipt() {}

fn main() {}
