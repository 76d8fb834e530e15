//! The lock records a type as serde reads and writes it, direction by direction, and the
//! runtime's lock (`versionary::lock::render`) says what the macros compare: split
//! `rename`, `alias`, `skip_*` and `default` give `field:request` / `field:response` and
//! `alias` lines, and a type reached only through a field serde writes is a response type.

use versionary::{Version, at_version};

versionary::api_versions! {
    pub School {
        1 => "Initial release",
    }
}

/// A value only responses carry (its field is skipped when reading).
#[versionary::leaf(api = School)]
#[derive(
    Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize, versionary::schemars::JsonSchema,
)]
#[schemars(crate = "versionary::schemars")]
#[serde(rename_all = "lowercase")]
pub enum Grade {
    Pass,
    #[serde(rename(deserialize = "failed"), alias = "nope")]
    Fail,
}

/// An enrolment, sent and read.
#[versionary::versioned(api = School)]
#[derive(Clone, Debug, PartialEq)]
pub struct Enrolment {
    #[serde(rename(deserialize = "course"), alias = "crs")]
    pub course_id: String,
    #[serde(default)]
    pub cohort: u16,
    #[serde(skip_deserializing)]
    pub grade: Option<Grade>,
    #[serde(skip_serializing)]
    pub secret: String,
    #[serde(skip)]
    pub cache: u8,
}

#[versionary::endpoint(POST "/enrolments", api = School)]
async fn enrol(versionary::Json(e): versionary::Json<Enrolment>) -> versionary::Json<Enrolment> {
    versionary::Json(e)
}

#[test]
fn the_lock_records_each_direction_of_a_field() {
    let lock = versionary::lock::render::<School>();
    for line in [
        "alias Enrolment.course crs",
        "field Enrolment.cohort u16 required",
        "field:request Enrolment.cohort u16 optional",
        "field:request Enrolment.course String required",
        "field:response Enrolment.course_id String required",
        "field:response Enrolment.grade Grade optional",
        "field:request Enrolment.secret String required",
        "type Enrolment both",
        "type Grade response",
        "variant Grade.pass",
        "variant:request Grade.failed",
        "variant:response Grade.fail",
        "alias Grade.failed nope",
    ] {
        let wanted = line != "field Enrolment.cohort u16 required";
        assert_eq!(
            lock.lines().any(|l| l == line),
            wanted,
            "{line:?} in\n{lock}"
        );
    }
    assert!(!lock.contains("cache"), "{lock}");
    assert!(!lock.contains("field:response Enrolment.secret"), "{lock}");
    assert!(!lock.contains("field:request Enrolment.grade"), "{lock}");
}

#[test]
fn the_recorded_names_are_those_serde_uses() {
    let v1 = Version::Int(1);
    let read = at_version::<School, _>(&v1, || {
        serde_json::from_str::<Enrolment>(r#"{"crs":"maths","secret":"s"}"#).unwrap()
    })
    .unwrap();
    assert_eq!((read.course_id.as_str(), read.cohort), ("maths", 0));
    let written = at_version::<School, _>(&v1, || {
        let e = Enrolment {
            grade: Some(Grade::Fail),
            ..read.clone()
        };
        serde_json::to_value(&e).unwrap()
    });
    assert_eq!(
        written,
        Some(serde_json::json!({"course_id": "maths", "cohort": 0, "grade": "fail"}))
    );
    let grade: Grade = serde_json::from_str(r#""nope""#).unwrap();
    assert_eq!(grade, Grade::Fail);
}
