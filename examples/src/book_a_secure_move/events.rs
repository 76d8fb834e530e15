//! `move.created` for a supplier's subscription: the settings, read in one place
//! ([`Config::from_env`]); the body, in the subscription's version ([`move_created`]); and
//! the delivery, signed the Standard Webhooks way and retried with exponential backoff by a
//! task of its own, so the `POST` that created the move never waits for it.

use std::sync::OnceLock;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::body::{Body, Bytes};
use axum::http::{Request, Uri, header};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use versionary::Selected;
use versionary::event::{Event, EventError};
use versionary::render::{RenderError, Resolve, resolve};
use versionary::webhook::{Secret, SecretError};

use super::{BookASecureMove, Move, MoveCreated, MoveMessage};

/// The service's settings from outside. [`Config::default`] has no subscription.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// The supplier subscribed to `move.created`, if any.
    pub subscription: Option<Subscription>,
}

/// A supplier's subscription: where events go, how they are signed, in which version.
#[derive(Clone, Debug)]
pub struct Subscription {
    /// The receiver's URL (`http://`: this example's client has no TLS).
    pub url: Uri,
    /// The secret shared with the receiver.
    pub secret: Secret,
    /// The version whose shape the events are written in.
    pub version: Selected,
    /// How a failed delivery is retried.
    pub retry: Retry,
}

/// How a failed delivery is retried: up to `attempts` attempts in all, waiting
/// `first_delay` after the first failure and twice as long after each next one (at most
/// `max_delay`); an attempt that has no answer after `timeout` failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Retry {
    /// Attempts in all (at least one is made).
    pub attempts: u32,
    /// The wait after the first failure.
    pub first_delay: Duration,
    /// The longest wait between two attempts.
    pub max_delay: Duration,
    /// How long one attempt may take.
    pub timeout: Duration,
}

impl Default for Retry {
    /// 6 attempts over about 31 seconds: waits of 1, 2, 4, 8 and 16 seconds.
    fn default() -> Retry {
        Retry {
            attempts: 6,
            first_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(60),
            timeout: Duration::from_secs(10),
        }
    }
}

/// Why the settings are refused at start-up.
#[derive(Debug)]
pub enum ConfigError {
    /// Some of the subscription's variables are set, not all.
    Incomplete {
        /// The variables that are set.
        set: Vec<&'static str>,
        /// The variables that are missing.
        missing: Vec<&'static str>,
    },
    /// `WEBHOOK_URL` is not an `http://` URL.
    Url(String),
    /// `WEBHOOK_SECRET` is not a `whsec_` secret.
    Secret(SecretError),
    /// `WEBHOOK_VERSION` is not a version of the API.
    Version(RenderError),
}

/// The subscription's variables.
const VARIABLES: [&str; 3] = ["WEBHOOK_URL", "WEBHOOK_SECRET", "WEBHOOK_VERSION"];

impl Config {
    /// The settings from the process environment: a subscription when `WEBHOOK_URL`,
    /// `WEBHOOK_SECRET` and `WEBHOOK_VERSION` are all set, none when none is.
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_vars(|name| std::env::var(name).ok())
    }

    /// The settings from `var` (a variable's value by name), as [`Config::from_env`] reads
    /// them; tests pass their own.
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let values = VARIABLES.map(|name| var(name).filter(|value| !value.is_empty()));
        let [url, secret, version] = match values {
            [None, None, None] => return Ok(Config::default()),
            [Some(url), Some(secret), Some(version)] => [url, secret, version],
            _ => {
                let (set, missing) = VARIABLES
                    .iter()
                    .zip(&values)
                    .partition::<Vec<_>, _>(|(_, value)| value.is_some());
                return Err(ConfigError::Incomplete {
                    set: set.into_iter().map(|(name, _)| *name).collect(),
                    missing: missing.into_iter().map(|(name, _)| *name).collect(),
                });
            }
        };
        let subscription = Subscription {
            url: http_url(&url)?,
            secret: Secret::parse(&secret).map_err(ConfigError::Secret)?,
            version: resolve::<BookASecureMove>(&version, Resolve::exact())
                .map_err(ConfigError::Version)?,
            retry: Retry::default(),
        };
        Ok(Config {
            subscription: Some(subscription),
        })
    }
}

/// `text` as an `http://` URL with a host.
fn http_url(text: &str) -> Result<Uri, ConfigError> {
    let shown: String = text.chars().take(200).collect();
    let url: Uri = text
        .parse()
        .map_err(|error| ConfigError::Url(format!("`{shown}` is not a URL: {error}")))?;
    if url.scheme_str() != Some("http") || url.host().is_none() {
        return Err(ConfigError::Url(format!(
            "`{shown}` is not an http:// URL with a host (this example's client has no TLS)"
        )));
    }
    Ok(url)
}

impl core::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            ConfigError::Incomplete { set, missing } => write!(
                f,
                "{} set without {}: a subscription needs all of WEBHOOK_URL, WEBHOOK_SECRET and WEBHOOK_VERSION (or none)",
                set.join(", "),
                missing.join(", ")
            ),
            ConfigError::Url(reason) => write!(f, "WEBHOOK_URL: {reason}"),
            ConfigError::Secret(error) => write!(f, "WEBHOOK_SECRET: {error}"),
            ConfigError::Version(error) => write!(f, "WEBHOOK_VERSION: {error}"),
        }
    }
}

impl std::error::Error for ConfigError {}

/// The body of `move.created` ([`MoveCreated`], the declared event) for a subscription at
/// `version`: the created move in that version's shape, in the envelope Standard Webhooks
/// recommends (`type`, `data`: [`MoveMessage`]), as each version's OpenAPI `webhooks` says.
pub fn move_created(version: &Selected, created: &Move) -> Result<Vec<u8>, EventError> {
    MoveCreated(MoveMessage {
        kind: MoveCreated::NAME.to_owned(),
        data: created.clone(),
    })
    .to_vec(version)
}

/// Sends the events of one subscription.
#[derive(Debug)]
pub(crate) struct Notifier {
    subscription: Subscription,
    /// Made at the first delivery, inside the runtime.
    client: OnceLock<Client<HttpConnector, Body>>,
    /// Makes message ids unique across runs of the service (move ids start over).
    run: u128,
}

impl Notifier {
    pub(crate) fn new(subscription: Subscription) -> Notifier {
        Notifier {
            subscription,
            client: OnceLock::new(),
            run: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |since| since.as_nanos()),
        }
    }

    /// Renders `move.created` for `created` and sends it from a task of its own.
    pub(crate) fn move_created(self: &std::sync::Arc<Self>, created: &Move) {
        let body = match move_created(&self.subscription.version, created) {
            Ok(body) => Bytes::from(body),
            Err(error) => {
                eprintln!(
                    "book_a_secure_move: move.created for {}: {error}",
                    created.id
                );
                return;
            }
        };
        let id = format!("msg_{:x}_{}", self.run, created.id);
        let notifier = self.clone();
        tokio::spawn(async move { notifier.deliver(id, body).await });
    }

    /// Attempts delivery until the receiver takes it or the attempts run out, waiting twice
    /// as long after each failure.
    async fn deliver(&self, id: String, body: Bytes) {
        let retry = self.subscription.retry;
        let attempts = retry.attempts.max(1);
        let mut delay = retry.first_delay;
        for attempt in 1..=attempts {
            match self.attempt(&id, body.clone()).await {
                Ok(()) => return,
                Err(reason) => eprintln!(
                    "book_a_secure_move: move.created {id} to {}: attempt {attempt} of {attempts} failed: {reason}",
                    self.subscription.url
                ),
            }
            if attempt < attempts {
                tokio::time::sleep(delay).await;
                delay = delay.saturating_mul(2).min(retry.max_delay);
            }
        }
        eprintln!("book_a_secure_move: move.created {id}: given up after {attempts} attempts");
    }

    /// One attempt, signed at its own time: the receiver took it when it answers 2xx.
    async fn attempt(&self, id: &str, body: Bytes) -> Result<(), String> {
        let subscription = &self.subscription;
        let signed = subscription
            .secret
            .sign_now(id, &body)
            .map_err(|error| error.to_string())?;
        let mut request = Request::post(subscription.url.clone())
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body))
            .map_err(|error| error.to_string())?;
        signed.add_to(request.headers_mut());
        let client = self
            .client
            .get_or_init(|| Client::builder(TokioExecutor::new()).build_http());
        let response = tokio::time::timeout(subscription.retry.timeout, client.request(request))
            .await
            .map_err(|_| format!("no answer within {:?}", subscription.retry.timeout))?
            .map_err(|error| format!("{error:?}"))?;
        let status = response.status();
        if status.is_success() {
            Ok(())
        } else {
            Err(format!("the receiver answered {status}"))
        }
    }
}
