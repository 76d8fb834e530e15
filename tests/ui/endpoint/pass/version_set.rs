#![deny(warnings)]

versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
        3 => "Third release",
    }
}

use versionary::{ApiBuilder, VersionFrom};

/// Per-endpoint versions: this endpoint has versions 1 and 3, not 2.
#[versionary::endpoint(GET "/images/{id}", api = Shop, versions = [1, 3])]
async fn image() {}

fn main() {
    let table = ApiBuilder::<Shop>::new()
        .select_version(VersionFrom::path_per_endpoint(""))
        .route_table()
        .unwrap();
    let rows: Vec<_> = table.rows.iter().map(|r| format!("{} {}", r.path, r.versions)).collect();
    assert_eq!(
        rows,
        [
            "/openapi/{version}.json unversioned",
            "/v1/images/{id} 1,3",
            "/v3/images/{id} 1,3",
            "/versions unversioned"
        ]
    );
}
