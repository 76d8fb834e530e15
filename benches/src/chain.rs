//! A synthetic response type with ten changes: every version from 2 to 11 renames one
//! field. Version 1 is written from a borrow of the latest value under the first names of
//! the fields (before issue 18, it was a clone converted through ten `From` impls). [`app`] serves it through versionary, [`handwritten`] serves the same
//! bytes from plain serde structs.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderName, HeaderValue};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;

use crate::handwritten::json_vec;
use versionary::{ApiBuilder, BuildError, VersionFrom, endpoint, versioned};

versionary::api_versions! {
    /// Eleven versions, one rename each from version 2 on.
    pub Chain(state = ChainState) {
        1 => "Initial release",
        2 => "`field_0` renamed to `id`",
        3 => "`field_1` renamed to `name`",
        4 => "`field_2` renamed to `email`",
        5 => "`field_3` renamed to `city`",
        6 => "`field_4` renamed to `score`",
        7 => "`field_5` renamed to `visits`",
        8 => "`field_6` renamed to `balance`",
        9 => "`field_7` renamed to `verified`",
        10 => "`field_8` renamed to `admin`",
        11 => "`field_9` renamed to `nickname`",
    }
}

/// The synthetic record, latest shape; its history is ten renames.
#[versioned(api = Chain, response)]
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    /// Renamed from `field_0` in version 2.
    #[api(renamed(from = "field_0", in = 2))]
    pub id: String,
    /// Renamed from `field_1` in version 3.
    #[api(renamed(from = "field_1", in = 3))]
    pub name: String,
    /// Renamed from `field_2` in version 4.
    #[api(renamed(from = "field_2", in = 4))]
    pub email: String,
    /// Renamed from `field_3` in version 5.
    #[api(renamed(from = "field_3", in = 5))]
    pub city: String,
    /// Renamed from `field_4` in version 6.
    #[api(renamed(from = "field_4", in = 6))]
    pub score: u64,
    /// Renamed from `field_5` in version 7.
    #[api(renamed(from = "field_5", in = 7))]
    pub visits: u32,
    /// Renamed from `field_6` in version 8.
    #[api(renamed(from = "field_6", in = 8))]
    pub balance: i64,
    /// Renamed from `field_7` in version 9.
    #[api(renamed(from = "field_7", in = 9))]
    pub verified: bool,
    /// Renamed from `field_8` in version 10.
    #[api(renamed(from = "field_8", in = 10))]
    pub admin: bool,
    /// Renamed from `field_9` in version 11.
    #[api(renamed(from = "field_9", in = 11))]
    pub nickname: Option<String>,
}

/// The record the store holds.
pub fn sample() -> Record {
    Record {
        id: "rec-000042".into(),
        name: "Ada Lovelace".into(),
        email: "ada@example.org".into(),
        city: "London".into(),
        score: 98_765,
        visits: 1_234,
        balance: -5_000,
        verified: true,
        admin: false,
        nickname: Some("Countess".into()),
    }
}

/// A page of records (unchanged itself; each record is written in the requested version).
#[versioned(api = Chain, response)]
#[derive(Clone, Debug, PartialEq)]
pub struct RecordList {
    /// The records.
    pub data: Vec<Record>,
}

/// `n` records like [`sample`], numbered.
pub fn page(n: usize) -> Vec<Record> {
    (0..n)
        .map(|i| Record {
            id: format!("rec-{i:06}"),
            ..sample()
        })
        .collect()
}

/// State of the versioned service: one stored record and a page of them.
#[derive(Clone, Debug)]
pub struct ChainState {
    record: Arc<Record>,
    page: Arc<Vec<Record>>,
}

#[endpoint(GET "/record", api = Chain)]
async fn get_record(State(state): State<ChainState>) -> versionary::Json<Record> {
    versionary::Json((*state.record).clone())
}

#[endpoint(GET "/records", api = Chain)]
async fn list_records(State(state): State<ChainState>) -> versionary::Json<RecordList> {
    versionary::Json(RecordList {
        data: state.page.to_vec(),
    })
}

/// The versioned service: `/v1/record` ... `/v11/record`, and `/v{n}/records` (a page of
/// two records).
pub fn app() -> Result<Router, BuildError> {
    app_with_page(2)
}

/// [`app`] with a page of `n` records.
pub fn app_with_page(n: usize) -> Result<Router, BuildError> {
    ApiBuilder::<Chain>::new()
        .select_version(VersionFrom::path(""))
        .build(ChainState {
            record: Arc::new(sample()),
            page: Arc::new(page(n)),
        })
}

/// [`app`] counting usage by consumer, named by the `x-client-id` header: what a known
/// consumer's request costs beyond [`app`]'s.
pub fn app_with_consumers() -> Result<Router, BuildError> {
    ApiBuilder::<Chain>::new()
        .select_version(VersionFrom::path(""))
        .usage(versionary::Usage::new())
        .consumer_header("x-client-id")
        .build(ChainState {
            record: Arc::new(sample()),
            page: Arc::new(page(2)),
        })
}

/// The latest shape, with plain serde.
#[derive(Clone, Debug, Serialize)]
pub struct PlainRecord {
    /// See [`Record::id`].
    pub id: String,
    /// See [`Record::name`].
    pub name: String,
    /// See [`Record::email`].
    pub email: String,
    /// See [`Record::city`].
    pub city: String,
    /// See [`Record::score`].
    pub score: u64,
    /// See [`Record::visits`].
    pub visits: u32,
    /// See [`Record::balance`].
    pub balance: i64,
    /// See [`Record::verified`].
    pub verified: bool,
    /// See [`Record::admin`].
    pub admin: bool,
    /// See [`Record::nickname`].
    pub nickname: Option<String>,
}

/// The version-1 shape, with plain serde: every field under its first name, written from a
/// borrow of the latest shape.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct PlainRecordV1<'a> {
    /// Now `id`.
    pub field_0: &'a str,
    /// Now `name`.
    pub field_1: &'a str,
    /// Now `email`.
    pub field_2: &'a str,
    /// Now `city`.
    pub field_3: &'a str,
    /// Now `score`.
    pub field_4: u64,
    /// Now `visits`.
    pub field_5: u32,
    /// Now `balance`.
    pub field_6: i64,
    /// Now `verified`.
    pub field_7: bool,
    /// Now `admin`.
    pub field_8: bool,
    /// Now `nickname`.
    pub field_9: Option<&'a str>,
}

impl<'a> From<&'a PlainRecord> for PlainRecordV1<'a> {
    fn from(r: &'a PlainRecord) -> Self {
        PlainRecordV1 {
            field_0: &r.id,
            field_1: &r.name,
            field_2: &r.email,
            field_3: &r.city,
            field_4: r.score,
            field_5: r.visits,
            field_6: r.balance,
            field_7: r.verified,
            field_8: r.admin,
            field_9: r.nickname.as_deref(),
        }
    }
}

/// A page of records, latest shape, with plain serde.
#[derive(Clone, Debug, Serialize)]
pub struct PlainRecordList {
    /// The records.
    pub data: Vec<PlainRecord>,
}

/// A page of records in the version-1 shape, written from a borrow of the page.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct PlainRecordListV1<'a> {
    /// The records, each written as [`PlainRecordV1`].
    #[serde(serialize_with = "records_v1")]
    pub data: &'a [PlainRecord],
}

fn records_v1<S: serde::Serializer>(
    data: &&[PlainRecord],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(data.iter().map(PlainRecordV1::from))
}

/// The latest record as its plain-serde twin (same fields, no versioning).
pub fn plain(r: Record) -> PlainRecord {
    PlainRecord {
        id: r.id,
        name: r.name,
        email: r.email,
        city: r.city,
        score: r.score,
        visits: r.visits,
        balance: r.balance,
        verified: r.verified,
        admin: r.admin,
        nickname: r.nickname,
    }
}

const SUPPORTED: HeaderValue = HeaderValue::from_static("1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11");

fn headers(version: &'static str) -> [(HeaderName, HeaderValue); 2] {
    [
        (versionary::API_VERSION, HeaderValue::from_static(version)),
        (versionary::API_SUPPORTED_VERSIONS, SUPPORTED),
    ]
}

/// The state of the hand-written service.
#[derive(Clone, Debug)]
struct PlainState {
    record: Arc<PlainRecord>,
    page: Arc<Vec<PlainRecord>>,
}

/// The hand-written service: `/v1/record` (converted by hand, by reference) and
/// `/v11/record`, `/v1/records` and `/v11/records` (a page of two records).
pub fn handwritten() -> Router {
    handwritten_with_page(2)
}

/// [`handwritten`] with a page of `n` records. Like versionary's handler, each handler copies
/// what it serves out of the store; the version-1 handlers then write it by reference. The
/// pages are written into a `Vec<u8>` as versionary writes them (see
/// [`crate::handwritten::json_vec`]).
pub fn handwritten_with_page(n: usize) -> Router {
    let state = PlainState {
        record: Arc::new(plain(sample())),
        page: Arc::new(page(n).into_iter().map(plain).collect()),
    };
    Router::new()
        .route(
            "/v1/record",
            get(|State(state): State<PlainState>| async move {
                let latest = (*state.record).clone();
                (headers("1"), Json(PlainRecordV1::from(&latest))).into_response()
            }),
        )
        .route(
            "/v11/record",
            get(|State(state): State<PlainState>| async move {
                (headers("11"), Json((*state.record).clone())).into_response()
            }),
        )
        .route(
            "/v1/records",
            get(|State(state): State<PlainState>| async move {
                let data = state.page.to_vec();
                (headers("1"), json_vec(&PlainRecordListV1 { data: &data })).into_response()
            }),
        )
        .route(
            "/v11/records",
            get(|State(state): State<PlainState>| async move {
                let data = state.page.to_vec();
                (headers("11"), json_vec(&PlainRecordList { data })).into_response()
            }),
        )
        .with_state(state)
}
