//! [`Chosen`]: how a request's version was chosen, and the task-local the dispatcher passes
//! it to the versioned handler through (no allocation, nothing in the request's extensions).

/// How the version a request is served at was chosen, in [`Selected::chosen`](crate::Selected::chosen).
///
/// ```
/// use versionary::select::Chosen;
///
/// assert_eq!(Chosen::ClosestEarlier.as_str(), "closest-earlier");
/// assert_eq!(Chosen::ALL.len(), 5);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Chosen {
    /// The request named the version (in the path, a header, a query parameter or the media
    /// type), and it is declared.
    Explicit,
    /// The request named a date that is not a version, served as the closest earlier
    /// released version ([`ApiBuilder::earlier_dates`](crate::ApiBuilder::earlier_dates)).
    ClosestEarlier,
    /// The request named no version and got the service's
    /// [`MissingVersion`](crate::MissingVersion) policy's (a fixed default, the latest, the
    /// oldest, or what a resolver answered).
    Defaulted,
    /// The request named no version and its consumer was served at its pin, made on its
    /// first such request ([`ApiBuilder::pin_consumers`](crate::ApiBuilder::pin_consumers)).
    Pinned,
    /// An unreleased version, served to a request the preview check let in.
    Preview,
}

impl Chosen {
    /// Every way, in the order of [`Chosen::index`].
    pub const ALL: [Chosen; 5] = [
        Chosen::Explicit,
        Chosen::ClosestEarlier,
        Chosen::Defaulted,
        Chosen::Pinned,
        Chosen::Preview,
    ];

    /// The way as reports and metrics write it: `explicit`, `closest-earlier`, `defaulted`,
    /// `pinned`, `preview`.
    pub fn as_str(self) -> &'static str {
        match self {
            Chosen::Explicit => "explicit",
            Chosen::ClosestEarlier => "closest-earlier",
            Chosen::Defaulted => "defaulted",
            Chosen::Pinned => "pinned",
            Chosen::Preview => "preview",
        }
    }

    /// The position of the way in [`Chosen::ALL`].
    pub fn index(self) -> usize {
        match self {
            Chosen::Explicit => 0,
            Chosen::ClosestEarlier => 1,
            Chosen::Defaulted => 2,
            Chosen::Pinned => 3,
            Chosen::Preview => 4,
        }
    }
}

impl core::fmt::Display for Chosen {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

tokio::task_local! {
    /// Set by the dispatcher around the version's router when the version was not named
    /// explicitly; read by the versioned handler.
    static CHOSEN: Chosen;
}

/// Runs `future` with `chosen` as the way the version of the request it serves was chosen.
pub(crate) fn scope_chosen<F: core::future::Future>(
    chosen: Chosen,
    future: F,
) -> tokio::task::futures::TaskLocalFuture<Chosen, F> {
    CHOSEN.scope(chosen, future)
}

/// The way the dispatcher said the version of the request being served was chosen, if it
/// did (it does not for a version in the path).
pub(crate) fn current() -> Option<Chosen> {
    CHOSEN.try_with(|c| *c).ok()
}
