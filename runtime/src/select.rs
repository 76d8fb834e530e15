//! Which version a request is being served as.
//!
//! The router knows the version of every route it builds; while a handler runs (and while
//! its request body is decoded and its response encoded) that version is the *selected*
//! version of the task. Every `#[versioned]` type reads it in its `Serialize` and
//! `Deserialize` impls, so nested and generic types pick the right shape with no per-version
//! code. Outside a served request nothing is selected and versioned types use their latest
//! shape, exactly like plain serde types; [`at_version`] selects a version explicitly (for
//! tests, clients and tools).
#![doc = include_str!("../docs/selection.md")]

use core::any::TypeId;

use crate::api::Api;
use crate::version::Version;

mod chosen;
mod request;
pub(crate) mod shape;
pub(crate) mod state;

pub use chosen::Chosen;
pub(crate) use chosen::scope_chosen;
pub(crate) use request::{
    Source, closest_earlier, index_at, missing_version, public_labels, unknown_version, version_of,
};
pub(crate) use state::take_failure;
pub use state::with_app_state;

/// The version selected for the current task: which API, and which of its versions (by
/// position in [`Api::VERSIONS`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Selected {
    pub(crate) api: TypeId,
    pub(crate) api_name: &'static str,
    pub(crate) index: u16,
    pub(crate) label: &'static str,
    pub(crate) chosen: Chosen,
}

impl Selected {
    /// Selects `index` (a position in [`Api::VERSIONS`]) of API `A`.
    pub(crate) fn new<A: Api>(index: usize) -> Selected {
        Selected {
            api: TypeId::of::<A>(),
            api_name: A::NAME,
            index: u16::try_from(index).unwrap_or(u16::MAX),
            label: A::VERSIONS.get(index).map_or("", |v| v.label),
            chosen: if A::VERSIONS.get(index).is_some_and(|v| v.unreleased) {
                Chosen::Preview
            } else {
                Chosen::Explicit
            },
        }
    }

    /// This selection with the way its version was chosen, as the dispatcher said: a preview
    /// stays a preview; without the dispatcher (a version in the path) it was explicit.
    pub(crate) fn as_chosen(mut self) -> Selected {
        if self.chosen != Chosen::Preview
            && let Some(chosen) = chosen::current()
        {
            self.chosen = chosen;
        }
        self
    }

    /// The position of the selected version in its API's version list.
    pub fn index(&self) -> usize {
        usize::from(self.index)
    }

    /// The selected version as written in URLs and headers.
    pub fn label(&self) -> &'static str {
        self.label
    }

    /// How the version was chosen: named by the request, served as the closest earlier
    /// date, defaulted by the missing-version policy, or a preview ([`Chosen`]). Outside a
    /// served request ([`at_version`]) it is [`Chosen::Explicit`].
    ///
    /// ```
    /// use versionary::select::Chosen;
    ///
    /// versionary::api_versions! { pub Shop { 1 => "Initial release" } }
    ///
    /// #[versionary::endpoint(GET "/how", api = Shop)]
    /// async fn how(selected: versionary::Selected) -> &'static str {
    ///     selected.chosen().as_str()
    /// }
    ///
    /// let chosen = versionary::at_version::<Shop, _>(&versionary::Version::Int(1), || {
    ///     versionary::selected().map(|s| s.chosen())
    /// });
    /// assert_eq!(chosen, Some(Some(Chosen::Explicit)));
    /// ```
    pub fn chosen(&self) -> Chosen {
        self.chosen
    }

    /// The name of the API the selected version belongs to.
    pub fn api_name(&self) -> &'static str {
        self.api_name
    }
}

tokio::task_local! {
    static SELECTED: Selected;
}

/// A handler's selected version, as an extractor. A handler should rarely need it (the
/// history belongs in declarations), but logging and metrics may.
///
/// ```
/// versionary::api_versions! { pub Shop { 1 => "Initial release" } }
///
/// #[versionary::endpoint(GET "/version", api = Shop)]
/// async fn version(selected: versionary::Selected) -> String {
///     selected.label().to_owned()
/// }
/// ```
impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Selected {
    type Rejection = crate::problem::Problem;

    async fn from_request_parts(
        parts: &mut http::request::Parts,
        _: &S,
    ) -> Result<Selected, crate::problem::Problem> {
        parts
            .extensions
            .get::<Selected>()
            .copied()
            .or_else(selected)
            .ok_or_else(|| {
                crate::problem::Problem::internal(
                    "`Selected` is only known to a versioned route: this one serves no version",
                )
                .framework_answer()
            })
    }
}

/// The version selected for the running task, if any.
pub fn selected() -> Option<Selected> {
    SELECTED.try_with(|s| *s).ok()
}

/// Runs `f` with `version` of API `A` selected: versioned types serialize and deserialize
/// in that version's shape inside `f`.
///
/// Returns `None` when `version` is not declared by `A` (nothing runs then).
///
/// ```
/// versionary::api_versions! {
///     pub Shop {
///         1 => "Initial release",
///         2 => "`title` renamed to `name`",
///     }
/// }
///
/// #[versionary::versioned(api = Shop, response)]
/// #[derive(Clone)]
/// pub struct Item {
///     #[api(renamed(from = "title", in = 2))]
///     pub name: String,
/// }
///
/// let item = Item { name: "pen".into() };
/// let v1 = versionary::at_version::<Shop, _>(&versionary::Version::Int(1), || {
///     serde_json::to_string(&item).unwrap()
/// });
/// assert_eq!(v1.as_deref(), Some(r#"{"title":"pen"}"#));
/// // Outside `at_version` (and outside a served request) the latest shape is used.
/// assert_eq!(serde_json::to_string(&item).unwrap(), r#"{"name":"pen"}"#);
/// ```
pub fn at_version<A: Api, R>(version: &Version, f: impl FnOnce() -> R) -> Option<R> {
    let index = A::index_of(version)?;
    Some(SELECTED.sync_scope(Selected::new::<A>(index), f))
}

pub(crate) fn scope<F: core::future::Future>(
    selected: Selected,
    future: F,
) -> tokio::task::futures::TaskLocalFuture<Selected, F> {
    SELECTED.scope(selected, future)
}

pub(crate) fn sync_scope<R>(selected: Selected, f: impl FnOnce() -> R) -> R {
    SELECTED.sync_scope(selected, f)
}
