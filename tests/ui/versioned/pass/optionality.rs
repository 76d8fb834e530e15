#![deny(warnings)]

versionary::api_versions! {
    pub Shop {
        1 => "Initial release",
        2 => "Second release",
        3 => "Third release",
    }
}

/// Optional before 2, required from 2; required before 3, optional from 3.
#[versionary::versioned(api = Shop)]
#[derive(Clone, Debug, PartialEq)]
pub struct Order {
    #[api(required(in = 2, default = one))]
    pub quantity: u32,
    #[api(optional(in = 3, default))]
    pub note: Option<String>,
}

fn one() -> u32 {
    1
}

fn main() {
    let upgraded = Order::from(OrderV2::from(OrderV1 { quantity: None, note: "x".into() }));
    assert_eq!(upgraded, Order { quantity: 1, note: Some("x".into()) });
    let downgraded = OrderV1::from(OrderV2::from(Order { quantity: 4, note: None }));
    assert_eq!((downgraded.quantity, downgraded.note.as_str()), (Some(4), ""));
}
