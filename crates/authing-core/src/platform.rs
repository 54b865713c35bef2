//! What differs between native and browser (`wasm32`) builds of the transport: the HTTP
//! client's construction (TLS, proxy, certificates, no redirects) and the clock, sleep and
//! deadline primitives the retry loop uses.

use std::time::Duration;

use reqwest::header::HeaderMap;

use crate::error::{Error, Result};
use crate::options::ClientOptions;
use crate::transport::deadline_error;

#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn build_http_client(o: &ClientOptions, headers: &HeaderMap) -> Result<reqwest::Client> {
    let mut b = reqwest::Client::builder()
        .default_headers(headers.clone())
        .user_agent(o.user_agent.clone())
        .timeout(o.timeout())
        .connect_timeout(o.connect_timeout())
        // An Authing API never redirects; a followed 307/308 would replay the body.
        .redirect(reqwest::redirect::Policy::none())
        .pool_idle_timeout(Duration::from_secs(90));
    b = apply_tls(b, o)?;
    if let Some(p) = &o.proxy {
        let proxy = reqwest::Proxy::all(p)
            .map_err(|e| Error::Config(format!("invalid proxy: {}", e.without_url())))?;
        b = b.proxy(proxy);
    }
    b.build()
        .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))
}

#[cfg(all(
    not(target_arch = "wasm32"),
    any(
        feature = "rustls-tls",
        feature = "rustls-tls-native-roots",
        feature = "native-tls"
    )
))]
fn apply_tls(mut b: reqwest::ClientBuilder, o: &ClientOptions) -> Result<reqwest::ClientBuilder> {
    b = b.danger_accept_invalid_certs(o.danger_accept_invalid_certs);
    for pem in &o.root_certificates_pem {
        let cert = reqwest::Certificate::from_pem(pem)
            .map_err(|e| Error::Config(format!("invalid root certificate: {e}")))?;
        b = b.add_root_certificate(cert);
    }
    Ok(b)
}

/// Without a TLS feature only `http://` hosts work, and TLS options cannot apply.
#[cfg(all(
    not(target_arch = "wasm32"),
    not(any(
        feature = "rustls-tls",
        feature = "rustls-tls-native-roots",
        feature = "native-tls"
    ))
))]
fn apply_tls(b: reqwest::ClientBuilder, o: &ClientOptions) -> Result<reqwest::ClientBuilder> {
    if o.danger_accept_invalid_certs || !o.root_certificates_pem.is_empty() {
        return Err(Error::Config(
            "TLS options need a TLS feature (rustls-tls, rustls-tls-native-roots or native-tls)"
                .into(),
        ));
    }
    Ok(b)
}

#[cfg(target_arch = "wasm32")]
pub(crate) fn build_http_client(
    o: &ClientOptions,
    _headers: &HeaderMap,
) -> Result<reqwest::Client> {
    // The browser owns TLS, proxies and certificates: those options cannot apply.
    if !o.root_certificates_pem.is_empty() || o.proxy.is_some() || o.danger_accept_invalid_certs {
        return Err(Error::Config(
            "TLS, certificate and proxy options are not available in the browser".into(),
        ));
    }
    reqwest::Client::builder()
        .build()
        .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))
}

/// Added to the message of a connection error: natively the cause is in the source.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) const CONNECT_HINT: &str = "";
/// Added to the message of a connection error: a browser reports a refused CORS answer
/// exactly like an unreachable host (`TypeError: Failed to fetch`), so say both.
#[cfg(target_arch = "wasm32")]
pub(crate) const CONNECT_HINT: &str = " (unreachable, or the browser refused the answer: CORS, \
     is this page's origin among the pool's allowed origins?)";

/// A point of the monotonic clock (`std::time::Instant` natively, milliseconds of
/// `Date.now()` in the browser).
#[cfg(not(target_arch = "wasm32"))]
pub type Instant = std::time::Instant;
/// The current point of the monotonic clock.
#[cfg(not(target_arch = "wasm32"))]
pub fn now() -> Instant {
    std::time::Instant::now()
}
/// The time elapsed since `since`.
#[cfg(not(target_arch = "wasm32"))]
pub fn elapsed(since: Instant) -> Duration {
    since.elapsed()
}
/// The wall-clock time since the Unix epoch (zero if the clock is before it).
#[cfg(not(target_arch = "wasm32"))]
pub fn unix_now() -> Duration {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or(Duration::ZERO)
}
/// Waits `d` (tokio's timer natively, `setTimeout` in the browser).
#[cfg(not(target_arch = "wasm32"))]
pub async fn sleep(d: Duration) {
    tokio::time::sleep(d).await;
}
#[cfg(not(target_arch = "wasm32"))]
pub(crate) async fn with_deadline<F, T>(remaining: Option<Duration>, fut: F) -> Result<T>
where
    F: std::future::Future<Output = Result<T>>,
{
    match remaining {
        Some(d) => tokio::time::timeout(d, fut)
            .await
            .unwrap_or_else(|_| Err(deadline_error(d))),
        None => fut.await,
    }
}

/// A point of the clock: milliseconds of `Date.now()`.
#[cfg(target_arch = "wasm32")]
pub type Instant = f64;
/// The current point of the clock.
#[cfg(target_arch = "wasm32")]
pub fn now() -> Instant {
    js_sys::Date::now()
}
/// The wall-clock time since the Unix epoch (zero if the clock is before it).
#[cfg(target_arch = "wasm32")]
pub fn unix_now() -> Duration {
    Duration::try_from_secs_f64((js_sys::Date::now() / 1000.0).max(0.0)).unwrap_or(Duration::ZERO)
}
/// The time elapsed since `since`.
#[cfg(target_arch = "wasm32")]
pub fn elapsed(since: Instant) -> Duration {
    Duration::try_from_secs_f64(((js_sys::Date::now() - since) / 1000.0).max(0.0))
        .unwrap_or(Duration::ZERO)
}
/// Waits `d` (tokio's timer natively, `setTimeout` in the browser).
#[cfg(target_arch = "wasm32")]
pub async fn sleep(d: Duration) {
    gloo_timers::future::sleep(d).await;
}
#[cfg(target_arch = "wasm32")]
pub(crate) async fn with_deadline<F, T>(remaining: Option<Duration>, fut: F) -> Result<T>
where
    F: std::future::Future<Output = Result<T>>,
{
    use futures_util::future::{Either, select};
    match remaining {
        Some(d) => {
            let fut = std::pin::pin!(fut);
            let timer = std::pin::pin!(gloo_timers::future::sleep(d));
            match select(fut, timer).await {
                Either::Left((out, _)) => out,
                Either::Right(_) => Err(deadline_error(d)),
            }
        }
        None => fut.await,
    }
}
