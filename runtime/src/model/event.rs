//! The registry of `#[event]` declarations (registered through `inventory`): what each event
//! declares (its name, payload type, versions and doc), read by the lock, the OpenAPI
//! documents' `webhooks`, the changelog and the start-up checks.

use core::any::TypeId;

use crate::describe::Operation;
use crate::error::BuildError;

/// One `#[event]` declaration, registered through `inventory`. Generated; read it through
/// [`Event`](crate::event::Event) and the documents.
#[doc(hidden)]
#[derive(Debug)]
pub struct EventEntry {
    /// The API the event belongs to.
    pub api: fn() -> TypeId,
    /// The event's name (`move.created`).
    pub name: &'static str,
    /// The Rust type that declares it (`MoveCreated`).
    pub type_name: &'static str,
    /// The payload's type as the lock writes it (`Move`).
    pub payload: &'static str,
    /// Index of the first version sending the event.
    pub since: usize,
    /// Index of the first version no longer sending it, if any.
    pub until: Option<usize>,
    /// The doc comment (or `doc = "..."`): its first paragraph is the summary.
    pub docs: &'static str,
    /// Describes the payload (its schema as responses carry it).
    pub describe: fn(&mut Operation<'_>),
    /// Where the event is declared.
    pub file: &'static str,
    /// Line of the `#[event]` attribute.
    pub line: u32,
}

inventory::collect!(EventEntry);

impl EventEntry {
    /// Whether the event exists in version `index` of an API with `count` versions.
    pub(crate) fn exists(&self, index: usize, count: usize) -> bool {
        self.since <= index && index < self.until.unwrap_or(count)
    }
}

impl EventEntry {
    /// The released version the event is retired in (its `until`), if any: what documents
    /// may say. A retirement in an unreleased version is not public yet, so it is not named
    /// (and does not deprecate the event) where anyone may read.
    pub(crate) fn retired_in<A: crate::api::Api>(&self) -> Option<&'static str> {
        self.until
            .and_then(|u| A::VERSIONS.get(u))
            .filter(|v| !v.unreleased)
            .map(|v| v.label)
    }
}

/// The events of API `A`, sorted by name.
pub(crate) fn of<A: 'static>() -> Vec<&'static EventEntry> {
    let mut events: Vec<&'static EventEntry> = inventory::iter::<EventEntry>
        .into_iter()
        .filter(|e| (e.api)() == TypeId::of::<A>())
        .collect();
    events.sort_by_key(|e| (e.name, e.type_name));
    events
}

/// Each event of API `A` is declared once: its name is what subscribers know it by (in the
/// documents' `webhooks`, the lock, the release notes). Two declarations of one name are a
/// [`BuildError::Invalid`] naming both.
pub(crate) fn check_unique<A: 'static>(api: &str) -> Result<(), BuildError> {
    let events = of::<A>();
    for pair in events.windows(2) {
        let (first, second) = (pair[0], pair[1]);
        if first.name == second.name {
            return Err(BuildError::Invalid(format!(
                "event `{}` of API `{api}` is declared twice: by `{}` ({}:{}) and by `{}` ({}:{}). An event's name is how subscribers know it: give each declaration its own name (a new payload is a new event, sent from a new version)",
                first.name,
                first.type_name,
                first.file,
                first.line,
                second.type_name,
                second.file,
                second.line
            )));
        }
    }
    Ok(())
}
