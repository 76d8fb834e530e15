//! The service marker trait that [`api_versions!`](crate::api_versions) implements.

use crate::version::{Version, VersionInfo};

/// A versioned service: its name, its declared versions (oldest first) and the axum state
/// its handlers share. Implemented by [`api_versions!`](crate::api_versions); do not
/// implement it by hand.
///
/// ```
/// use versionary::Api;
///
/// versionary::api_versions! {
///     pub Calendar {
///         "2024-06-01" => "Initial release",
///         "2025-01-15" => "Events carry a time zone",
///     }
/// }
///
/// assert_eq!(Calendar::NAME, "Calendar");
/// assert_eq!(Calendar::VERSIONS.len(), 2);
/// assert_eq!(Calendar::index_of(&"2025-01-15".parse().unwrap()), Some(1));
/// assert_eq!(Calendar::latest().label, "2025-01-15");
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an API declared with `versionary::api_versions!`",
    label = "expected the name given to `api_versions!`",
    note = "declare the service once: `versionary::api_versions! {{ pub MyApi {{ 1 => \"Initial release\" }} }}`"
)]
pub trait Api: Send + Sync + 'static {
    /// The axum state handed to every handler of this service (`()` when none).
    type State: Clone + Send + Sync + 'static;
    /// The name given in `api_versions!`.
    const NAME: &'static str;
    /// Every declared version, oldest first. Never empty.
    const VERSIONS: &'static [VersionInfo];
    /// Where the lock of released versions is (`lock = "..."` in `api_versions!`, resolved
    /// beside the file that declares the API), if the API has one.
    const LOCK: Option<&'static str> = None;
    /// The lock's text as it was when the crate was compiled (`None` without a lock), so
    /// `ApiBuilder::build` can refuse to start a service that lost a released endpoint.
    const LOCK_TEXT: Option<&'static str> = None;
    /// The least number of days between a deprecation and its sunset
    /// (`notice_days = 60` in `api_versions!`), enforced by the macros.
    const NOTICE_DAYS: u32 = 0;
    /// Where integrators read the deprecation policy (`deprecation_policy = "https://..."`):
    /// linked from deprecated responses with `rel="deprecation"`.
    const DEPRECATION_POLICY: Option<&'static str> = None;

    /// The position of `version` in [`Api::VERSIONS`], if it is declared.
    fn index_of(version: &Version) -> Option<usize> {
        Self::VERSIONS.iter().position(|v| v.version == *version)
    }

    /// The newest declared version.
    fn latest() -> &'static VersionInfo {
        &Self::VERSIONS[Self::VERSIONS.len() - 1]
    }
}
