versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
    }
}

/// `x-cost` is declared as sent by every version, and as added in version 2.
#[versionary::endpoint(
    GET "/items",
    api = Shop,
    response_header("x-cost"),
    response_header("x-cost", added = 2),
)]
async fn list_items() {}

/// A value change without the function computing the old value.
#[versionary::endpoint(GET "/orders", api = Shop, response_header("x-total", in = 2))]
async fn list_orders() {}

fn main() {}
