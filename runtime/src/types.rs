//! What may appear in a versioned API: versioned types and declared leaves.

use crate::api::Api;

/// A type that may appear in a request or response of a versioned API: a `#[versioned]`
/// type, a leaf whose JSON shape never depends on the version (strings, numbers, `bool`),
/// or a standard container of those (`Option`, `Vec`, `Box`, maps, arrays).
///
/// Every field of a `#[versioned]` type and every `Json<T>` body must be an `ApiType`, so no
/// unversioned type can change a released contract unnoticed. It is implemented by the
/// attributes that record a type's contract in the lock, never by hand: `#[versioned]`
/// for a type with a history, and [`leaf`](crate::leaf) for your own types whose JSON never
/// changes (codes, identifiers, validated strings, filters):
///
/// ```
/// versionary::api_versions! { pub Shop { 1 => "Initial release" } }
///
/// /// How an order is paid.
/// #[versionary::leaf(api = Shop)]
/// #[derive(serde::Serialize, serde::Deserialize)]
/// #[serde(rename_all = "kebab-case")]
/// pub enum PaymentMethod {
///     Card,
///     BankTransfer,
/// }
///
/// fn is_api_type<T: versionary::ApiType>() {}
/// is_api_type::<PaymentMethod>();
/// ```
///
/// Foreign types are covered by versionary itself (scalars, `String`, standard containers).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a versioned type, so it cannot appear in a versioned API",
    label = "not versioned: its shape could change a released version unnoticed",
    note = "add `#[versionary::versioned(api = YourApi)]` to `{Self}`, or, if its JSON shape never changes, `#[versionary::leaf(api = YourApi)]`: both record its contract in the lock"
)]
pub trait ApiType: Recorded {
    /// Whether decoding this type (in some version) runs a conversion that needs the
    /// application state (`try_up = ...`). Computed by `#[versioned]`; leaves need none.
    const NEEDS_STATE: bool = false;
}

/// The contract of the type is recorded in the lock: implemented by `#[versioned]` and
/// `#[leaf]`, and by versionary for the foreign types it knows. Not for hand-written impls: a
/// type that implements `ApiType` by hand would escape the guard.
#[doc(hidden)]
#[diagnostic::on_unimplemented(
    message = "`{Self}` implements `ApiType` by hand, so its contract escapes the lock",
    label = "its JSON could change a released version unnoticed",
    note = "remove the `impl ApiType for {Self}` and put `#[versionary::leaf(api = YourApi)]` on `{Self}` (or `#[versionary::versioned(api = YourApi)]` if it has a history): they record its contract"
)]
pub trait Recorded {}

macro_rules! leaves {
    ($($t:ty),* $(,)?) => { $(impl Recorded for $t {} impl ApiType for $t {})* };
}

leaves!(
    bool,
    char,
    u8,
    u16,
    u32,
    u64,
    u128,
    usize,
    i8,
    i16,
    i32,
    i64,
    i128,
    isize,
    f32,
    f64,
    String,
    str,
    (),
);

// Untyped JSON: any value goes. The lock records the field or body as `Value`, so a
// change *to* or *from* it is guarded, but nothing inside it is.
leaves!(
    serde_json::Value,
    serde_json::Map<String, serde_json::Value>
);

macro_rules! containers {
    ($([$($generics:tt)*] $t:ty => $($inner:ty),+;)*) => {
        $(impl<$($generics)*> Recorded for $t {}
        impl<$($generics)*> ApiType for $t {
            const NEEDS_STATE: bool = false $(|| <$inner as ApiType>::NEEDS_STATE)+;
        })*
    };
}

containers! {
    [T: ApiType + ?Sized] &T => T;
    [T: ApiType + ?Sized] Box<T> => T;
    [T: ApiType] Option<T> => T;
    [T: ApiType] Vec<T> => T;
    [T: ApiType] [T] => T;
    [T: ApiType, const N: usize] [T; N] => T;
    [K: ApiType, V: ApiType, H] std::collections::HashMap<K, V, H> => K, V;
    [K: ApiType, V: ApiType] std::collections::BTreeMap<K, V> => K, V;
    [T: ApiType] std::collections::BTreeSet<T> => T;
    [T: ApiType, H] std::collections::HashSet<T, H> => T;
    [T: ApiType + ToOwned + ?Sized] std::borrow::Cow<'_, T> => T;
    [T: ApiType + ?Sized] std::sync::Arc<T> => T;
    [A: ApiType] (A,) => A;
    [A: ApiType, B: ApiType] (A, B) => A, B;
    [A: ApiType, B: ApiType, C: ApiType] (A, B, C) => A, B, C;
    [A: ApiType, B: ApiType, C: ApiType, D: ApiType] (A, B, C, D) => A, B, C, D;
}

/// Implemented by `#[versioned]` for every versioned type: which API it belongs to and how
/// its shapes map onto that API's versions. Generated; do not implement by hand.
///
/// ```
/// use versionary::Versioned;
///
/// versionary::api_versions! {
///     pub Shop {
///         1 => "Initial release",
///         2 => "Items carry a price",
///         3 => "No change to items",
///     }
/// }
///
/// #[versionary::versioned(api = Shop, response)]
/// #[derive(Clone)]
/// pub struct Item {
///     pub name: String,
///     #[api(added = 2)]
///     pub price: u32,
/// }
///
/// assert_eq!(Item::NAME, "Item");
/// // Versions 1, 2, 3 use shapes 0 (`ItemV1`), 1 (`Item`), 1.
/// assert_eq!(Item::SHAPE_OF, &[0, 1, 1]);
/// assert_eq!(Item::SHAPE_NAMES, &["ItemV1", "Item"]);
/// ```
pub trait Versioned: ApiType {
    /// The API whose versions this type follows.
    type Api: Api;
    /// The type's name.
    const NAME: &'static str;
    /// For each version of the API (by position), the index of the shape it uses.
    const SHAPE_OF: &'static [u8];
    /// The name of the Rust type of each shape, oldest first; the last is the type itself.
    const SHAPE_NAMES: &'static [&'static str];
}
