//! The dates of attributes, read as the runtime reads them.

pub use verso_internals::calendar::*;
