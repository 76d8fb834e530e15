#![deny(warnings)]

versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
        3 => "Third release",
    }
}

use axum::extract::Path;
use versionary::{ApiBuilder, Json, VersionFrom};

#[versionary::versioned(api = Shop, response)]
pub struct Item {
    pub name: String,
}

/// Served in versions 1 and 2 only.
#[versionary::endpoint(GET "/items/{id}", api = Shop, since = 1, until = 3)]
async fn get_item(Path(id): Path<u32>) -> Json<Item> {
    Json(Item { name: id.to_string() })
}

/// Served from version 2 on.
#[versionary::endpoint(DELETE "/items/{id}", api = Shop, since = "2")]
async fn delete_item(Path(_id): Path<u32>) -> axum::http::StatusCode {
    axum::http::StatusCode::NO_CONTENT
}

fn main() {
    let table = ApiBuilder::<Shop>::new()
        .select_version(VersionFrom::path("/api"))
        .route_table()
        .unwrap();
    let rows: Vec<_> = table.rows.iter().map(|r| format!("{} {}", r.method, r.path)).collect();
    assert_eq!(
        rows,
        [
            "GET /api/v1/items/{id}",
            "DELETE /api/v2/items/{id}",
            "GET /api/v2/items/{id}",
            "DELETE /api/v3/items/{id}",
            "GET /openapi/{version}.json",
            "GET /versions",
        ]
    );
    let _router: axum::Router = ApiBuilder::<Shop>::new().build(()).unwrap();
}
