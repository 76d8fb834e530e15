#![deny(warnings)]

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use versionary::{Json, Version, at_version};

versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "`message` renamed to `detail`",
    }
}

/// An error body versioned like any response type.
#[versionary::versioned(api = Shop, response)]
#[derive(Clone, Debug)]
pub struct ApiError {
    #[api(renamed(from = "message", in = 2))]
    pub detail: String,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (StatusCode::CONFLICT, Json(self)).into_response()
    }
}

#[versionary::endpoint(POST "/items", api = Shop)]
async fn create() -> Result<StatusCode, ApiError> {
    Err(ApiError { detail: "exists".into() })
}

fn main() {
    let error = ApiError { detail: "exists".into() };
    let v1 = at_version::<Shop, _>(&Version::Int(1), || serde_json::to_string(&error).unwrap());
    assert_eq!(v1.as_deref(), Some(r#"{"message":"exists"}"#));
}
