//! `book_a_secure_move`: a moves service for outside suppliers, with global URL-path
//! versions. `v2` changed the `moves` resource: `from_location` and `to_location` became
//! objects `{code, title}` instead of codes. `people` did not change and is served under
//! `v2` too without any code written for it.
//!
//! Suppliers subscribe with a version: one subscription, read from the environment by
//! [`Config::from_env`] (`WEBHOOK_URL`, `WEBHOOK_SECRET`, `WEBHOOK_VERSION`), gets
//! `move.created` after every move created, in its version's shape, signed the Standard
//! Webhooks way and retried with backoff by [`events`]. `GET /moves` streams every move as
//! NDJSON in the request's version.

pub mod events;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use versionary::{
    ApiBuilder, BuildError, Json, NdJson, Problem, RouteTable, VersionFrom, endpoint, versioned,
};

pub use events::{Config, ConfigError, Retry, Subscription};

versionary::api_versions! {
    /// The Book a Secure Move supplier API.
    pub BookASecureMove(state = Store, lock = "book_a_secure_move.lock") {
        1 => "Initial release" { released = "2020-06-12" },
        2 => "Moves carry `from_location` and `to_location` as objects `{code, title}`",
    }
}

/// A location a move starts or ends at.
#[versioned(api = BookASecureMove)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// Short code, such as `LDS`.
    pub code: String,
    /// Display name, such as `Leeds Prison`.
    pub title: String,
}

/// Where a move is in its life.
#[versionary::leaf(api = BookASecureMove)]
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, versionary::schemars::JsonSchema,
)]
#[schemars(crate = "versionary::schemars")]
#[serde(rename_all = "snake_case")]
pub enum MoveStatus {
    /// Requested by the supplier.
    Requested,
    /// Booked.
    Booked,
    /// The person is on the way.
    InTransit,
    /// Arrived.
    Completed,
    /// Called off.
    Cancelled,
}

/// A move of a person between two locations.
#[versioned(api = BookASecureMove, response)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Move {
    /// Move ID.
    pub id: String,
    /// Human-readable reference.
    pub reference: String,
    /// Where the move starts; a code before version 2.
    #[api(retyped(from = String, in = 2, down = location_code))]
    pub from_location: Location,
    /// Where the move ends; a code before version 2.
    #[api(retyped(from = String, in = 2, down = location_code))]
    pub to_location: Location,
    /// Where the move is in its life.
    pub status: MoveStatus,
    /// Who is moved.
    pub person_id: String,
}

/// What a subscriber receives for an event about a move: the envelope Standard Webhooks
/// recommends, the event's name beside its data.
#[versioned(api = BookASecureMove, response)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MoveMessage {
    /// The event's name, such as `move.created`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The move, in the shape of the subscription's version.
    pub data: Move,
}

/// A move was booked: sent to a supplier's subscription after every successful `POST /moves`.
///
/// The created move, in the shape of the subscription's version, under `data`.
#[versionary::event("move.created", api = BookASecureMove, since = 1)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MoveCreated(pub MoveMessage);

/// A request for a move.
#[versioned(api = BookASecureMove, request)]
#[derive(Clone, Debug)]
pub struct NewMove {
    /// A reference; one is made up when absent.
    pub reference: Option<String>,
    /// Where the move starts; a code before version 2, looked up when upgraded.
    #[api(retyped(from = String, in = 2, try_up = location_from_code))]
    pub from_location: Location,
    /// Where the move ends; a code before version 2, looked up when upgraded.
    #[api(retyped(from = String, in = 2, try_up = location_from_code))]
    pub to_location: Location,
    /// Who is moved.
    pub person_id: String,
}

fn location_code(location: Location) -> String {
    location.code
}

/// Version 1 sent codes: look the location up (a code we do not know is a 422).
fn location_from_code(code: String, store: &Store) -> Result<Location, Problem> {
    store.locations.get(&code).cloned().ok_or_else(|| {
        Problem::unprocessable(format!(
            "unknown location `{}`",
            versionary::problem::bounded(&code)
        ))
    })
}

/// A person to be moved. Never changed: served identically in every version.
#[versioned(api = BookASecureMove, response)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    /// Person ID.
    pub id: String,
    /// Given names.
    pub first_names: String,
    /// Family name.
    pub last_name: String,
}

/// In-memory data of the service.
#[derive(Clone, Debug)]
pub struct Store {
    locations: Arc<BTreeMap<String, Location>>,
    people: Arc<BTreeMap<String, Person>>,
    moves: Arc<Mutex<BTreeMap<String, Move>>>,
    next: Arc<AtomicU64>,
    /// Where `move.created` goes, if anywhere.
    events: Option<Arc<events::Notifier>>,
}

impl Store {
    /// The seed data of the contract.
    pub fn seeded() -> Store {
        let location = |code: &str, title: &str| {
            (
                code.to_owned(),
                Location {
                    code: code.into(),
                    title: title.into(),
                },
            )
        };
        let locations: BTreeMap<_, _> =
            [location("LDS", "Leeds Prison"), location("WYI", "Wetherby")].into();
        let person = Person {
            id: "p1".into(),
            first_names: "John".into(),
            last_name: "Smith".into(),
        };
        let first = Move {
            id: "m1".into(),
            reference: "ABC123".into(),
            from_location: locations["LDS"].clone(),
            to_location: locations["WYI"].clone(),
            status: MoveStatus::Requested,
            person_id: "p1".into(),
        };
        Store {
            locations: Arc::new(locations),
            people: Arc::new([("p1".to_owned(), person)].into()),
            moves: Arc::new(Mutex::new([("m1".to_owned(), first)].into())),
            next: Arc::new(AtomicU64::new(2)),
            events: None,
        }
    }

    /// The seed data, sending `move.created` as `config` says.
    pub fn with_config(config: Config) -> Store {
        Store {
            events: config
                .subscription
                .map(|subscription| Arc::new(events::Notifier::new(subscription))),
            ..Store::seeded()
        }
    }

    fn known_location(&self, location: &Location, field: &str) -> Result<Location, Problem> {
        self.locations.get(&location.code).cloned().ok_or_else(|| {
            Problem::unprocessable(format!(
                "`/{field}/code`: unknown location `{}`",
                versionary::problem::bounded(&location.code)
            ))
            .with_extension(
                "errors",
                serde_json::json!([{ "pointer": format!("/{field}/code"), "detail": "unknown location" }]),
            )
        })
    }
}

#[endpoint(GET "/moves/{id}", api = BookASecureMove)]
async fn get_move(
    State(store): State<Store>,
    Path(id): Path<String>,
) -> Result<Json<Move>, Problem> {
    let moves = store
        .moves
        .lock()
        .map_err(|_| Problem::internal("the move store is unavailable"))?;
    moves.get(&id).cloned().map(Json).ok_or_else(|| {
        Problem::not_found(format!("no move `{}`", versionary::problem::bounded(&id)))
    })
}

#[endpoint(POST "/moves", api = BookASecureMove, status = 201)]
async fn create_move(
    State(store): State<Store>,
    Json(request): Json<NewMove>,
) -> Result<(StatusCode, Json<Move>), Problem> {
    if !store.people.contains_key(&request.person_id) {
        return Err(Problem::unprocessable(format!(
            "`/person_id`: no person `{}`",
            versionary::problem::bounded(&request.person_id)
        ))
        .with_extension(
            "errors",
            serde_json::json!([{ "pointer": "/person_id", "detail": "no such person" }]),
        ));
    }
    // Version 2 clients send objects: the code must still be one we know.
    let from_location = store.known_location(&request.from_location, "from_location")?;
    let to_location = store.known_location(&request.to_location, "to_location")?;
    let number = store.next.fetch_add(1, Ordering::Relaxed);
    let created = Move {
        id: format!("m{number}"),
        reference: request
            .reference
            .unwrap_or_else(|| format!("MOV{number:05}")),
        from_location,
        to_location,
        status: MoveStatus::Requested,
        person_id: request.person_id,
    };
    store
        .moves
        .lock()
        .map_err(|_| Problem::internal("the move store is unavailable"))?
        .insert(created.id.clone(), created.clone());
    // Sent by a task of its own: the answer never waits for the subscriber.
    if let Some(events) = &store.events {
        events.move_created(&created);
    }
    Ok((StatusCode::CREATED, Json(created)))
}

/// Every move, one per line (`application/x-ndjson`), in the request's version.
#[endpoint(GET "/moves", api = BookASecureMove)]
async fn list_moves(State(store): State<Store>) -> Result<NdJson<Move>, Problem> {
    // A snapshot, so the store is not locked while the client reads.
    let moves: Vec<Move> = store
        .moves
        .lock()
        .map_err(|_| Problem::internal("the move store is unavailable"))?
        .values()
        .cloned()
        .collect();
    Ok(NdJson::new(versionary::stream::iter(moves)))
}

#[endpoint(GET "/people/{id}", api = BookASecureMove)]
async fn get_person(
    State(store): State<Store>,
    Path(id): Path<String>,
) -> Result<Json<Person>, Problem> {
    store.people.get(&id).cloned().map(Json).ok_or_else(|| {
        Problem::not_found(format!("no person `{}`", versionary::problem::bounded(&id)))
    })
}

/// How the service is built: its version selection and policies (without state).
pub fn builder() -> ApiBuilder<BookASecureMove> {
    ApiBuilder::new()
        .select_version(VersionFrom::path(""))
        .docs("/docs")
}

/// The service's router, with its seed data and no subscription.
pub fn app() -> Result<axum::Router, BuildError> {
    app_with(Config::default())
}

/// The service's router, with its seed data, sending events as `config` says.
pub fn app_with(config: Config) -> Result<axum::Router, BuildError> {
    builder().build(Store::with_config(config))
}

/// The service's route table.
pub fn routes() -> Result<RouteTable, BuildError> {
    builder().route_table()
}
