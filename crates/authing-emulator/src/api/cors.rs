//! CORS for browser clients of Authing's API, as the service answers them: the request's
//! `Origin` is echoed when the pool allows it, with credentials, the API's methods and the
//! headers the SDKs send (`authorization`, `content-type`, `x-authing-*`).
//!
//! Which origins: the pool setting `allowedOrigins` (`updateUserpool`), a list separated
//! by newlines, commas or spaces; empty or unset allows every origin (a development
//! server), `*` in the list too. Only Authing's API gets this layer: the `/emulator/v1`
//! controls answer no CORS at all, so no web page can drive them.

use std::sync::Arc;
use std::time::Duration;

use axum::http::{HeaderName, HeaderValue, Method, header};
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::shared::Shared;

/// Request headers a browser client may send.
const ALLOWED_HEADERS: [&str; 9] = [
    "authorization",
    "content-type",
    "x-authing-userpool-id",
    "x-authing-app-id",
    "x-authing-app-tenant-id",
    "x-authing-lang",
    "x-authing-request-from",
    "x-authing-sdk-version",
    "x-authing-request-id",
];

/// Whether `origin` is one of the pool's `allowedOrigins` (any when the list is empty).
pub(crate) fn origin_allowed(allowed: Option<&str>, origin: &str) -> bool {
    let mut list = allowed
        .unwrap_or("")
        .split(|c: char| c == ',' || c.is_whitespace())
        .map(|s| s.trim().trim_end_matches('/'))
        .filter(|s| !s.is_empty())
        .peekable();
    if list.peek().is_none() {
        return true;
    }
    list.any(|o| o == "*" || o.eq_ignore_ascii_case(origin))
}

/// The CORS layer of Authing's API routes.
pub(crate) fn layer(shared: Arc<Shared>) -> CorsLayer {
    let origin = AllowOrigin::predicate(move |origin: &HeaderValue, _| {
        let Ok(origin) = origin.to_str() else {
            return false;
        };
        let store = shared.store.read();
        origin_allowed(store.settings().allowed_origins.as_deref(), origin)
    });
    CorsLayer::new()
        .allow_origin(origin)
        .allow_credentials(true)
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
            Method::OPTIONS,
        ])
        .allow_headers(ALLOWED_HEADERS.map(HeaderName::from_static))
        .expose_headers([header::CONTENT_TYPE])
        .max_age(Duration::from_secs(86_400))
}

#[cfg(test)]
mod tests {
    use super::origin_allowed;

    #[test]
    fn empty_list_allows_any_origin() {
        assert!(origin_allowed(None, "http://a.test"));
        assert!(origin_allowed(Some(" \n"), "http://a.test"));
    }

    #[test]
    fn listed_origins_only() {
        let list = Some("https://app.test\nhttp://127.0.0.1:8080/, https://b.test");
        assert!(origin_allowed(list, "https://app.test"));
        assert!(origin_allowed(list, "http://127.0.0.1:8080"));
        assert!(origin_allowed(list, "https://b.test"));
        assert!(!origin_allowed(list, "https://evil.test"));
        assert!(!origin_allowed(list, "https://app.test.evil.test"));
        assert!(origin_allowed(Some("https://x.test *"), "https://y.test"));
    }
}
