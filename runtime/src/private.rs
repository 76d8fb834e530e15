//! The boundary of the generated code: every item `#[versioned]`, `#[endpoint]`, `#[leaf]`
//! and `api_versions!` expansions name, as `::versionary::__private::...` (see
//! `macros/src/private.rs`). Not a public API: it changes without notice.
//!
//! Mounted at the crate root as `#[doc(hidden)] pub mod __private`; the paths below are what
//! the macros write, so they change only together with the macros.

pub use axum;
pub use inventory;
pub use schemars;
pub use serde;

/// The generic half of the lean `Deserialize` of plain versioned structs.
pub mod de {
    pub use crate::de::{Chunks, read_struct};
}
/// The generic half of the lean `Serialize` of plain versioned structs.
pub mod ser {
    pub use crate::ser::{Object, OrOwned, or_else, write_struct};
}
pub use crate::down::{ByRef, ByValue, DownOwned, DownRef, down_owned, down_ref};
/// The generic half of the lean `JsonSchema` of plain versioned structs.
pub mod schema {
    pub use crate::schema::{Property, object, property};
}
pub use crate::describe::converted::{
    AnswerProbe, Body, DescribeAny, DescribeNothing, DescribeTyped,
};
pub use crate::describe::{__at_version, __described, __generic_name, Operation};
pub use versionary_macros::__expand;

// The public traits and types generated code implements or names, so that it reaches
// the runtime only through this module.
pub use crate::api::Api;
pub use crate::problem::Problem;
pub use crate::types::{ApiType, Versioned};
pub use crate::version::{Version, VersionInfo};

pub use crate::event::{Declared as DeclaredEvent, Event};
pub use crate::lock::Contract;
pub use crate::model::endpoint::{Endpoint, MakeRoute, Move, Signature};
pub use crate::model::event::EventEntry;
pub use crate::model::history::{__answer, Change, ChangeKind};
pub use crate::route::endpoint::__method_router;
pub use crate::select::shape::{__shape_index, ShapeError};
pub use crate::select::state::{field_failed, with_state};
pub use crate::types::Recorded;
pub use axum::response::Response;
pub use http::{HeaderMap, HeaderValue};

/// `Clone`, asked for with a message that says why.
#[diagnostic::on_unimplemented(
    message = "`{Self}` must implement `Clone`: its older response shapes are converted from a copy",
    label = "add `#[derive(Clone)]` to this type",
    note = "an enum, or a struct with serde attributes or type parameters, whose shape changed across versions is cloned and downgraded when an older version is served (a plain struct is written from a borrow and needs no `Clone`)"
)]
pub trait CloneForOlderVersions: Sized {
    /// Clones the value.
    fn __versionary_clone(&self) -> Self;
}
impl<T: ::core::clone::Clone> CloneForOlderVersions for T {
    fn __versionary_clone(&self) -> Self {
        self.clone()
    }
}

/// Copies a response value so it can be downgraded to an older shape.
pub fn clone_for_older<T: CloneForOlderVersions>(value: &T) -> T {
    value.__versionary_clone()
}

/// `Default::default()` for a request field added in a later version.
pub fn default_value<T: ::core::default::Default>() -> T {
    T::default()
}
