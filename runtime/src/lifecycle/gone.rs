//! The `410 Gone` answer of a route after its sunset, naming its successor.

use axum::response::{IntoResponse, Response};

use crate::problem::Problem;

use super::headers::Notice;

impl Notice {
    /// The `410 Gone` answer after the sunset, naming the successor; the route adds the
    /// notice's headers to it, as to every answer.
    pub(crate) fn gone(&self, mount: &str, path: &str) -> Response {
        let date = self.sunset_date.unwrap_or("its sunset date");
        let mut problem = Problem::new(http::StatusCode::GONE)
            .with_type("urn:versionary:problem:sunset")
            .with_title("Gone");
        let detail = match (&self.successor, self.successor_url(mount, path)) {
            (Some(s), Some(url)) => {
                problem = problem
                    .with_extension("successor", url.clone())
                    .with_extension("successor_version", s.version);
                format!(
                    "{} was retired on {date}; use `{} {url}` in version {}",
                    self.subject, s.method, s.version
                )
            }
            _ => format!("{} was retired on {date}", self.subject),
        };
        if let Some(sunset) = self.sunset_date {
            problem = problem.with_extension("sunset", sunset);
        }
        (problem.with_detail(detail))
            .with_instance(format!("{mount}{path}"))
            .into_response()
    }
}
