use axum::response::{IntoResponse, Response};

versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
    }
}

/// An error body that is not versioned cannot be written with `versionary::Json`: its shape
/// could change a released version unnoticed.
#[derive(serde::Serialize)]
pub struct Oops {
    pub message: String,
}

pub fn conflict() -> Response {
    versionary::Json(Oops { message: "no".into() }).into_response()
}

fn main() {}
