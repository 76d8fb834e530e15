//! The runtime's version parser, shared so a literal means the same at compile and run time.
#[path = "../../runtime/src/version/parse.rs"]
mod parse;

pub use parse::Version;
