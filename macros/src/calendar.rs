//! The runtime's calendar arithmetic, compiled into the macros too.
#[path = "../../runtime/src/lifecycle/calendar.rs"]
#[allow(dead_code)]
mod shared;
pub use shared::*;
