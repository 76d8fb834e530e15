//! The dates of attributes, read as the runtime reads them.

pub use versionary_internals::calendar::*;
