//! Who may use `/emulator/v1`: the `Host` check (against DNS rebinding), the control
//! token (required when the emulator is reachable from other machines) and the JSON
//! content type of control writes (against cross-site form posts).

use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, OnceLock};

use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::crypto::secrets_equal;
use crate::shared::Shared;

/// Header carrying the control token.
pub(crate) const TOKEN_HEADER: &str = "x-emulator-control-token";

/// Access rules of the controls.
#[derive(Debug, Default)]
pub(crate) struct Access {
    /// The bound socket address (set once the listener is bound).
    pub bound: OnceLock<SocketAddr>,
    /// Required in [`TOKEN_HEADER`] when set.
    pub token: Option<String>,
}

fn refuse(status: StatusCode, message: &str) -> Response {
    (
        status,
        axum::Json(json!({"code": status.as_u16(), "message": message, "data": null})),
    )
        .into_response()
}

/// Splits `host[:port]` / `[v6][:port]`; `None` when malformed.
fn split_host(host: &str) -> Option<(&str, Option<u16>)> {
    let (name, port) = if let Some(rest) = host.strip_prefix('[') {
        let (name, after) = rest.split_once(']')?;
        match after {
            "" => (name, None),
            p => (name, Some(p.strip_prefix(':')?)),
        }
    } else {
        match host.split_once(':') {
            Some((n, p)) => (n, Some(p)),
            None => (host, None),
        }
    };
    let port = match port {
        Some(p) => Some(p.parse::<u16>().ok()?),
        None => None,
    };
    Some((name, port))
}

/// Whether a `Host` names this emulator: `localhost`, a loopback IP, or the bound IP
/// (any IP literal when bound to `0.0.0.0`/`::`), with the bound port or none. DNS
/// names other than `localhost` are refused: that is what DNS rebinding needs.
pub(crate) fn host_allowed(host: &str, bound: SocketAddr) -> bool {
    let Some((name, port)) = split_host(host.trim()) else {
        return false;
    };
    if port.is_some_and(|p| p != bound.port()) {
        return false;
    }
    if name.eq_ignore_ascii_case("localhost") {
        return true;
    }
    match name.parse::<IpAddr>() {
        Ok(ip) => ip.is_loopback() || ip == bound.ip() || bound.ip().is_unspecified(),
        Err(_) => false,
    }
}

fn is_json(req: &Request) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
}

fn has_body(req: &Request) -> bool {
    let len = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    len.is_some_and(|l| l > 0) || req.headers().contains_key(header::TRANSFER_ENCODING)
}

/// Middleware of every `/emulator/v1` route: Host (403), token (401), content type (415).
pub(crate) async fn guard(State(shared): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .or_else(|| req.uri().authority().map(|a| a.as_str().to_string()));
    let ok_host = match (host, shared.control.bound.get()) {
        (Some(h), Some(b)) => host_allowed(&h, *b),
        _ => false,
    };
    if !ok_host {
        return refuse(
            StatusCode::FORBIDDEN,
            "emulator controls answer only to the bound address or localhost",
        );
    }
    if let Some(token) = &shared.control.token {
        let given = req
            .headers()
            .get(TOKEN_HEADER)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if !secrets_equal(given, token) {
            return refuse(
                StatusCode::UNAUTHORIZED,
                "emulator controls need the x-emulator-control-token header",
            );
        }
    }
    let write = req.method() == Method::POST
        || req.method() == Method::PUT
        || req.method() == Method::PATCH
        || (req.method() == Method::DELETE && has_body(&req));
    if write && !is_json(&req) {
        return refuse(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "emulator control writes need content-type: application/json",
        );
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        let b: SocketAddr = "127.0.0.1:4000".parse().unwrap();
        for h in [
            "127.0.0.1:4000",
            "localhost",
            "LOCALHOST:4000",
            "[::1]:4000",
            "127.0.0.1",
        ] {
            assert!(host_allowed(h, b), "{h}");
        }
        for h in [
            "evil.example",
            "evil.example:4000",
            "localhost:4001",
            "127.0.0.1:x",
            "",
            "[::1",
        ] {
            assert!(!host_allowed(h, b), "{h}");
        }
        let any: SocketAddr = "0.0.0.0:4000".parse().unwrap();
        assert!(host_allowed("192.168.1.9:4000", any));
        assert!(!host_allowed("rebind.example:4000", any));
    }
}
