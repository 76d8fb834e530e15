//! Foreign types (`uuid`, `chrono`, `jiff`, `rust_decimal`, behind versionary's cargo features)
//! are recorded in the lock by their JSON Schema and a sample's JSON, in the versions whose
//! endpoints reach them; a change of their JSON in a released version stops the service at
//! `build` and fails the lock check.

mod support;

use versionary::lock::LockError;
use versionary::{ApiBuilder, BuildError, VersionFrom};

mod ledger {
    use axum::extract::Path;
    use axum::http::StatusCode;
    use chrono::{DateTime, FixedOffset, Utc};
    use rust_decimal::Decimal;
    use uuid::Uuid;
    use versionary::Json;

    versionary::api_versions! {
        pub Ledger(lock = "fixtures/ledger.lock") {
            1 => "Initial release",
            2 => "Entries carry the day they are booked on",
        }
    }

    /// A booked amount.
    #[versionary::versioned(api = Ledger, response)]
    #[derive(Clone)]
    pub struct Entry {
        pub id: Uuid,
        pub at: DateTime<Utc>,
        pub amount: Decimal,
        #[api(added = 2)]
        pub day: Option<jiff::civil::Date>,
        pub booked: jiff::Timestamp,
    }

    /// What a client books.
    #[versionary::versioned(api = Ledger, request)]
    pub struct NewEntry {
        pub amount: Decimal,
        pub at: DateTime<FixedOffset>,
    }

    pub fn entry(id: Uuid, amount: Decimal, at: DateTime<Utc>) -> Entry {
        Entry {
            id,
            at,
            amount,
            day: jiff::civil::Date::new(2024, 2, 29).ok(),
            booked: jiff::Timestamp::UNIX_EPOCH,
        }
    }

    #[versionary::endpoint(GET "/entries/{id}", api = Ledger)]
    async fn get_entry(Path(id): Path<Uuid>) -> Json<Entry> {
        Json(entry(id, Decimal::new(995, 2), DateTime::UNIX_EPOCH))
    }

    #[versionary::endpoint(POST "/entries", api = Ledger, status = 201)]
    async fn book(Json(new): Json<NewEntry>) -> (StatusCode, Json<Entry>) {
        let entry = entry(Uuid::nil(), new.amount, new.at.to_utc());
        (StatusCode::CREATED, Json(entry))
    }
}

/// An API whose lock recorded `rust_decimal::Decimal` as a JSON number (as it serialises
/// with `rust_decimal`'s `serde-float` feature), while this build writes strings.
mod switched {
    use rust_decimal::Decimal;
    use versionary::Json;

    versionary::api_versions! {
        pub Switched(lock = "fixtures/switched.lock") {
            1 => "Initial release",
        }
    }

    #[versionary::versioned(api = Switched, response)]
    pub struct Price {
        pub amount: Decimal,
    }

    #[versionary::endpoint(GET "/price", api = Switched)]
    async fn price() -> Json<Price> {
        Json(Price {
            amount: Decimal::new(12_345, 2),
        })
    }
}

#[test]
fn the_lock_records_foreign_types_where_endpoints_reach_them() {
    let lock = versionary::lock::render::<ledger::Ledger>();
    for line in [
        "foreign Uuid sample \"67e55044-10b1-426f-9247-bb680e5fe0c8\"",
        // Reached as a path parameter and in a response.
        "foreign Uuid reads {\"format\":\"uuid\",\"type\":\"string\"}",
        "foreign Uuid writes {\"format\":\"uuid\",\"type\":\"string\"}",
        "foreign DateTime<Utc> sample \"2023-11-14T22:13:20.123Z\"",
        "foreign DateTime<FixedOffset> sample \"2023-11-15T00:13:20.123+02:00\"",
        "foreign DateTime<FixedOffset> reads {\"format\":\"date-time\",\"type\":\"string\"}",
        "foreign Decimal sample \"123.45\"",
        "foreign Decimal writes {\"pattern\":\"^-?\\\\d+(\\\\.\\\\d+)?$\",\"type\":\"string\"}",
        "foreign Timestamp sample \"2023-11-14T22:13:20.123Z\"",
    ] {
        assert_eq!(
            lock.matches(&format!("{line}\n")).count(),
            2,
            "{line} in both versions:\n{lock}"
        );
    }
    // A request-only type has no `writes`; `day` is only in version 2.
    assert!(!lock.contains("foreign DateTime<FixedOffset> writes"));
    assert_eq!(
        lock.matches("foreign Date sample \"2024-02-29\"\n").count(),
        1
    );
    let v1 = lock.split("[version 2]").next().unwrap();
    assert!(!v1.contains("foreign Date "), "{v1}");
    versionary::lock::assert_current::<ledger::Ledger>();
}

#[tokio::test]
async fn foreign_types_travel_and_are_documented() {
    let builder = ApiBuilder::<ledger::Ledger>::new().select_version(VersionFrom::path(""));
    let v2 = builder.openapi("2").unwrap();
    let id = &v2["paths"]["/v2/entries/{id}"]["get"]["parameters"][0];
    assert_eq!(id["schema"]["format"], "uuid", "{id}");
    let entry = &v2["components"]["schemas"]["Entry"]["properties"];
    assert_eq!(entry["at"]["format"], "date-time");
    assert_eq!(entry["day"]["format"], "date");
    assert_eq!(entry["amount"]["type"], "string", "{entry}");

    let server = support::start(builder.build(()).unwrap()).await;
    let got = server
        .get("/v1/entries/67e55044-10b1-426f-9247-bb680e5fe0c8")
        .await;
    assert_eq!(got.status, 200);
    let body = got.json();
    assert_eq!(body["id"], "67e55044-10b1-426f-9247-bb680e5fe0c8");
    assert_eq!(body["amount"], "9.95");
    assert_eq!(body["at"], "1970-01-01T00:00:00Z");
    assert!(body.get("day").is_none(), "{body}");
    let bad = server.get("/v1/entries/not-a-uuid").await;
    assert_eq!(bad.status, 400, "{}", bad.text);
    let booked = server
        .post(
            "/v2/entries",
            r#"{"amount":"12.50","at":"2024-02-29T10:00:00+01:00"}"#,
        )
        .await;
    assert_eq!(booked.status, 201, "{}", booked.text);
    let body = booked.json();
    assert_eq!(body["amount"], "12.50");
    assert_eq!(body["at"], "2024-02-29T09:00:00Z");
    assert_eq!(body["day"], "2024-02-29");
}

#[test]
fn a_foreign_type_whose_json_changed_stops_the_service() {
    // Whatever else is configured: without OpenAPI documents too.
    let err = ApiBuilder::<switched::Switched>::new()
        .openapi_path(None)
        .build(())
        .expect_err("the service must not start");
    let BuildError::ForeignTypesChanged { api, changes, lock } = &err else {
        panic!("{err}");
    };
    assert_eq!(*api, "Switched");
    assert!(lock.ends_with("tests/fixtures/switched.lock"), "{lock}");
    assert_eq!(
        changes,
        &["[version 1] the JSON of `Decimal` changed: its sample was `123.45` and is `\"123.45\"`"]
    );
    assert!(err.to_string().contains("cargo tree -e features"), "{err}");
}

#[test]
fn a_foreign_type_whose_json_changed_fails_the_lock_check() {
    match versionary::lock::check::<switched::Switched>() {
        Err(LockError::Breaking(lines)) => assert_eq!(
            lines,
            [
                "[version 1] the JSON of `Decimal` changed: its sample was `123.45` and is `\"123.45\"`"
            ]
        ),
        other => panic!("expected a breaking change, got {other:?}"),
    }
}
