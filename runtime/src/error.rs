//! [`BuildError`]: why a router (or a document, or the route table) could not be built.
//! Every stage of the builder reports through it; it depends on nothing else.

/// Why a router could not be built. Each is a programming error found at start-up.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BuildError {
    /// No `#[endpoint]` of this API is linked into the binary.
    NoEndpoints {
        /// The API's name.
        api: &'static str,
    },
    /// Two handlers claim the same method, path and version.
    Duplicate {
        /// `GET /participants/{id} in version 1`.
        route: String,
        /// `handler (file:line)` of the first claimant.
        first: String,
        /// `handler (file:line)` of the second claimant.
        second: String,
    },
    /// The selection or missing-version configuration is inconsistent, or a registration is.
    Invalid(String),
    /// Endpoints of released versions, recorded in the lock, have no handler any more (and
    /// their sunset has not passed): the service would break clients of those versions.
    ReleasedEndpointsGone {
        /// The API's name.
        api: &'static str,
        /// `handler (METHOD /path) in versions 1, 2`, one per endpoint.
        endpoints: Vec<String>,
        /// The lock that records them.
        lock: &'static str,
    },
    /// Events of released versions, recorded in the lock, are no longer declared (their
    /// `#[event]` was deleted, or its name changed): subscribers of those versions would
    /// stop receiving them.
    ReleasedEventsGone {
        /// The API's name.
        api: &'static str,
        /// `` `move.created` (payload `Move`) in versions 1, 2``, one per event.
        events: Vec<String>,
        /// The lock that records them.
        lock: &'static str,
    },
    /// Foreign types (`uuid`, dates, decimals) no longer produce the JSON that released
    /// versions recorded in the lock: a dependency was upgraded, or a feature that changes
    /// its serde format was turned on.
    ForeignTypesChanged {
        /// The API's name.
        api: &'static str,
        /// `[version 1] the JSON of `Decimal` changed: ...`, one per version and record.
        changes: Vec<String>,
        /// The lock that records them.
        lock: &'static str,
    },
}

impl core::fmt::Display for BuildError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            BuildError::NoEndpoints { api } => write!(
                f,
                "API `{api}` has no endpoints: no `#[endpoint(..., api = {api})]` handler is linked into this binary (inventory only sees crates that are linked; make sure the module or crate with the handlers is used)"
            ),
            BuildError::Duplicate {
                route,
                first,
                second,
            } => write!(f, "{route} is claimed twice: by {first} and by {second}"),
            BuildError::Invalid(message) => f.write_str(message),
            BuildError::ReleasedEndpointsGone {
                api,
                endpoints,
                lock,
            } => write!(
                f,
                "API `{api}` no longer serves endpoints that were released (recorded in `{lock}`): {}. Restore each handler; an endpoint may only leave a released version after its sunset (`#[endpoint(..., until = NEW_VERSION, deprecated = \"...\", sunset = \"...\")]`), and the lock's next bless then drops it",
                endpoints.join("; ")
            ),
            BuildError::ReleasedEventsGone { api, events, lock } => write!(
                f,
                "API `{api}` no longer declares events that released versions send (recorded in `{lock}`): {}. Restore each `#[versionary::event(\"name\", api = {api}, ...)]` declaration; an event leaves only versions declared after the released ones (`until = NEW_VERSION`), and stays in the released versions",
                events.join("; ")
            ),
            BuildError::ForeignTypesChanged { api, changes, lock } => write!(
                f,
                "API `{api}` would answer released versions with JSON they never had: foreign types serialise differently from what `{lock}` records. Restore the dependency's version or features (`cargo tree -e features -i <crate>` shows who turns a feature on), or wrap the type in a `#[versionary::leaf]` newtype that keeps the old format:\n{}",
                changes.join("\n")
            ),
        }
    }
}

impl std::error::Error for BuildError {}
