//! Property tests, one type per change kind: for every version V and arbitrary latest
//! values, latest -> V -> latest keeps every field that exists at V (fields that do not exist
//! at V come back as their declared default); and arbitrary values of V's shape upgrade
//! without panicking (they decode or are refused with a problem).

use proptest::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use versionary::{Problem, Version, at_version};

versionary::api_versions! {
    pub Props(state = ()) {
        1 => "Initial release",
        2 => "Every kind of change",
        3 => "More renames",
    }
}

#[versionary::versioned(api = Props)]
#[derive(Clone, Debug, PartialEq)]
#[api(removed(field = legacy, ty = u32, in = 2, down = legacy_of, ignore))]
pub struct Kinds {
    /// Renamed twice.
    #[api(renamed(from = "label", in = 2), renamed(from = "title", in = 3))]
    pub name: String,
    /// Added in 2 (old requests get the default).
    #[api(added = 2, default)]
    pub count: u32,
    /// Retyped from a string in 2, with a fallible upgrade.
    #[api(retyped(from = String, in = 2, try_up = parse_amount, down = amount_text))]
    pub amount: u64,
    /// Optional before 2.
    #[api(required(in = 2, default))]
    pub weight: u32,
    /// Required before 3.
    #[api(optional(in = 3, default))]
    pub note: Option<String>,
    /// A nested versioned enum.
    pub state: State,
    /// Moved into an object in 2.
    #[api(flattened(in = 2, field(first_name: String => first), field(last_name: String => last)))]
    pub person: Person,
}

fn legacy_of(kinds: &KindsV2) -> u32 {
    kinds.count
}

fn parse_amount(text: String, _: &()) -> Result<u64, Problem> {
    text.parse()
        .map_err(|_| Problem::unprocessable("not an amount"))
}

fn amount_text(amount: u64) -> String {
    amount.to_string()
}

#[versionary::versioned(api = Props)]
#[derive(Clone, Debug, PartialEq)]
pub struct Person {
    pub first: String,
    pub last: String,
}

#[versionary::versioned(api = Props)]
#[derive(Clone, Debug, PartialEq)]
#[api(removed(variant = Draft, in = 2, up = draft_is_open))]
pub enum State {
    Open,
    #[api(renamed(from = "Shut", in = 3))]
    Closed(u8),
    #[api(added = 2, down = archived_is_open)]
    Archived {
        year: u16,
    },
}

fn draft_is_open(_: StateV1) -> StateV2 {
    StateV2::Open
}

fn archived_is_open(_: StateV2) -> StateV1 {
    StateV1::Open
}

/// A generic wrapper with its own change.
#[versionary::versioned(api = Props)]
#[derive(Clone, Debug, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    #[api(renamed(from = "more", in = 2))]
    pub has_more: bool,
}

fn state() -> impl Strategy<Value = State> {
    prop_oneof![
        Just(State::Open),
        any::<u8>().prop_map(State::Closed),
        any::<u16>().prop_map(|year| State::Archived { year }),
    ]
}

prop_compose! {
    fn kinds()(
        name in ".{0,12}",
        count in any::<u32>(),
        amount in any::<u64>(),
        weight in any::<u32>(),
        note in proptest::option::of(".{0,8}"),
        state in state(),
        first in "[a-z]{0,6}",
        last in "[a-z]{0,6}",
    ) -> Kinds {
        Kinds { name, count, amount, weight, note, state, person: Person { first, last } }
    }
}

fn round_trip<T: Serialize + DeserializeOwned>(version: u64, value: &T) -> Result<T, Problem> {
    let v = Version::Int(version);
    let state: std::sync::Arc<dyn core::any::Any + Send + Sync> = std::sync::Arc::new(());
    at_version::<Props, _>(&v, || {
        let json = serde_json::to_vec(value).expect("every shape serializes");
        versionary::select::with_app_state(state, || versionary::json::decode::<T>(&json))
    })
    .expect("declared version")
}

/// What survives a trip through `version`: fields that do not exist there come back as
/// their declared default, and values that version cannot express as their mapping.
fn at(version: u64, kinds: &Kinds) -> Kinds {
    let mut expected = kinds.clone();
    if version < 2 {
        expected.count = 0;
        expected.state = match kinds.state {
            State::Archived { .. } => State::Open,
            ref other => other.clone(),
        };
    }
    if version < 3 {
        expected.note = Some(kinds.note.clone().unwrap_or_default());
    }
    expected
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn latest_to_any_version_and_back_keeps_what_that_version_has(kinds in kinds(), version in 1u64..=3) {
        let back = round_trip(version, &kinds).map_err(|p| TestCaseError::fail(p.to_string()))?;
        prop_assert_eq!(back, at(version, &kinds));
    }

    #[test]
    fn generic_pages_round_trip(items in proptest::collection::vec(state(), 0..4), has_more in any::<bool>(), version in 1u64..=3) {
        let page = Page { items, has_more };
        let back = round_trip(version, &page).map_err(|p| TestCaseError::fail(p.to_string()))?;
        let expected: Vec<State> = page.items.iter().map(|s| match s {
            State::Archived { .. } if version < 2 => State::Open,
            other => other.clone(),
        }).collect();
        prop_assert_eq!(back, Page { items: expected, has_more });
    }

    #[test]
    fn arbitrary_version_one_values_upgrade_without_panicking(
        name in ".{0,8}", amount in ".{0,6}", weight in proptest::option::of(any::<u32>()),
        note in ".{0,4}", legacy in any::<u32>(), draft in any::<bool>(), first in ".{0,4}", last in ".{0,4}",
    ) {
        let old = KindsV1 {
            label: name,
            amount: amount.clone(),
            weight,
            note,
            state: State::Closed(1),
            first_name: first,
            last_name: last,
            legacy,
        };
        let decoded = at_version::<Props, _>(&Version::Int(1), || {
            let mut json = serde_json::to_value(&old).unwrap();
            // A variant only version 1 has.
            if draft {
                json["state"] = serde_json::json!("Draft");
            }
            prop_assert_eq!(&json["state"], &if draft { serde_json::json!("Draft") } else { serde_json::json!({"Shut": 1}) });
            let bytes = serde_json::to_vec(&json).unwrap();
            Ok(versionary::select::with_app_state(std::sync::Arc::new(()), || versionary::json::decode::<Kinds>(&bytes)))
        }).unwrap()?;
        match decoded {
            Ok(kinds) => {
                prop_assert_eq!(kinds.amount.to_string(), amount);
                prop_assert_eq!(kinds.weight, weight.unwrap_or(0));
                prop_assert_eq!(kinds.state, if draft { State::Open } else { State::Closed(1) });
            }
            Err(problem) => {
                // Only the fallible conversion may refuse, at its field.
                prop_assert!(amount.parse::<u64>().is_err(), "{problem}");
                prop_assert_eq!(problem.status(), 422);
                prop_assert_eq!(problem.get("errors").unwrap()[0]["pointer"].as_str(), Some("/amount"));
            }
        }
    }

    #[test]
    fn arbitrary_json_never_panics_in_any_version(body in ".{0,64}", version in 1u64..=3) {
        let v = Version::Int(version);
        let result = at_version::<Props, _>(&v, || {
            versionary::select::with_app_state(std::sync::Arc::new(()), || versionary::json::decode::<Kinds>(body.as_bytes()))
        }).unwrap();
        if let Err(problem) = result {
            prop_assert!(problem.status() == 400 || problem.status() == 422);
        }
    }
}
