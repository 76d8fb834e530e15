//! The lean `Deserialize` and `Serialize` `#[versioned]` generates for structs without
//! `#[serde(...)]` attributes read and write every shape exactly as `serde_derive` would:
//! the same values, the same bytes and the same error messages, for valid input and for
//! each kind of bad input (an array of the fields in order included). Each shape is
//! compared with a twin of the same name and fields that derives both. The lean
//! `JsonSchema` is compared the same way with `schemars`' derive.

use serde_json::Value;
use versionary::{Version, at_version};

versionary::api_versions! {
    pub Ledger {
        1 => "Initial release",
        2 => "`label` renamed to `title`",
        3 => "`memo` added; `legacy` removed",
    }
}

#[versionary::versioned(api = Ledger)]
#[derive(Clone, Debug, PartialEq)]
#[api(removed(field = legacy, ty = u32, in = 3, down = legacy_of, ignore))]
pub struct Entry {
    #[api(renamed(from = "label", in = 2))]
    pub title: String,
    pub amount: i64,
    pub r#type: Option<String>,
    #[api(added = 3, default)]
    pub memo: Option<String>,
}

fn legacy_of(_: &Entry) -> u32 {
    0
}

#[versionary::versioned(api = Ledger, allow_unknown_fields)]
#[derive(Clone, Debug, PartialEq)]
pub struct Lenient {
    #[api(renamed(from = "old", in = 3))]
    pub new: u8,
}

/// `serde_derive`'s reading of each shape, under the same names.
mod twin {
    use serde::{Deserialize, Serialize};

    #[derive(Debug, Deserialize, Serialize)]
    #[serde(deny_unknown_fields)]
    pub struct EntryV1 {
        pub label: String,
        pub amount: i64,
        pub r#type: Option<String>,
        pub legacy: u32,
    }

    #[derive(Debug, Deserialize, Serialize)]
    #[serde(deny_unknown_fields)]
    pub struct EntryV2 {
        pub title: String,
        pub amount: i64,
        pub r#type: Option<String>,
        pub legacy: u32,
    }

    #[derive(Debug, Deserialize, Serialize)]
    #[serde(deny_unknown_fields)]
    pub struct Entry {
        pub title: String,
        pub amount: i64,
        pub r#type: Option<String>,
        pub memo: Option<String>,
    }

    #[derive(Debug, Deserialize, Serialize)]
    pub struct LenientV1 {
        pub old: u8,
    }

    #[derive(Debug, Deserialize, Serialize)]
    pub struct Lenient {
        pub new: u8,
    }
}

const INPUTS: &[&str] = &[
    // valid, with every optional field present, absent and null
    r#"{"label":"a","title":"a","amount":-3,"type":"x","memo":"m","legacy":7}"#,
    r#"{"label":"a","title":"a","amount":1,"legacy":7}"#,
    r#"{"label":"a","title":"a","amount":1,"type":null,"memo":null,"legacy":0}"#,
    // fields in another order
    r#"{"legacy":1,"amount":2,"title":"t","label":"l"}"#,
    // missing, duplicated, unknown, mistyped
    r#"{"amount":1,"legacy":7}"#,
    r#"{"label":"a","title":"a","amount":1,"amount":2,"legacy":7}"#,
    r#"{"label":"a","title":"a","amount":1,"legacy":7,"extra":[1,{"deep":true}]}"#,
    r#"{"label":"a","title":"a","amount":"1","legacy":7}"#,
    r#"{"label":"a","title":"a","amount":1.5,"legacy":7}"#,
    // an array of the fields in order: complete, too short, too long, mistyped, empty
    r#"["a",1,"x",7]"#,
    r#"["a",1,null,7]"#,
    r#"["a",1,null]"#,
    r#"["a",1,"x",7,"m"]"#,
    r#"["a","1","x",7]"#,
    r#"[]"#,
    // not an object
    r#""text""#,
    r#"null"#,
    r#"{"label":"a","#,
];

fn outcome<T: serde::Serialize, E: ToString>(result: Result<T, E>) -> Result<Value, String> {
    result
        .map(|v| serde_json::to_value(v).expect("serialises"))
        .map_err(|e| e.to_string())
}

#[test]
fn older_shapes_read_like_serde_derive() {
    for json in INPUTS {
        assert_eq!(
            outcome(serde_json::from_str::<EntryV1>(json)),
            outcome(serde_json::from_str::<twin::EntryV1>(json)),
            "EntryV1 from {json}"
        );
        assert_eq!(
            outcome(serde_json::from_str::<EntryV2>(json)),
            outcome(serde_json::from_str::<twin::EntryV2>(json)),
            "EntryV2 from {json}"
        );
    }
}

#[test]
fn latest_shape_reads_like_serde_derive() {
    for json in INPUTS {
        let ours = at_version::<Ledger, _>(&Version::Int(3), || {
            outcome(serde_json::from_str::<Entry>(json))
        })
        .expect("version 3 is declared");
        assert_eq!(
            ours,
            outcome(serde_json::from_str::<twin::Entry>(json)),
            "Entry from {json}"
        );
    }
}

#[test]
fn unknown_fields_are_skipped_when_allowed() {
    for json in [
        r#"{"old":1,"new":2,"extra":{"a":[1,2,3]}}"#,
        r#"{"old":1}"#,
        r#"{"new":1}"#,
        r#"{"old":300}"#,
    ] {
        assert_eq!(
            outcome(serde_json::from_str::<LenientV1>(json)),
            outcome(serde_json::from_str::<twin::LenientV1>(json)),
            "LenientV1 from {json}"
        );
        let ours = at_version::<Ledger, _>(&Version::Int(3), || {
            outcome(serde_json::from_str::<Lenient>(json))
        })
        .expect("version 3 is declared");
        assert_eq!(
            ours,
            outcome(serde_json::from_str::<twin::Lenient>(json)),
            "Lenient from {json}"
        );
    }
}

#[test]
fn older_versions_upgrade_through_the_lean_shapes() {
    let read = |n: u64, json: &str| {
        at_version::<Ledger, _>(&Version::Int(n), || serde_json::from_str::<Entry>(json))
            .expect("declared")
    };
    let entry = read(1, r#"{"label":"a","amount":1,"type":"t","legacy":9}"#).expect("valid v1");
    assert_eq!(
        entry,
        Entry {
            title: "a".into(),
            amount: 1,
            r#type: Some("t".into()),
            memo: None
        }
    );
    let error = read(2, r#"{"label":"a","amount":1,"legacy":9}"#).unwrap_err();
    assert!(
        error.to_string().starts_with(
            "unknown field `label`, expected one of `title`, `amount`, `type`, `legacy`"
        ),
        "{error}"
    );
}

/// More than 16 fields: read as tuples of up to 16 (`Chunks`), the errors still name the
/// right field.
#[versionary::versioned(api = Ledger)]
#[derive(Clone, Debug, PartialEq)]
pub struct Wide {
    pub f01: u8,
    pub f02: u8,
    pub f03: u8,
    pub f04: u8,
    pub f05: u8,
    pub f06: u8,
    pub f07: u8,
    pub f08: u8,
    pub f09: u8,
    pub f10: u8,
    pub f11: u8,
    pub f12: u8,
    pub f13: u8,
    pub f14: u8,
    pub f15: u8,
    pub f16: u8,
    #[api(renamed(from = "old17", in = 2))]
    pub f17: u8,
    pub f18: Option<String>,
    #[api(added = 3)]
    pub f19: Option<u8>,
}

mod wide_twin {
    #[derive(Debug, serde::Deserialize, serde::Serialize)]
    #[serde(deny_unknown_fields)]
    pub struct WideV1 {
        pub f01: u8,
        pub f02: u8,
        pub f03: u8,
        pub f04: u8,
        pub f05: u8,
        pub f06: u8,
        pub f07: u8,
        pub f08: u8,
        pub f09: u8,
        pub f10: u8,
        pub f11: u8,
        pub f12: u8,
        pub f13: u8,
        pub f14: u8,
        pub f15: u8,
        pub f16: u8,
        pub old17: u8,
        pub f18: Option<String>,
    }
}

#[test]
fn wide_structs_read_like_serde_derive() {
    let all = |extra: &str| {
        let mut json = String::from("{");
        for i in 1..=16 {
            json.push_str(&format!("\"f{i:02}\":{i},"));
        }
        json.push_str(extra);
        json.push('}');
        json
    };
    for json in [
        all(r#""old17":17,"f18":"x""#),
        all(r#""old17":17"#),
        all(r#""f18":"x""#),
        all(r#""old17":17,"old17":1"#),
        all(r#""old17":17,"f01":1"#),
        all(r#""old17":17,"f17":1"#),
        all(r#""old17":"17""#),
        all(r#""old17":17,"f18":3"#),
        r#"{"old17":17,"f18":"x"}"#.to_owned(),
        format!("[{}17,\"x\"]", "1,".repeat(16)),
        format!("[{}17]", "1,".repeat(16)),
        format!("[{}]", "1,".repeat(15) + "1"),
    ] {
        assert_eq!(
            outcome(serde_json::from_str::<WideV1>(&json)),
            outcome(serde_json::from_str::<wide_twin::WideV1>(&json)),
            "WideV1 from {json}"
        );
    }
    let latest = at_version::<Ledger, _>(&Version::Int(3), || {
        serde_json::from_str::<Wide>(&all(r#""f17":17,"f19":19"#))
    })
    .expect("declared")
    .expect("valid");
    assert_eq!((latest.f01, latest.f16, latest.f17), (1, 16, 17));
    assert_eq!((latest.f18, latest.f19), (None, Some(19)));
}

#[test]
fn shapes_write_the_bytes_serde_derive_writes() {
    let v1 = EntryV1 {
        label: "a\"b".into(),
        amount: -3,
        r#type: None,
        legacy: 7,
    };
    let twin = twin::EntryV1 {
        label: "a\"b".into(),
        amount: -3,
        r#type: None,
        legacy: 7,
    };
    assert_eq!(
        serde_json::to_string(&v1).unwrap(),
        serde_json::to_string(&twin).unwrap()
    );
    let entry = Entry {
        title: "t".into(),
        amount: 1,
        r#type: Some("x".into()),
        memo: None,
    };
    let twin = twin::Entry {
        title: "t".into(),
        amount: 1,
        r#type: Some("x".into()),
        memo: None,
    };
    let ours = at_version::<Ledger, _>(&Version::Int(3), || serde_json::to_string(&entry))
        .expect("declared")
        .unwrap();
    assert_eq!(ours, serde_json::to_string(&twin).unwrap());
    let json = format!("[{}17,\"x\"]", "1,".repeat(16));
    let wide: WideV1 = serde_json::from_str(&json).unwrap();
    let twin: wide_twin::WideV1 = serde_json::from_str(&json).unwrap();
    assert_eq!(
        serde_json::to_string_pretty(&wide).unwrap(),
        serde_json::to_string_pretty(&twin).unwrap()
    );
}

/// # Documented
/// A type whose doc comments become schema titles and descriptions.
#[versionary::versioned(api = Ledger)]
#[derive(Clone, Debug, PartialEq)]
#[api(removed(field = gone, ty = u8, in = 2, down = gone_of, ignore))]
pub struct Documented {
    /// The name,
    /// on two lines.
    #[api(renamed(from = "label", in = 3))]
    pub name: String,
    #[doc = concat!("Built ", "by a macro.")]
    pub note: Option<u8>,
}

fn gone_of(_: &DocumentedV2) -> u8 {
    0
}

/// `schemars`' derive of the same shapes, under the same names and doc comments.
mod schema_twin {
    use versionary::schemars::JsonSchema;

    /// The shape of [`Documented`] in version 1 of the API.
    #[derive(JsonSchema, serde::Deserialize)]
    #[schemars(crate = "versionary::schemars", rename = "Documented")]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    pub struct DocumentedV1 {
        /// The name,
        /// on two lines.
        pub label: String,
        #[doc = concat!("Built ", "by a macro.")]
        pub note: Option<u8>,
        /// Removed in a later version (see `Documented`).
        pub gone: u8,
    }

    /// # Documented
    /// A type whose doc comments become schema titles and descriptions.
    #[derive(JsonSchema, serde::Deserialize)]
    #[schemars(crate = "versionary::schemars")]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    pub struct Documented {
        /// The name,
        /// on two lines.
        pub name: String,
        #[doc = concat!("Built ", "by a macro.")]
        pub note: Option<u8>,
    }
}

#[test]
fn schemas_match_schemars_derive() {
    use versionary::schemars::{SchemaGenerator, generate::SchemaSettings};
    for settings in [
        SchemaSettings::openapi3(),
        SchemaSettings::draft2020_12().for_serialize(),
    ] {
        let schema = |f: &dyn Fn(&mut SchemaGenerator) -> versionary::schemars::Schema| {
            serde_json::to_string(&f(&mut SchemaGenerator::new(settings.clone()))).unwrap()
        };
        assert_eq!(
            schema(&|g| g.root_schema_for::<DocumentedV1>()),
            schema(&|g| g.root_schema_for::<schema_twin::DocumentedV1>())
        );
        let latest = at_version::<Ledger, _>(&Version::Int(3), || {
            schema(&|g| g.root_schema_for::<Documented>())
        })
        .expect("declared");
        assert_eq!(
            latest,
            schema(&|g| g.root_schema_for::<schema_twin::Documented>())
        );
        assert!(
            latest.contains(r#""description":"Built by a macro.""#),
            "{latest}"
        );
    }
}

/// A response type that derives `Deserialize` itself is not plain: its older shapes keep
/// serde's derive, and with it the old names of renamed fields.
#[versionary::versioned(api = Ledger, response)]
#[derive(Clone, Debug, PartialEq, serde::Deserialize)]
pub struct Tally {
    #[api(renamed(from = "itemCount", in = 2))]
    pub count: u32,
}

#[test]
fn a_users_own_serde_derive_keeps_old_names() {
    let old: TallyV1 = serde_json::from_str(r#"{"itemCount":3}"#).expect("the old name");
    assert_eq!(old.item_count, 3);
    assert_eq!(serde_json::to_string(&old).unwrap(), r#"{"itemCount":3}"#);
}
