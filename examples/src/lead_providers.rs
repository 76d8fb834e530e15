//! `lead_providers`: a training-programme API used by lead providers, with global URL-path
//! versions `v1` and `v2` under `/api`.
//!
//! `v2` replaced the participant's `status` string with the `is_active` boolean (a breaking
//! change, hence a new version). `evidence_held` was added to declarations later as an
//! optional field, a non-breaking change made in place, so it exists in both versions.
//!
//! Everything below is written against the latest types; the history is in the attributes.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use versionary::{
    ApiBuilder, BuildError, Json, Problem, RouteTable, VersionFrom, endpoint, versioned,
};

versionary::api_versions! {
    /// The lead-provider API.
    pub LeadProviders(state = AppState, lock = "lead_providers.lock") {
        1 => "Initial release",
        2 => "Participants report `is_active` (a boolean) instead of `status`",
    }
}

/// A participant on a training programme.
#[versioned(api = LeadProviders, response)]
#[derive(Clone, Debug, PartialEq, Eq)]
#[api(removed(field = status, ty = String, in = 2, down = participant_status))]
pub struct Participant {
    /// Unique ID of the participant.
    pub participant_id: String,
    /// Full name.
    pub name: String,
    /// The cohort (start year) the participant belongs to.
    pub cohort: u16,
    /// Whether the participant is active on the programme.
    #[api(added = 2)]
    pub is_active: bool,
}

/// Version 1 reported `"active"` or `"inactive"`.
fn participant_status(participant: &Participant) -> String {
    if participant.is_active {
        "active"
    } else {
        "inactive"
    }
    .to_owned()
}

/// A page of participants.
#[versioned(api = LeadProviders, response)]
#[derive(Clone, Debug)]
pub struct ParticipantList {
    /// The participants, each in the requested version's shape.
    pub data: Vec<Participant>,
}

/// Optional filters of `GET /participants`.
#[versionary::leaf(api = LeadProviders)]
#[derive(Debug, Deserialize, versionary::schemars::JsonSchema)]
#[schemars(crate = "versionary::schemars")]
pub struct ParticipantFilter {
    /// Only participants of this cohort.
    pub cohort: Option<u16>,
}

/// The kind of declaration.
#[versionary::leaf(api = LeadProviders)]
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, versionary::schemars::JsonSchema,
)]
#[schemars(crate = "versionary::schemars")]
#[serde(rename_all = "kebab-case")]
pub enum DeclarationType {
    /// The participant started the course.
    Started,
}

/// The course a participant is enrolled on.
#[versionary::leaf(api = LeadProviders)]
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, versionary::schemars::JsonSchema,
)]
#[schemars(crate = "versionary::schemars")]
#[serde(rename_all = "kebab-case")]
pub enum CourseIdentifier {
    /// Early-career-framework induction.
    EcfInduction,
    /// Early-career-framework mentor.
    EcfMentor,
}

/// The evidence a lead provider holds for a declaration.
#[versionary::leaf(api = LeadProviders)]
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, versionary::schemars::JsonSchema,
)]
#[schemars(crate = "versionary::schemars")]
#[serde(rename_all = "kebab-case")]
pub enum EvidenceHeld {
    /// A training event was attended.
    TrainingEventAttended,
    /// Self-study material was completed.
    SelfStudyMaterialCompleted,
    /// Other evidence.
    Other,
    /// Materials were engaged with offline.
    MaterialsEngagedWithOffline,
}

/// An RFC 3339 date-time (`2025-01-15T10:00:00Z`), validated when read.
#[versionary::leaf(api = LeadProviders)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, versionary::schemars::JsonSchema)]
#[serde(transparent)]
#[schemars(crate = "versionary::schemars", transparent)]
pub struct Rfc3339(#[schemars(with = "String", extend("format" = "date-time"))] String);

impl<'de> Deserialize<'de> for Rfc3339 {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        if versionary::lifecycle::parse_date_time(&text).is_some() {
            Ok(Rfc3339(text))
        } else {
            Err(serde::de::Error::custom(
                "expected an RFC 3339 date-time such as `2025-01-15T10:00:00Z`",
            ))
        }
    }
}

/// A request to record a declaration.
#[versioned(api = LeadProviders, request)]
#[derive(Clone, Debug)]
pub struct DeclarationRequest {
    /// The participant the declaration is for.
    pub participant_id: String,
    /// Only `started`.
    pub declaration_type: DeclarationType,
    /// When the event happened.
    pub declaration_date: Rfc3339,
    /// The course.
    pub course_identifier: CourseIdentifier,
    /// Optional evidence; added in place in every version (a non-breaking change).
    pub evidence_held: Option<EvidenceHeld>,
}

/// A recorded declaration.
#[versioned(api = LeadProviders, response)]
#[derive(Clone, Debug)]
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

/// In-memory data of the service.
#[derive(Clone, Debug)]
pub struct AppState {
    participants: Arc<Vec<Participant>>,
    declarations: Arc<Mutex<Vec<Declaration>>>,
    next_id: Arc<AtomicU64>,
}

impl AppState {
    /// The seed data of the contract.
    pub fn seeded() -> AppState {
        let participant = |id: &str, name: &str, cohort, is_active| Participant {
            participant_id: id.into(),
            name: name.into(),
            cohort,
            is_active,
        };
        AppState::with_participants(vec![
            participant("21412-12121", "Bukayo Saka", 2025, true),
            participant("21412-12122", "Leah Williamson", 2024, false),
        ])
    }

    /// A state holding these participants and no declarations (the benchmarks serve pages
    /// of many participants with it).
    pub fn with_participants(participants: Vec<Participant>) -> AppState {
        AppState {
            participants: Arc::new(participants),
            declarations: Arc::default(),
            next_id: Arc::new(AtomicU64::new(1)),
        }
    }
}

#[endpoint(GET "/participants/{id}", api = LeadProviders, since = 1)]
async fn get_participant(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Participant>, Problem> {
    state
        .participants
        .iter()
        .find(|p| p.participant_id == id)
        .cloned()
        .map(Json)
        .ok_or_else(|| {
            Problem::not_found(format!(
                "no participant `{}`",
                versionary::problem::bounded(&id)
            ))
        })
}

#[endpoint(GET "/participants", api = LeadProviders)]
async fn list_participants(
    State(state): State<AppState>,
    Query(filter): Query<ParticipantFilter>,
) -> Json<ParticipantList> {
    let data = state
        .participants
        .iter()
        .filter(|p| filter.cohort.is_none_or(|cohort| p.cohort == cohort))
        .cloned()
        .collect();
    Json(ParticipantList { data })
}

#[endpoint(POST "/participant-declarations", api = LeadProviders, status = 201)]
async fn create_declaration(
    State(state): State<AppState>,
    Json(request): Json<DeclarationRequest>,
) -> Result<(StatusCode, Json<Declaration>), Problem> {
    if !state
        .participants
        .iter()
        .any(|p| p.participant_id == request.participant_id)
    {
        return Err(Problem::unprocessable(format!(
            "`/participant_id`: no participant `{}`",
            versionary::problem::bounded(&request.participant_id)
        ))
        .with_extension(
            "errors",
            serde_json::json!([{ "pointer": "/participant_id", "detail": "no such participant" }]),
        ));
    }
    let id = state.next_id.fetch_add(1, Ordering::Relaxed);
    let declaration = Declaration {
        id: format!("decl-{id:06}"),
        participant_id: request.participant_id,
        declaration_type: request.declaration_type,
        declaration_date: request.declaration_date,
        course_identifier: request.course_identifier,
        evidence_held: request.evidence_held,
    };
    state
        .declarations
        .lock()
        .map_err(|_| Problem::internal("the declaration store is unavailable"))?
        .push(declaration.clone());
    Ok((StatusCode::CREATED, Json(declaration)))
}

/// How the service is built: its version selection and policies (without state).
pub fn builder() -> ApiBuilder<LeadProviders> {
    ApiBuilder::new()
        .select_version(VersionFrom::path("/api"))
        .docs("/docs")
}

/// The service's router, with its seed data.
pub fn app() -> Result<axum::Router, BuildError> {
    builder().build(AppState::seeded())
}

/// The service's route table.
pub fn routes() -> Result<RouteTable, BuildError> {
    builder().route_table()
}
