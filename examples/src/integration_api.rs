//! `integration_api`: an integration API where each endpoint has its own version in the
//! URL path. `/v1/persons` was replaced by `/v2/persons` (names moved under an object:
//! breaking); images never changed, so only `/v1/images/{id}` exists. A request without a
//! version is not routed.

use axum::extract::{Path, Query, State};
use serde::Deserialize;
use versionary::{
    ApiBuilder, BuildError, Json, Problem, RouteTable, VersionFrom, endpoint, versioned,
};

versionary::api_versions! {
    /// The integration API.
    pub IntegrationApi(state = Data, lock = "integration_api.lock") {
        1 => "Initial release" { released = "2023-05-22" },
        2 => "Persons carry `name: {first, last}` instead of `first_name` and `last_name`",
    }
}

/// A person's name, as an object from version 2 on.
#[versioned(api = IntegrationApi, response)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonName {
    /// Given name.
    pub first: String,
    /// Family name.
    pub last: String,
}

/// A person.
#[versioned(api = IntegrationApi, response)]
#[derive(Clone, Debug, PartialEq, Eq)]
#[api(
    removed(field = first_name, ty = String, in = 2, down = first_name),
    removed(field = last_name, ty = String, in = 2, down = last_name)
)]
pub struct Person {
    /// Prison number.
    pub id: String,
    /// The person's name.
    #[api(added = 2)]
    pub name: PersonName,
    /// `YYYY-MM-DD`.
    pub date_of_birth: String,
}

fn first_name(person: &Person) -> String {
    person.name.first.clone()
}

fn last_name(person: &Person) -> String {
    person.name.last.clone()
}

/// A page of persons.
#[versioned(api = IntegrationApi, response)]
#[derive(Clone, Debug)]
pub struct Persons {
    /// The matching persons.
    pub data: Vec<Person>,
}

/// An image of a person.
#[versioned(api = IntegrationApi, response)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Image {
    /// Image number.
    pub id: u64,
    /// Whose image it is.
    pub person_id: String,
    /// Where to fetch it.
    pub url: String,
}

/// Filters of the person search.
#[versionary::leaf(api = IntegrationApi)]
#[derive(Debug, Deserialize, versionary::schemars::JsonSchema)]
#[schemars(crate = "versionary::schemars")]
pub struct PersonSearch {
    /// Given name, exact match.
    pub first_name: Option<String>,
    /// Family name, exact match.
    pub last_name: Option<String>,
}

/// The seed data.
#[derive(Clone, Debug)]
pub struct Data {
    persons: std::sync::Arc<Vec<Person>>,
    images: std::sync::Arc<Vec<Image>>,
}

impl Data {
    /// Frank Jones and his image.
    pub fn seeded() -> Data {
        Data {
            persons: std::sync::Arc::new(vec![Person {
                id: "A1234BC".into(),
                name: PersonName {
                    first: "Frank".into(),
                    last: "Jones".into(),
                },
                date_of_birth: "1980-02-01".into(),
            }]),
            images: std::sync::Arc::new(vec![Image {
                id: 1,
                person_id: "A1234BC".into(),
                url: "https://images.example/A1234BC/1.jpg".into(),
            }]),
        }
    }
}

#[endpoint(GET "/persons", api = IntegrationApi, versions = [1, 2])]
async fn search_persons(
    State(data): State<Data>,
    Query(search): Query<PersonSearch>,
) -> Json<Persons> {
    let matches =
        |wanted: &Option<String>, actual: &str| wanted.as_deref().is_none_or(|w| w == actual);
    Json(Persons {
        data: data
            .persons
            .iter()
            .filter(|p| {
                matches(&search.first_name, &p.name.first)
                    && matches(&search.last_name, &p.name.last)
            })
            .cloned()
            .collect(),
    })
}

#[endpoint(GET "/images/{id}", api = IntegrationApi, versions = [1])]
async fn get_image(State(data): State<Data>, Path(id): Path<u64>) -> Result<Json<Image>, Problem> {
    data.images
        .iter()
        .find(|i| i.id == id)
        .cloned()
        .map(Json)
        .ok_or_else(|| Problem::not_found(format!("no image {id}")))
}

/// How the service is built: its version selection and policies (without state).
pub fn builder() -> ApiBuilder<IntegrationApi> {
    ApiBuilder::new()
        .select_version(VersionFrom::path_per_endpoint(""))
        .docs("/docs")
}

/// The service's router, with its seed data.
pub fn app() -> Result<axum::Router, BuildError> {
    builder().build(Data::seeded())
}

/// The service's route table.
pub fn routes() -> Result<RouteTable, BuildError> {
    builder().route_table()
}
