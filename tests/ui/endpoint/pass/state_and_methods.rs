#![deny(warnings)]

use axum::extract::State;
use versionary::{ApiBuilder, Json, Problem};

#[derive(Clone, Debug, Default)]
pub struct Store {
    pub name: String,
}

versionary::api_versions! {
    pub Stateful(state = Store) {
        1 => "Initial release",
    }
}

#[versionary::versioned(api = Stateful)]
#[derive(Clone, Debug)]
pub struct Thing {
    pub name: String,
}

#[versionary::endpoint(GET "/thing", api = Stateful)]
async fn read(State(store): State<Store>) -> Json<Thing> {
    Json(Thing { name: store.name })
}

#[versionary::endpoint(PUT "/thing", api = Stateful)]
async fn replace(Json(thing): Json<Thing>) -> Result<Json<Thing>, Problem> {
    Ok(Json(thing))
}

#[versionary::endpoint(PATCH "/thing", api = Stateful)]
async fn patch() {}

#[versionary::endpoint(POST "/things/{*rest}", api = Stateful)]
async fn post_any() {}

#[versionary::endpoint(HEAD "/thing", api = Stateful)]
async fn head() {}

#[versionary::endpoint(OPTIONS "/thing", api = Stateful)]
async fn options() {}

fn main() {
    let table = ApiBuilder::<Stateful>::new().route_table().unwrap();
    // Six endpoints, the OpenAPI documents and the version list.
    assert_eq!(table.rows.len(), 8);
    let _router: axum::Router = ApiBuilder::<Stateful>::new().build(Store::default()).unwrap();
}
