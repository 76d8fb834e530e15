//! The version literals of `api_versions!` and attributes, read as the runtime reads them.

pub use versionary_internals::version::Version;
