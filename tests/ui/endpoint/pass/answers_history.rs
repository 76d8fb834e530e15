use http::{HeaderMap, HeaderValue, StatusCode};

versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
        3 => "Third release",
    }
}

fn old_conflict(problem: versionary::Problem) -> (StatusCode, versionary::Json<String>) {
    (StatusCode::LOCKED, versionary::Json(problem.to_string()))
}

fn old_total(headers: &HeaderMap) -> Option<HeaderValue> {
    headers.get("x-count").cloned()
}

/// Every kind of declared change of an endpoint's answers.
#[versionary::endpoint(
    POST "/orders",
    api = Shop,
    status = 201,
    status(from = 202, in = 3),
    status(from = 200, in = 2),
    error(status = 410, from = 404, in = 2),
    error(status = 404, from = 400, in = 3),
    error(status = 409, in = 3, down = old_conflict),
    response_header("x-cost", added = 2),
    response_header("ratelimit", from = "x-ratelimit", in = 3),
    response_header("x-total", removed = 3, down = old_total),
)]
async fn create_order() -> StatusCode {
    StatusCode::CREATED
}

fn main() {}
