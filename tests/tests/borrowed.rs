//! Older response shapes are written from a borrow of the latest value (issue 18): no clone
//! of the value, the same bytes as the `From` chain of the public older shapes, and a
//! `down` function that takes ownership gets a clone of its own field only.

use std::cell::Cell;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use versionary::{Version, at_version};

versionary::api_versions! {
    pub Ledger {
        1 => "Initial release",
        2 => "`code` renamed to `id`; `label` is a tag; `note` may be absent",
        3 => "`balance` widened; `owner` required; `street` and `city` moved out of `address`",
        4 => "`status` removed; `first_name` and `last_name` moved into `name`",
    }
}

thread_local! {
    /// How many `Tag`s this thread has cloned.
    static CLONES: Cell<usize> = const { Cell::new(0) };
}

/// A string whose clones are counted.
#[versionary::leaf(api = Ledger)]
#[derive(Debug, PartialEq, Serialize, Deserialize, versionary::schemars::JsonSchema)]
#[schemars(crate = "versionary::schemars")]
#[serde(transparent)]
pub struct Tag(String);

impl Clone for Tag {
    fn clone(&self) -> Self {
        CLONES.with(|c| c.set(c.get() + 1));
        Tag(self.0.clone())
    }
}

fn tag(text: &str) -> Tag {
    Tag(text.to_owned())
}

/// A person's name, unchanged across versions.
#[versionary::versioned(api = Ledger, response)]
#[derive(Clone, Debug, PartialEq)]
pub struct Name {
    pub first: Tag,
    pub last: Tag,
}

/// Every kind of response change, each written from a borrow at older versions.
#[versionary::versioned(api = Ledger, response)]
#[derive(Clone, Debug, PartialEq)]
#[api(removed(field = status, ty = String, in = 4, down = status_of))]
#[api(nested(field = address, in = 3, field(street => line1), field(city => town)))]
pub struct Account {
    #[api(renamed(from = "code", in = 2))]
    pub id: Tag,
    /// A `down` function taking a reference.
    #[api(retyped(from = u32, in = 3, down = narrow))]
    pub balance: u64,
    /// A `down` function taking ownership: only this field is cloned.
    #[api(retyped(from = String, in = 2, down = label_text))]
    pub label: Tag,
    #[api(required(in = 3))]
    pub owner: Tag,
    #[api(optional(in = 2, default = no_note))]
    pub note: Option<Tag>,
    #[api(flattened(in = 4, field(first_name: Tag => first), field(last_name: Tag => last)))]
    pub name: Name,
    pub street: Tag,
    pub city: Tag,
    pub active: bool,
    pub history: Vec<Name>,
}

fn status_of(account: &Account) -> String {
    if account.active { "open" } else { "closed" }.to_owned()
}

fn narrow(balance: &u64) -> u32 {
    u32::try_from(*balance).unwrap_or(u32::MAX)
}

fn label_text(label: Tag) -> String {
    label.0
}

fn no_note() -> Tag {
    tag("none")
}

/// A response type that does not implement `Clone`: its older shapes need none.
#[versionary::versioned(api = Ledger, response)]
#[derive(Debug)]
pub struct Receipt {
    #[api(renamed(from = "ref", in = 2))]
    pub reference: Tag,
    #[api(added = 3)]
    pub total: u64,
}

fn account() -> Account {
    Account {
        id: tag("acc-1"),
        balance: 5_000_000_000,
        label: tag("savings"),
        owner: tag("ada"),
        note: None,
        name: Name {
            first: tag("Ada"),
            last: tag("Lovelace"),
        },
        street: tag("1 St James's Square"),
        city: tag("London"),
        active: true,
        history: vec![Name {
            first: tag("Augusta"),
            last: tag("Byron"),
        }],
    }
}

fn write<T: Serialize>(version: u64, value: &T) -> Value {
    at_version::<Ledger, _>(&Version::Int(version), || {
        serde_json::to_value(value).unwrap()
    })
    .unwrap()
}

fn clones_while<R>(f: impl FnOnce() -> R) -> (R, usize) {
    let before = CLONES.with(Cell::get);
    let out = f();
    (out, CLONES.with(Cell::get) - before)
}

#[test]
fn every_older_shape_is_written_as_the_from_chain_writes_it() {
    let latest = account();
    let v3 = AccountV3::from(latest.clone());
    let v2 = AccountV2::from(v3.clone());
    let v1 = AccountV1::from(v2.clone());
    // The public shapes, serialized outside any version, against the latest value written
    // in each version.
    assert_eq!(write(3, &latest), serde_json::to_value(&v3).unwrap());
    assert_eq!(write(2, &latest), serde_json::to_value(&v2).unwrap());
    assert_eq!(write(1, &latest), serde_json::to_value(&v1).unwrap());
    assert_eq!(
        write(1, &latest),
        json!({
            "code": "acc-1",
            "balance": u32::MAX,
            "label": "savings",
            "owner": "ada",
            "note": "none",
            "first_name": "Ada",
            "last_name": "Lovelace",
            "address": {"line1": "1 St James's Square", "town": "London"},
            "active": true,
            "history": [{"first": "Augusta", "last": "Byron"}],
            "status": "open",
        })
    );
    assert_eq!(
        write(4, &latest)["name"],
        json!({"first": "Ada", "last": "Lovelace"})
    );
}

#[test]
fn only_the_field_an_owning_down_function_needs_is_cloned() {
    let latest = account();
    let (_, clones) = clones_while(|| write(4, &latest));
    assert_eq!(clones, 0, "the latest version clones nothing");
    for version in [2, 3] {
        let (_, clones) = clones_while(|| write(version, &latest));
        assert_eq!(
            clones, 0,
            "version {version} is renames, moves and borrows only"
        );
    }
    let (_, clones) = clones_while(|| write(1, &latest));
    assert_eq!(clones, 1, "version 1: only `label`, for `label_text`");
    // Cloning the whole value, as serving an old version used to, clones nine tags.
    let (_, clones) = clones_while(|| latest.clone());
    assert_eq!(clones, 9);
}

#[test]
fn a_present_optional_value_is_written_from_a_borrow() {
    let mut latest = account();
    latest.note = Some(tag("vip"));
    let (body, clones) = clones_while(|| write(1, &latest));
    assert_eq!(body["note"], json!("vip"));
    assert_eq!(clones, 1);
}

#[test]
fn a_response_type_without_clone_is_served_at_older_versions() {
    let receipt = Receipt {
        reference: tag("r-9"),
        total: 12,
    };
    assert_eq!(write(1, &receipt), json!({"ref": "r-9"}));
    assert_eq!(write(2, &receipt), json!({"reference": "r-9"}));
    assert_eq!(write(3, &receipt), json!({"reference": "r-9", "total": 12}));
    // The public older shapes and their conversions are still there.
    let v1 = ReceiptV1::from(ReceiptV2::from(receipt));
    assert_eq!(v1.r#ref, tag("r-9"));
}
