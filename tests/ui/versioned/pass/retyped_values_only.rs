#![deny(warnings)]
//! A data-only change: `distance` keeps its type and JSON shape, but version 2 counts it in
//! metres where version 1 counted kilometres. `retyped(from = <same type>, ...)` with its
//! conversions declares it: old clients send and read kilometres.

versionary::api_versions! {
    pub Routes {
        1 => "Initial release",
        2 => "Distances in metres",
    }
}

use versionary::{Version, at_version};

#[versionary::versioned(api = Routes)]
#[derive(Clone, Debug, PartialEq)]
pub struct Leg {
    pub name: String,
    /// Metres (kilometres before version 2).
    #[api(retyped(from = u32, in = 2, up = km_to_m, down = m_to_km))]
    pub distance: u32,
}

fn km_to_m(km: u32) -> u32 {
    km * 1000
}

fn m_to_km(m: &u32) -> u32 {
    m / 1000
}

fn main() {
    let leg = Leg {
        name: "ridge".to_owned(),
        distance: 12_000,
    };
    let v1 = Version::Int(1);
    let v2 = Version::Int(2);
    // Responses: version 1 gets kilometres, version 2 metres.
    let old = at_version::<Routes, _>(&v1, || serde_json::to_value(&leg).unwrap());
    assert_eq!(old, Some(serde_json::json!({"name": "ridge", "distance": 12})));
    let new = at_version::<Routes, _>(&v2, || serde_json::to_value(&leg).unwrap());
    assert_eq!(new, Some(serde_json::json!({"name": "ridge", "distance": 12000})));
    // Requests: a version 1 client's kilometres arrive as metres.
    let body = r#"{"name":"ridge","distance":3}"#;
    let read = at_version::<Routes, _>(&v1, || serde_json::from_str::<Leg>(body).unwrap());
    assert_eq!(read.map(|l| l.distance), Some(3000));
    let read = at_version::<Routes, _>(&v2, || serde_json::from_str::<Leg>(body).unwrap());
    assert_eq!(read.map(|l| l.distance), Some(3));
    // The older shape is a real type, with the same field type.
    let shape: LegV1 = leg.clone().into();
    assert_eq!(shape.distance, 12);
}
