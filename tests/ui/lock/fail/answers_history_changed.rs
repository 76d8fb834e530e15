versionary::api_versions! {
    pub Shop(lock = "../fixtures/shop.lock") {
        1 => "Initial release",
        2 => "Second release",
        3 => "Under development",
    }
}

/// Released versions answered an error 410 as 404 (version 1) and sent `x-receipt-total`
/// (versions 1 and 2); now the error answers 410 everywhere and the header is renamed in
/// version 2, which was released.
#[versionary::endpoint(
    GET "/receipts/{id}",
    api = Shop,
    response_header("x-receipt-total", from = "x-total", in = 2),
)]
async fn get_receipt() {}

/// A released success status, changed in a released version.
#[versionary::endpoint(POST "/orders", api = Shop, status = 201, status(from = 200, in = 2))]
async fn create_order() {}

fn main() {}
