//! `document_api`: a document-analysis API with date versions chosen by the `api-version`
//! header. It announces breaking changes 60 days ahead (`notice_days = 60`) and keeps old
//! and new endpoints working through a cut-over period.
//!
//! `2025-01-15` turned a book summary's transaction ids into objects with their amount (a
//! breaking change, hence a new version) and retired `GET /books/{id}/forms`: deprecated on
//! 2025-01-15, sunset on 2025-03-17, succeeded by the summary. `status` was added to the
//! summary later, in place, as a non-breaking change, so both versions carry it.
//!
//! Consumers name themselves with the `x-client-id` header. One that names no version is
//! pinned, on its first call, to the latest released version and served at its pin after
//! (Stripe's model); a version it names wins for that request. Pins live in a SQLite file.
//! Operators see who still calls old versions (the migration report) and move pins, behind
//! a bearer token.
//!
//! # Environment
//!
//! Read in one place, [`Config::from_env`]; tests build a [`Config`] of their own and call
//! [`app_with`].
//!
//! | Variable | Meaning | When unset |
//! |---|---|---|
//! | `API_NOW` | the service's clock, an RFC 3339 date or date-time | the system clock |
//! | `PINS_DB` | the SQLite file of consumers' pins (created if missing) | `document_api_pins.db` in the working directory |
//! | `OPERATOR_TOKEN` | the bearer token of the operator endpoints | no operator endpoint (404) |
//!
//! A variable that is set but empty, or not UTF-8, stops the service at start-up, as does
//! a `PINS_DB` that cannot be opened as a pin database.
//!
//! # Operator endpoints (with `Authorization: Bearer $OPERATOR_TOKEN`)
//!
//! - `GET /operator/consumers`: the migration report, JSON (`?format=text` for a table,
//!   `?window=N` for the last `N` days, 30 by default);
//! - `GET /operator/pins/{consumer}`: a consumer's pin;
//! - `POST /operator/pins/{consumer}` with `{"version": "2025-01-15"}`: upgrades it;
//! - `POST /operator/pins/{consumer}/rollback`: returns it to its previous version within
//!   72 hours of the upgrade.
//!
//! Without the header, or with another scheme, they answer 401 with
//! `WWW-Authenticate: Bearer`; with a wrong token 401 with
//! `WWW-Authenticate: Bearer error="invalid_token"` (RFC 6750 §3.1). A pin store that fails
//! answers 503 with `Retry-After` to a consumer whose pin this instance has not cached.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::future::ready;
use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::{Path, State};
use versionary::operator::Access;
use versionary::pins::{Pins, SqliteStore};
use versionary::{
    ApiBuilder, BuildError, Clock, Json, Problem, RouteTable, Usage, VersionFrom, endpoint,
    versioned,
};

versionary::api_versions! {
    /// The document-analysis API.
    pub DocumentApi(
        state = AppState,
        lock = "document_api.lock",
        notice_days = 60,
        deprecation_policy = "https://docs.example.com/document-api/deprecation-policy",
    ) {
        "2024-06-01" => "Initial release" { released = "2024-06-01" },
        "2025-01-15" => "Book summaries list each transaction as an object with its amount; `GET /books/{id}/forms` is retired in favour of the summary" { released = "2025-01-15" },
    }
}

/// One transaction of a book.
#[versioned(api = DocumentApi, response)]
#[derive(Clone, Debug, PartialEq)]
pub struct Transaction {
    /// The transaction's id.
    pub id: String,
    /// Its amount; negative for a debit.
    pub amount: f64,
}

/// The analysis of one book.
#[versioned(api = DocumentApi, response)]
#[derive(Clone, Debug, PartialEq)]
pub struct BookSummary {
    /// The book analysed.
    pub book_id: String,
    /// The book's transactions. Version 2024-06-01 listed their ids only.
    #[api(retyped(from = Vec<String>, in = "2025-01-15", down = transaction_ids))]
    pub transactions: Vec<Transaction>,
    /// Whether the analysis is finished (added in place: not breaking).
    pub status: String,
}

/// Version 2024-06-01 listed transaction ids.
fn transaction_ids(transactions: Vec<Transaction>) -> Vec<String> {
    transactions.into_iter().map(|t| t.id).collect()
}

/// The tax forms filled in from a book (version 2024-06-01 only).
#[versioned(api = DocumentApi, response)]
#[derive(Clone, Debug, PartialEq)]
pub struct BookForms {
    /// The book the forms were filled in from.
    pub book_id: String,
    /// The forms' names.
    pub forms: Vec<String>,
}

/// The service's data.
#[derive(Clone, Debug)]
pub struct AppState {
    books: Arc<BTreeMap<String, Vec<Transaction>>>,
}

impl AppState {
    /// The seed data of the contract: book `42` with transactions `t1` and `t2`.
    pub fn seeded() -> AppState {
        let transaction = |id: &str, amount| Transaction {
            id: id.into(),
            amount,
        };
        let mut books = BTreeMap::new();
        books.insert(
            "42".to_owned(),
            vec![transaction("t1", 10.5), transaction("t2", -3.0)],
        );
        AppState {
            books: Arc::new(books),
        }
    }

    fn book(&self, id: &str) -> Result<&Vec<Transaction>, Problem> {
        self.books.get(id).ok_or_else(|| {
            Problem::not_found(format!("no book `{}`", versionary::problem::bounded(id)))
        })
    }
}

/// The analysis of a book: its transactions and whether the analysis is complete.
#[endpoint(GET "/books/{id}/summary", api = DocumentApi)]
async fn book_summary(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<BookSummary>, Problem> {
    let transactions = state.book(&id)?.clone();
    Ok(Json(BookSummary {
        book_id: id,
        transactions,
        status: "complete".to_owned(),
    }))
}

/// The tax forms filled in from a book. Retired: use the summary.
#[endpoint(
    GET "/books/{id}/forms",
    api = DocumentApi,
    until = "2025-01-15",
    deprecated = "2025-01-15",
    sunset = "2025-03-17",
    successor = "/books/{id}/summary",
)]
async fn book_forms(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<BookForms>, Problem> {
    state.book(&id)?;
    Ok(Json(BookForms {
        book_id: id,
        forms: vec!["SA100".to_owned(), "SA103".to_owned()],
    }))
}

/// How the service is built: its version selection and policies (without state).
pub fn builder() -> ApiBuilder<DocumentApi> {
    ApiBuilder::new()
        .select_version(VersionFrom::header("api-version"))
        .docs("/docs")
}

/// The header consumers name themselves with.
pub const CLIENT_HEADER: &str = "x-client-id";

/// The pin file when `PINS_DB` is not set, in the working directory.
pub const DEFAULT_PINS_DB: &str = "document_api_pins.db";

/// The service's configuration: what [`Config::from_env`] reads, or what a test chooses.
#[derive(Clone, Debug)]
pub struct Config {
    /// The service's clock (`API_NOW`).
    pub clock: Clock,
    /// The SQLite file of consumers' pins (`PINS_DB`).
    pub pins_db: PathBuf,
    /// The operator endpoints' bearer token (`OPERATOR_TOKEN`); `None`: no operator endpoint.
    pub operator_token: Option<OperatorToken>,
}

impl Config {
    /// The configuration from the process environment (see the module's table).
    pub fn from_env() -> Result<Config, BuildError> {
        Config::from_vars(|name| std::env::var_os(name))
    }

    /// The configuration from `var`, which answers a variable's value as the environment
    /// would: a set but empty or non-UTF-8 value is an error, never taken for unset.
    pub fn from_vars(var: impl Fn(&str) -> Option<OsString>) -> Result<Config, BuildError> {
        let text = |name: &str| -> Result<Option<String>, BuildError> {
            match var(name) {
                None => Ok(None),
                Some(value) => match value.into_string() {
                    Ok(value) if !value.trim().is_empty() => Ok(Some(value)),
                    Ok(_) => Err(invalid(format!("`{name}` is set but empty"))),
                    Err(_) => Err(invalid(format!("`{name}` is not valid UTF-8"))),
                },
            }
        };
        let clock = match text("API_NOW")? {
            None => Clock::system(),
            Some(now) => Clock::at(now.trim()).map_err(|e| invalid(format!("`API_NOW`: {e}")))?,
        };
        Ok(Config {
            clock,
            pins_db: text("PINS_DB")?.map_or_else(|| DEFAULT_PINS_DB.into(), PathBuf::from),
            operator_token: text("OPERATOR_TOKEN")?.map(OperatorToken),
        })
    }
}

fn invalid(message: String) -> BuildError {
    BuildError::Invalid(message)
}

/// The operator endpoints' bearer token. Its `Debug` does not show it.
#[derive(Clone)]
pub struct OperatorToken(String);

impl OperatorToken {
    /// A token; operators send it as `Authorization: Bearer {token}`.
    pub fn new(token: impl Into<String>) -> OperatorToken {
        OperatorToken(token.into())
    }

    /// Whether `parts` carries this token as a bearer credential (RFC 6750 §2.1), compared
    /// in time independent of where a wrong token differs.
    pub fn check(&self, parts: &axum::http::request::Parts) -> Access {
        let credentials = parts.headers.get(axum::http::header::AUTHORIZATION);
        let token = credentials.and_then(|value| {
            let value = value.as_bytes();
            let (scheme, token) = value.split_at_checked(7)?;
            scheme
                .eq_ignore_ascii_case(b"bearer ")
                .then(|| token.trim_ascii())
        });
        match token {
            None => Access::Unauthenticated("Bearer"),
            Some(token) if same_secret(token, self.0.as_bytes()) => Access::Allowed,
            Some(_) => Access::Unauthenticated("Bearer error=\"invalid_token\""),
        }
    }
}

impl core::fmt::Debug for OperatorToken {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("OperatorToken(..)")
    }
}

/// Whether `given` is `secret`, in time that depends on their lengths only: every byte of
/// `secret` is compared, whatever the first difference.
fn same_secret(given: &[u8], secret: &[u8]) -> bool {
    let mut differ = u8::from(given.len() != secret.len());
    for (i, byte) in secret.iter().enumerate() {
        differ |= byte ^ given.get(i).copied().unwrap_or(!byte);
    }
    core::hint::black_box(differ) == 0
}

/// The service as configured: consumers identified by `x-client-id` and counted, pinned in
/// the SQLite file `config.pins_db`, and the operator endpoints when `config` has a token.
/// Fails when the pin file cannot be opened.
pub fn app_with(config: &Config) -> Result<axum::Router, BuildError> {
    let store = SqliteStore::open(&config.pins_db).map_err(|e| {
        invalid(format!(
            "the pin file `{}` (`PINS_DB`): {e}",
            config.pins_db.display()
        ))
    })?;
    let pins = Pins::<DocumentApi>::new(store).clock(config.clock.clone());
    let mut api = builder()
        .clock(config.clock.clone())
        .usage(Usage::new())
        .consumer_header(CLIENT_HEADER)
        .pin_consumers(pins);
    if let Some(token) = &config.operator_token {
        let (report, pins) = (token.clone(), token.clone());
        api = api
            .consumer_report("/operator/consumers", move |parts| {
                ready(report.check(parts))
            })
            .pin_operator("/operator", move |parts| ready(pins.check(parts)));
    }
    api.build(AppState::seeded())
}

/// The versioned API alone at the given clock, with its seed data: no consumers, pins or
/// operator endpoints (what the contract's tests call).
pub fn app_at(clock: Clock) -> Result<axum::Router, BuildError> {
    builder().clock(clock).build(AppState::seeded())
}

/// The service configured by the environment ([`Config::from_env`]).
pub fn app() -> Result<axum::Router, BuildError> {
    app_with(&Config::from_env()?)
}

/// The service's route table.
pub fn routes() -> Result<RouteTable, BuildError> {
    builder().route_table()
}
