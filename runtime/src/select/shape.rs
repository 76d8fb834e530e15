//! Which shape of a versioned type the selected version uses: asked by generated code.

use core::any::TypeId;

use crate::api::Api;

use super::selected;

/// Generated code asks which shape of a type of API `A` to use. `shape_of[i]` is the shape
/// for version `i`; `latest` is the shape used when no version is selected.
#[doc(hidden)]
pub fn __shape_index<A: Api>(shape_of: &[u8], latest: u8) -> Result<u8, ShapeError> {
    let found = match selected() {
        None => Ok(latest),
        Some(s) if s.api == TypeId::of::<A>() => shape_of
            .get(s.index())
            .copied()
            .ok_or(ShapeError::UnknownIndex),
        Some(s) => Err(ShapeError::OtherApi {
            expected: A::NAME,
            selected: s.api_name,
        }),
    };
    if let Err(error) = found {
        // Kept for a caller that wants the typed error back out of serde's (`render`).
        LAST_ERROR.set(Some(error));
    }
    found
}

std::thread_local! {
    static LAST_ERROR: core::cell::Cell<Option<ShapeError>> = const { core::cell::Cell::new(None) };
}

/// The last shape error on this thread since the last call, if any (and forgets it).
pub(crate) fn take_shape_error() -> Option<ShapeError> {
    LAST_ERROR.take()
}

/// A versioned type was encoded or decoded under a selection it cannot honour.
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub enum ShapeError {
    /// The selected version index is outside the type's table.
    UnknownIndex,
    /// The selected version belongs to another API.
    OtherApi {
        expected: &'static str,
        selected: &'static str,
    },
}

impl core::fmt::Display for ShapeError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            ShapeError::UnknownIndex => f.write_str("the selected version is not declared"),
            ShapeError::OtherApi { expected, selected } => write!(
                f,
                "a type of API `{expected}` was used while serving API `{selected}`"
            ),
        }
    }
}
