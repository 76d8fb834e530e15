//! The API of the multi-crate test: its versions and lock here, its other types in
//! `multi_types`, its handlers in `multi_server`. A type declared beside the API shows that
//! `#[versioned]` still works in the API's own crate, named by a path (`crate::Shop`).

#![deny(warnings)]

versionary::api_versions! {
    /// A small shop, declared in one crate and served from another.
    pub Shop(lock = "shop.lock") {
        1 => "Initial release",
        2 => "Items report `in_stock` instead of `status`; prices name their `currency`; orders carry a note",
    }
}

/// A price: an amount in cents and its currency.
#[versionary::versioned(api = crate::Shop)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Price {
    /// The amount, in cents.
    pub cents: u64,
    /// The ISO 4217 code of the currency.
    #[api(renamed(from = "currency_code", in = 2))]
    pub currency: String,
}
