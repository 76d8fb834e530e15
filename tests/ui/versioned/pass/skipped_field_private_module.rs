#![deny(warnings)]
//! A `#[serde(skip)]` field of a type with a `removed` history, declared in a private
//! module: the generated older shapes carry the field too, and no warning (`dead_code`:
//! "field is never read") may come out of them.

versionary::api_versions! {
    pub Notes {
        1 => "Initial release",
        2 => "Notes lose their author",
    }
}

mod notes {
    #[versionary::versioned(api = crate::Notes, response)]
    #[derive(Clone, Debug, Default)]
    #[api(removed(field = author, ty = String, in = 2, down = author_of))]
    pub(crate) struct Note {
        pub(crate) text: String,
        #[serde(skip)]
        pub(crate) hidden: u32,
    }

    fn author_of(_: &Note) -> String {
        "unknown".to_owned()
    }

    pub(crate) fn note() -> Note {
        Note {
            text: "hello".to_owned(),
            hidden: 3,
        }
    }
}

use versionary::{Version, at_version};

fn main() {
    let note = notes::note();
    let v1 = at_version::<Notes, _>(&Version::Int(1), || serde_json::to_value(&note).unwrap());
    assert_eq!(
        v1,
        Some(serde_json::json!({"text": "hello", "author": "unknown"}))
    );
    let v2 = at_version::<Notes, _>(&Version::Int(2), || serde_json::to_value(&note).unwrap());
    assert_eq!(v2, Some(serde_json::json!({"text": "hello"})));
    assert_eq!(note.hidden, 3);
}
