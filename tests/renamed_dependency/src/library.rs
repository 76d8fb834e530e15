//! An API naming the runtime through another crate's re-export: `my_framework` (the test's
//! `framework/` crate) says `pub use versionary;`, and this API says
//! `crate = ::my_framework::versionary`, a path every crate depending on `my_framework`
//! can use. Its attributes are reached through the re-export too.

use axum::extract::Path;

use my_framework::versionary::{ApiBuilder, BuildError, Json, Problem, VersionFrom};

my_framework::versionary::api_versions! {
    /// A lending library, built with versionary re-exported by `my_framework`.
    pub Library(crate = ::my_framework::versionary) {
        1 => "Initial release",
        2 => "Loans give a `due` date instead of `days_left`",
    }
}

/// A loan; version 1 counts the days left instead of giving the due date.
#[my_framework::versionary::versioned(api = Library, response)]
#[derive(Clone, Debug, PartialEq, Eq)]
#[api(removed(field = days_left, ty = u32, in = 2, down = days_left))]
pub struct Loan {
    /// The book lent.
    pub title: String,
    /// When it is due back, `YYYY-MM-DD`.
    #[api(added = 2)]
    pub due: String,
}

fn days_left(_: &Loan) -> u32 {
    14
}

/// Reads one loan.
#[my_framework::versionary::endpoint(GET "/loans/{id}", api = Library)]
async fn get_loan(Path(id): Path<u32>) -> Result<Json<Loan>, Problem> {
    match id {
        1 => Ok(Json(Loan {
            title: "Small Gods".to_owned(),
            due: "2025-03-01".to_owned(),
        })),
        _ => Err(Problem::not_found(format!("no loan `{id}`"))),
    }
}

/// The library's router: `/v1/...` and `/v2/...`.
pub fn app() -> Result<axum::Router, BuildError> {
    ApiBuilder::<Library>::new()
        .select_version(VersionFrom::path(""))
        .build(())
}
