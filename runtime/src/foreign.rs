//! Foreign types an API may carry, behind cargo features: identifiers, date-times and
//! decimals from the crates everyone uses. versionary cannot read their source, so it records
//! their contract by what they produce: their JSON Schema (what requests may send, what
//! responses carry) and the JSON of one fixed sample value. Both go into the lock of every
//! released version whose endpoints reach the type, and a change — a dependency upgraded,
//! or a cargo feature somewhere in the build that switches its serde format (say
//! `rust_decimal`'s `serde-float`, which turns `"123.45"` into `123.45`) — makes
//! [`ApiBuilder::build`](crate::ApiBuilder::build) refuse to start and
//! [`lock::check`](crate::lock::check) fail, naming the type and the versions.
//!
//! | feature        | types                                                              |
//! |----------------|--------------------------------------------------------------------|
//! | `uuid`         | `uuid::Uuid`                                                       |
//! | `chrono`       | `DateTime<Utc>`, `DateTime<FixedOffset>`, `NaiveDate`, `NaiveDateTime`, `NaiveTime` |
//! | `jiff`         | `jiff::Timestamp`, `jiff::civil::{Date, DateTime, Time}`, `jiff::SignedDuration` |
//! | `rust_decimal` | `rust_decimal::Decimal`                                            |
//!
//! Their OpenAPI schemas are `schemars`' own (the matching `schemars` feature is turned on
//! with each).
//!
//! ```
//! # #[cfg(feature = "uuid")] {
//! versionary::api_versions! { pub Shop { 1 => "Initial release" } }
//!
//! #[versionary::versioned(api = Shop, response)]
//! pub struct Order {
//!     pub id: uuid::Uuid,
//! }
//!
//! #[versionary::endpoint(GET "/orders/{id}", api = Shop)]
//! async fn order(axum::extract::Path(id): axum::extract::Path<uuid::Uuid>) -> versionary::Json<Order> {
//!     versionary::Json(Order { id })
//! }
//!
//! let lock = versionary::lock::render::<Shop>();
//! assert!(lock.contains("foreign Uuid sample \"67e55044-10b1-426f-9247-bb680e5fe0c8\"\n"));
//! assert!(lock.contains("foreign Uuid writes {\"format\":\"uuid\",\"type\":\"string\"}\n"));
//! # }
//! ```

use schemars::generate::SchemaSettings;
use serde_json::Value;
use versionary_internals::lock::Line;

/// One foreign type versionary knows: its name as the lock writes it (the last path segment,
/// with its type arguments), its schema for each contract, and a sample's JSON.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Foreign {
    pub(crate) name: &'static str,
    schema: fn(SchemaSettings) -> Value,
    sample: fn() -> Value,
}

/// How a known type is recorded; unused in a build with none of the features.
#[cfg_attr(
    not(any(
        feature = "uuid",
        feature = "chrono",
        feature = "jiff",
        feature = "rust_decimal"
    )),
    allow(dead_code)
)]
mod record {
    use schemars::generate::SchemaSettings;
    use schemars::{JsonSchema, SchemaGenerator};
    use serde_json::Value;

    /// The JSON Schema of `T` under `settings` (for requests or for responses).
    pub(super) fn schema_of<T: JsonSchema>(settings: SchemaSettings) -> Value {
        SchemaGenerator::new(settings)
            .subschema_for::<T>()
            .to_value()
    }

    /// The JSON of a sample value (`null` when the sample could not be made).
    pub(super) fn sample_of<T: serde::Serialize>(value: Option<T>) -> Value {
        serde_json::to_value(value).unwrap_or(Value::Null)
    }
}

impl Foreign {
    /// The lock lines recording the type, reached by requests, responses or both.
    pub(crate) fn lines(&self, request: bool, response: bool) -> Vec<String> {
        let line = |kind: &str, value: Value| {
            Line::Foreign {
                name: self.name.to_owned(),
                kind: kind.to_owned(),
                value: value.to_string(),
            }
            .to_string()
        };
        let mut lines = vec![line("sample", (self.sample)())];
        let settings = SchemaSettings::draft2020_12();
        if request {
            lines.push(line(
                "reads",
                (self.schema)(settings.clone().for_deserialize()),
            ));
        }
        if response {
            lines.push(line("writes", (self.schema)(settings.for_serialize())));
        }
        lines
    }
}

macro_rules! foreign {
    ($($feature:literal $ty:ty, $name:literal, $sample:expr;)*) => {
        $(
            #[cfg(feature = $feature)]
            impl crate::types::Recorded for $ty {}
            #[cfg(feature = $feature)]
            impl crate::types::ApiType for $ty {}
        )*
        /// The foreign types of the features this build turned on.
        pub(crate) const KNOWN: &[Foreign] = &[$(
            #[cfg(feature = $feature)]
            Foreign {
                name: $name,
                schema: record::schema_of::<$ty>,
                sample: || record::sample_of($sample),
            },
        )*];
    };
}

foreign! {
    "uuid" uuid::Uuid, "Uuid", Some(uuid::Uuid::from_u128(0x67e5_5044_10b1_426f_9247_bb68_0e5f_e0c8));
    "chrono" chrono::DateTime<chrono::Utc>, "DateTime<Utc>", chrono::DateTime::from_timestamp(1_700_000_000, 123_000_000);
    "chrono" chrono::DateTime<chrono::FixedOffset>, "DateTime<FixedOffset>",
        chrono::DateTime::from_timestamp(1_700_000_000, 123_000_000)
            .zip(chrono::FixedOffset::east_opt(7_200))
            .map(|(at, offset)| at.with_timezone(&offset));
    "chrono" chrono::NaiveDate, "NaiveDate", chrono::NaiveDate::from_ymd_opt(2024, 2, 29);
    "chrono" chrono::NaiveDateTime, "NaiveDateTime",
        chrono::DateTime::from_timestamp(1_700_000_000, 123_000_000).map(|at| at.naive_utc());
    "chrono" chrono::NaiveTime, "NaiveTime", chrono::NaiveTime::from_hms_milli_opt(13, 45, 7, 123);
    "jiff" jiff::Timestamp, "Timestamp", jiff::Timestamp::new(1_700_000_000, 123_000_000).ok();
    "jiff" jiff::civil::Date, "Date", jiff::civil::Date::new(2024, 2, 29).ok();
    "jiff" jiff::civil::DateTime, "DateTime",
        jiff::civil::DateTime::new(2024, 2, 29, 13, 45, 7, 123_000_000).ok();
    "jiff" jiff::civil::Time, "Time", jiff::civil::Time::new(13, 45, 7, 123_000_000).ok();
    "jiff" jiff::SignedDuration, "SignedDuration", Some(jiff::SignedDuration::new(5_400, 500_000_000));
    "rust_decimal" rust_decimal::Decimal, "Decimal", Some(rust_decimal::Decimal::new(12_345, 2));
}

/// The known foreign types that the lock's type `ty` (`Vec<Option<Uuid>>`) mentions.
pub(crate) fn mentioned(ty: &str) -> impl Iterator<Item = &'static Foreign> + '_ {
    KNOWN.iter().filter(move |f| mentions(ty, f.name))
}

/// Whether `ty` names `name` as a whole type: `DateTime` is in `Vec<DateTime>` but not in
/// `DateTime<Utc>` or `MyDateTime`.
fn mentions(ty: &str, name: &str) -> bool {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    ty.match_indices(name).any(|(at, _)| {
        let before = ty[..at].chars().next_back();
        let after = ty[at + name.len()..].chars().next();
        !before.is_some_and(|c| ident(c) || c == ':')
            && !after.is_some_and(|c| ident(c) || (c == '<' && !name.contains('<')))
    })
}

#[cfg(test)]
mod tests {
    use super::mentions;

    #[test]
    fn a_name_is_mentioned_only_as_a_whole_type() {
        assert!(mentions("Uuid", "Uuid"));
        assert!(mentions("Vec<Uuid>", "Uuid"));
        assert!(mentions("BTreeMap<Uuid,String>", "Uuid"));
        assert!(mentions("Vec<DateTime>", "DateTime"));
        assert!(!mentions("DateTime<Utc>", "DateTime"));
        assert!(mentions("Option<DateTime<Utc>>", "DateTime<Utc>"));
        assert!(!mentions("MyUuid", "Uuid"));
        assert!(!mentions("UuidList", "Uuid"));
        assert!(!mentions("Date", "DateTime"));
    }
}
