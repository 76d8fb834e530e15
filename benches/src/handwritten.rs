//! `lead_providers`' GET participant, GET participants and POST declaration, written by hand in plain axum
//! and serde: one struct per shape, one handler per version, the version headers set by
//! the handler. This is the baseline of the per-request benchmarks; it answers the same
//! bytes and the same `api-version`/`api-supported-versions` headers as
//! `versionary_examples::lead_providers::app()` for the requests the benchmarks send.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use axum::extract::{Path, Query, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use versionary_examples::lead_providers::{
    CourseIdentifier, DeclarationType, EvidenceHeld, Rfc3339,
};

const SUPPORTED: HeaderValue = HeaderValue::from_static("1, 2");
const V1: HeaderValue = HeaderValue::from_static("1");
const V2: HeaderValue = HeaderValue::from_static("2");

/// The version headers every hand-written answer carries.
fn headers(version: HeaderValue) -> [(HeaderName, HeaderValue); 2] {
    [
        (versionary::API_VERSION, version),
        (versionary::API_SUPPORTED_VERSIONS, SUPPORTED),
    ]
}

/// A participant as version 2 shows it (and as the store keeps it).
#[derive(Clone, Debug, Serialize)]
pub struct ParticipantV2 {
    /// Unique ID of the participant.
    pub participant_id: String,
    /// Full name.
    pub name: String,
    /// The cohort (start year).
    pub cohort: u16,
    /// Whether the participant is active.
    pub is_active: bool,
}

/// A participant as version 1 shows it: `status` instead of `is_active`. Written from a
/// borrow of the stored shape, as a person serving an old version without copying would.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct ParticipantV1<'a> {
    /// Unique ID of the participant.
    pub participant_id: &'a str,
    /// Full name.
    pub name: &'a str,
    /// The cohort (start year).
    pub cohort: u16,
    /// `"active"` or `"inactive"`.
    pub status: &'static str,
}

impl<'a> From<&'a ParticipantV2> for ParticipantV1<'a> {
    fn from(p: &'a ParticipantV2) -> Self {
        ParticipantV1 {
            participant_id: &p.participant_id,
            name: &p.name,
            cohort: p.cohort,
            status: if p.is_active { "active" } else { "inactive" },
        }
    }
}

/// A page of participants as version 2 shows it.
#[derive(Clone, Debug, Serialize)]
pub struct ParticipantListV2 {
    /// The participants.
    pub data: Vec<ParticipantV2>,
}

/// A page of participants as version 1 shows it, written from a borrow of the page.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct ParticipantListV1<'a> {
    /// The participants, each written as [`ParticipantV1`].
    #[serde(serialize_with = "participants_v1")]
    pub data: &'a [ParticipantV2],
}

fn participants_v1<S: serde::Serializer>(
    data: &&[ParticipantV2],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(data.iter().map(ParticipantV1::from))
}

/// A JSON answer written into a `Vec<u8>`, as `versionary::Json` writes it. `axum::Json` writes
/// through `BytesMut`'s `io::Write`, which costs a large page about 1.7x the time of the
/// whole request (hand-written 278 µs against versionary's 158 µs for 1,000 participants): a
/// person serving large pages would write this instead.
pub fn json_vec<T: Serialize>(value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            body,
        )
            .into_response(),
        Err(error) => (StatusCode::INTERNAL_SERVER_ERROR, error.to_string()).into_response(),
    }
}

/// The optional filter of `GET /participants`.
#[derive(Debug, Deserialize)]
pub struct ParticipantFilter {
    /// Only participants of this cohort.
    pub cohort: Option<u16>,
}

/// The body of `POST /participant-declarations` (the same in both versions).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeclarationRequest {
    /// The participant the declaration is for.
    pub participant_id: String,
    /// Only `started`.
    pub declaration_type: DeclarationType,
    /// When the event happened.
    pub declaration_date: Rfc3339,
    /// The course.
    pub course_identifier: CourseIdentifier,
    /// Optional evidence.
    pub evidence_held: Option<EvidenceHeld>,
}

/// A recorded declaration (the same in both versions).
#[derive(Clone, Debug, Serialize)]
pub struct Declaration {
    /// The new declaration's ID.
    pub id: String,
    /// The participant the declaration is for.
    pub participant_id: String,
    /// Only `started`.
    pub declaration_type: DeclarationType,
    /// When the event happened.
    pub declaration_date: Rfc3339,
    /// The course.
    pub course_identifier: CourseIdentifier,
    /// The evidence held, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence_held: Option<EvidenceHeld>,
}

/// In-memory data, seeded like `versionary_examples::lead_providers::AppState::seeded`.
#[derive(Clone, Debug)]
pub struct Store {
    participants: Arc<Vec<ParticipantV2>>,
    declarations: Arc<Mutex<Vec<Declaration>>>,
    next_id: Arc<AtomicU64>,
}

impl Store {
    /// The seed data of the contract.
    pub fn seeded() -> Store {
        let participant = |id: &str, name: &str, cohort, is_active| ParticipantV2 {
            participant_id: id.into(),
            name: name.into(),
            cohort,
            is_active,
        };
        Store::with_participants(vec![
            participant("21412-12121", "Bukayo Saka", 2025, true),
            participant("21412-12122", "Leah Williamson", 2024, false),
        ])
    }

    /// A store of these participants.
    pub fn with_participants(participants: Vec<ParticipantV2>) -> Store {
        Store {
            participants: Arc::new(participants),
            declarations: Arc::default(),
            next_id: Arc::new(AtomicU64::new(1)),
        }
    }

    /// The page `GET /participants` answers: every participant the filter keeps, copied
    /// out of the store as versionary's handler copies them.
    fn page(&self, filter: &ParticipantFilter) -> Vec<ParticipantV2> {
        self.participants
            .iter()
            .filter(|p| filter.cohort.is_none_or(|cohort| p.cohort == cohort))
            .cloned()
            .collect()
    }

    fn find(&self, id: &str) -> Option<ParticipantV2> {
        self.participants
            .iter()
            .find(|p| p.participant_id == id)
            .cloned()
    }
}

/// A minimal problem+json answer (the benchmarks only measure successful requests).
fn problem(status: StatusCode, version: HeaderValue, detail: String) -> Response {
    let body = serde_json::json!({
        "type": "about:blank",
        "title": status.canonical_reason().unwrap_or("error"),
        "status": status.as_u16(),
        "detail": detail,
    });
    let mut response = (status, headers(version), Json(body)).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    response
}

async fn get_participant_v2(State(store): State<Store>, Path(id): Path<String>) -> Response {
    match store.find(&id) {
        Some(p) => (headers(V2), Json(p)).into_response(),
        None => problem(StatusCode::NOT_FOUND, V2, format!("no participant `{id}`")),
    }
}

async fn get_participant_v1(State(store): State<Store>, Path(id): Path<String>) -> Response {
    match store.find(&id) {
        Some(p) => (headers(V1), Json(ParticipantV1::from(&p))).into_response(),
        None => problem(StatusCode::NOT_FOUND, V1, format!("no participant `{id}`")),
    }
}

async fn list_participants_v2(
    State(store): State<Store>,
    Query(filter): Query<ParticipantFilter>,
) -> Response {
    let data = store.page(&filter);
    (headers(V2), json_vec(&ParticipantListV2 { data })).into_response()
}

async fn list_participants_v1(
    State(store): State<Store>,
    Query(filter): Query<ParticipantFilter>,
) -> Response {
    let data = store.page(&filter);
    (headers(V1), json_vec(&ParticipantListV1 { data: &data })).into_response()
}

fn create(store: &Store, request: DeclarationRequest, version: HeaderValue) -> Response {
    if !store
        .participants
        .iter()
        .any(|p| p.participant_id == request.participant_id)
    {
        return problem(
            StatusCode::UNPROCESSABLE_ENTITY,
            version,
            format!("no participant `{}`", request.participant_id),
        );
    }
    let id = store.next_id.fetch_add(1, Ordering::Relaxed);
    let declaration = Declaration {
        id: format!("decl-{id:06}"),
        participant_id: request.participant_id,
        declaration_type: request.declaration_type,
        declaration_date: request.declaration_date,
        course_identifier: request.course_identifier,
        evidence_held: request.evidence_held,
    };
    match store.declarations.lock() {
        Ok(mut all) => all.push(declaration.clone()),
        Err(_) => {
            return problem(
                StatusCode::INTERNAL_SERVER_ERROR,
                version,
                "the declaration store is unavailable".to_owned(),
            );
        }
    }
    (StatusCode::CREATED, headers(version), Json(declaration)).into_response()
}

async fn create_declaration_v2(
    State(store): State<Store>,
    Json(request): Json<DeclarationRequest>,
) -> Response {
    create(&store, request, V2)
}

async fn create_declaration_v1(
    State(store): State<Store>,
    Json(request): Json<DeclarationRequest>,
) -> Response {
    create(&store, request, V1)
}

/// The hand-written router: `/api/v1/...` and `/api/v2/...` for the three endpoints.
pub fn app() -> Router {
    app_with(Store::seeded())
}

/// [`app`] with this store.
pub fn app_with(store: Store) -> Router {
    Router::new()
        .route("/api/v1/participants/{id}", get(get_participant_v1))
        .route("/api/v2/participants/{id}", get(get_participant_v2))
        .route("/api/v1/participants", get(list_participants_v1))
        .route("/api/v2/participants", get(list_participants_v2))
        .route(
            "/api/v1/participant-declarations",
            post(create_declaration_v1),
        )
        .route(
            "/api/v2/participant-declarations",
            post(create_declaration_v2),
        )
        .with_state(store)
}
