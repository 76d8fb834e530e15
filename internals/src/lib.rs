//! What the `versionary` runtime and its macros must read the same way, in one place (as serde
//! shares `serde_derive_internals`): version literals, calendar dates, the lock file's
//! format, and how an endpoint's answers changed per version. A version or a date written in an attribute means at compile time exactly what
//! it means at run time, and both read a lock alike.
//!
//! Not a public API: use it through the `versionary` crate, which re-exports what users need.
//! Dependency-free, so the macro crate's build stays fast.

pub mod calendar;
pub mod history;
pub mod lock;
pub mod version;
