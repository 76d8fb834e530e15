//! A framework built on versionary, as far as `versionary-renamed-dependency` needs one: it
//! re-exports versionary, so its users need no dependency of their own and name it
//! `::my_framework::versionary` (in `api_versions!`: `crate = ::my_framework::versionary`).

#![deny(warnings)]

pub use versionary;
