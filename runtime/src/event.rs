//! Events the service sends (webhooks, messages on a queue), declared with
//! [`#[event]`](macro@crate::event) and rendered in each subscriber's version.
#![doc = include_str!("../docs/events.md")]

use core::any::TypeId;

use serde::Serialize;

use crate::api::Api;
use crate::render::{RenderError, Resolve, resolve};
use crate::select::Selected;
use crate::types::ApiType;

/// An event of an API: a name (`move.created`), a payload, and the versions it is sent in.
/// Implemented by [`#[event]`](macro@crate::event); its methods write the payload in the shape
/// of a subscriber's version, and refuse a version the event does not exist in.
///
/// ```
/// use versionary::event::Event;
/// use versionary::render::{Resolve, resolve};
///
/// versionary::api_versions! { pub Moves { 1 => "Initial release", 2 => "References" } }
///
/// #[versionary::versioned(api = Moves, response)]
/// pub struct Move {
///     pub from: String,
///     #[api(added = 2)]
///     pub reference: String,
/// }
///
/// /// A move was booked.
/// #[versionary::event("move.created", api = Moves)]
/// pub struct MoveCreated(pub Move);
///
/// let event = MoveCreated(Move { from: "HMP Leeds".into(), reference: "M1".into() });
/// let v1 = resolve::<Moves>("1", Resolve::exact())?;
/// assert_eq!(event.to_vec(&v1)?, br#"{"from":"HMP Leeds"}"#);
/// assert_eq!(
///     event.to_value_at("2", Resolve::exact())?,
///     serde_json::json!({ "from": "HMP Leeds", "reference": "M1" })
/// );
/// # Ok::<(), versionary::event::EventError>(())
/// ```
pub trait Event: Declared + 'static {
    /// The API whose versions the event is sent in.
    type Api: Api;
    /// The payload, written in the subscriber's version's shape.
    type Payload: Serialize + ApiType;
    /// The event's name, as subscribers see it (`move.created`).
    const NAME: &'static str;
    /// Index of the first version the event exists in.
    const SINCE: usize;
    /// Index of the first version it no longer exists in, if any.
    const UNTIL: Option<usize>;

    /// The payload to send.
    fn payload(&self) -> &Self::Payload;

    /// Whether the event exists in `version` (a version of its API from `SINCE` up to, not
    /// including, `UNTIL`).
    ///
    /// ```
    /// use versionary::event::Event;
    /// use versionary::render::{Resolve, resolve};
    ///
    /// versionary::api_versions! { pub Shop { 1 => "Initial release", 2 => "Refunds" } }
    ///
    /// #[versionary::versioned(api = Shop, response)]
    /// pub struct Refund { pub amount: u32 }
    ///
    /// #[versionary::event("refund.issued", api = Shop, since = 2)]
    /// pub struct RefundIssued(pub Refund);
    ///
    /// assert!(!RefundIssued::exists_in(&resolve::<Shop>("1", Resolve::exact()).unwrap()));
    /// assert!(RefundIssued::exists_in(&resolve::<Shop>("2", Resolve::exact()).unwrap()));
    /// ```
    fn exists_in(version: &Selected) -> bool {
        version.api == TypeId::of::<Self::Api>()
            && Self::SINCE <= version.index()
            && version.index() < Self::UNTIL.unwrap_or(<Self::Api as Api>::VERSIONS.len())
    }

    /// The payload as JSON bytes in `version`'s shape: the body to deliver to a subscriber
    /// of that version. [`EventError::NotInVersion`] when the event does not exist there.
    ///
    /// ```
    /// # use versionary::event::Event;
    /// # use versionary::render::{Resolve, resolve};
    /// # versionary::api_versions! { pub Shop { 1 => "Initial release", 2 => "Refunds" } }
    /// # #[versionary::versioned(api = Shop, response)]
    /// # pub struct Refund { pub amount: u32 }
    /// #[versionary::event("refund.issued", api = Shop, since = 2)]
    /// pub struct RefundIssued(pub Refund);
    ///
    /// let refund = RefundIssued(Refund { amount: 3 });
    /// let v2 = resolve::<Shop>("2", Resolve::exact()).unwrap();
    /// assert_eq!(refund.to_vec(&v2).unwrap(), br#"{"amount":3}"#);
    /// let v1 = resolve::<Shop>("1", Resolve::exact()).unwrap();
    /// assert!(matches!(
    ///     refund.to_vec(&v1),
    ///     Err(versionary::event::EventError::NotInVersion { .. })
    /// ));
    /// ```
    fn to_vec(&self, version: &Selected) -> Result<Vec<u8>, EventError> {
        check::<Self>(version)?;
        Ok(version.to_vec(self.payload())?)
    }

    /// Writes the payload as JSON in `version`'s shape to `writer`.
    ///
    /// ```
    /// # use versionary::event::Event;
    /// # use versionary::render::{Resolve, resolve};
    /// # versionary::api_versions! { pub Shop { 1 => "Initial release" } }
    /// # #[versionary::versioned(api = Shop, response)]
    /// # pub struct Refund { pub amount: u32 }
    /// #[versionary::event("refund.issued", api = Shop)]
    /// pub struct RefundIssued(pub Refund);
    ///
    /// let mut body = Vec::new();
    /// let v1 = resolve::<Shop>("1", Resolve::exact()).unwrap();
    /// RefundIssued(Refund { amount: 3 }).to_writer(&v1, &mut body).unwrap();
    /// assert_eq!(body, br#"{"amount":3}"#);
    /// ```
    fn to_writer<W: std::io::Write>(
        &self,
        version: &Selected,
        writer: W,
    ) -> Result<(), EventError> {
        check::<Self>(version)?;
        Ok(version.to_writer(writer, self.payload())?)
    }

    /// The payload as a `serde_json::Value` in `version`'s shape.
    ///
    /// ```
    /// # use versionary::event::Event;
    /// # use versionary::render::{Resolve, resolve};
    /// # versionary::api_versions! { pub Shop { 1 => "Initial release" } }
    /// # #[versionary::versioned(api = Shop, response)]
    /// # pub struct Refund { pub amount: u32 }
    /// #[versionary::event("refund.issued", api = Shop)]
    /// pub struct RefundIssued(pub Refund);
    ///
    /// let v1 = resolve::<Shop>("1", Resolve::exact()).unwrap();
    /// let value = RefundIssued(Refund { amount: 3 }).to_value(&v1).unwrap();
    /// assert_eq!(value, serde_json::json!({ "amount": 3 }));
    /// ```
    fn to_value(&self, version: &Selected) -> Result<serde_json::Value, EventError> {
        check::<Self>(version)?;
        Ok(version.to_value(self.payload())?)
    }

    /// [`to_vec`](Event::to_vec) at the version `version` names, read as `how` says (a
    /// subscriber's stored version string: exact, or a date between versions with
    /// [`Resolve::earlier_dates`]).
    ///
    /// ```
    /// # use versionary::event::{Event, EventError};
    /// # use versionary::render::{RenderError, Resolve};
    /// # versionary::api_versions! { pub Shop { 1 => "Initial release" } }
    /// # #[versionary::versioned(api = Shop, response)]
    /// # pub struct Refund { pub amount: u32 }
    /// #[versionary::event("refund.issued", api = Shop)]
    /// pub struct RefundIssued(pub Refund);
    ///
    /// let refund = RefundIssued(Refund { amount: 3 });
    /// assert_eq!(refund.to_vec_at("1", Resolve::exact()).unwrap(), br#"{"amount":3}"#);
    /// assert!(matches!(
    ///     refund.to_vec_at("9", Resolve::exact()),
    ///     Err(EventError::Render(RenderError::UnknownVersion { .. }))
    /// ));
    /// ```
    fn to_vec_at(&self, version: &str, how: Resolve) -> Result<Vec<u8>, EventError> {
        self.to_vec(&resolve::<Self::Api>(version, how)?)
    }

    /// [`to_value`](Event::to_value) at the version `version` names, read as `how` says.
    ///
    /// ```
    /// # use versionary::event::Event;
    /// # use versionary::render::Resolve;
    /// # versionary::api_versions! { pub Shop { 1 => "Initial release" } }
    /// # #[versionary::versioned(api = Shop, response)]
    /// # pub struct Refund { pub amount: u32 }
    /// #[versionary::event("refund.issued", api = Shop)]
    /// pub struct RefundIssued(pub Refund);
    ///
    /// let value = RefundIssued(Refund { amount: 3 }).to_value_at("1", Resolve::exact()).unwrap();
    /// assert_eq!(value["amount"], 3);
    /// ```
    fn to_value_at(&self, version: &str, how: Resolve) -> Result<serde_json::Value, EventError> {
        self.to_value(&resolve::<Self::Api>(version, how)?)
    }
}

/// The event is registered (in the lock, the documents and the release notes): implemented
/// by `#[event]`. Not for hand-written impls: an event that implements `Event` by hand would
/// be sent without being documented or guarded.
#[doc(hidden)]
#[diagnostic::on_unimplemented(
    message = "`{Self}` implements `Event` by hand, so the lock, the documents and the release notes do not know it",
    label = "its payload could change a released version unnoticed",
    note = "remove the `impl Event for {Self}` and put `#[versionary::event(\"name\", api = YourApi)]` on `{Self}`: it implements `Event` and registers the event"
)]
pub trait Declared {}

/// Whether event `E` may be written at `version`: a version of its API it exists in.
fn check<E: Event + ?Sized>(version: &Selected) -> Result<(), EventError> {
    let api = <E::Api as Api>::NAME;
    if version.api != TypeId::of::<E::Api>() {
        return Err(EventError::OtherApi {
            event: E::NAME,
            api,
            selected: version.api_name(),
        });
    }
    if E::exists_in(version) {
        return Ok(());
    }
    let versions = <E::Api as Api>::VERSIONS;
    Err(EventError::NotInVersion {
        event: E::NAME,
        version: version.label(),
        exists_in: versions
            .iter()
            .enumerate()
            .filter(|(i, v)| {
                E::SINCE <= *i && *i < E::UNTIL.unwrap_or(versions.len()) && !v.unreleased
            })
            .map(|(_, v)| v.label)
            .collect(),
    })
}

/// Why an event could not be rendered for a version.
#[derive(Debug)]
#[non_exhaustive]
pub enum EventError {
    /// The event does not exist in the version (it was added later, or retired before).
    NotInVersion {
        /// The event's name.
        event: &'static str,
        /// The version asked for.
        version: &'static str,
        /// The released versions the event exists in.
        exists_in: Vec<&'static str>,
    },
    /// The version is one of another API than the event's.
    OtherApi {
        /// The event's name.
        event: &'static str,
        /// The event's API.
        api: &'static str,
        /// The API of the version given.
        selected: &'static str,
    },
    /// The version could not be resolved, or the payload not written in its shape.
    Render(RenderError),
}

impl From<RenderError> for EventError {
    fn from(error: RenderError) -> EventError {
        EventError::Render(error)
    }
}

impl core::fmt::Display for EventError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            EventError::NotInVersion {
                event,
                version,
                exists_in,
            } if exists_in.is_empty() => write!(
                f,
                "event `{event}` does not exist in version {version}, nor in any released version"
            ),
            EventError::NotInVersion {
                event,
                version,
                exists_in,
            } => write!(
                f,
                "event `{event}` does not exist in version {version}; it exists in versions {}",
                exists_in.join(", ")
            ),
            EventError::OtherApi {
                event,
                api,
                selected,
            } => write!(
                f,
                "event `{event}` of API `{api}` cannot be written at a version of API `{selected}`"
            ),
            EventError::Render(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for EventError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            EventError::Render(error) => Some(error),
            _ => None,
        }
    }
}
