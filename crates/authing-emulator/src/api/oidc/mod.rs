//! The OpenID Connect provider under `/oidc` and its OAuth 2.0 variant under `/oauth`
//! (catalog §1.5, §4.6), `GET /api/v2/oidc/validate_token` and the easy logout page
//! `GET /login/profile/logout`.
//!
//! Requests are form-encoded (`application/x-www-form-urlencoded`, a repeated
//! parameter is `invalid_request`); answers are raw JSON without Authing's envelope,
//! errors `{error, error_description}` with the RFC's status (400, or 401
//! `invalid_client` with `WWW-Authenticate: Basic` when Basic authentication failed).
//!
//! The hosted login page (`GET /{oidc|oauth}/auth`) answers 200 with the form; wrong
//! credentials answer **401** with the form again and `<p id="error">`; an error that
//! cannot go back to a client (unknown client, unregistered redirect URI, expired form)
//! answers 400 with an error page. A successful login sets the cookie
//! `authing_emulator_session` (random id, HttpOnly, SameSite=Lax, Path=/) and redirects
//! (302) to the client.

mod endpoints;
pub(crate) mod page;
mod types;

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, LOCATION, SET_COOKIE, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::Serialize;

use crate::domain::oidc::authorize::ClientRedirect;
use crate::domain::oidc::{ClientCreds, OAuthError};
use crate::shared::Shared;
use crate::store::apps::AuthMethod;
use crate::store::oidc::Protocol;

/// Name of the provider's login session cookie.
pub(crate) const COOKIE: &str = "authing_emulator_session";

/// The routes of the provider.
pub(crate) fn routes() -> Router<Arc<Shared>> {
    use endpoints as e;
    let mut r = Router::new()
        .route("/.well-known/openid-configuration", get(e::discovery))
        .route("/oidc/.well-known/openid-configuration", get(e::discovery))
        .route("/.well-known/jwks.json", get(e::jwks))
        .route("/oidc/.well-known/jwks.json", get(e::jwks))
        .route("/oidc/interaction/{id}/login", post(e::login))
        .route("/oidc/session/end", get(e::session_end))
        .route("/login/profile/logout", get(e::easy_logout))
        .route("/api/v2/oidc/validate_token", get(e::validate_token));
    for (prefix, p) in [("/oidc", Protocol::Oidc), ("/oauth", Protocol::OAuth)] {
        r = r
            .route(
                &format!("{prefix}/auth"),
                get(move |s, h, q| e::auth(s, p, h, q))
                    .post(move |s, h, b| e::auth_post(s, p, h, b)),
            )
            .route(
                &format!("{prefix}/token"),
                post(move |s, h, b| e::token(s, p, h, b)),
            )
            .route(
                &format!("{prefix}/me"),
                get(move |s, h, q| e::me_get(s, p, h, q))
                    .post(move |s, h, b| e::me_post(s, p, h, b)),
            )
            .route(
                &format!("{prefix}/token/introspection"),
                post(move |s, h, b| e::introspection(s, p, h, b)),
            )
            .route(
                &format!("{prefix}/token/revocation"),
                post(move |s, h, b| e::revocation(s, p, h, b)),
            );
    }
    r
}

/// Form or query parameters; a repeated name is an error (RFC 6749 §3.1).
pub(crate) fn params(raw: &[u8]) -> Result<HashMap<String, String>, OAuthError> {
    let mut out = HashMap::new();
    for (k, v) in url::form_urlencoded::parse(raw) {
        if out.insert(k.to_string(), v.to_string()).is_some() {
            return Err(OAuthError::invalid_request(format!(
                "parameter {k:?} is repeated"
            )));
        }
    }
    Ok(out)
}

/// Checks the form content type of a POST.
pub(crate) fn form_body(
    headers: &HeaderMap,
    body: &[u8],
) -> Result<HashMap<String, String>, OAuthError> {
    let ct = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !ct
        .to_ascii_lowercase()
        .starts_with("application/x-www-form-urlencoded")
    {
        return Err(OAuthError::invalid_request(
            "the body must be application/x-www-form-urlencoded",
        ));
    }
    params(body)
}

/// Decodes one form-urlencoded component (`+` is a space, `%XX` a byte).
fn form_decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("v={s}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

/// The client credentials of a request: Basic header (RFC 6749 §2.3.1: id and secret
/// form-urlencoded before base64), or `client_id` (+ `client_secret`) in the form.
/// Both at once is `invalid_request`.
pub(crate) fn client_creds(
    headers: &HeaderMap,
    form: &HashMap<String, String>,
) -> Result<ClientCreds, OAuthError> {
    let basic = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, rest) = v.trim().split_once(' ')?;
            scheme.eq_ignore_ascii_case("basic").then(|| rest.trim())
        });
    if let Some(b64) = basic {
        if form.contains_key("client_secret") {
            return Err(OAuthError::invalid_request(
                "use one client authentication method",
            ));
        }
        let bad = || OAuthError::invalid_client("malformed Basic credentials", true);
        let raw = STANDARD.decode(b64).map_err(|_| bad())?;
        let text = String::from_utf8(raw).map_err(|_| bad())?;
        let (id, secret) = text.split_once(':').ok_or_else(bad)?;
        let id = form_decode(id);
        if form.get("client_id").is_some_and(|c| *c != id) {
            return Err(OAuthError::invalid_request("client_id differs from Basic"));
        }
        return Ok(ClientCreds {
            id,
            secret: Some(form_decode(secret)),
            via: AuthMethod::ClientSecretBasic,
        });
    }
    let id = form
        .get("client_id")
        .cloned()
        .ok_or_else(|| OAuthError::invalid_client("no client authentication", false))?;
    let secret = form.get("client_secret").cloned();
    let via = if secret.is_some() {
        AuthMethod::ClientSecretPost
    } else {
        AuthMethod::None
    };
    Ok(ClientCreds { id, secret, via })
}

fn no_store(mut r: Response) -> Response {
    r.headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// A raw JSON answer (no envelope), not cacheable.
pub(crate) fn json<T: Serialize>(status: StatusCode, body: &T) -> Response {
    no_store((status, axum::Json(body)).into_response())
}

/// `{error, error_description}` with its status and challenge.
pub(crate) fn oauth_error(e: &OAuthError) -> Response {
    let status = StatusCode::from_u16(e.status).unwrap_or(StatusCode::BAD_REQUEST);
    let mut r = json(
        status,
        &types::ErrorBody {
            error: e.error,
            error_description: &e.description,
        },
    );
    let challenge = if e.basic_challenge {
        Some("Basic realm=\"authing-emulator\"".to_string())
    } else if e.error == "invalid_token" {
        Some(format!(
            "Bearer error=\"invalid_token\", error_description=\"{}\"",
            e.description.replace('"', "'")
        ))
    } else {
        None
    };
    if let Some(v) = challenge.and_then(|c| HeaderValue::from_str(&c).ok()) {
        r.headers_mut().insert(WWW_AUTHENTICATE, v);
    }
    r
}

/// An HTML page (never framed, no referrer).
pub(crate) fn html(status: StatusCode, body: String) -> Response {
    let mut r = no_store((status, Html(body)).into_response());
    let h = r.headers_mut();
    h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    h.insert(
        "content-security-policy",
        HeaderValue::from_static("frame-ancestors 'none'"),
    );
    h.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    r
}

/// The login session cookie of a request.
pub(crate) fn session_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .map(|(_, v)| v.to_string())
}

/// `Set-Cookie` of a new session, or of its removal (`None`).
pub(crate) fn set_cookie(r: &mut Response, id: Option<&str>) {
    let v = match id {
        Some(id) => format!(
            "{COOKIE}={id}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}",
            crate::domain::oidc::SESSION_TTL_MS / 1000
        ),
        None => format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"),
    };
    if let Ok(v) = HeaderValue::from_str(&v) {
        r.headers_mut().append(SET_COOKIE, v);
    }
}

/// A 302 to `location`.
pub(crate) fn found(location: &str) -> Response {
    let mut r = StatusCode::FOUND.into_response();
    match HeaderValue::from_str(location) {
        Ok(v) => {
            r.headers_mut().insert(LOCATION, v);
            no_store(r)
        }
        Err(_) => html(StatusCode::BAD_REQUEST, page::error("invalid redirect URI")),
    }
}

/// Sends the answer to the client: in the query, the fragment or a form post.
pub(crate) fn to_client(c: &ClientRedirect) -> Response {
    if c.mode == "form_post" {
        return html(StatusCode::OK, page::form_post(&c.redirect_uri, &c.params));
    }
    let Ok(mut url) = url::Url::parse(&c.redirect_uri) else {
        return html(StatusCode::BAD_REQUEST, page::error("invalid redirect URI"));
    };
    if c.mode == "fragment" {
        let frag = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&c.params)
            .finish();
        url.set_fragment(Some(&frag));
    } else {
        url.query_pairs_mut().extend_pairs(&c.params);
    }
    found(url.as_str())
}
