//! Generated shapes and conversions, through four changes over five versions, in both
//! directions; serde at every version; nesting in unchanged outer types.

use serde_json::json;
use versionary::{Version, Versioned, at_version};

versionary::api_versions! {
    pub Catalog {
        1 => "Initial release",
        2 => "`code` renamed to `sku`",
        3 => "`price` widened from u32 to u64 and renamed `price_cents`",
        4 => "`colour` removed; `stock` added",
        5 => "Nothing changed for items",
    }
}

#[versionary::versioned(api = Catalog)]
#[derive(Clone, Debug, PartialEq)]
#[api(removed(field = colour, ty = String, in = 4, down = item_colour, up = keep_colour))]
pub struct Item {
    #[api(renamed(from = "code", in = 2))]
    pub sku: String,
    #[api(renamed(from = "price", in = 3), retyped(from = u32, in = 3, up = widen, down = narrow))]
    pub price_cents: u64,
    pub name: String,
    #[api(added = 4, default)]
    pub stock: u32,
}

fn item_colour(item: &Item) -> String {
    format!("colour of {}", item.sku)
}

fn keep_colour(colour: String, item: &mut Item) {
    item.name = format!("{} ({colour})", item.name);
}

fn widen(price: u32) -> u64 {
    u64::from(price)
}

fn narrow(price: u64) -> u32 {
    u32::try_from(price).unwrap_or(u32::MAX)
}

/// Unchanged outer type: its old shapes follow `Item`'s without any code here.
#[versionary::versioned(api = Catalog)]
#[derive(Clone, Debug, PartialEq)]
pub struct Basket {
    pub items: Vec<Item>,
    pub featured: Option<Item>,
    pub by_sku: std::collections::BTreeMap<String, Item>,
}

fn latest() -> Item {
    Item {
        sku: "A-1".into(),
        price_cents: 1250,
        name: "Pen".into(),
        stock: 7,
    }
}

fn v(n: u64) -> Version {
    Version::Int(n)
}

#[test]
fn shapes_map_onto_versions() {
    assert_eq!(Item::SHAPE_OF, &[0, 1, 2, 3, 3]);
    assert_eq!(Item::SHAPE_NAMES, &["ItemV1", "ItemV2", "ItemV3", "Item"]);
    assert_eq!(Basket::SHAPE_OF, &[0, 0, 0, 0, 0]);
}

#[test]
fn downgrade_composes_through_every_intermediate_shape() {
    let v3 = ItemV3::from(latest());
    assert_eq!(
        v3,
        ItemV3 {
            sku: "A-1".into(),
            price_cents: 1250,
            name: "Pen".into(),
            colour: "colour of A-1".into(),
        }
    );
    let v2 = ItemV2::from(v3);
    assert_eq!(v2.price, 1250u32);
    assert_eq!(v2.sku, "A-1");
    let v1 = ItemV1::from(v2);
    assert_eq!(
        v1,
        ItemV1 {
            code: "A-1".into(),
            price: 1250,
            name: "Pen".into(),
            colour: "colour of A-1".into(),
        }
    );
}

#[test]
fn downgrade_applies_the_declared_conversion() {
    let mut big = latest();
    big.price_cents = u64::from(u32::MAX) + 10;
    assert_eq!(ItemV2::from(ItemV3::from(big)).price, u32::MAX);
}

#[test]
fn upgrade_composes_through_every_intermediate_shape() {
    let v1 = ItemV1 {
        code: "B-2".into(),
        price: 99,
        name: "Ink".into(),
        colour: "blue".into(),
    };
    let item = Item::from(ItemV3::from(ItemV2::from(v1)));
    assert_eq!(
        item,
        Item {
            sku: "B-2".into(),
            price_cents: 99,
            name: "Ink (blue)".into(),
            stock: 0,
        }
    );
}

#[test]
fn each_version_serializes_in_its_own_shape() {
    let item = latest();
    let at = |n| at_version::<Catalog, _>(&v(n), || serde_json::to_value(&item).unwrap()).unwrap();
    assert_eq!(
        at(1),
        json!({"code": "A-1", "price": 1250, "name": "Pen", "colour": "colour of A-1"})
    );
    assert_eq!(
        at(2),
        json!({"sku": "A-1", "price": 1250, "name": "Pen", "colour": "colour of A-1"})
    );
    assert_eq!(
        at(3),
        json!({"sku": "A-1", "price_cents": 1250, "name": "Pen", "colour": "colour of A-1"})
    );
    assert_eq!(
        at(4),
        json!({"sku": "A-1", "price_cents": 1250, "name": "Pen", "stock": 7})
    );
    assert_eq!(at(5), at(4));
    // No version selected: the latest shape.
    assert_eq!(serde_json::to_value(&item).unwrap(), at(5));
}

#[test]
fn each_version_deserializes_its_own_shape_and_upgrades() {
    let read = |n, body: serde_json::Value| {
        at_version::<Catalog, _>(&v(n), || serde_json::from_value::<Item>(body)).unwrap()
    };
    let from_v1 = read(
        1,
        json!({"code": "C", "price": 5, "name": "Cap", "colour": "red"}),
    )
    .unwrap();
    assert_eq!(
        from_v1,
        Item {
            sku: "C".into(),
            price_cents: 5,
            name: "Cap (red)".into(),
            stock: 0
        }
    );
    let from_v3 = read(
        3,
        json!({"sku": "C", "price_cents": 5, "name": "Cap", "colour": "red"}),
    )
    .unwrap();
    assert_eq!(from_v3, from_v1);
    let from_v4 = read(
        4,
        json!({"sku": "C", "price_cents": 5, "name": "Cap", "stock": 3}),
    )
    .unwrap();
    assert_eq!(from_v4.stock, 3);
    // A field of another version is refused, naming the field.
    let error = read(
        1,
        json!({"sku": "C", "price": 5, "name": "Cap", "colour": "red"}),
    )
    .unwrap_err();
    assert!(error.to_string().contains("sku"), "{error}");
    let error = read(
        4,
        json!({"sku": "C", "price_cents": 5, "name": "Cap", "stock": 1, "colour": "red"}),
    )
    .unwrap_err();
    assert!(error.to_string().contains("colour"), "{error}");
    // A field required in that version is required.
    let error = read(2, json!({"sku": "C", "name": "Cap", "colour": "red"})).unwrap_err();
    assert!(error.to_string().contains("price"), "{error}");
}

#[test]
fn nested_types_follow_the_selected_version() {
    let basket = Basket {
        items: vec![latest()],
        featured: Some(latest()),
        by_sku: [("A-1".to_owned(), latest())].into(),
    };
    let v1 = at_version::<Catalog, _>(&v(1), || serde_json::to_value(&basket).unwrap()).unwrap();
    let old = json!({"code": "A-1", "price": 1250, "name": "Pen", "colour": "colour of A-1"});
    assert_eq!(
        v1,
        json!({"items": [old.clone()], "featured": old.clone(), "by_sku": {"A-1": old}})
    );
    let back = at_version::<Catalog, _>(&v(1), || {
        serde_json::from_value::<Basket>(v1.clone()).unwrap()
    })
    .unwrap();
    assert_eq!(back.items[0].name, "Pen (colour of A-1)");
    assert_eq!(back.items[0].stock, 0);
}

#[test]
fn undeclared_versions_select_nothing() {
    assert!(at_version::<Catalog, _>(&v(6), || ()).is_none());
    assert!(at_version::<Catalog, _>(&Version::parse("2025-01-01").unwrap(), || ()).is_none());
}

mod other {
    versionary::api_versions! {
        pub Other {
            1 => "Initial release",
            2 => "Second",
        }
    }
}

#[test]
fn a_type_served_under_another_api_is_an_error_not_a_guess() {
    let error = at_version::<other::Other, _>(&v(1), || serde_json::to_string(&latest()))
        .unwrap()
        .unwrap_err();
    assert!(error.to_string().contains("Catalog"), "{error}");
}
