//! Properties of version parsing: display and parse round-trip, ordering agrees with the
//! numbers, and no input panics.

use proptest::prelude::*;
use versionary::{MAX_VERSION_LEN, Version};

proptest! {
    #[test]
    fn integers_round_trip_and_order(a in 0u64..u64::MAX, b in 0u64..u64::MAX) {
        let (va, vb) = (Version::Int(a), Version::Int(b));
        prop_assert_eq!(Version::parse(&va.to_string()), Ok(va));
        prop_assert_eq!(va.cmp(&vb), a.cmp(&b));
    }

    #[test]
    fn dates_round_trip_and_order(y in 1000u16..9999, m in 1u8..=12, d in 1u8..=28, y2 in 1000u16..9999) {
        let v = Version::Date { year: y, month: m, day: d };
        prop_assert_eq!(Version::parse(&v.to_string()), Ok(v));
        let later = Version::Date { year: y2, month: m, day: d };
        prop_assert_eq!(v.cmp(&later), y.cmp(&y2));
    }

    #[test]
    fn semver_round_trips_and_orders_numerically(a in 0u64..1000, b in 0u64..1000, c in 0u64..1000, b2 in 0u64..1000) {
        let v = Version::Semver { major: a, minor: b, patch: c };
        prop_assert_eq!(Version::parse(&v.to_string()), Ok(v));
        let other = Version::Semver { major: a, minor: b2, patch: c };
        prop_assert_eq!(v.cmp(&other), b.cmp(&b2));
    }

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,80}") {
        if let Ok(v) = Version::parse(&text) {
            // Anything accepted has exactly one spelling.
            prop_assert_eq!(v.to_string(), text.clone());
        }
        prop_assert!(text.len() <= MAX_VERSION_LEN || Version::parse(&text).is_err());
    }
}

#[test]
fn malformed_versions_are_rejected() {
    for bad in [
        "",
        "v1",
        "01",
        "1.2",
        "1.2.3.4",
        "2025-1-15",
        "2025-02-29",
        "1e3",
        " 1",
        "1.02.3",
    ] {
        assert!(Version::parse(bad).is_err(), "{bad:?} was accepted");
    }
    assert!(Version::parse("2024-02-29").is_ok());
    assert!(Version::parse(&"1".repeat(33)).is_err());
}
