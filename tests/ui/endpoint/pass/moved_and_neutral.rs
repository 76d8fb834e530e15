#![deny(warnings)]

versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
        3 => "Third release",
    }
}

use versionary::ApiBuilder;

/// At `/people` in version 1, at `POST /persons/search` in version 2, at `/persons` from 3.
#[versionary::endpoint(
    GET "/persons",
    api = Shop,
    moved(from = "GET /people", in = 2),
    moved(from = "POST /persons/search", in = 3)
)]
async fn persons() {}

/// Served without a version.
#[versionary::endpoint(GET "/health", api = Shop, neutral)]
async fn health() {}

fn main() {
    let table = ApiBuilder::<Shop>::new().route_table().unwrap();
    let rows: Vec<_> = table.rows.iter().map(|r| format!("{} {}", r.method, r.path)).collect();
    assert_eq!(
        rows,
        [
            "GET /health",
            "GET /openapi/{version}.json",
            "GET /v1/people",
            "POST /v2/persons/search",
            "GET /v3/persons",
            "GET /versions",
        ]
    );
}
