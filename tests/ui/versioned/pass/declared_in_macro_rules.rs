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
}
