//! Handlers of the provider's endpoints: parse, call `domain::oidc`, answer.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use super::types::{Discovery, InvalidToken, Jwks, TokenResponse};
use super::{
    client_creds, form_body, found, html, json, oauth_error, page, params, session_cookie,
    set_cookie, to_client,
};
use crate::domain::oidc::authorize::{self, AuthParams, Outcome};
use crate::domain::oidc::grants::{self, TokenForm};
use crate::domain::oidc::{self as oidc, OAuthError, verify};
use crate::shared::Shared;
use crate::store::oidc::Protocol;

fn query_params(q: Option<String>) -> Result<HashMap<String, String>, OAuthError> {
    params(q.unwrap_or_default().as_bytes())
}

/// `GET /.well-known/openid-configuration` (also under `/oidc`).
pub(super) async fn discovery(State(sh): State<Arc<Shared>>) -> Response {
    json(
        StatusCode::OK,
        &Discovery::new(oidc::issuer(&sh, Protocol::Oidc)),
    )
}

/// `GET /.well-known/jwks.json` (also under `/oidc`).
pub(super) async fn jwks(State(sh): State<Arc<Shared>>) -> Response {
    let body = Jwks::from(&*sh.oidc_keys.read());
    json(StatusCode::OK, &body)
}

fn outcome(o: Outcome) -> Response {
    match o {
        Outcome::ErrorPage(m) => html(StatusCode::BAD_REQUEST, page::error(&m)),
        Outcome::Redirect(c, session) => {
            let mut r = to_client(&c);
            if let Some(s) = session {
                set_cookie(&mut r, Some(&s));
            }
            r
        }
        Outcome::LoginForm {
            interaction,
            app_name,
            login_hint,
            error,
        } => {
            // 401 when the form comes back after wrong credentials
            let status = if error.is_some() {
                StatusCode::UNAUTHORIZED
            } else {
                StatusCode::OK
            };
            html(
                status,
                page::login(
                    &app_name,
                    &interaction,
                    login_hint.as_deref(),
                    error.as_deref(),
                ),
            )
        }
    }
}

fn authorize(
    sh: &Shared,
    p: Protocol,
    headers: &HeaderMap,
    mut m: HashMap<String, String>,
) -> Response {
    let ap = AuthParams {
        client_id: m.remove("client_id"),
        redirect_uri: m.remove("redirect_uri"),
        response_type: m.remove("response_type"),
        response_mode: m.remove("response_mode"),
        scope: m.remove("scope"),
        state: m.remove("state"),
        nonce: m.remove("nonce"),
        code_challenge: m.remove("code_challenge"),
        code_challenge_method: m.remove("code_challenge_method"),
        prompt: m.remove("prompt"),
        login_hint: m.remove("login_hint"),
    };
    let cookie = session_cookie(headers);
    outcome(authorize::authorize(sh, p, ap, cookie.as_deref()))
}

/// `GET /{oidc|oauth}/auth`.
pub(super) async fn auth(
    State(sh): State<Arc<Shared>>,
    p: Protocol,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> Response {
    match query_params(q) {
        Ok(m) => authorize(&sh, p, &headers, m),
        Err(e) => html(StatusCode::BAD_REQUEST, page::error(&e.description)),
    }
}

/// `POST /{oidc|oauth}/auth` (the same parameters as a form, OIDC Core §3.1.2.1).
pub(super) async fn auth_post(
    State(sh): State<Arc<Shared>>,
    p: Protocol,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    match form_body(&headers, &body) {
        Ok(m) => authorize(&sh, p, &headers, m),
        Err(e) => html(StatusCode::BAD_REQUEST, page::error(&e.description)),
    }
}

/// `POST /oidc/interaction/{id}/login` (form `account`, `password`).
pub(super) async fn login(
    State(sh): State<Arc<Shared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form = match form_body(&headers, &body) {
        Ok(f) => f,
        Err(e) => return html(StatusCode::BAD_REQUEST, page::error(&e.description)),
    };
    let account = form.get("account").map(String::as_str).unwrap_or("");
    let password = form.get("password").map(String::as_str).unwrap_or("");
    outcome(authorize::login(&sh, &id, account, password))
}

/// `POST /{oidc|oauth}/token`.
pub(super) async fn token(
    State(sh): State<Arc<Shared>>,
    p: Protocol,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let run = || -> Result<TokenResponse, OAuthError> {
        let mut form = form_body(&headers, &body)?;
        let creds = client_creds(&headers, &form)?;
        let tf = TokenForm {
            grant_type: form.remove("grant_type"),
            code: form.remove("code"),
            redirect_uri: form.remove("redirect_uri"),
            code_verifier: form.remove("code_verifier"),
            refresh_token: form.remove("refresh_token"),
            scope: form.remove("scope"),
        };
        grants::token(&sh, p, &creds, tf).map(TokenResponse::from)
    };
    match run() {
        Ok(t) => json(StatusCode::OK, &t),
        Err(e) => oauth_error(&e),
    }
}

fn me(sh: &Shared, p: Protocol, token: Option<String>) -> Response {
    match verify::userinfo(sh, p, token.as_deref()) {
        Ok(claims) => json(StatusCode::OK, &claims),
        Err(e) => oauth_error(&e),
    }
}

fn bearer(headers: &HeaderMap) -> Option<String> {
    let v = headers.get("authorization")?.to_str().ok()?.trim();
    let (scheme, rest) = v.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| rest.trim().to_string())
}

/// `GET /{oidc|oauth}/me` (bearer header or `access_token` query).
pub(super) async fn me_get(
    State(sh): State<Arc<Shared>>,
    p: Protocol,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> Response {
    let token = match query_params(q) {
        Ok(mut m) => bearer(&headers).or_else(|| m.remove("access_token")),
        Err(e) => return oauth_error(&e),
    };
    me(&sh, p, token)
}

/// `POST /{oidc|oauth}/me` (bearer header or `access_token` form field).
pub(super) async fn me_post(
    State(sh): State<Arc<Shared>>,
    p: Protocol,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let token = match bearer(&headers) {
        Some(t) => Some(t),
        None if body.is_empty() => None,
        None => match form_body(&headers, &body) {
            Ok(mut m) => m.remove("access_token"),
            Err(e) => return oauth_error(&e),
        },
    };
    me(&sh, p, token)
}

/// `POST /{oidc|oauth}/token/introspection` (RFC 7662).
pub(super) async fn introspection(
    State(sh): State<Arc<Shared>>,
    p: Protocol,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let run = || {
        let form = form_body(&headers, &body)?;
        let creds = client_creds(&headers, &form)?;
        verify::introspect(&sh, p, &creds, form.get("token").map(String::as_str))
    };
    match run() {
        Ok(v) => json(StatusCode::OK, &v),
        Err(e) => oauth_error(&e),
    }
}

/// `POST /{oidc|oauth}/token/revocation` (RFC 7009): 200 with an empty body.
pub(super) async fn revocation(
    State(sh): State<Arc<Shared>>,
    p: Protocol,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let run = || {
        let form = form_body(&headers, &body)?;
        let creds = client_creds(&headers, &form)?;
        verify::revoke(&sh, p, &creds, form.get("token").map(String::as_str))
    };
    match run() {
        Ok(()) => json(StatusCode::OK, &serde_json::json!({})),
        Err(e) => oauth_error(&e),
    }
}

/// `GET /api/v2/oidc/validate_token?id_token=|access_token=`: raw claims, or
/// `{"code": 400, "message"}` (HTTP 200, as the SDKs read the body).
pub(super) async fn validate_token(
    State(sh): State<Arc<Shared>>,
    RawQuery(q): RawQuery,
) -> Response {
    let m = query_params(q).unwrap_or_default();
    let result = match (m.get("id_token"), m.get("access_token")) {
        (Some(t), _) => verify::validate_token(&sh, t, true),
        (None, Some(t)) => verify::validate_token(&sh, t, false),
        (None, None) => {
            Err("id_token 或 access_token 必须提供 (id_token or access_token is required)".into())
        }
    };
    match result {
        Ok(v) => json(StatusCode::OK, &v),
        Err(message) => json(StatusCode::OK, &InvalidToken { code: 400, message }),
    }
}

/// `GET /oidc/session/end` (RP-initiated logout): ends the login session; redirects to
/// `post_logout_redirect_uri` (with `state`) when it is registered for the app of the
/// `id_token_hint`, else shows the signed-out page.
pub(super) async fn session_end(
    State(sh): State<Arc<Shared>>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> Response {
    let m = match query_params(q) {
        Ok(m) => m,
        Err(e) => return html(StatusCode::BAD_REQUEST, page::error(&e.description)),
    };
    let target = verify::logout_target(
        &sh,
        m.get("id_token_hint").map(String::as_str),
        m.get("post_logout_redirect_uri").map(String::as_str),
    );
    let target = match target {
        Ok(t) => t,
        Err(msg) => return html(StatusCode::BAD_REQUEST, page::error(&msg)),
    };
    authorize::end_session(&sh, session_cookie(&headers).as_deref());
    let mut r = match target.and_then(|t| url::Url::parse(&t).ok()) {
        Some(mut u) => {
            if let Some(s) = m.get("state") {
                u.query_pairs_mut().append_pair("state", s);
            }
            found(u.as_str())
        }
        None => html(StatusCode::OK, page::logged_out()),
    };
    set_cookie(&mut r, None);
    r
}

/// `GET /login/profile/logout?redirect_uri=`: ends the login session; redirects when
/// an application registered the URI.
pub(super) async fn easy_logout(
    State(sh): State<Arc<Shared>>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> Response {
    let m = query_params(q).unwrap_or_default();
    authorize::end_session(&sh, session_cookie(&headers).as_deref());
    let mut r = match m.get("redirect_uri") {
        Some(u) if verify::any_app_redirect(&sh, u) => found(u),
        _ => html(StatusCode::OK, page::logged_out()),
    };
    set_cookie(&mut r, None);
    r
}
