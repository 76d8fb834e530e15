//! An API naming the runtime through a re-export: `crate = crate::framework`, the
//! `pub use vry as framework;` at this crate's root, as a framework built on versionary
//! might offer it. Its attributes are reached through the re-export too.

use axum::extract::Path;

use crate::framework::{ApiBuilder, BuildError, Json, Problem, VersionFrom};

crate::framework::api_versions! {
    /// A catalogue of books, built with versionary re-exported as `framework`.
    pub Catalog(crate = crate::framework) {
        1 => "Initial release",
        2 => "Books name their `authors` (a list) instead of one `author`",
    }
}

/// A book; version 1 has one `author`.
#[crate::framework::versioned(api = Catalog, response)]
#[derive(Clone, Debug, PartialEq, Eq)]
#[api(removed(field = author, ty = String, in = 2, down = first_author))]
pub struct Book {
    /// The book's title.
    pub title: String,
    /// Who wrote it.
    #[api(added = 2)]
    pub authors: Vec<String>,
}

fn first_author(book: &Book) -> String {
    book.authors.first().cloned().unwrap_or_default()
}

/// Reads one book.
#[crate::framework::endpoint(GET "/books/{id}", api = Catalog)]
async fn get_book(Path(id): Path<u32>) -> Result<Json<Book>, Problem> {
    match id {
        1 => Ok(Json(Book {
            title: "Good Omens".to_owned(),
            authors: vec!["Terry Pratchett".to_owned(), "Neil Gaiman".to_owned()],
        })),
        _ => Err(Problem::not_found(format!("no book `{id}`"))),
    }
}

/// The catalogue's router: `/v1/...` and `/v2/...`.
pub fn app() -> Result<axum::Router, BuildError> {
    ApiBuilder::<Catalog>::new()
        .select_version(VersionFrom::path(""))
        .build(())
}
