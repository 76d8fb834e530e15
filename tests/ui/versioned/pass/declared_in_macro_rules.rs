#![deny(warnings)]
//! A response type declared by a `macro_rules!` macro, with `down` functions (a retyped
//! field and a removed one): the generated code calls them on the latest value, whose
//! `self` has the hygiene of the `#[versioned]` item, not of the macro that names `down`.

versionary::api_versions! {
    pub Counters {
        1 => "Initial release",
        2 => "Counts are numbers; the label is gone",
    }
}

use versionary::{Version, at_version};

macro_rules! counter {
    ($name:ident) => {
        #[versionary::versioned(api = Counters, response)]
        #[derive(Clone, Debug)]
        #[api(removed(field = label, ty = String, in = 2, down = label_of))]
        pub struct $name {
            #[api(retyped(from = String, in = 2, down = text))]
            pub n: u32,
        }

        fn text(n: &u32) -> String {
            n.to_string()
        }

        fn label_of(counter: &$name) -> String {
            format!("count {}", counter.n)
        }
    };
}

counter!(Counter);

// The other conversions too: a type used both ways (`up` beside `down`, a field added with
// a default) and an enum with a value added.
macro_rules! both_ways {
    ($name:ident, $kind:ident, $kind_v1:ident) => {
        #[versionary::versioned(api = Counters)]
        #[derive(Clone, Debug)]
        #[api(removed(field = label, ty = String, in = 2, down = tally_label, up = label_up))]
        pub struct $name {
            #[api(retyped(from = String, in = 2, down = tally_text, up = parse))]
            pub n: u32,
            #[api(added = 2, default)]
            pub extra: u8,
        }

        fn tally_text(n: &u32) -> String {
            n.to_string()
        }

        fn parse(s: String) -> u32 {
            s.parse().unwrap_or(0)
        }

        fn tally_label(t: &$name) -> String {
            format!("tally {}", t.n)
        }

        fn label_up(_: String, _: &mut $name) {}

        #[versionary::versioned(api = Counters)]
        #[derive(Clone, Debug)]
        pub enum $kind {
            Plain,
            #[api(added = 2, down = kind_down)]
            Fancy,
        }

        fn kind_down(_: $kind) -> $kind_v1 {
            $kind_v1::Plain
        }
    };
}

both_ways!(Tally, Kind, KindV1);

fn main() {
    let counter = Counter { n: 7 };
    let v1 = at_version::<Counters, _>(&Version::Int(1), || {
        serde_json::to_value(&counter).unwrap()
    });
    assert_eq!(
        v1,
        Some(serde_json::json!({"n": "7", "label": "count 7"}))
    );
    let v2 = at_version::<Counters, _>(&Version::Int(2), || serde_json::to_value(&counter).unwrap());
    assert_eq!(v2, Some(serde_json::json!({"n": 7})));

    let v1 = Version::Int(1);
    let tally = at_version::<Counters, _>(&v1, || {
        serde_json::from_str::<Tally>(r#"{"n":"5","label":"x"}"#).unwrap()
    })
    .unwrap();
    assert_eq!((tally.n, tally.extra), (5, 0));
    let written = at_version::<Counters, _>(&v1, || serde_json::to_value(&tally).unwrap());
    assert_eq!(
        written,
        Some(serde_json::json!({"n": "5", "label": "tally 5"}))
    );
    let kind = at_version::<Counters, _>(&v1, || serde_json::to_value(Kind::Fancy).unwrap());
    assert_eq!(kind, Some(serde_json::json!("Plain")));
}
