//! Signing and verifying webhooks the [Standard Webhooks](https://www.standardwebhooks.com/)
//! way (feature `webhooks`), so receivers can check them with the standard's own libraries.
//!
//! A message carries three headers: `webhook-id` (the message's id, the same on every
//! retry), `webhook-timestamp` (seconds since the Unix epoch of the attempt) and
//! `webhook-signature` (`v1,` then the base64 HMAC-SHA256 of `{id}.{timestamp}.{body}` under
//! the subscription's secret). The secret is shared with the receiver as `whsec_` then the
//! key in base64.
//!
//! A sender signs with [`Secret::sign`]; a receiver checks with [`Secret::verify`]. The
//! body is the service's: [`render`](crate::render) writes a value in a subscriber's
//! version. Enable with `versionary = { version = "...", features = ["webhooks"] }`.
//!
//! ```
//! use versionary::webhook::Secret;
//!
//! let secret: Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw".parse()?;
//! let body = br#"{"type":"move.created","data":{"id":"m2"}}"#;
//! let headers = secret.sign("msg_2", 1_700_000_000, body)?;
//! assert_eq!(headers.id(), "msg_2");
//!
//! // The receiver, with the same secret, within five minutes of the timestamp.
//! let verified = secret.verify_at(&headers.to_header_map(), body, 1_700_000_060)?;
//! assert_eq!(verified.id, "msg_2");
//! // A body changed on the way is refused.
//! assert!(secret.verify_at(&headers.to_header_map(), b"{}", 1_700_000_060).is_err());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![doc = include_str!("../docs/webhooks.md")]

use core::fmt;
use core::str::FromStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit, Mac};
use http::{HeaderMap, HeaderName, HeaderValue};
use sha2::Sha256;

/// The header of the message's id (`webhook-id`).
pub const WEBHOOK_ID: HeaderName = HeaderName::from_static("webhook-id");
/// The header of the attempt's time, in seconds since the Unix epoch (`webhook-timestamp`).
pub const WEBHOOK_TIMESTAMP: HeaderName = HeaderName::from_static("webhook-timestamp");
/// The header of the signatures (`webhook-signature`).
pub const WEBHOOK_SIGNATURE: HeaderName = HeaderName::from_static("webhook-signature");
/// How far a message's timestamp may be from the receiver's clock, either way: five
/// minutes, as the standard's libraries allow.
pub const TOLERANCE: Duration = Duration::from_secs(5 * 60);

/// The prefix of a secret written as text.
const PREFIX: &str = "whsec_";
/// The longest message id [`Secret::sign`] accepts.
const MAX_ID_LEN: usize = 256;

type HmacSha256 = Hmac<Sha256>;

/// A subscription's signing key. Read from its text form `whsec_<base64>` with
/// [`Secret::parse`] (or `str::parse`), or made from raw bytes. Its `Debug` never shows
/// the key.
///
/// ```
/// use versionary::webhook::{Secret, SecretError};
///
/// let secret = Secret::parse("whsec_c2VjcmV0")?;
/// assert_eq!(format!("{secret:?}"), "Secret(..)");
/// assert!(matches!(Secret::parse("c2VjcmV0"), Err(SecretError::Prefix)));
/// assert!(matches!(Secret::parse("whsec_not base64!"), Err(SecretError::Base64 { .. })));
/// assert!(matches!(Secret::parse("whsec_"), Err(SecretError::Empty)));
/// # Ok::<(), SecretError>(())
/// ```
#[derive(Clone)]
pub struct Secret {
    key: Box<[u8]>,
}

/// Why a text is not a webhook secret.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SecretError {
    /// The text does not start with `whsec_`.
    Prefix,
    /// What follows `whsec_` is not standard base64.
    Base64 {
        /// The decoder's message (it names a position, never the key).
        reason: String,
    },
    /// The key is empty.
    Empty,
}

/// Why a message could not be signed.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignError {
    /// The message id is empty, longer than 256 bytes, or has a character other than
    /// visible ASCII (it must be a header value as it is).
    InvalidId {
        /// The id (at most its first 64 characters).
        id: String,
    },
}

/// Why a receiver refused a message.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum VerifyError {
    /// A header is missing, or not text.
    MissingHeader(HeaderName),
    /// `webhook-timestamp` is not a whole number of seconds.
    InvalidTimestamp,
    /// The timestamp is more than [`TOLERANCE`] before the receiver's clock (a replay).
    TooOld,
    /// The timestamp is more than [`TOLERANCE`] after the receiver's clock.
    TooNew,
    /// No `v1` signature in `webhook-signature` is the body's under this secret.
    NoMatchingSignature,
}

/// What a receiver knows once a message is verified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified {
    /// The message's id: the same on every retry, so a receiver can skip duplicates.
    pub id: String,
    /// When it was sent, in seconds since the Unix epoch.
    pub timestamp: u64,
}

/// The three headers of a signed message ([`Secret::sign`]).
///
/// ```
/// use versionary::webhook::Secret;
///
/// let secret = Secret::from_bytes(b"a key of the subscription")?;
/// let signed = secret.sign("msg_1", 1_614_265_330, b"{}")?;
/// let headers = signed.to_header_map();
/// assert_eq!(headers["webhook-id"], "msg_1");
/// assert_eq!(headers["webhook-timestamp"], "1614265330");
/// assert!(signed.signature().starts_with("v1,"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebhookHeaders {
    id: HeaderValue,
    timestamp: u64,
    signature: HeaderValue,
}

impl Secret {
    /// The secret written as `whsec_<base64>` (standard base64; the padding may be left
    /// out, as the standard's libraries allow).
    pub fn parse(text: &str) -> Result<Secret, SecretError> {
        let encoded = text.strip_prefix(PREFIX).ok_or(SecretError::Prefix)?;
        let unpadded = encoded.trim_end_matches('=');
        let key = base64::engine::general_purpose::STANDARD_NO_PAD
            .decode(unpadded)
            .map_err(|error| SecretError::Base64 {
                reason: error.to_string(),
            })?;
        Secret::from_bytes(&key)
    }

    /// The secret whose key is `key` (not empty).
    pub fn from_bytes(key: &[u8]) -> Result<Secret, SecretError> {
        if key.is_empty() {
            return Err(SecretError::Empty);
        }
        Ok(Secret { key: key.into() })
    }

    /// The `whsec_<base64>` text of this secret, to hand to a receiver.
    ///
    /// ```
    /// use versionary::webhook::Secret;
    ///
    /// let secret = Secret::from_bytes(b"secret").unwrap();
    /// assert_eq!(secret.to_text(), "whsec_c2VjcmV0");
    /// assert_eq!(versionary::webhook::Secret::parse(&secret.to_text()).unwrap().to_text(), secret.to_text());
    /// ```
    pub fn to_text(&self) -> String {
        format!("{PREFIX}{}", STANDARD.encode(&self.key))
    }

    /// Signs `body` as the message `id` sent at `timestamp` (seconds since the Unix epoch):
    /// the three headers to send with it. Sign each attempt anew with its own time; keep the
    /// id across retries.
    pub fn sign(&self, id: &str, timestamp: u64, body: &[u8]) -> Result<WebhookHeaders, SignError> {
        let valid =
            !id.is_empty() && id.len() <= MAX_ID_LEN && id.bytes().all(|b| b.is_ascii_graphic());
        let id_value = HeaderValue::from_str(id)
            .ok()
            .filter(|_| valid)
            .ok_or_else(|| SignError::InvalidId {
                id: id.chars().take(64).collect(),
            })?;
        let digest = self.mac(id, timestamp, body).finalize().into_bytes();
        let signature = format!("v1,{}", STANDARD.encode(digest));
        Ok(WebhookHeaders {
            id: id_value,
            timestamp,
            // Base64 and `v1,` are visible ASCII: always a header value.
            signature: HeaderValue::from_str(&signature).unwrap_or_else(|_| unreachable!()),
        })
    }

    /// [`sign`](Secret::sign) at the system clock's time.
    pub fn sign_now(&self, id: &str, body: &[u8]) -> Result<WebhookHeaders, SignError> {
        self.sign(id, unix_now(), body)
    }

    /// Verifies a received message against the system clock: [`verify_at`](Secret::verify_at).
    pub fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<Verified, VerifyError> {
        self.verify_at(headers, body, unix_now())
    }

    /// Verifies a received message as a receiver whose clock reads `now` (seconds since the
    /// Unix epoch): the three headers are there, the timestamp is within [`TOLERANCE`] of
    /// `now`, and one of the `v1` signatures is the body's (others are skipped). Signatures
    /// are compared in constant time.
    ///
    /// ```
    /// use versionary::webhook::{Secret, VerifyError};
    ///
    /// let secret = Secret::parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
    /// let signed = secret.sign("msg_1", 1_000_000, b"{}").unwrap();
    /// let mut headers = signed.to_header_map();
    /// // A rotated secret: the receiver gets both signatures and accepts either.
    /// let both = format!("v1,bm90IHRoaXMgb25l {}", signed.signature());
    /// headers.insert("webhook-signature", both.parse().unwrap());
    /// assert!(secret.verify_at(&headers, b"{}", 1_000_000).is_ok());
    /// assert_eq!(secret.verify_at(&headers, b"{}", 1_000_301), Err(VerifyError::TooOld));
    /// ```
    pub fn verify_at(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now: u64,
    ) -> Result<Verified, VerifyError> {
        let text = |name: HeaderName| {
            headers
                .get(&name)
                .and_then(|value| value.to_str().ok())
                .filter(|value| !value.is_empty())
                .ok_or(VerifyError::MissingHeader(name))
        };
        let id = text(WEBHOOK_ID)?;
        let timestamp_text = text(WEBHOOK_TIMESTAMP)?;
        let signatures = text(WEBHOOK_SIGNATURE)?;
        let timestamp: u64 = timestamp_text
            .parse()
            .map_err(|_| VerifyError::InvalidTimestamp)?;
        let tolerance = TOLERANCE.as_secs();
        if timestamp < now.saturating_sub(tolerance) {
            return Err(VerifyError::TooOld);
        }
        if timestamp > now.saturating_add(tolerance) {
            return Err(VerifyError::TooNew);
        }
        let expected = self.mac(id, timestamp, body);
        let matches = signatures
            .split(' ')
            .filter_map(|signature| signature.strip_prefix("v1,"))
            .filter_map(|encoded| STANDARD.decode(encoded).ok())
            .any(|candidate| expected.clone().verify_slice(&candidate).is_ok());
        if !matches {
            return Err(VerifyError::NoMatchingSignature);
        }
        Ok(Verified {
            id: id.to_owned(),
            timestamp,
        })
    }

    /// The HMAC-SHA256 of `{id}.{timestamp}.{body}` under this key.
    fn mac(&self, id: &str, timestamp: u64, body: &[u8]) -> HmacSha256 {
        // HMAC takes a key of any length: this cannot fail.
        let mut mac = HmacSha256::new_from_slice(&self.key).unwrap_or_else(|_| unreachable!());
        mac.update(id.as_bytes());
        mac.update(b".");
        mac.update(timestamp.to_string().as_bytes());
        mac.update(b".");
        mac.update(body);
        mac
    }
}

impl WebhookHeaders {
    /// The message's id (`webhook-id`).
    pub fn id(&self) -> &str {
        self.id.to_str().unwrap_or_default()
    }

    /// The attempt's time in seconds since the Unix epoch (`webhook-timestamp`).
    pub fn timestamp(&self) -> u64 {
        self.timestamp
    }

    /// The signature, `v1,<base64>` (`webhook-signature`).
    pub fn signature(&self) -> &str {
        self.signature.to_str().unwrap_or_default()
    }

    /// The three headers, to put on the request that delivers the message.
    pub fn to_header_map(&self) -> HeaderMap {
        let mut headers = HeaderMap::with_capacity(3);
        self.add_to(&mut headers);
        headers
    }

    /// Sets the three headers in `headers` (replacing any there).
    ///
    /// ```
    /// use versionary::webhook::Secret;
    ///
    /// let secret = Secret::from_bytes(b"key").unwrap();
    /// let mut request = http::Request::post("http://127.0.0.1:9/hook").body(()).unwrap();
    /// secret.sign("msg_1", 1, b"").unwrap().add_to(request.headers_mut());
    /// assert_eq!(request.headers()["webhook-timestamp"], "1");
    /// ```
    pub fn add_to(&self, headers: &mut HeaderMap) {
        headers.insert(WEBHOOK_ID, self.id.clone());
        headers.insert(WEBHOOK_TIMESTAMP, HeaderValue::from(self.timestamp));
        headers.insert(WEBHOOK_SIGNATURE, self.signature.clone());
    }
}

/// Seconds since the Unix epoch by the system clock (0 for a clock set before 1970).
fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs())
}

impl FromStr for Secret {
    type Err = SecretError;

    fn from_str(text: &str) -> Result<Secret, SecretError> {
        Secret::parse(text)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(..)")
    }
}

impl fmt::Display for SecretError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SecretError::Prefix => f.write_str("a webhook secret starts with `whsec_`"),
            SecretError::Base64 { reason } => write!(
                f,
                "a webhook secret is `whsec_` then standard base64: {reason}"
            ),
            SecretError::Empty => f.write_str("a webhook secret may not be empty"),
        }
    }
}

impl fmt::Display for SignError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignError::InvalidId { id } => write!(
                f,
                "`{id}` is not a webhook message id: 1 to {MAX_ID_LEN} visible ASCII characters"
            ),
        }
    }
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VerifyError::MissingHeader(name) => write!(f, "the `{name}` header is missing"),
            VerifyError::InvalidTimestamp => {
                f.write_str("`webhook-timestamp` is not a number of seconds")
            }
            VerifyError::TooOld => f.write_str("the message's timestamp is too old"),
            VerifyError::TooNew => f.write_str("the message's timestamp is too far ahead"),
            VerifyError::NoMatchingSignature => {
                f.write_str("no signature of the message matches its body")
            }
        }
    }
}

impl std::error::Error for SecretError {}
impl std::error::Error for SignError {}
impl std::error::Error for VerifyError {}

#[cfg(test)]
mod tests {
    use super::*;

    /// The published vector of the standard's libraries (`sign function works`).
    const KEY: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    const TIMESTAMP: u64 = 1_614_265_330;
    const BODY: &[u8] = br#"{"test": 2432232314}"#;
    const SIGNATURE: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    fn received(signature: &str, timestamp: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(WEBHOOK_ID, HeaderValue::from_static(ID));
        headers.insert(WEBHOOK_TIMESTAMP, timestamp.parse().unwrap());
        headers.insert(WEBHOOK_SIGNATURE, signature.parse().unwrap());
        headers
    }

    #[test]
    fn signs_the_published_vector() {
        let secret = Secret::parse(KEY).unwrap();
        let signed = secret.sign(ID, TIMESTAMP, BODY).unwrap();
        assert_eq!(signed.signature(), SIGNATURE);
        let headers = signed.to_header_map();
        assert_eq!(headers["webhook-id"], ID);
        assert_eq!(headers["webhook-timestamp"], "1614265330");
        assert_eq!(headers["webhook-signature"], SIGNATURE);
    }

    #[test]
    fn verifies_the_published_vector_within_the_tolerance_only() {
        let secret = Secret::parse(KEY).unwrap();
        let headers = received(SIGNATURE, "1614265330");
        let verified = secret.verify_at(&headers, BODY, TIMESTAMP).unwrap();
        assert_eq!(verified.id, ID);
        assert_eq!(verified.timestamp, TIMESTAMP);
        assert!(secret.verify_at(&headers, BODY, TIMESTAMP + 300).is_ok());
        assert!(secret.verify_at(&headers, BODY, TIMESTAMP - 300).is_ok());
        assert_eq!(
            secret.verify_at(&headers, BODY, TIMESTAMP + 301),
            Err(VerifyError::TooOld)
        );
        assert_eq!(
            secret.verify_at(&headers, BODY, TIMESTAMP - 301),
            Err(VerifyError::TooNew)
        );
    }

    #[test]
    fn the_standards_refusals_are_refused() {
        // The cases of the standard's library tests: invalid, partial and empty signatures,
        // another version's, a bad timestamp, missing headers, a changed body.
        let secret = Secret::parse(KEY).unwrap();
        for signature in [
            "v1,dawfeoifkpqwoekfpqoekf",
            "v1,g0hM9Ss",
            "v1,",
            "v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
            "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
        ] {
            let headers = received(signature, "1614265330");
            assert_eq!(
                secret.verify_at(&headers, BODY, TIMESTAMP),
                Err(VerifyError::NoMatchingSignature),
                "{signature}"
            );
        }
        let headers = received(SIGNATURE, "1614265330");
        assert_eq!(
            secret.verify_at(&headers, br#"{"test": 2432232315}"#, TIMESTAMP),
            Err(VerifyError::NoMatchingSignature)
        );
        assert_eq!(
            secret.verify_at(&received(SIGNATURE, "hello"), BODY, TIMESTAMP),
            Err(VerifyError::InvalidTimestamp)
        );
        for name in [WEBHOOK_ID, WEBHOOK_TIMESTAMP, WEBHOOK_SIGNATURE] {
            let mut headers = received(SIGNATURE, "1614265330");
            headers.remove(&name);
            assert_eq!(
                secret.verify_at(&headers, BODY, TIMESTAMP),
                Err(VerifyError::MissingHeader(name))
            );
        }
        let other = Secret::from_bytes(b"another key").unwrap();
        assert_eq!(
            other.verify_at(&headers, BODY, TIMESTAMP),
            Err(VerifyError::NoMatchingSignature)
        );
    }

    #[test]
    fn any_of_several_signatures_may_match() {
        // The standard's `multi sig payload is valid` case.
        let secret = Secret::parse(KEY).unwrap();
        let several = format!(
            "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= {SIGNATURE} v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc="
        );
        let headers = received(&several, "1614265330");
        assert!(secret.verify_at(&headers, BODY, TIMESTAMP).is_ok());
    }

    #[test]
    fn secrets_are_read_strictly_and_never_shown() {
        assert_eq!(
            Secret::parse("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap_err(),
            SecretError::Prefix
        );
        assert!(matches!(
            Secret::parse("whsec_%%%"),
            Err(SecretError::Base64 { .. })
        ));
        assert_eq!(Secret::parse("whsec_").unwrap_err(), SecretError::Empty);
        assert_eq!(Secret::parse("whsec_==").unwrap_err(), SecretError::Empty);
        // Unpadded base64 reads as padded.
        let padded = Secret::parse("whsec_c2VjcmV0MQ==").unwrap();
        let unpadded = Secret::parse("whsec_c2VjcmV0MQ").unwrap();
        assert_eq!(padded.to_text(), unpadded.to_text());
        let secret = Secret::parse(KEY).unwrap();
        assert_eq!(secret.to_text(), KEY);
        let shown = format!("{secret:?} {:?}", Some(secret.clone()));
        assert!(
            !shown.contains("MfKQ") && shown.contains("Secret(..)"),
            "{shown}"
        );
        let message = Secret::parse("whsec_ab!d").unwrap_err().to_string();
        assert!(message.contains("base64"), "{message}");
    }

    #[test]
    fn ids_must_be_header_values() {
        let secret = Secret::parse(KEY).unwrap();
        let long = "m".repeat(MAX_ID_LEN + 1);
        for id in ["", "msg 1", "msg\n1", "msg_é", long.as_str()] {
            assert!(
                matches!(secret.sign(id, 1, b""), Err(SignError::InvalidId { .. })),
                "{id:?}"
            );
        }
        assert!(secret.sign(&"m".repeat(MAX_ID_LEN), 1, b"").is_ok());
    }
}
