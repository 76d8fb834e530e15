//! The response headers that name versions, shared by the router, the lifecycle headers and
//! the framework's answers (public as `versionary::API_VERSION` and
//! `versionary::route::API_VERSION`, and the same for `API_SUPPORTED_VERSIONS`).

use http::HeaderName;

/// Response header naming the version a response was served as.
///
/// ```
/// assert_eq!(versionary::API_VERSION.as_str(), "api-version");
/// ```
pub const API_VERSION: HeaderName = HeaderName::from_static("api-version");
/// Response header listing every supported version, oldest first.
///
/// ```
/// assert_eq!(versionary::API_SUPPORTED_VERSIONS.as_str(), "api-supported-versions");
/// ```
pub const API_SUPPORTED_VERSIONS: HeaderName = HeaderName::from_static("api-supported-versions");
