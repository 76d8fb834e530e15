//! Who may reach the operator endpoints (`ApiBuilder::consumer_report`): the service's own
//! async permission check, answering [`Access`], and the problems that refuse a request.

use core::future::Future;
use core::pin::Pin;
use std::sync::Arc;

use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode};

use crate::problem::Problem;

/// The answer of a service's permission check for an operator endpoint.
///
/// ```
/// use versionary::operator::Access;
///
/// fn check(token: Option<&str>) -> Access {
///     match token {
///         None => Access::Unauthenticated("Bearer"),
///         Some("operator-secret") => Access::Allowed,
///         Some(_) => Access::Forbidden,
///     }
/// }
/// assert_eq!(check(Some("operator-secret")), Access::Allowed);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// The request may see the endpoint.
    Allowed,
    /// The request carries no (valid) credentials: a 401 problem with a `WWW-Authenticate`
    /// header naming this challenge (`"Bearer"`, `"Basic realm=\"ops\""`).
    Unauthenticated(&'static str),
    /// The request's credentials do not allow it: a 403 problem.
    Forbidden,
}

/// The service's permission check for operator endpoints.
pub(crate) type OperatorCheck = Arc<
    dyn Fn(&http::request::Parts) -> Pin<Box<dyn Future<Output = Access> + Send>> + Send + Sync,
>;

/// An operator endpoint: where, and who may see it.
#[derive(Clone)]
pub(crate) struct OperatorEndpoint {
    pub(crate) path: String,
    pub(crate) check: OperatorCheck,
}

impl core::fmt::Debug for OperatorEndpoint {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "OperatorEndpoint({})", self.path)
    }
}

/// The answer refusing a request its check did not allow, or `None` when it is allowed.
pub(crate) fn refusal(access: Access) -> Option<Response> {
    match access {
        Access::Allowed => None,
        Access::Unauthenticated(challenge) => {
            let mut response = Problem::new(StatusCode::UNAUTHORIZED)
                .with_detail("this operator endpoint needs credentials")
                .framework_answer()
                .into_response();
            let challenge = HeaderValue::from_str(challenge)
                .unwrap_or_else(|_| HeaderValue::from_static("Bearer"));
            response
                .headers_mut()
                .insert(http::header::WWW_AUTHENTICATE, challenge);
            Some(response)
        }
        Access::Forbidden => Some(
            Problem::new(StatusCode::FORBIDDEN)
                .with_detail("these credentials do not allow this operator endpoint")
                .framework_answer()
                .into_response(),
        ),
    }
}
