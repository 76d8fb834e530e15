//! Fields with a life in the middle, declared on the one latest type: a field that existed
//! only in versions 2 and 3 (`removed(..., added = 2, in = 4)`), one renamed before it was
//! removed, and one retyped before it was removed (each a pair of short-lived fields, one
//! after the other). Over HTTP in every version, both ways, and in the lock.

mod support;

use axum::extract::Path;
use serde_json::json;
use versionary::{ApiBuilder, Json, VersionFrom};

mod records {
    use super::*;

    versionary::api_versions! {
        pub Records {
            1 => "Initial release",
            2 => "Records carry a nickname, a tag and a numeric score",
            3 => "The tag is called label; the score is text",
            4 => "No more nickname or score",
            5 => "No more label: it is the note",
        }
    }

    /// A record.
    #[versionary::versioned(api = Records, request, response)]
    #[derive(Clone, Debug, PartialEq)]
    #[api(removed(field = nickname, ty = String, added = 2, in = 4, down = nickname, ignore))]
    #[api(removed(field = tag, ty = String, added = 2, in = 3, down = tag, up = tag_up))]
    #[api(removed(field = label, ty = String, added = 3, in = 5, down = label, up = label_up))]
    #[api(removed(field = score, ty = u8, added = 2, in = 3, down = score_number, up = score_up))]
    #[api(removed(field = score, ty = String, added = 3, in = 4, down = score_text, ignore))]
    pub struct Record {
        pub id: u32,
        pub note: String,
    }

    fn nickname(record: &RecordV4) -> String {
        format!("nick-{}", record.id)
    }

    fn tag(record: &RecordV3) -> String {
        record.label.clone()
    }

    fn tag_up(tag: String, record: &mut RecordV3) {
        record.label = tag;
    }

    fn label(record: &Record) -> String {
        record.note.clone()
    }

    fn label_up(label: String, record: &mut Record) {
        if !label.is_empty() {
            record.note = label;
        }
    }

    fn score_number(record: &RecordV3) -> u8 {
        record.score.parse().unwrap_or(0)
    }

    fn score_up(score: u8, record: &mut RecordV3) {
        record.score = score.to_string();
    }

    fn score_text(record: &RecordV4) -> String {
        record.id.to_string()
    }

    /// Reads a record.
    #[versionary::endpoint(GET "/records/{id}", api = Records)]
    async fn read(Path(id): Path<u32>) -> Json<Record> {
        Json(Record {
            id,
            note: "hello".to_owned(),
        })
    }

    /// Stores a record, and answers it as stored.
    #[versionary::endpoint(POST "/records", api = Records)]
    async fn store(Json(record): Json<Record>) -> Json<Record> {
        Json(record)
    }
}

use records::{Record, Records};

async fn start() -> support::Server {
    support::start(
        ApiBuilder::<Records>::new()
            .select_version(VersionFrom::path("/api"))
            .build(())
            .expect("router builds"),
    )
    .await
}

#[tokio::test]
async fn each_version_answers_the_fields_it_had() {
    let server = start().await;
    let expected = [
        json!({ "id": 7, "note": "hello" }),
        json!({ "id": 7, "note": "hello", "nickname": "nick-7", "tag": "hello", "score": 7 }),
        json!({ "id": 7, "note": "hello", "nickname": "nick-7", "label": "hello", "score": "7" }),
        json!({ "id": 7, "note": "hello", "label": "hello" }),
        json!({ "id": 7, "note": "hello" }),
    ];
    for (i, want) in expected.iter().enumerate() {
        let reply = server.get(&format!("/api/v{}/records/7", i + 1)).await;
        assert_eq!(reply.status, 200, "v{}: {}", i + 1, reply.text);
        assert_eq!(&reply.json(), want, "v{}", i + 1);
    }
}

#[tokio::test]
async fn each_version_reads_the_fields_it_had() {
    let server = start().await;
    // Version 2's tag reaches the latest note through version 3's label.
    let v2 = server
        .post(
            "/api/v2/records",
            r#"{"id": 1, "note": "n", "nickname": "x", "tag": "from tag", "score": 4}"#,
        )
        .await;
    assert_eq!(v2.status, 200, "{}", v2.text);
    assert_eq!(v2.json()["tag"], "from tag");
    let v3 = server
        .post(
            "/api/v3/records",
            r#"{"id": 1, "note": "n", "nickname": "x", "label": "from label", "score": "4"}"#,
        )
        .await;
    assert_eq!(v3.status, 200, "{}", v3.text);
    let v5 = server
        .post("/api/v5/records", r#"{"id": 1, "note": "n"}"#)
        .await;
    assert_eq!(v5.json(), json!({ "id": 1, "note": "n" }));
    // Version 1 never had these fields, and version 4 no longer has the nickname.
    let v1 = server
        .post("/api/v1/records", r#"{"id": 1, "note": "n", "tag": "t"}"#)
        .await;
    assert_eq!(v1.status, 422, "{}", v1.text);
    let v4 = server
        .post(
            "/api/v4/records",
            r#"{"id": 1, "note": "n", "label": "l", "nickname": "x"}"#,
        )
        .await;
    assert_eq!(v4.status, 422, "{}", v4.text);
    // A version 2 score must be a number; version 3's is text.
    let wrong = server
        .post(
            "/api/v2/records",
            r#"{"id": 1, "note": "n", "nickname": "x", "tag": "t", "score": "4"}"#,
        )
        .await;
    assert_eq!(wrong.status, 422, "{}", wrong.text);
}

#[test]
fn the_upgrade_chain_carries_short_lived_values() {
    use records::{RecordV2, RecordV3, RecordV4};
    let v2 = RecordV2 {
        id: 3,
        note: "n".to_owned(),
        nickname: "x".to_owned(),
        tag: "from tag".to_owned(),
        score: 4,
    };
    let v3 = RecordV3::from(v2);
    assert_eq!((v3.label.as_str(), v3.score.as_str()), ("from tag", "4"));
    let latest = Record::from(RecordV4::from(v3));
    assert_eq!(latest.note, "from tag");
}

#[test]
fn the_lock_records_each_span() {
    let lock = versionary::lock::render::<Records>();
    let section = |label: &str| -> Vec<String> {
        let start = lock.find(&format!("[version {label}]")).unwrap();
        let rest = &lock[start + 1..];
        rest[..rest.find("[version").unwrap_or(rest.len())]
            .lines()
            .filter(|l| l.starts_with("field Record."))
            .map(str::to_owned)
            .collect()
    };
    let names = |label: &str| -> Vec<String> {
        section(label)
            .iter()
            .map(|l| {
                l.split(' ')
                    .nth(1)
                    .unwrap()
                    .trim_start_matches("Record.")
                    .to_owned()
            })
            .collect()
    };
    assert_eq!(names("1"), ["id", "note"]);
    assert_eq!(names("2"), ["id", "nickname", "note", "score", "tag"]);
    assert_eq!(names("3"), ["id", "label", "nickname", "note", "score"]);
    assert_eq!(names("4"), ["id", "label", "note"]);
    assert_eq!(names("5"), ["id", "note"]);
    assert!(section("2").contains(&"field Record.score u8 required".to_owned()));
    assert!(section("3").contains(&"field Record.score String required".to_owned()));
}
