//! Writing a value in the shape of a version named outside any request: a webhook for a
//! subscriber pinned to a version, an export, a message on a queue.
//!
//! [`resolve`] reads a version as a client would name it (exactly, or, with
//! [`Resolve::earlier_dates`], a date between versions as the closest earlier one, like the
//! router's `earlier_dates`) and gives its [`Selected`]; [`Selected::to_vec`],
//! [`Selected::to_writer`] and [`Selected::to_value`] write a value in that version's shape,
//! through the same serde impls a served answer uses. Every failure is a [`RenderError`].
//!
//! ```
//! use versionary::render::{Resolve, resolve};
//!
//! versionary::api_versions! {
//!     pub Moves {
//!         "2024-01-15" => "Initial release",
//!         "2024-06-01" => "`from` renamed to `origin`",
//!     }
//! }
//!
//! #[versionary::versioned(api = Moves, response)]
//! pub struct Move {
//!     #[api(renamed(from = "from", in = "2024-06-01"))]
//!     pub origin: String,
//! }
//!
//! let created = Move { origin: "HMP Leeds".into() };
//! // A subscriber pinned to a date between the two versions gets the first one's shape.
//! let version = resolve::<Moves>("2024-03-01", Resolve::earlier_dates())?;
//! assert_eq!(version.label(), "2024-01-15");
//! assert_eq!(version.to_vec(&created)?, br#"{"from":"HMP Leeds"}"#);
//! assert_eq!(
//!     resolve::<Moves>("2024-06-01", Resolve::exact())?.to_value(&created)?,
//!     serde_json::json!({ "origin": "HMP Leeds" })
//! );
//! // Without `earlier_dates`, only a declared version resolves.
//! assert!(resolve::<Moves>("2024-03-01", Resolve::exact()).is_err());
//! # Ok::<(), versionary::render::RenderError>(())
//! ```

use serde::Serialize;

use crate::api::Api;
use crate::select::shape::{ShapeError, take_shape_error};
use crate::select::{Selected, closest_earlier, public_labels, sync_scope};
use crate::types::ApiType;
use crate::version::Version;

/// How [`resolve`] reads a version: exactly, or with dates between versions served as the
/// closest earlier one; and whether unreleased versions count.
///
/// ```
/// use versionary::render::Resolve;
///
/// let how = Resolve::earlier_dates().with_unreleased();
/// assert!(how.allows_earlier_dates() && how.allows_unreleased());
/// assert!(!Resolve::exact().allows_earlier_dates());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Resolve {
    earlier_dates: bool,
    unreleased: bool,
}

impl Resolve {
    /// Only a declared, released version resolves (the default).
    pub const fn exact() -> Resolve {
        Resolve {
            earlier_dates: false,
            unreleased: false,
        }
    }

    /// A date that is not a declared version resolves to the closest earlier released
    /// version (`2024-02-02` to `2024-01-15`), as `ApiBuilder::earlier_dates` serves
    /// requests; a date before the first version does not resolve.
    pub const fn earlier_dates() -> Resolve {
        Resolve {
            earlier_dates: true,
            unreleased: false,
        }
    }

    /// Unreleased versions resolve too, when named exactly (for previews and tests).
    pub const fn with_unreleased(self) -> Resolve {
        Resolve {
            unreleased: true,
            ..self
        }
    }

    /// Whether a date between versions resolves to the closest earlier one.
    pub const fn allows_earlier_dates(&self) -> bool {
        self.earlier_dates
    }

    /// Whether unreleased versions resolve.
    pub const fn allows_unreleased(&self) -> bool {
        self.unreleased
    }
}

/// Why a version could not be resolved, or a value not written in its shape.
#[derive(Debug)]
#[non_exhaustive]
pub enum RenderError {
    /// The text is not a version literal at all.
    Malformed {
        /// The text given (at most 64 characters of it).
        text: String,
        /// Why it is not a version.
        reason: String,
    },
    /// The API has no such version (or it is unreleased and not asked for).
    UnknownVersion {
        /// The API's name.
        api: &'static str,
        /// The version asked for.
        version: String,
        /// The versions that resolve.
        supported: Vec<&'static str>,
    },
    /// The value contains a versioned type of another API than the version's (one with a
    /// history: a type with a single shape is written the same at any version).
    OtherApi {
        /// The API of the type met.
        expected: &'static str,
        /// The API of the version it was written at.
        selected: &'static str,
    },
    /// The value could not be written in the version's shape (its `Serialize` impl, or a
    /// `down` conversion, failed).
    Encode {
        /// The version it was written at.
        version: &'static str,
        /// serde's message.
        message: String,
    },
    /// The writer failed.
    Io(std::io::Error),
}

impl core::fmt::Display for RenderError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            RenderError::Malformed { text, reason } => {
                write!(f, "`{text}` is not an API version: {reason}")
            }
            RenderError::UnknownVersion {
                api,
                version,
                supported,
            } => write!(
                f,
                "API {api} has no version {version}; supported versions: {}",
                supported.join(", ")
            ),
            RenderError::OtherApi { expected, selected } => write!(
                f,
                "a type of API `{expected}` cannot be written at a version of API `{selected}`"
            ),
            RenderError::Encode { version, message } => {
                write!(
                    f,
                    "the value cannot be written at version {version}: {message}"
                )
            }
            RenderError::Io(error) => write!(f, "the value could not be written: {error}"),
        }
    }
}

impl std::error::Error for RenderError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            RenderError::Io(error) => Some(error),
            _ => None,
        }
    }
}

/// The version of API `A` that `text` names, read as `how` says.
///
/// ```
/// use versionary::render::{RenderError, Resolve, resolve};
///
/// versionary::api_versions! { pub Shop { 1 => "Initial release", 2 => "Prices" } }
///
/// assert_eq!(resolve::<Shop>("2", Resolve::exact()).unwrap().index(), 1);
/// assert!(matches!(
///     resolve::<Shop>("7", Resolve::exact()),
///     Err(RenderError::UnknownVersion { .. })
/// ));
/// assert!(matches!(
///     resolve::<Shop>("two", Resolve::exact()),
///     Err(RenderError::Malformed { .. })
/// ));
/// ```
pub fn resolve<A: Api>(text: &str, how: Resolve) -> Result<Selected, RenderError> {
    let version = Version::parse(text).map_err(|error| RenderError::Malformed {
        text: text.chars().take(64).collect(),
        reason: error.to_string(),
    })?;
    resolve_version::<A>(&version, how)
}

/// The version of API `A` that `version` names, read as `how` says: [`resolve`] for a
/// version already parsed.
///
/// ```
/// use versionary::render::{Resolve, resolve_version};
///
/// versionary::api_versions! { pub Shop { 1 => "Initial release" } }
///
/// let v1 = resolve_version::<Shop>(&versionary::Version::Int(1), Resolve::exact()).unwrap();
/// assert_eq!(v1.label(), "1");
/// ```
pub fn resolve_version<A: Api>(version: &Version, how: Resolve) -> Result<Selected, RenderError> {
    let found = match A::index_of(version) {
        // An unreleased version does not exist for whoever may not see it, as for requests
        // without a preview: not even as a date to resolve.
        Some(index) => (how.unreleased || !A::VERSIONS[index].unreleased).then_some(index),
        None if how.earlier_dates => closest_earlier::<A>(version),
        None => None,
    };
    found
        .map(Selected::new::<A>)
        .ok_or_else(|| RenderError::UnknownVersion {
            api: A::NAME,
            version: version.to_string(),
            supported: public_labels::<A>(),
        })
}

impl Selected {
    /// Runs `f` with this version selected: versioned types serialize and deserialize in
    /// its shape inside `f` (what [`at_version`](crate::at_version) does for a version
    /// named by its literal).
    ///
    /// ```
    /// use versionary::render::{Resolve, resolve};
    ///
    /// versionary::api_versions! { pub Shop { 1 => "Initial release" } }
    ///
    /// let v1 = resolve::<Shop>("1", Resolve::exact()).unwrap();
    /// assert_eq!(v1.run(|| versionary::selected()), Some(v1));
    /// ```
    pub fn run<R>(&self, f: impl FnOnce() -> R) -> R {
        sync_scope(*self, f)
    }

    /// `value` written as JSON in this version's shape.
    ///
    /// ```
    /// use versionary::render::{Resolve, resolve};
    ///
    /// versionary::api_versions! { pub Shop { 1 => "Initial release", 2 => "Prices" } }
    ///
    /// #[versionary::versioned(api = Shop, response)]
    /// pub struct Item { pub name: String, #[api(added = 2)] pub price: u32 }
    ///
    /// let pen = Item { name: "pen".into(), price: 3 };
    /// let v1 = resolve::<Shop>("1", Resolve::exact()).unwrap();
    /// assert_eq!(v1.to_vec(&pen).unwrap(), br#"{"name":"pen"}"#);
    /// ```
    pub fn to_vec<T: Serialize + ApiType + ?Sized>(
        &self,
        value: &T,
    ) -> Result<Vec<u8>, RenderError> {
        let mut bytes = Vec::with_capacity(128);
        self.to_writer(&mut bytes, value)?;
        Ok(bytes)
    }

    /// Writes `value` as JSON in this version's shape to `writer` (no intermediate value:
    /// serde writes straight to it).
    ///
    /// ```
    /// use versionary::render::{Resolve, resolve};
    ///
    /// versionary::api_versions! { pub Shop { 1 => "Initial release", 2 => "Prices" } }
    ///
    /// #[versionary::versioned(api = Shop, response)]
    /// pub struct Item { pub name: String, #[api(added = 2)] pub price: u32 }
    ///
    /// let mut out = Vec::new();
    /// let v2 = resolve::<Shop>("2", Resolve::exact()).unwrap();
    /// v2.to_writer(&mut out, &vec![Item { name: "pen".into(), price: 3 }]).unwrap();
    /// assert_eq!(out, br#"[{"name":"pen","price":3}]"#);
    /// ```
    pub fn to_writer<W, T>(&self, writer: W, value: &T) -> Result<(), RenderError>
    where
        W: std::io::Write,
        T: Serialize + ApiType + ?Sized,
    {
        self.encode(|| serde_json::to_writer(writer, value))
    }

    /// `value` as a `serde_json::Value` in this version's shape.
    ///
    /// ```
    /// use versionary::render::{Resolve, resolve};
    ///
    /// versionary::api_versions! { pub Shop { 1 => "Initial release", 2 => "Prices" } }
    ///
    /// #[versionary::versioned(api = Shop, response)]
    /// pub struct Item { pub name: String, #[api(added = 2)] pub price: u32 }
    ///
    /// let v1 = resolve::<Shop>("1", Resolve::exact()).unwrap();
    /// let value = v1.to_value(&Item { name: "pen".into(), price: 3 }).unwrap();
    /// assert_eq!(value, serde_json::json!({ "name": "pen" }));
    /// ```
    pub fn to_value<T: Serialize + ApiType + ?Sized>(
        &self,
        value: &T,
    ) -> Result<serde_json::Value, RenderError> {
        self.encode(|| serde_json::to_value(value))
    }

    /// Runs a serde encoding under this version, its failure typed.
    fn encode<R>(
        &self,
        f: impl FnOnce() -> Result<R, serde_json::Error>,
    ) -> Result<R, RenderError> {
        sync_scope(*self, f).map_err(|error| typed_error(self.label, error))
    }
}

/// serde's failure to write a value at `version`, typed: a versioned type of another API
/// (recorded by the shape lookup that failed), the writer's failure, or serde's own.
pub(crate) fn typed_error(version: &'static str, error: serde_json::Error) -> RenderError {
    // The recorded shape error is this failure's only if serde's message carries it (one
    // left over from an earlier failure on this thread is not).
    match take_shape_error() {
        Some(ShapeError::OtherApi { expected, selected })
            if error
                .to_string()
                .contains(&ShapeError::OtherApi { expected, selected }.to_string()) =>
        {
            RenderError::OtherApi { expected, selected }
        }
        _ if error.is_io() => RenderError::Io(std::io::Error::from(error)),
        _ => RenderError::Encode {
            version,
            message: error.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::version::VersionInfo;

    struct Dated;

    const fn info(label: &'static str, version: Version, unreleased: bool) -> VersionInfo {
        VersionInfo {
            label,
            version,
            description: "",
            released: None,
            deprecated: None,
            sunset: None,
            unreleased,
        }
    }

    impl Api for Dated {
        type State = ();
        const NAME: &'static str = "Dated";
        const VERSIONS: &'static [VersionInfo] = &[
            info(
                "2024-01-15",
                Version::Date {
                    year: 2024,
                    month: 1,
                    day: 15,
                },
                false,
            ),
            info(
                "2024-06-01",
                Version::Date {
                    year: 2024,
                    month: 6,
                    day: 1,
                },
                false,
            ),
            info(
                "2025-01-01",
                Version::Date {
                    year: 2025,
                    month: 1,
                    day: 1,
                },
                true,
            ),
        ];
    }

    #[test]
    fn exact_versions_resolve_and_others_are_typed_errors() {
        let found = resolve::<Dated>("2024-06-01", Resolve::exact()).unwrap();
        assert_eq!((found.index(), found.label()), (1, "2024-06-01"));
        match resolve::<Dated>("2024-03-01", Resolve::exact()) {
            Err(RenderError::UnknownVersion { api, supported, .. }) => {
                assert_eq!(api, "Dated");
                assert_eq!(supported, ["2024-01-15", "2024-06-01"]);
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            resolve::<Dated>("", Resolve::exact()),
            Err(RenderError::Malformed { .. })
        ));
        let long = "x".repeat(10_000);
        match resolve::<Dated>(&long, Resolve::earlier_dates()) {
            Err(RenderError::Malformed { text, .. }) => assert_eq!(text.len(), 64),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn earlier_dates_resolve_to_the_closest_earlier_released_version() {
        let how = Resolve::earlier_dates();
        assert_eq!(resolve::<Dated>("2024-03-01", how).unwrap().index(), 0);
        assert_eq!(resolve::<Dated>("2024-06-02", how).unwrap().index(), 1);
        // After an unreleased version: still the last released one.
        assert_eq!(resolve::<Dated>("2026-01-01", how).unwrap().index(), 1);
        assert!(resolve::<Dated>("2023-12-31", how).is_err());
        assert!(resolve::<Dated>("3", how).is_err());
    }

    #[test]
    fn unreleased_versions_resolve_only_when_asked_for() {
        assert!(resolve::<Dated>("2025-01-01", Resolve::exact()).is_err());
        let how = Resolve::exact().with_unreleased();
        assert_eq!(resolve::<Dated>("2025-01-01", how).unwrap().index(), 2);
    }

    #[test]
    fn plain_values_are_written_and_writer_failures_are_typed() {
        let v1 = resolve::<Dated>("2024-01-15", Resolve::exact()).unwrap();
        assert_eq!(v1.to_vec(&vec![1u8, 2]).unwrap(), b"[1,2]");
        assert_eq!(v1.to_value("a").unwrap(), serde_json::json!("a"));
        struct Broken;
        impl std::io::Write for Broken {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::Error::other("disk full"))
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let error = v1.to_writer(Broken, "text").unwrap_err();
        assert!(matches!(error, RenderError::Io(_)), "{error:?}");
        assert!(error.to_string().contains("disk full"));
    }
}
