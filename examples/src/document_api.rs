//! `document_api`: a document-analysis API with date versions chosen by the `api-version`
//! header. It announces breaking changes 60 days ahead (`notice_days = 60`) and keeps old
//! and new endpoints working through a cut-over period.
//!
//! `2025-01-15` turned a book summary's transaction ids into objects with their amount (a
//! breaking change, hence a new version) and retired `GET /books/{id}/forms`: deprecated on
//! 2025-01-15, sunset on 2025-03-17, succeeded by the summary. `status` was added to the
//! summary later, in place, as a non-breaking change, so both versions carry it.
//!
//! The clock is the system clock unless `API_NOW` (an RFC 3339 date) sets it.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::{Path, State};
use versionary::{
    ApiBuilder, BuildError, Clock, Json, Problem, RouteTable, VersionFrom, endpoint, versioned,
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

/// The service's router at the given clock, with its seed data.
pub fn app_at(clock: Clock) -> Result<axum::Router, BuildError> {
    builder().clock(clock).build(AppState::seeded())
}

/// The service's router with its seed data; the clock is `API_NOW` if set (an RFC 3339
/// date or date-time), the system clock otherwise.
pub fn app() -> Result<axum::Router, BuildError> {
    let clock = Clock::from_env("API_NOW").map_err(|e| BuildError::Invalid(e.to_string()))?;
    app_at(clock)
}

/// The service's route table.
pub fn routes() -> Result<RouteTable, BuildError> {
    builder().route_table()
}
