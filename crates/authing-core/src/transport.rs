//! The HTTP transport: one `reqwest` client per SDK client, GraphQL and REST calls,
//! retries, timeouts and tracing.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{self, HeaderMap, HeaderValue};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use tracing::Instrument as _;

use crate::decode::{Envelope, decode_graphql, decode_rest};
use crate::error::{Error, Result, TransportErrorKind};
use crate::operation::{Operation, OperationKind};
use crate::options::{ClientOptions, SDK_VERSION, host_label, is_loopback_url, is_plain_http};
use crate::platform::{build_http_client, elapsed, now, sleep, with_deadline};

/// HTTP method of a REST call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Method {
    /// `GET` (idempotent: retried on transient failures).
    Get,
    /// `POST`.
    Post,
    /// `PUT`.
    Put,
    /// `DELETE`.
    Delete,
    /// `PATCH`.
    Patch,
}

/// A REST call to `{base}/api/v2/...`.
#[derive(Debug, Clone)]
pub struct RestRequest {
    /// HTTP method.
    pub method: Method,
    /// Path below the base URL, starting with `/` (e.g. `/api/v2/sms/send`).
    pub path: String,
    /// Query parameters.
    pub query: Vec<(String, String)>,
    /// JSON body (`null` members are removed before sending).
    pub body: Option<Value>,
}

impl RestRequest {
    /// A `GET` of `path`.
    pub fn get(path: impl Into<String>) -> Self {
        Self {
            method: Method::Get,
            path: path.into(),
            query: Vec::new(),
            body: None,
        }
    }

    /// A `POST` of `body` to `path`.
    pub fn post(path: impl Into<String>, body: Value) -> Self {
        Self {
            method: Method::Post,
            path: path.into(),
            query: Vec::new(),
            body: Some(body),
        }
    }

    /// Adds a query parameter.
    pub fn query(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((key.into(), value.into()));
        self
    }
}

/// Which base URL a transport sends to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    /// `host` (management client).
    Host,
    /// `app_host` when set, else `host` (authentication client).
    AppHost,
}

type PrefixKey = (usize, usize, usize, usize);

struct Inner {
    http: reqwest::Client,
    /// `{"query":"<document>","variables":` of each operation sent so far.
    query_prefixes: std::sync::RwLock<std::collections::HashMap<PrefixKey, Arc<[u8]>>>,
    /// The key read from `/api/v2/.well-known` when none was configured.
    discovered_key: std::sync::OnceLock<Arc<crate::PasswordEncryptor>>,
    options: ClientOptions,
    base: String,
    /// `host[:port]` of `base`, named in transport errors.
    host: String,
    graphql_url: String,
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    static_headers: HeaderMap,
}

/// Sends GraphQL and REST requests for one SDK client. Cheap to clone: clones share
/// one connection pool.
#[derive(Clone)]
pub struct Transport {
    inner: Arc<Inner>,
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transport")
            .field("base", &self.inner.base)
            .field("options", &self.inner.options)
            .finish()
    }
}

fn header_value(name: &str, v: &str) -> Result<HeaderValue> {
    HeaderValue::from_str(v).map_err(|_| {
        Error::Config(format!(
            "{name} contains characters not allowed in a header"
        ))
    })
}

const JSON: &str = "application/json";

/// An `authorization` value marked sensitive (never printed by `http`'s `Debug`).
pub(crate) fn sensitive_header(name: &str, v: Option<String>) -> Result<Option<HeaderValue>> {
    v.map(|v| {
        let mut h = header_value(name, &v)?;
        h.set_sensitive(true);
        Ok(h)
    })
    .transpose()
}

impl Inner {
    fn query_prefix(&self, op: &Operation) -> Arc<[u8]> {
        let key = (
            op.document.as_ptr() as usize,
            op.document.len(),
            op.fragments.as_ptr() as usize,
            op.fragments.len(),
        );
        let read = self
            .query_prefixes
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(p) = read.get(&key) {
            return p.clone();
        }
        drop(read);
        let mut p = br#"{"query":"#.to_vec();
        // Serializing a string into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut p, op.full_document().as_ref());
        p.extend_from_slice(br#","variables":"#);
        let p: Arc<[u8]> = p.into();
        self.query_prefixes
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .entry(key)
            .or_insert(p)
            .clone()
    }
}

impl Transport {
    /// Builds the transport and its HTTP client from validated options.
    pub fn new(options: ClientOptions, endpoint: Endpoint) -> Result<Self> {
        let base = match endpoint {
            Endpoint::Host => options.host().to_owned(),
            Endpoint::AppHost => options.app_base().to_owned(),
        };
        let mut h = HeaderMap::new();
        if let Some(id) = options.user_pool_id() {
            h.insert("x-authing-userpool-id", header_value("user_pool_id", id)?);
        }
        if let Some(id) = options.app_id() {
            h.insert("x-authing-app-id", header_value("app_id", id)?);
        }
        if let Some(lang) = options.lang() {
            h.insert("x-authing-lang", header_value("lang", lang)?);
        }
        h.insert("x-authing-request-from", HeaderValue::from_static("sdk"));
        h.insert(
            "x-authing-sdk-version",
            HeaderValue::from_static(SDK_VERSION),
        );
        let http = build_http_client(&options, &h)?;
        Ok(Self {
            inner: Arc::new(Inner {
                discovered_key: std::sync::OnceLock::new(),
                query_prefixes: Default::default(),
                graphql_url: format!("{base}/graphql/v2"),
                host: host_label(&base),
                base,
                http,
                options,
                static_headers: h,
            }),
        })
    }

    /// The options this transport was built with.
    pub fn options(&self) -> &ClientOptions {
        &self.inner.options
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base
    }

    /// Encrypts a password with the configured public key (see
    /// [`PasswordEncryptor`](crate::PasswordEncryptor)). When no key is configured for a
    /// non-cloud host, the key is fetched once from `GET {base}/api/v2/.well-known`
    /// (`data.publicKey`) and cached.
    pub async fn encrypt_password(&self, plain: &str) -> Result<String> {
        if let Some(enc) = self.inner.options.encryptor() {
            return enc.encrypt(plain);
        }
        if self.inner.base == crate::DEFAULT_HOST {
            return cloud_key()?.encrypt(plain);
        }
        if let Some(enc) = self.inner.discovered_key.get() {
            return enc.encrypt(plain);
        }
        if is_plain_http(&self.inner.base) && !is_loopback_url(&self.inner.base) {
            // Anyone on the path could substitute the key.
            return Err(Error::Encryption(format!(
                "no public key configured, and the key is never read over plain http from \
                 a host that is not loopback ({}): set one with public_key(..)",
                self.inner.host
            )));
        }
        #[derive(serde::Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct WellKnown {
            public_key: String,
        }
        let env = self
            .rest::<WellKnown>(RestRequest::get("/api/v2/.well-known"), None)
            .await
            .map_err(|e| match e {
                // A network failure stays one (`is_connect()`, `is_timeout()`).
                e @ Error::Transport { .. } => e,
                e => Error::Encryption(format!(
                    "no public key configured and none could be read from /api/v2/.well-known: {e}"
                )),
            })?;
        let enc = Arc::new(crate::PasswordEncryptor::from_pem(&env.data.public_key)?);
        let enc = self.inner.discovered_key.get_or_init(|| enc);
        enc.encrypt(plain)
    }

    /// Sends a GraphQL operation and returns `data.<root_field>` as `T`.
    ///
    /// `variables` members that serialize to `null` are omitted. `token`, when given,
    /// is sent as `authorization: Bearer <token>`.
    pub async fn graphql<V, T>(
        &self,
        op: &Operation,
        variables: &V,
        token: Option<&str>,
    ) -> Result<T>
    where
        V: Serialize + ?Sized,
        T: DeserializeOwned,
    {
        // `{"query":"<document>","variables":` is serialized once per operation.
        let prefix = self.inner.query_prefix(op);
        let mut body = Vec::with_capacity(prefix.len() + 256);
        body.extend_from_slice(&prefix);
        let start = body.len();
        serde_json::to_writer(&mut body, variables)
            .map_err(|e| Error::InvalidArgument(format!("cannot serialize variables: {e}")))?;
        let written = &body[start..];
        // Rare path: members set to `null` are removed (and a non-object becomes `{}`).
        if written.first() != Some(&b'{') || written.windows(4).any(|w| w == b"null") {
            let mut vars = serde_json::to_value(variables)
                .map_err(|e| Error::InvalidArgument(format!("cannot serialize variables: {e}")))?;
            strip_nulls(&mut vars);
            if !vars.is_object() {
                vars = Value::Object(Default::default());
            }
            body.truncate(start);
            serde_json::to_writer(&mut body, &vars)
                .map_err(|e| Error::InvalidArgument(format!("cannot serialize request: {e}")))?;
        }
        body.push(b'}');
        let body = bytes::Bytes::from(body);
        let span = tracing::debug_span!(
            "authing.graphql",
            // OpenTelemetry exporters name the span after this field.
            otel.name = op.name,
            operation = op.name,
            kind = ?op.kind,
            status = tracing::field::Empty,
            attempts = tracing::field::Empty,
        );
        let idempotent = op.kind == OperationKind::Query;
        async {
            let (status, bytes) = self
                .send(
                    reqwest::Method::POST,
                    &self.inner.graphql_url,
                    &[],
                    Some(body),
                    JSON,
                    sensitive_header("token", token.map(|t| format!("Bearer {t}")))?,
                    idempotent,
                )
                .await?;
            decode_graphql(status, &bytes, op.root_field, &self.secrets(token))
        }
        .instrument(span)
        .await
    }

    /// Sends a REST request to `{base}{path}` and decodes the `{code, message, data}`
    /// envelope.
    pub async fn rest<T: DeserializeOwned>(
        &self,
        req: RestRequest,
        token: Option<&str>,
    ) -> Result<Envelope<T>> {
        let method = match req.method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Delete => reqwest::Method::DELETE,
            Method::Patch => reqwest::Method::PATCH,
        };
        let body = match req.body {
            Some(mut b) => {
                strip_nulls(&mut b);
                Some(bytes::Bytes::from(serde_json::to_vec(&b).map_err(|e| {
                    Error::InvalidArgument(format!("cannot serialize request: {e}"))
                })?))
            }
            None => None,
        };
        let url = format!("{}{}", self.inner.base, req.path);
        let span = tracing::debug_span!(
            "authing.rest",
            otel.name = %req.path,
            operation = %req.path,
            method = %method,
            status = tracing::field::Empty,
            attempts = tracing::field::Empty,
        );
        let idempotent = req.method == Method::Get;
        async {
            let (status, bytes) = self
                .send(
                    method,
                    &url,
                    &req.query,
                    body,
                    JSON,
                    sensitive_header("token", token.map(|t| format!("Bearer {t}")))?,
                    idempotent,
                )
                .await?;
            decode_rest(status, &bytes, &self.secrets(token))
        }
        .instrument(span)
        .await
    }

    fn secrets<'a>(&'a self, token: Option<&'a str>) -> [&'a str; 2] {
        // Empty strings are skipped by `excerpt`.
        [
            self.inner.options.secret().unwrap_or(""),
            token.unwrap_or(""),
        ]
    }

    /// One call: attempts, backoff, deadline. Returns the final status and body.
    /// `body` is sent with `content_type`; `auth` as `authorization`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn send(
        &self,
        method: reqwest::Method,
        url: &str,
        query: &[(String, String)],
        body: Option<bytes::Bytes>,
        content_type: &'static str,
        auth: Option<HeaderValue>,
        idempotent: bool,
    ) -> Result<(u16, Vec<u8>)> {
        let opts = &self.inner.options;
        let policy = opts.retry();
        let max_attempts = if idempotent { policy.max_attempts } else { 1 };
        let started = now();
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            let remaining = match opts.deadline() {
                Some(d) => {
                    let left = d.saturating_sub(elapsed(started));
                    if left.is_zero() {
                        return Err(deadline_error(d));
                    }
                    Some(left)
                }
                None => None,
            };
            let mut rb = self.inner.http.request(method.clone(), url);
            #[cfg(target_arch = "wasm32")]
            {
                // The fetch backend has no client-wide defaults: set them per request.
                let t = remaining.map_or(opts.timeout(), |r| r.min(opts.timeout()));
                rb = rb.headers(self.inner.static_headers.clone()).timeout(t);
            }
            if !query.is_empty() {
                rb = rb.query(query);
            }
            if let Some(a) = &auth {
                rb = rb.header(header::AUTHORIZATION, a.clone());
            }
            if let Some(b) = &body {
                rb = rb
                    .header(header::CONTENT_TYPE, content_type)
                    .body(b.clone());
            }
            let outcome = with_deadline(remaining, self.attempt(rb)).await;
            let span = tracing::Span::current();
            span.record("attempts", attempt);
            let retry_after = match &outcome {
                Ok((status, headers, _)) => {
                    span.record("status", status);
                    tracing::debug!(attempt, status, "authing attempt");
                    if !is_retryable_status(*status) {
                        None
                    } else {
                        Some(parse_retry_after(headers))
                    }
                }
                Err(e) => {
                    tracing::debug!(attempt, error = %e, "authing attempt failed");
                    if e.is_connect() { Some(None) } else { None }
                }
            };
            let Some(retry_after) = retry_after else {
                return outcome.map(|(s, _, b)| (s, b));
            };
            if attempt >= max_attempts {
                return outcome.map(|(s, _, b)| (s, b));
            }
            let delay = retry_after
                .map(|d| d.min(MAX_RETRY_AFTER))
                .unwrap_or_else(|| backoff(policy.initial_backoff, policy.max_backoff, attempt));
            if let Some(d) = opts.deadline() {
                if elapsed(started).saturating_add(delay) >= d {
                    tracing::debug!(attempt, "retry would pass the deadline; giving up");
                    return outcome.map(|(s, _, b)| (s, b));
                }
            }
            tracing::debug!(attempt, delay_ms = delay.as_millis() as u64, "retrying");
            sleep(delay).await;
        }
    }

    async fn attempt(&self, rb: reqwest::RequestBuilder) -> Result<(u16, HeaderMap, Vec<u8>)> {
        let host = &self.inner.host;
        let mut resp = rb.send().await.map_err(|e| map_reqwest_error(e, host))?;
        let status = resp.status().as_u16();
        if (300..400).contains(&status) {
            // Redirects are never followed: an Authing API never needs one, and a
            // followed 307/308 would replay the body (the pool secret) elsewhere.
            return Err(Error::Transport {
                kind: TransportErrorKind::Redirect,
                message: format!(
                    "{host} answered HTTP {status}, a redirect; redirects are not followed \
                     (check the host URL)"
                ),
                source: None,
            });
        }
        let headers = std::mem::take(resp.headers_mut());
        let cap = self.inner.options.max_response_bytes();
        if resp.content_length().is_some_and(|n| n > cap as u64) {
            return Err(too_large(status, cap, &[]));
        }
        let buf = read_body(resp, cap, status, host).await?;
        Ok((status, headers, buf))
    }
}

#[cfg(not(target_arch = "wasm32"))]
async fn read_body(
    mut resp: reqwest::Response,
    cap: usize,
    status: u16,
    host: &str,
) -> Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(
        resp.content_length()
            .map_or(8 * 1024, |n| n as usize)
            .min(cap),
    );
    while let Some(chunk) = resp.chunk().await.map_err(|e| map_reqwest_error(e, host))? {
        if buf.len() + chunk.len() > cap {
            return Err(too_large(status, cap, &buf));
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(buf)
}

#[cfg(target_arch = "wasm32")]
async fn read_body(
    resp: reqwest::Response,
    cap: usize,
    status: u16,
    host: &str,
) -> Result<Vec<u8>> {
    // The fetch backend has no streaming reads: read, then enforce the cap.
    let bytes = resp.bytes().await.map_err(|e| map_reqwest_error(e, host))?;
    if bytes.len() > cap {
        return Err(too_large(status, cap, &bytes[..cap.min(bytes.len())]));
    }
    Ok(bytes.to_vec())
}

fn too_large(status: u16, cap: usize, start: &[u8]) -> Error {
    Error::Decode {
        status,
        reason: format!("response body larger than the {cap}-byte cap"),
        excerpt: crate::error::excerpt(start, &[]),
    }
}

fn is_retryable_status(status: u16) -> bool {
    matches!(status, 429 | 502 | 503 | 504)
}

/// The Authing cloud's key, parsed once per process.
fn cloud_key() -> Result<&'static crate::PasswordEncryptor> {
    static KEY: std::sync::OnceLock<Option<crate::PasswordEncryptor>> = std::sync::OnceLock::new();
    KEY.get_or_init(|| crate::PasswordEncryptor::from_pem(crate::DEFAULT_PUBLIC_KEY).ok())
        .as_ref()
        .ok_or_else(|| Error::Encryption("the built-in Authing public key does not parse".into()))
}

/// The longest `Retry-After` honoured; a longer one is cut to this.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

fn parse_retry_after(h: &HeaderMap) -> Option<Duration> {
    let v = h.get(header::RETRY_AFTER)?.to_str().ok()?.trim();
    // Any value a server sends must not panic: negative, NaN or huge values are
    // ignored (the regular backoff applies).
    v.parse::<f64>()
        .ok()
        .and_then(|s| Duration::try_from_secs_f64(s).ok())
}

fn backoff(initial: Duration, max: Duration, attempt: u32) -> Duration {
    let exp = initial.saturating_mul(1u32 << attempt.saturating_sub(1).min(16));
    let capped = exp.min(max);
    // "Equal jitter": half fixed, half random.
    let half = capped / 2;
    let jitter = rand::random::<f64>();
    half + half.mul_f64(jitter)
}

pub(crate) fn deadline_error(d: Duration) -> Error {
    Error::Transport {
        kind: TransportErrorKind::Timeout,
        message: format!("deadline of {d:?} exceeded"),
        source: None,
    }
}

fn map_reqwest_error(e: reqwest::Error, host: &str) -> Error {
    let kind = if e.is_timeout() {
        TransportErrorKind::Timeout
    } else if is_connect(&e) {
        TransportErrorKind::Connect
    } else if e.is_body() || e.is_decode() {
        TransportErrorKind::Body
    } else {
        TransportErrorKind::Other
    };
    // The URL (which may carry query parameters) is removed; the rest of the chain
    // (connection, TLS, I/O errors) holds no secret.
    let e = e.without_url();
    let what = match kind {
        TransportErrorKind::Connect => "cannot connect to",
        TransportErrorKind::Timeout => "timed out talking to",
        TransportErrorKind::Body => "cannot send or read the body with",
        _ => "request failed to",
    };
    // The host (never the path or query) tells a misconfigured client where it went.
    let hint = match kind {
        TransportErrorKind::Connect => crate::platform::CONNECT_HINT,
        _ => "",
    };
    Error::Transport {
        kind,
        message: format!("{what} {host}{hint}"),
        source: Some(Box::new(e)),
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn is_connect(e: &reqwest::Error) -> bool {
    e.is_connect()
}

#[cfg(target_arch = "wasm32")]
fn is_connect(e: &reqwest::Error) -> bool {
    e.is_request()
}

/// Removes `null` members from every JSON object, recursively (array items are kept).
pub fn strip_nulls(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.retain(|_, v| !v.is_null());
            m.values_mut().for_each(strip_nulls);
        }
        Value::Array(a) => a.iter_mut().for_each(strip_nulls),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strip_nulls_recursively() {
        let mut v =
            serde_json::json!({"a": null, "b": {"c": null, "d": 1}, "e": [null, {"f": null}]});
        strip_nulls(&mut v);
        assert_eq!(v, serde_json::json!({"b": {"d": 1}, "e": [null, {}]}));
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let i = Duration::from_millis(100);
        let m = Duration::from_secs(1);
        for _ in 0..50 {
            let b1 = backoff(i, m, 1);
            assert!(b1 >= Duration::from_millis(50) && b1 <= i);
            let b5 = backoff(i, m, 5);
            assert!(b5 >= m / 2 && b5 <= m);
        }
    }
}
