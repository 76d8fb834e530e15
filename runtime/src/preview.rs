//! Who may reach unreleased versions (`ApiBuilder::preview_header`): the preview header and
//! the service's permission check.

use core::future::Future;
use core::pin::Pin;
use std::sync::Arc;

use http::HeaderName;

/// Who may reach unreleased versions: requests with `header` that `allow` lets in.
#[derive(Clone)]
pub(crate) struct Preview {
    pub(crate) header: HeaderName,
    pub(crate) allow: PreviewCheck,
}

/// The service's permission check for previews.
pub(crate) type PreviewCheck =
    Arc<dyn Fn(&http::request::Parts) -> Pin<Box<dyn Future<Output = bool> + Send>> + Send + Sync>;

impl Preview {
    /// Whether the request asks for a preview and is allowed one.
    pub(crate) async fn allows(&self, parts: &http::request::Parts) -> bool {
        parts.headers.contains_key(&self.header) && (self.allow)(parts).await
    }
}

impl core::fmt::Debug for Preview {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Preview({})", self.header)
    }
}
