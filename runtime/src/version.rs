//! Version identifiers: parse, display, order.
//!
//! A service declares its versions once with [`api_versions!`](crate::api_versions), oldest
//! first. Identifiers are integers (`1`), dates (`2025-01-15`) or semantic versions
//! (`1.2.0`); one service uses one family. The same parser runs inside the macros, so a
//! version literal in an attribute means exactly what it means at run time.
//!
//! ```
//! use versionary::Version;
//!
//! let v: Version = "2025-01-15".parse().unwrap();
//! assert_eq!(v.to_string(), "2025-01-15");
//! assert!(Version::parse("2").unwrap() < Version::parse("10").unwrap());
//! assert!(Version::parse("1.10.0").unwrap() > Version::parse("1.9.3").unwrap());
//! assert!(Version::parse("2025-02-30").is_err());
//! ```

pub use versionary_internals::version::{MAX_VERSION_LEN, Version, VersionError, VersionScheme};

/// One declared version of a service, as written in [`api_versions!`](crate::api_versions).
///
/// ```
/// use versionary::{Api, Version};
///
/// versionary::api_versions! {
///     pub Shop {
///         1 => "Initial release",
///         2 => "Prices are integers of cents",
///     }
/// }
///
/// let second = &Shop::VERSIONS[1];
/// assert_eq!(second.version, Version::Int(2));
/// assert_eq!(second.label, "2");
/// assert_eq!(second.description, "Prices are integers of cents");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VersionInfo {
    /// The parsed identifier.
    pub version: Version,
    /// The identifier as it appears in URLs and headers (its canonical spelling).
    pub label: &'static str,
    /// What changed in this version, for documents and the changelog.
    pub description: &'static str,
    /// When the version was released (`YYYY-MM-DD`), if declared:
    /// `2 => "What changed" { released = "2025-01-15" }`.
    pub released: Option<&'static str>,
    /// Under development (`3 => "..." { unreleased }`): not served, listed or advertised
    /// unless the service enables a preview ([`ApiBuilder::preview_header`](crate::ApiBuilder::preview_header)).
    pub unreleased: bool,
    /// From this date (`YYYY-MM-DD`) on, responses of this version carry `Deprecation`,
    /// `Sunset` and `Link` headers: `1 => "..." { deprecated = "2025-01-15" }`.
    pub deprecated: Option<&'static str>,
    /// From this date on, the version answers `410 Gone` naming its successor.
    pub sunset: Option<&'static str>,
}
