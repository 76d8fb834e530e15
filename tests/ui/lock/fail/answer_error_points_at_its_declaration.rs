versionary::api_versions! {
    pub Shop(lock = "../fixtures/shop.lock") {
        1 => "Initial release",
        2 => "Second release",
        3 => "Under development",
    }
}

/// Version 1 answered the handler's 410 with a 404; now its `error(...)` says 400. The
/// error points at that declaration, not at the (unchanged, non-breaking) status history
/// written before it.
#[versionary::endpoint(
    GET "/receipts/{id}",
    api = Shop,
    status = 203,
    status(from = 200, in = 3),
    response_header("x-receipt-total"),
    error(status = 410, from = 400, in = 2),
)]
async fn get_receipt() {}

fn main() {}
