#![deny(warnings)]
//! Accepting one more name (`alias`) breaks nobody, on a field or a value.

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
    #[serde(alias = "crs", alias = "class")]
    pub course: String,
    pub cohort: u16,
    pub note: Option<String>,
}

#[versionary::versioned(api = School, request)]
pub struct Booking {
    pub seat: u32,
}

#[versionary::leaf(api = School)]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    #[serde(alias = "novice", alias = "starter")]
    Beginner,
    Expert,
}

#[versionary::leaf(api = School)]
#[derive(serde::Serialize, serde::Deserialize)]
pub enum Trip {
    Relocate { from: String, to: String },
    Stay,
}

fn main() {}
