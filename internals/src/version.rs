//! Version literals: integers, dates and semantic versions, parsed the same way by the
//! macros (in `api_versions!` and attributes) and the runtime (in requests).

/// The longest version text accepted, in bytes. Longer input is rejected without copying.
pub const MAX_VERSION_LEN: usize = 32;

/// A parsed version identifier: an integer, a calendar date, or a semantic version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Version {
    /// A plain integer version such as `1` or `2`.
    Int(u64),
    /// A date version such as `2025-01-15`.
    Date {
        /// Four-digit year.
        year: u16,
        /// Month, 1-12.
        month: u8,
        /// Day of month, valid for the month and year.
        day: u8,
    },
    /// A semantic version `MAJOR.MINOR.PATCH` (no pre-release or build suffix).
    Semver {
        /// Major number.
        major: u64,
        /// Minor number.
        minor: u64,
        /// Patch number.
        patch: u64,
    },
}

/// Which family a version belongs to. A service uses exactly one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum VersionScheme {
    /// Plain integers.
    Int,
    /// Calendar dates `YYYY-MM-DD`.
    Date,
    /// Semantic versions `MAJOR.MINOR.PATCH`.
    Semver,
}

/// Why a text is not a version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VersionError {
    /// The text is empty.
    Empty,
    /// The text is longer than [`MAX_VERSION_LEN`] bytes.
    TooLong,
    /// The text is not an integer, a `YYYY-MM-DD` date or a `MAJOR.MINOR.PATCH` version.
    Malformed,
    /// The text has the shape of a date, but no such day exists.
    InvalidDate,
    /// A number has a leading zero (versions have one spelling).
    LeadingZero,
}

impl VersionError {
    /// A sentence describing the error, without echoing the input.
    pub const fn message(self) -> &'static str {
        match self {
            VersionError::Empty => "the version is empty",
            VersionError::TooLong => "the version is longer than 32 bytes",
            VersionError::Malformed => {
                "a version is an integer (`2`), a date (`2025-01-15`) or a semantic version (`1.2.0`)"
            }
            VersionError::InvalidDate => "the version is a date that does not exist",
            VersionError::LeadingZero => "a version number must not have leading zeros",
        }
    }
}

fn parse_number(digits: &[u8]) -> Result<u64, VersionError> {
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return Err(VersionError::Malformed);
    }
    if digits.len() > 1 && digits[0] == b'0' {
        return Err(VersionError::LeadingZero);
    }
    let mut value: u64 = 0;
    for d in digits {
        value = value
            .checked_mul(10)
            .and_then(|v| v.checked_add(u64::from(d - b'0')))
            .ok_or(VersionError::Malformed)?;
    }
    Ok(value)
}

fn fixed_digits(digits: &[u8]) -> Option<u32> {
    if !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(
        digits
            .iter()
            .fold(0, |acc, d| acc * 10 + u32::from(d - b'0')),
    )
}

impl Version {
    /// Parses `2`, `2025-01-15` or `1.2.0`. Never allocates.
    pub fn parse(text: &str) -> Result<Version, VersionError> {
        let bytes = text.as_bytes();
        if bytes.is_empty() {
            return Err(VersionError::Empty);
        }
        if bytes.len() > MAX_VERSION_LEN {
            return Err(VersionError::TooLong);
        }
        if bytes.iter().all(u8::is_ascii_digit) {
            return parse_number(bytes).map(Version::Int);
        }
        if bytes.len() == 10 && bytes[4] == b'-' && bytes[7] == b'-' {
            let (Some(year), Some(month), Some(day)) = (
                fixed_digits(&bytes[0..4]),
                fixed_digits(&bytes[5..7]),
                fixed_digits(&bytes[8..10]),
            ) else {
                return Err(VersionError::Malformed);
            };
            if !(1..=12).contains(&month)
                || day == 0
                || day > crate::calendar::days_in_month(i64::from(year), month)
            {
                return Err(VersionError::InvalidDate);
            }
            return Ok(Version::Date {
                year: year as u16,
                month: month as u8,
                day: day as u8,
            });
        }
        let mut parts = bytes.split(|b| *b == b'.');
        match (parts.next(), parts.next(), parts.next(), parts.next()) {
            (Some(major), Some(minor), Some(patch), None) => Ok(Version::Semver {
                major: parse_number(major)?,
                minor: parse_number(minor)?,
                patch: parse_number(patch)?,
            }),
            _ => Err(VersionError::Malformed),
        }
    }

    /// The family of this version.
    pub const fn scheme(&self) -> VersionScheme {
        match self {
            Version::Int(_) => VersionScheme::Int,
            Version::Date { .. } => VersionScheme::Date,
            Version::Semver { .. } => VersionScheme::Semver,
        }
    }
}

impl core::fmt::Display for Version {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Version::Int(n) => write!(f, "{n}"),
            Version::Date { year, month, day } => write!(f, "{year:04}-{month:02}-{day:02}"),
            Version::Semver {
                major,
                minor,
                patch,
            } => write!(f, "{major}.{minor}.{patch}"),
        }
    }
}

impl core::fmt::Display for VersionScheme {
    /// With its article: "an integer", "a date", "a semantic".
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            VersionScheme::Int => "an integer",
            VersionScheme::Date => "a date",
            VersionScheme::Semver => "a semantic",
        })
    }
}

impl core::str::FromStr for Version {
    type Err = VersionError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Version::parse(s)
    }
}

impl core::fmt::Display for VersionError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for VersionError {}
