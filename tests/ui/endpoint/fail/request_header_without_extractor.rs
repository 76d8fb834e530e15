versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
    }
}

/// The value of `x-cohort` goes to the query string, and the handler reads none.
#[versionary::endpoint(GET "/items", api = Shop, request_header("x-cohort", query = "cohort", in = 2))]
async fn items() {}

/// A value goes to one place.
#[versionary::endpoint(
    POST "/orders",
    api = Shop,
    request_header("x-note", query = "note", body = "note", in = 2),
)]
async fn create_order() {}

fn main() {}
