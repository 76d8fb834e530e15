//! `library`: a lending library's API, whose history is in its answers and headers more
//! than in its bodies. The version is chosen with the `api-version` header. Every change is
//! declared on the handlers; no handler looks at the version:
//!
//! - loans answered 200 before version 3, and 201 from then on;
//! - a withdrawn book answered 404 in version 1, and 410 from version 2 on;
//! - a book on loan answered a plain `423 {"error": ...}` before version 4, and a 409 problem
//!   from then on; reviews of an unknown book were an empty list before version 3;
//! - the `x-ratelimit-remaining` header became `ratelimit-remaining` in version 2,
//!   `x-request-cost` came in version 3, and `x-legacy-id` went in version 4;
//! - books were documented as titles before version 3 (`renamed`, `doc`);
//! - the reader of a loan was sent in the `x-reader` header before version 3 (in the body
//!   from then on), and the genre filter of the catalogue in `x-genre` before version 2 (in
//!   the query from then on).

use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use verso::{
    ApiBuilder, BuildError, Json, Problem, Query, RouteTable, VersionFrom, endpoint, versioned,
};

verso::api_versions! {
    /// The lending library's API.
    pub Library(lock = "library.lock") {
        1 => "Initial release" { released = "2024-03-01" },
        2 => "Withdrawn books answer 410; `ratelimit-remaining` loses its `x-`; the catalogue's genre filter is a query parameter" { released = "2024-09-01" },
        3 => "Loans answer 201 and name their reader in the body; reviews of an unknown book are a 404; `x-request-cost`" { released = "2025-02-01" },
        4 => "A book on loan is a 409 problem; no more `x-legacy-id`" { released = "2025-06-01" },
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

/// A book of the catalogue. (Documented as a `Title` before version 3.)
#[versioned(
    api = Library,
    response,
    renamed(from = "Title", in = 3),
    doc(from = "A title of the catalogue.", in = 3),
)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Book {
    /// The book's number.
    pub id: u32,
    /// Its title.
    pub title: String,
    /// Its genre.
    pub genre: String,
}

/// Which books the catalogue lists.
#[verso::leaf(api = Library)]
#[derive(Clone, Debug, Default, Serialize, Deserialize, verso::schemars::JsonSchema)]
#[schemars(crate = "verso::schemars")]
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

/// Lends a book. (Before version 3 the reader was named in the `x-reader` header.)
#[endpoint(
    POST "/loans",
    api = Library,
    status = 201,
    status(from = 200, in = 3),
    error(status = 409, in = 4, down = locked_before_v4),
    request_header("x-reader", body = "reader", in = 3),
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

/// Before version 4, a book on loan was a plain JSON error with a 423.
fn locked_before_v4(problem: Problem) -> (StatusCode, Json<Value>) {
    let detail = problem.get("detail").cloned().unwrap_or(Value::Null);
    (StatusCode::LOCKED, Json(json!({ "error": detail })))
}

/// Lists the catalogue. (Before version 2 the genre was sent in the `x-genre` header.)
#[endpoint(GET "/books", api = Library, request_header("x-genre", query = "genre", in = 2))]
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
    doc(from = "Reads a title of the catalogue.", in = 3),
    error(status = 410, from = 404, in = 2),
    response_header("ratelimit-remaining", from = "x-ratelimit-remaining", in = 2),
    response_header("x-request-cost", added = 3),
    response_header("x-legacy-id", removed = 4, down = legacy_id),
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

/// Before version 4, `x-legacy-id` carried the book's number, which the `etag` carries now.
fn legacy_id(headers: &HeaderMap) -> Option<HeaderValue> {
    headers.get("etag").cloned()
}

/// Lists a book's reviews.
#[endpoint(GET "/books/{id}/reviews", api = Library, error(status = 404, in = 3, down = no_reviews))]
async fn reviews(Path(id): Path<u32>) -> Result<Json<Vec<String>>, Problem> {
    let book = book_of(id).ok_or_else(|| Problem::not_found(format!("no book `{id}`")))?;
    Ok(Json(vec![format!("{} is a good read", book.title)]))
}

/// Before version 3, an unknown book had no reviews.
fn no_reviews(_: Problem) -> Json<Vec<String>> {
    Json(Vec::new())
}

/// The builder with the service's configuration: versions from the `api-version` header.
pub fn builder() -> ApiBuilder<Library> {
    ApiBuilder::new()
        .select_version(VersionFrom::header("api-version"))
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
