//! `library`: a lending library's API, whose history is in its answers and headers more
//! than in its bodies. Versions are dates, chosen with the `api-version` header; a client
//! pinned to a date between two versions gets the closest earlier one (`earlier_dates`, as
//! Stripe does). Every change is declared on the types and handlers; no handler looks at
//! the version:
//!
//! - loans answered 200 before 2025-02-01, and 201 from then on;
//! - a withdrawn book answered 404 in 2024-03-01, and 410 from 2024-09-01 on;
//! - a book on loan answered a plain `423 {"error": ...}` before 2025-06-01, and a 409
//!   problem from then on; reviews of an unknown book were an empty list before 2025-02-01;
//! - the `x-ratelimit-remaining` header became `ratelimit-remaining` in 2024-09-01,
//!   `x-request-cost` came in 2025-02-01, and `x-legacy-id` went in 2025-06-01;
//! - books carried their `shelf` only from 2024-09-01 to 2025-06-01 (a short-lived field);
//! - books were documented as titles before 2025-02-01 (`renamed`, `doc`);
//! - the reader of a loan was sent in the `x-reader` header before 2025-02-01 (in the body
//!   from then on), and the genre filter of the catalogue in `x-genre` before 2024-09-01
//!   (in the query from then on).

use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use versionary::{
    ApiBuilder, BuildError, Json, Problem, Query, RouteTable, VersionFrom, endpoint, versioned,
};

versionary::api_versions! {
    /// The lending library's API.
    pub Library(lock = "library.lock") {
        "2024-03-01" => "Initial release",
        "2024-09-01" => "Withdrawn books answer 410; `ratelimit-remaining` loses its `x-`; the catalogue's genre filter is a query parameter; books carry their shelf",
        "2025-02-01" => "Loans answer 201 and name their reader in the body; reviews of an unknown book are a 404; `x-request-cost`",
        "2025-06-01" => "A book on loan is a 409 problem; no more `x-legacy-id`; books no longer carry their shelf",
    }
}

/// A loan of a book to a reader.
#[versioned(api = Library, request, response)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Loan {
    /// The book's number.
    pub book: u32,
    /// Who borrows it.
    pub reader: String,
}

/// A book of the catalogue. (Documented as a `Title` before 2025-02-01.)
#[versioned(
    api = Library,
    response,
    renamed(from = "Title", in = "2025-02-01"),
    doc(from = "A title of the catalogue.", in = "2025-02-01"),
)]
#[api(removed(field = shelf, ty = String, added = "2024-09-01", in = "2025-06-01", down = shelf_of))]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Book {
    /// The book's number.
    pub id: u32,
    /// Its title.
    pub title: String,
    /// Its genre.
    pub genre: String,
}

/// The shelf a book stood on, when books carried it: the genre's shelf.
fn shelf_of(book: &Book) -> String {
    format!("{}-{}", book.genre, book.id)
}

/// Which books the catalogue lists.
#[versionary::leaf(api = Library)]
#[derive(Clone, Debug, Default, Serialize, Deserialize, versionary::schemars::JsonSchema)]
#[schemars(crate = "versionary::schemars")]
pub struct Filter {
    /// Only books of this genre.
    pub genre: Option<String>,
}

const BOOKS: &[(u32, &str, &str)] = &[
    (0, "The Odyssey", "epic"),
    (1, "Middlemarch", "novel"),
    (2, "The Origin of Species", "science"),
    (3, "Persuasion", "novel"),
    (7, "Ulysses", "novel"),
];

/// Book 9 was withdrawn; book 7 is on loan.
const WITHDRAWN: u32 = 9;
const ON_LOAN: u32 = 7;

fn book_of(id: u32) -> Option<Book> {
    BOOKS
        .iter()
        .find(|b| b.0 == id)
        .map(|&(id, title, genre)| Book {
            id,
            title: title.to_owned(),
            genre: genre.to_owned(),
        })
}

/// Lends a book. (Before 2025-02-01 the reader was named in the `x-reader` header.)
#[endpoint(
    POST "/loans",
    api = Library,
    status = 201,
    status(from = 200, in = "2025-02-01"),
    error(status = 409, in = "2025-06-01", down = locked_before_2025_06_01),
    request_header("x-reader", body = "reader", in = "2025-02-01"),
)]
async fn lend(Json(loan): Json<Loan>) -> Result<(StatusCode, Json<Loan>), Problem> {
    if loan.book == ON_LOAN {
        return Err(Problem::new(StatusCode::CONFLICT)
            .with_type("urn:library:on-loan")
            .with_detail(format!("book `{}` is on loan", loan.book)));
    }
    if book_of(loan.book).is_none() {
        return Err(Problem::unprocessable(format!("no book `{}`", loan.book)));
    }
    Ok((StatusCode::CREATED, Json(loan)))
}

/// The plain JSON error older versions answered a book on loan with.
#[derive(Clone, Debug, Serialize, versionary::schemars::JsonSchema)]
#[schemars(crate = "versionary::schemars")]
pub struct Locked {
    /// What is wrong.
    pub error: String,
}

/// Before 2025-06-01, a book on loan was a plain JSON error with a 423. Its return type
/// gives the old answer's schema to the older versions' documents (a plain serde type, so
/// axum's `Json`: it is no versioned type, and the lock does not record it).
fn locked_before_2025_06_01(problem: Problem) -> (StatusCode, axum::Json<Locked>) {
    let error = problem
        .get("detail")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    (StatusCode::LOCKED, axum::Json(Locked { error }))
}

/// Lists the catalogue. (Before 2024-09-01 the genre was sent in the `x-genre` header.)
#[endpoint(GET "/books", api = Library, request_header("x-genre", query = "genre", in = "2024-09-01"))]
async fn catalogue(Query(filter): Query<Filter>) -> Json<Vec<Book>> {
    let books = BOOKS
        .iter()
        .filter_map(|b| book_of(b.0))
        .filter(|b| filter.genre.as_ref().is_none_or(|g| *g == b.genre))
        .collect();
    Json(books)
}

/// Reads a book.
#[endpoint(
    GET "/books/{id}",
    api = Library,
    doc(from = "Reads a title of the catalogue.", in = "2025-02-01"),
    error(status = 410, from = 404, in = "2024-09-01"),
    response_header("ratelimit-remaining", from = "x-ratelimit-remaining", in = "2024-09-01"),
    response_header("x-request-cost", added = "2025-02-01"),
    response_header("x-legacy-id", removed = "2025-06-01", down = legacy_id),
)]
async fn book(Path(id): Path<u32>) -> Result<(HeaderMap, Json<Book>), Problem> {
    if id == WITHDRAWN {
        return Err(Problem::new(StatusCode::GONE)
            .with_type("urn:library:withdrawn")
            .with_detail(format!("book `{id}` was withdrawn")));
    }
    let book = book_of(id).ok_or_else(|| Problem::not_found(format!("no book `{id}`")))?;
    let mut headers = HeaderMap::new();
    headers.insert("ratelimit-remaining", HeaderValue::from_static("99"));
    headers.insert("x-request-cost", HeaderValue::from_static("1"));
    headers.insert("etag", HeaderValue::from(id));
    Ok((headers, Json(book)))
}

/// Before 2025-06-01, `x-legacy-id` carried the book's number, which the `etag` carries now.
fn legacy_id(headers: &HeaderMap) -> Option<HeaderValue> {
    headers.get("etag").cloned()
}

/// Lists a book's reviews.
#[endpoint(GET "/books/{id}/reviews", api = Library, error(status = 404, in = "2025-02-01", down = no_reviews))]
async fn reviews(Path(id): Path<u32>) -> Result<Json<Vec<String>>, Problem> {
    let book = book_of(id).ok_or_else(|| Problem::not_found(format!("no book `{id}`")))?;
    Ok(Json(vec![format!("{} is a good read", book.title)]))
}

/// Before 2025-02-01, an unknown book had no reviews.
fn no_reviews(_: Problem) -> Json<Vec<String>> {
    Json(Vec::new())
}

/// The builder with the service's configuration: versions from the `api-version` header, a
/// date between versions served as the closest earlier one.
pub fn builder() -> ApiBuilder<Library> {
    ApiBuilder::new()
        .select_version(VersionFrom::header("api-version"))
        .earlier_dates()
        .docs("/docs")
}

/// The service's router.
pub fn app() -> Result<axum::Router, BuildError> {
    builder().build(())
}

/// The service's route table.
pub fn routes() -> Result<RouteTable, BuildError> {
    builder().route_table()
}
