//! The parts of the guard's mutation suite (`tests/guard.rs`).

mod judge;
mod scratch;
mod table;

pub(crate) use judge::*;
pub(crate) use scratch::*;
pub(crate) use table::*;
