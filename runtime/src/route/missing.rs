//! [`MissingVersion`]: what a request that names no version is served, and the
//! [`Resolver`] a service may give for it.

use core::future::Future;
use core::pin::Pin;
use std::sync::Arc;

use crate::version::Version;

/// Resolves the version of a request that names none (for example by API key).
pub type Resolver = Arc<
    dyn Fn(&http::request::Parts) -> Pin<Box<dyn Future<Output = Option<Version>> + Send>>
        + Send
        + Sync,
>;

/// What to do with a request that names no version. There is no implicit default: a
/// service chooses.
#[derive(Clone, Default)]
#[non_exhaustive]
pub enum MissingVersion {
    /// Answer 404 (path versioning) or 400 (other sources), listing supported versions.
    #[default]
    Reject,
    /// Serve this version.
    Default(Version),
    /// Serve the newest released version (an `{ unreleased }` one is never the default).
    Latest,
    /// Serve the oldest released version: a client that never names a version keeps the
    /// contract it started with (ASP.NET API Versioning's default). When that version is
    /// past its sunset, such requests get its 410 answer, as if they had named it.
    ///
    /// ```
    /// # versionary::api_versions! { pub Shop { 1 => "Initial release", 2 => "Second" } }
    /// # #[versionary::endpoint(GET "/items", api = Shop)]
    /// # async fn items() -> &'static str { "items" }
    /// use versionary::{ApiBuilder, MissingVersion, VersionFrom};
    ///
    /// let app: axum::Router = ApiBuilder::<Shop>::new()
    ///     .select_version(VersionFrom::header("api-version"))
    ///     .missing_version(MissingVersion::Oldest)
    ///     .build(())
    ///     .expect("a valid API");
    /// ```
    Oldest,
    /// Ask an async resolver (for example: the version pinned to the client's API key);
    /// `None` rejects the request as [`MissingVersion::Reject`] would.
    Resolve(Resolver),
}

impl MissingVersion {
    /// A resolver from an async function of the request head.
    ///
    /// ```
    /// use versionary::{MissingVersion, Version};
    ///
    /// let pinned = MissingVersion::resolve(|parts| {
    ///     let key = parts.headers.get("x-api-key").cloned();
    ///     async move {
    ///         match key.as_ref().map(|k| k.as_bytes()) {
    ///             Some(b"legacy-client") => Some(Version::Int(1)),
    ///             _ => None,
    ///         }
    ///     }
    /// });
    /// # drop(pinned);
    /// ```
    pub fn resolve<F, Fut>(resolver: F) -> MissingVersion
    where
        F: Fn(&http::request::Parts) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Option<Version>> + Send + 'static,
    {
        MissingVersion::Resolve(Arc::new(move |parts| Box::pin(resolver(parts))))
    }
}

impl core::fmt::Debug for MissingVersion {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            MissingVersion::Reject => f.write_str("Reject"),
            MissingVersion::Default(v) => write!(f, "Default({v})"),
            MissingVersion::Latest => f.write_str("Latest"),
            MissingVersion::Oldest => f.write_str("Oldest"),
            MissingVersion::Resolve(_) => f.write_str("Resolve(..)"),
        }
    }
}
