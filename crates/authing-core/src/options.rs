//! Options shared by the management and authentication clients.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};

use crate::crypto::PasswordEncryptor;
use crate::error::{Error, Result};

/// The Authing cloud's API host.
pub const DEFAULT_HOST: &str = "https://core.authing.cn";

/// The public key of the Authing cloud used to encrypt passwords (RSA 1024, SPKI PEM).
pub const DEFAULT_PUBLIC_KEY: &str = "-----BEGIN PUBLIC KEY-----
MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC4xKeUgQ+Aoz7TLfAfs9+paePb
5KIofVthEopwrXFkp8OCeocaTHt9ICjTT2QeJh6cZaDaArfZ873GPUn00eOIZ7Ae
+TiA2BKHbCvloW3w5Lnqm70iSsUi5Fmu9/2+68GZRH9L7Mlh8cFksCicW2Y2W2uM
GKl64GDcIq3au+aqJQIDAQAB
-----END PUBLIC KEY-----
";

/// Default per-request timeout.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default connect timeout.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Default cap on the size of a response body.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;

/// The SDK version sent in `x-authing-sdk-version` (`rust:<version>`).
pub const SDK_VERSION: &str = concat!("rust:", env!("CARGO_PKG_VERSION"));

/// When and how idempotent requests are retried.
///
/// Only GraphQL queries and REST `GET`s are retried, and only after a connection
/// failure or an HTTP 429, 502, 503 or 504. Mutations are never repeated.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Total number of attempts, the first one included (1 = no retries).
    pub max_attempts: u32,
    /// Delay before the first retry; doubled at every further retry, with full jitter.
    pub initial_backoff: Duration,
    /// Upper bound of one backoff delay. A server's `Retry-After` is honoured as sent,
    /// up to 60 s.
    pub max_backoff: Duration,
}

impl RetryPolicy {
    /// A policy with `max_attempts` attempts and the default backoff.
    pub fn new(max_attempts: u32) -> Self {
        Self {
            max_attempts: max_attempts.max(1),
            ..Self::default()
        }
    }

    /// A policy that never retries.
    pub fn disabled() -> Self {
        Self::new(1)
    }

    /// Sets the initial backoff.
    pub fn initial_backoff(mut self, d: Duration) -> Self {
        self.initial_backoff = d;
        self
    }

    /// Sets the maximum backoff.
    pub fn max_backoff(mut self, d: Duration) -> Self {
        self.max_backoff = d;
        self
    }
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
        }
    }
}

/// Validated options of a client. Build with [`ClientOptions::builder`].
///
/// `Debug` never shows the pool secret.
#[derive(Clone)]
pub struct ClientOptions {
    pub(crate) host: String,
    pub(crate) user_pool_id: Option<String>,
    pub(crate) secret: Option<SecretString>,
    pub(crate) app_id: Option<String>,
    pub(crate) app_host: Option<String>,
    pub(crate) lang: Option<String>,
    pub(crate) timeout: Duration,
    pub(crate) connect_timeout: Duration,
    pub(crate) deadline: Option<Duration>,
    pub(crate) retry: RetryPolicy,
    pub(crate) public_key_pem: Option<String>,
    pub(crate) encryptor: Option<Arc<PasswordEncryptor>>,
    pub(crate) user_agent: String,
    pub(crate) max_response_bytes: usize,
    pub(crate) danger_accept_invalid_certs: bool,
    pub(crate) root_certificates_pem: Vec<Vec<u8>>,
    pub(crate) proxy: Option<String>,
    pub(crate) allow_insecure_http: bool,
}

impl fmt::Debug for ClientOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientOptions")
            .field("host", &self.host)
            .field("user_pool_id", &self.user_pool_id)
            .field("secret", &self.secret.as_ref().map(|_| "[redacted]"))
            .field("app_id", &self.app_id)
            .field("app_host", &self.app_host)
            .field("lang", &self.lang)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("deadline", &self.deadline)
            .field("retry", &self.retry)
            .field("user_agent", &self.user_agent)
            .field("max_response_bytes", &self.max_response_bytes)
            .field(
                "danger_accept_invalid_certs",
                &self.danger_accept_invalid_certs,
            )
            .field("proxy", &self.proxy.as_ref().map(|_| "[set]"))
            .field("allow_insecure_http", &self.allow_insecure_http)
            .finish_non_exhaustive()
    }
}

impl ClientOptions {
    /// Starts a builder with the defaults (Authing cloud host, 10 s timeout, the
    /// cloud's public key, 3 attempts for idempotent calls).
    pub fn builder() -> ClientOptionsBuilder {
        ClientOptionsBuilder::default()
    }

    /// A builder filled from the environment: `AUTHING_USERPOOL_ID`, `AUTHING_SECRET`,
    /// `AUTHING_HOST`, `AUTHING_APP_ID`, `AUTHING_APP_HOST` and `AUTHING_PUBLIC_KEY`
    /// (PEM text). Unset or empty variables leave the default.
    ///
    /// ```
    /// # fn main() -> authing::Result<()> {
    /// let options = authing::ClientOptions::from_env()
    ///     .user_pool_id("60b4a1c2d3e4f5a6b7c8d9e0") // a value set in code wins over nothing
    ///     .build()?;
    /// # let _ = options; Ok(()) }
    /// ```
    pub fn from_env() -> ClientOptionsBuilder {
        ClientOptionsBuilder::default().env_overrides(|k| std::env::var(k).ok())
    }

    /// API host, without trailing slash (e.g. `https://core.authing.cn`).
    pub fn host(&self) -> &str {
        &self.host
    }

    /// Host the authentication client talks to: `app_host` when set, else `host`.
    pub fn app_base(&self) -> &str {
        self.app_host.as_deref().unwrap_or(&self.host)
    }

    /// User pool id, if configured.
    pub fn user_pool_id(&self) -> Option<&str> {
        self.user_pool_id.as_deref()
    }

    /// The user pool secret, if configured. Handle with care: never log it.
    pub fn secret(&self) -> Option<&str> {
        self.secret.as_ref().map(|s| s.expose_secret())
    }

    /// Application id, if configured.
    pub fn app_id(&self) -> Option<&str> {
        self.app_id.as_deref()
    }

    /// Application host, if configured.
    pub fn app_host(&self) -> Option<&str> {
        self.app_host.as_deref()
    }

    /// Language sent in `x-authing-lang`, if configured.
    pub fn lang(&self) -> Option<&str> {
        self.lang.as_deref()
    }

    /// Per-request timeout.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// Connect timeout.
    pub fn connect_timeout(&self) -> Duration {
        self.connect_timeout
    }

    /// Overall deadline of one call across its retries, if set.
    pub fn deadline(&self) -> Option<Duration> {
        self.deadline
    }

    /// The retry policy.
    pub fn retry(&self) -> &RetryPolicy {
        &self.retry
    }

    /// The PEM of the public key configured for password encryption, if any. Without
    /// one, a client talking to the Authing cloud uses [`DEFAULT_PUBLIC_KEY`], and a
    /// client talking to another host reads the key once from its
    /// `GET /api/v2/.well-known` (as the official JS SDK does).
    pub fn public_key_pem(&self) -> Option<&str> {
        self.public_key_pem.as_deref()
    }

    /// The encryptor of the configured key (parsed once, when the options were built),
    /// or `None` when no key was configured.
    pub fn encryptor(&self) -> Option<&PasswordEncryptor> {
        self.encryptor.as_deref()
    }

    /// Maximum size of a response body in bytes.
    pub fn max_response_bytes(&self) -> usize {
        self.max_response_bytes
    }

    /// Whether plain `http://` was allowed for a host other than a loopback one
    /// (see [`ClientOptionsBuilder::allow_insecure_http`]).
    pub fn allow_insecure_http(&self) -> bool {
        self.allow_insecure_http
    }
}

/// `true` when `url` is `http(s)://` to a loopback host: `localhost`, an address in
/// `127.0.0.0/8`, or `[::1]`.
pub(crate) fn is_loopback_url(url: &str) -> bool {
    let Some(host) = reqwest::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
    else {
        return false;
    };
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    match bare.parse::<std::net::IpAddr>() {
        Ok(ip) => ip.is_loopback(),
        Err(_) => bare.eq_ignore_ascii_case("localhost"),
    }
}

/// The host (and port) of `url` for error messages: no scheme, user info or path.
pub(crate) fn host_label(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(u) => match (u.host_str(), u.port()) {
            (Some(h), Some(p)) => format!("{h}:{p}"),
            (Some(h), None) => h.to_owned(),
            _ => "the configured host".to_owned(),
        },
        Err(_) => "the configured host".to_owned(),
    }
}

/// `true` for a plain `http://` URL.
pub(crate) fn is_plain_http(url: &str) -> bool {
    url.get(..7)
        .is_some_and(|p| p.eq_ignore_ascii_case("http://"))
}

/// Builder of [`ClientOptions`]; [`build`](Self::build) validates every value.
#[derive(Clone, Default)]
pub struct ClientOptionsBuilder {
    host: Option<String>,
    user_pool_id: Option<String>,
    secret: Option<SecretString>,
    app_id: Option<String>,
    app_host: Option<String>,
    lang: Option<String>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    deadline: Option<Duration>,
    retry: Option<RetryPolicy>,
    public_key_pem: Option<String>,
    user_agent: Option<String>,
    max_response_bytes: Option<usize>,
    danger_accept_invalid_certs: bool,
    root_certificates_pem: Vec<Vec<u8>>,
    proxy: Option<String>,
    allow_insecure_http: bool,
}

impl fmt::Debug for ClientOptionsBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientOptionsBuilder")
            .field("host", &self.host)
            .field("user_pool_id", &self.user_pool_id)
            .field("secret", &self.secret.as_ref().map(|_| "[redacted]"))
            .field("app_id", &self.app_id)
            .finish_non_exhaustive()
    }
}

impl ClientOptionsBuilder {
    pub(crate) fn env_overrides(mut self, get: impl Fn(&str) -> Option<String>) -> Self {
        let get = |k: &str| get(k).filter(|v| !v.trim().is_empty());
        if let Some(v) = get("AUTHING_USERPOOL_ID") {
            self.user_pool_id = Some(v);
        }
        if let Some(v) = get("AUTHING_SECRET") {
            self.secret = Some(SecretString::from(v));
        }
        if let Some(v) = get("AUTHING_HOST") {
            self.host = Some(v);
        }
        if let Some(v) = get("AUTHING_APP_ID") {
            self.app_id = Some(v);
        }
        if let Some(v) = get("AUTHING_APP_HOST") {
            self.app_host = Some(v);
        }
        if let Some(v) = get("AUTHING_PUBLIC_KEY") {
            self.public_key_pem = Some(v);
        }
        self
    }

    /// API host, e.g. `https://core.authing.cn` (the default) or a private deployment.
    pub fn host(mut self, host: impl Into<String>) -> Self {
        self.host = Some(host.into());
        self
    }

    /// User pool id (`x-authing-userpool-id`).
    pub fn user_pool_id(mut self, id: impl Into<String>) -> Self {
        self.user_pool_id = Some(id.into());
        self
    }

    /// User pool secret (management client only). Never printed.
    pub fn secret(mut self, secret: impl Into<String>) -> Self {
        self.secret = Some(SecretString::from(secret.into()));
        self
    }

    /// Application id (`x-authing-app-id`).
    pub fn app_id(mut self, id: impl Into<String>) -> Self {
        self.app_id = Some(id.into());
        self
    }

    /// Application host: the authentication client sends its requests there.
    pub fn app_host(mut self, host: impl Into<String>) -> Self {
        self.app_host = Some(host.into());
        self
    }

    /// Language of server messages (`x-authing-lang`), e.g. `zh-CN` or `en-US`.
    pub fn lang(mut self, lang: impl Into<String>) -> Self {
        self.lang = Some(lang.into());
        self
    }

    /// Per-request timeout (default 10 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Connect timeout (default 5 s; not applied on `wasm32`).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Overall deadline for one call, retries and backoff included (default: none).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// Retry policy for idempotent calls (default: 3 attempts).
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = Some(retry);
        self
    }

    /// RSA public key (PEM, SPKI or PKCS#1) used to encrypt passwords. Defaults to the
    /// Authing cloud key for the cloud host; for any other host (a private deployment,
    /// the emulator) the key is read once from `GET {host}/api/v2/.well-known` unless
    /// one is given here.
    pub fn public_key(mut self, pem: impl Into<String>) -> Self {
        self.public_key_pem = Some(pem.into());
        self
    }

    /// `User-Agent` header value (default `authing-rs/<version>`).
    pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
        self.user_agent = Some(ua.into());
        self
    }

    /// Cap on the size of a response body (default 16 MiB).
    pub fn max_response_bytes(mut self, bytes: usize) -> Self {
        self.max_response_bytes = Some(bytes);
        self
    }

    /// Turns TLS certificate verification **off**. Only for tests against a server
    /// with a self-signed certificate; never in production.
    pub fn danger_accept_invalid_certs(mut self, accept: bool) -> Self {
        self.danger_accept_invalid_certs = accept;
        self
    }

    /// Adds a trusted root certificate (PEM).
    pub fn add_root_certificate_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.root_certificates_pem.push(pem.into());
        self
    }

    /// Sends every request through this HTTP(S) proxy URL.
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = Some(url.into());
        self
    }

    /// Allows a plain `http://` host or app host that is not a loopback one.
    ///
    /// By default `http://` is accepted only for `localhost`, `127.0.0.0/8` and
    /// `[::1]` (the emulator, tests); any other host must use `https://`, because the
    /// pool secret, tokens and passwords travel in these requests. Even when allowed,
    /// the password-encryption key is never fetched from `/.well-known` over plain
    /// HTTP from such a host (anyone on the path could substitute it): configure it
    /// with [`public_key`](Self::public_key).
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Validates the options: the host must be an `http(s)://` URL, ids must not be
    /// blank, the public key must parse, timeouts must be non-zero.
    pub fn build(self) -> Result<ClientOptions> {
        let host = normalize_url("host", self.host.as_deref().unwrap_or(DEFAULT_HOST))?;
        let app_host = self
            .app_host
            .as_deref()
            .map(|h| normalize_url("app_host", h))
            .transpose()?;
        for (name, url) in [("host", Some(&host)), ("app_host", app_host.as_ref())] {
            if let Some(url) = url {
                if is_plain_http(url) && !is_loopback_url(url) && !self.allow_insecure_http {
                    return Err(Error::Config(format!(
                        "{name} {} uses plain http:// for a host that is not loopback: use \
                         https://, or opt in with allow_insecure_http(true)",
                        host_label(url)
                    )));
                }
            }
        }
        let user_pool_id = non_blank("user_pool_id", self.user_pool_id)?;
        let app_id = non_blank("app_id", self.app_id)?;
        let lang = non_blank("lang", self.lang)?;
        if let Some(s) = &self.secret {
            if s.expose_secret().trim().is_empty() {
                return Err(Error::Config("secret must not be empty".into()));
            }
        }
        let timeout = self.timeout.unwrap_or(DEFAULT_TIMEOUT);
        let connect_timeout = self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT);
        if timeout.is_zero() || connect_timeout.is_zero() {
            return Err(Error::Config("timeouts must be greater than zero".into()));
        }
        if self.deadline.is_some_and(|d| d.is_zero()) {
            return Err(Error::Config("deadline must be greater than zero".into()));
        }
        let max_response_bytes = self
            .max_response_bytes
            .unwrap_or(DEFAULT_MAX_RESPONSE_BYTES);
        if max_response_bytes == 0 {
            return Err(Error::Config(
                "max_response_bytes must be greater than zero".into(),
            ));
        }
        // Without an explicit key, the transport picks one for the host it talks to.
        let public_key_pem = self.public_key_pem;
        let encryptor = public_key_pem
            .as_deref()
            .map(PasswordEncryptor::from_pem)
            .transpose()?
            .map(Arc::new);
        if let Some(p) = &self.proxy {
            normalize_url("proxy", p)?;
        }
        if self
            .root_certificates_pem
            .iter()
            .any(|pem| !String::from_utf8_lossy(pem).contains("-----BEGIN CERTIFICATE-----"))
        {
            return Err(Error::Config(
                "a root certificate must be PEM text with a BEGIN CERTIFICATE block".into(),
            ));
        }
        let mut retry = self.retry.unwrap_or_default();
        retry.max_attempts = retry.max_attempts.max(1);
        Ok(ClientOptions {
            host,
            user_pool_id,
            secret: self.secret,
            app_id,
            app_host,
            lang,
            timeout,
            connect_timeout,
            deadline: self.deadline,
            retry,
            public_key_pem,
            encryptor,
            user_agent: self
                .user_agent
                .unwrap_or_else(|| concat!("authing-rs/", env!("CARGO_PKG_VERSION")).to_owned()),
            max_response_bytes,
            danger_accept_invalid_certs: self.danger_accept_invalid_certs,
            root_certificates_pem: self.root_certificates_pem,
            proxy: self.proxy,
            allow_insecure_http: self.allow_insecure_http,
        })
    }
}

fn non_blank(name: &str, v: Option<String>) -> Result<Option<String>> {
    match v {
        Some(s) if s.trim().is_empty() => Err(Error::Config(format!("{name} must not be empty"))),
        Some(s) => Ok(Some(s.trim().to_owned())),
        None => Ok(None),
    }
}

fn normalize_url(name: &str, url: &str) -> Result<String> {
    let url = url.trim().trim_end_matches('/');
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| {
            Error::Config(format!(
                "{name} must start with http:// or https:// (got {url:?})"
            ))
        })?;
    if rest.is_empty() || rest.contains(char::is_whitespace) {
        return Err(Error::Config(format!(
            "{name} has no valid authority: {url:?}"
        )));
    }
    Ok(url.to_owned())
}

/// Adds the setters of [`ClientOptionsBuilder`] to a client builder that has a field
/// `options: ClientOptionsBuilder`, each with the same documentation and an example.
/// `$client` is the path of the client type (for the examples) and `$finish` the
/// example lines that complete its builder (e.g. `.secret(..)` and `.build()?;`).
#[macro_export]
macro_rules! delegate_option_setters {
    ($client:literal, $finish:literal) => {
        #[doc = "API host (default `https://core.authing.cn`)."]
        #[doc = ""]
        #[doc = concat!("```\n# fn main() -> Result<(), Box<dyn std::error::Error>> {\nlet client = ", $client, "::builder()\n    .user_pool_id(\"60b4a1c2d3e4f5a6b7c8d9e0\")\n    .host(\"https://core.authing.cn\")\n", $finish, "\n# let _ = client; Ok(()) }\n```")]
        pub fn host(mut self, host: impl Into<String>) -> Self {
            self.options = self.options.host(host);
            self
        }
        #[doc = "User pool id."]
        #[doc = ""]
        #[doc = concat!("```\n# fn main() -> Result<(), Box<dyn std::error::Error>> {\nlet client = ", $client, "::builder()\n    .user_pool_id(\"60b4a1c2d3e4f5a6b7c8d9e0\")\n", $finish, "\n# let _ = client; Ok(()) }\n```")]
        pub fn user_pool_id(mut self, id: impl Into<String>) -> Self {
            self.options = self.options.user_pool_id(id);
            self
        }
        #[doc = "Application id."]
        #[doc = ""]
        #[doc = concat!("```\n# fn main() -> Result<(), Box<dyn std::error::Error>> {\nlet client = ", $client, "::builder()\n    .user_pool_id(\"60b4a1c2d3e4f5a6b7c8d9e0\")\n    .app_id(\"60b4a1c2d3e4f5a6b7c8d9e1\")\n", $finish, "\n# let _ = client; Ok(()) }\n```")]
        pub fn app_id(mut self, id: impl Into<String>) -> Self {
            self.options = self.options.app_id(id);
            self
        }
        #[doc = "Application host: the authentication client sends its requests there."]
        #[doc = ""]
        #[doc = concat!("```\n# fn main() -> Result<(), Box<dyn std::error::Error>> {\nlet client = ", $client, "::builder()\n    .user_pool_id(\"60b4a1c2d3e4f5a6b7c8d9e0\")\n    .app_host(\"https://my-app.authing.cn\")\n", $finish, "\n# let _ = client; Ok(()) }\n```")]
        pub fn app_host(mut self, host: impl Into<String>) -> Self {
            self.options = self.options.app_host(host);
            self
        }
        #[doc = "Language of server messages (`zh-CN`, `en-US`)."]
        #[doc = ""]
        #[doc = concat!("```\n# fn main() -> Result<(), Box<dyn std::error::Error>> {\nlet client = ", $client, "::builder()\n    .user_pool_id(\"60b4a1c2d3e4f5a6b7c8d9e0\")\n    .lang(\"en-US\")\n", $finish, "\n# let _ = client; Ok(()) }\n```")]
        pub fn lang(mut self, lang: impl Into<String>) -> Self {
            self.options = self.options.lang(lang);
            self
        }
        #[doc = "Per-request timeout (default 10 s)."]
        #[doc = ""]
        #[doc = concat!("```\n# fn main() -> Result<(), Box<dyn std::error::Error>> {\nlet client = ", $client, "::builder()\n    .user_pool_id(\"60b4a1c2d3e4f5a6b7c8d9e0\")\n    .timeout(std::time::Duration::from_secs(5))\n", $finish, "\n# let _ = client; Ok(()) }\n```")]
        pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
            self.options = self.options.timeout(timeout);
            self
        }
        #[doc = "Connect timeout (default 5 s)."]
        #[doc = ""]
        #[doc = concat!("```\n# fn main() -> Result<(), Box<dyn std::error::Error>> {\nlet client = ", $client, "::builder()\n    .user_pool_id(\"60b4a1c2d3e4f5a6b7c8d9e0\")\n    .connect_timeout(std::time::Duration::from_secs(2))\n", $finish, "\n# let _ = client; Ok(()) }\n```")]
        pub fn connect_timeout(mut self, timeout: ::std::time::Duration) -> Self {
            self.options = self.options.connect_timeout(timeout);
            self
        }
        #[doc = "Overall deadline of one call, retries and backoff included."]
        #[doc = ""]
        #[doc = concat!("```\n# fn main() -> Result<(), Box<dyn std::error::Error>> {\nlet client = ", $client, "::builder()\n    .user_pool_id(\"60b4a1c2d3e4f5a6b7c8d9e0\")\n    .deadline(std::time::Duration::from_secs(30))\n", $finish, "\n# let _ = client; Ok(()) }\n```")]
        pub fn deadline(mut self, deadline: ::std::time::Duration) -> Self {
            self.options = self.options.deadline(deadline);
            self
        }
        #[doc = "Retry policy for idempotent calls (default 3 attempts)."]
        #[doc = ""]
        #[doc = concat!("```\n# fn main() -> Result<(), Box<dyn std::error::Error>> {\nlet client = ", $client, "::builder()\n    .user_pool_id(\"60b4a1c2d3e4f5a6b7c8d9e0\")\n    .retry(authing::RetryPolicy::new(5))\n", $finish, "\n# let _ = client; Ok(()) }\n```")]
        pub fn retry(mut self, retry: $crate::RetryPolicy) -> Self {
            self.options = self.options.retry(retry);
            self
        }
        #[doc = "RSA public key (PEM) for password encryption. Default: the Authing cloud key for the cloud host; for another host the key is read once from `/api/v2/.well-known`."]
        #[doc = ""]
        #[doc = concat!("```\n# fn main() -> Result<(), Box<dyn std::error::Error>> {\nlet client = ", $client, "::builder()\n    .user_pool_id(\"60b4a1c2d3e4f5a6b7c8d9e0\")\n    .public_key(authing::DEFAULT_PUBLIC_KEY)\n", $finish, "\n# let _ = client; Ok(()) }\n```")]
        pub fn public_key(mut self, pem: impl Into<String>) -> Self {
            self.options = self.options.public_key(pem);
            self
        }
        #[doc = "Turns TLS certificate verification **off** when `true`. Only for tests against a self-signed server."]
        #[doc = ""]
        #[doc = concat!("```\n# fn main() -> Result<(), Box<dyn std::error::Error>> {\nlet client = ", $client, "::builder()\n    .user_pool_id(\"60b4a1c2d3e4f5a6b7c8d9e0\")\n    .danger_accept_invalid_certs(false)\n", $finish, "\n# let _ = client; Ok(()) }\n```")]
        pub fn danger_accept_invalid_certs(mut self, accept: bool) -> Self {
            self.options = self.options.danger_accept_invalid_certs(accept);
            self
        }
        #[doc = "Adds a trusted root certificate (PEM)."]
        #[doc = ""]
        #[doc = concat!("```no_run\n# fn main() -> Result<(), Box<dyn std::error::Error>> {\nlet client = ", $client, "::builder()\n    .user_pool_id(\"60b4a1c2d3e4f5a6b7c8d9e0\")\n    .add_root_certificate_pem(std::fs::read(\"corp-root.pem\")?)\n", $finish, "\n# let _ = client; Ok(()) }\n```")]
        pub fn add_root_certificate_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
            self.options = self.options.add_root_certificate_pem(pem);
            self
        }
        #[doc = "Sends every request through this HTTP(S) proxy."]
        #[doc = ""]
        #[doc = concat!("```\n# fn main() -> Result<(), Box<dyn std::error::Error>> {\nlet client = ", $client, "::builder()\n    .user_pool_id(\"60b4a1c2d3e4f5a6b7c8d9e0\")\n    .proxy(\"http://proxy.internal:3128\")\n", $finish, "\n# let _ = client; Ok(()) }\n```")]
        pub fn proxy(mut self, url: impl Into<String>) -> Self {
            self.options = self.options.proxy(url);
            self
        }
        #[doc = "Allows plain `http://` for a host that is not loopback (`localhost`, `127.0.0.0/8` and `[::1]` are always allowed). The password-encryption key is still never fetched over plain HTTP from such a host: set [`public_key`](Self::public_key)."]
        #[doc = ""]
        #[doc = concat!("```\n# fn main() -> Result<(), Box<dyn std::error::Error>> {\nlet client = ", $client, "::builder()\n    .user_pool_id(\"60b4a1c2d3e4f5a6b7c8d9e0\")\n    .host(\"http://authing.internal\")\n    .allow_insecure_http(true)\n    .public_key(authing::DEFAULT_PUBLIC_KEY)\n", $finish, "\n# let _ = client; Ok(()) }\n```")]
        pub fn allow_insecure_http(mut self, allow: bool) -> Self {
            self.options = self.options.allow_insecure_http(allow);
            self
        }
        #[doc = "Replaces every option set so far with `options`, e.g. [`ClientOptions::from_env`](authing_core::ClientOptions::from_env)."]
        #[doc = ""]
        #[doc = concat!("```no_run\n# fn main() -> Result<(), Box<dyn std::error::Error>> {\nlet client = ", $client, "::builder()\n    .user_pool_id(\"60b4a1c2d3e4f5a6b7c8d9e0\")\n    .options(authing::ClientOptions::from_env())\n", $finish, "\n# let _ = client; Ok(()) }\n```")]
        pub fn options(mut self, options: $crate::ClientOptionsBuilder) -> Self {
            self.options = options;
            self
        }
    };
}

#[cfg(test)]
#[path = "options_tests.rs"]
mod tests;
