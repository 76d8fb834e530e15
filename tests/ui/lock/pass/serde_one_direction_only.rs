#![deny(warnings)]
//! Changes in the column a type does not use, or that break nobody: the request-only
//! `Booking` is read as `place` but still accepts `seat`, and is no longer written
//! (`skip_serializing`); `Enrolment.cohort` gets a serde `default` (requests may leave it out,
//! responses still carry it); `Level`'s `expert` is no longer written (a value removed from
//! responses).

versionary::api_versions! {
    pub School(lock = "../fixtures/serde.lock") {
        1 => "Initial release",
        2 => "Second release",
        3 => "Under development",
    }
}

#[versionary::versioned(api = School)]
#[derive(Clone)]
pub struct Enrolment {
    #[serde(alias = "crs")]
    pub course: String,
    #[serde(default)]
    pub cohort: u16,
    pub note: Option<String>,
}

#[versionary::versioned(api = School, request)]
pub struct Booking {
    #[serde(rename = "place", alias = "seat", skip_serializing)]
    pub seat: u32,
}

#[versionary::leaf(api = School)]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    #[serde(alias = "novice")]
    Beginner,
    #[serde(skip_serializing)]
    Expert,
}

#[versionary::leaf(api = School)]
#[derive(serde::Serialize, serde::Deserialize)]
pub enum Trip {
    Relocate { from: String, to: String },
    Stay,
}

fn main() {}
