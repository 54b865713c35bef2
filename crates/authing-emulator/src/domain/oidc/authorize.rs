//! Authorization requests (`/oidc/auth`, `/oauth/auth`), the hosted login page's
//! interactions and login sessions, and what a successful authorization sends back to
//! the client (code, or tokens for the implicit flow).
//!
//! Errors before the client and its redirect URI are known (unknown `client_id`,
//! missing or unregistered `redirect_uri`) show an error page and never redirect; later
//! errors go back to the redirect URI (`error`, `error_description`, `state`).

use super::grants::{self, NewGrant};
use super::{INTERACTION_TTL_MS, OAUTH_SCOPES, OAuthError, OIDC_SCOPES, SESSION_TTL_MS};
use crate::crypto::random_hex;
use crate::domain::login;
use crate::shared::Shared;
use crate::store::apps::AuthMethod;
use crate::store::oidc::{AuthRequest, CodeRecord, Interaction, LoginSession, Protocol};

/// The query of an authorization request, as sent.
#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct AuthParams {
    pub client_id: Option<String>,
    pub redirect_uri: Option<String>,
    pub response_type: Option<String>,
    pub response_mode: Option<String>,
    pub scope: Option<String>,
    pub state: Option<String>,
    pub nonce: Option<String>,
    pub code_challenge: Option<String>,
    pub code_challenge_method: Option<String>,
    pub prompt: Option<String>,
    pub login_hint: Option<String>,
}

/// Where and how to send the client its answer.
pub(crate) struct ClientRedirect {
    pub redirect_uri: String,
    /// `query`, `fragment` or `form_post`.
    pub mode: String,
    pub params: Vec<(String, String)>,
}

/// What the authorization endpoint (or the login form) answers.
pub(crate) enum Outcome {
    /// The request cannot be sent back to a client: an error page.
    ErrorPage(String),
    /// Back to the client (code, tokens or an error); with a new login session cookie.
    Redirect(ClientRedirect, Option<String>),
    /// The login form (again, with an error after wrong credentials).
    LoginForm {
        interaction: String,
        app_name: String,
        login_hint: Option<String>,
        error: Option<String>,
    },
}

fn redirect_error(req: &AuthRequest, e: OAuthError) -> Outcome {
    let mut params = vec![
        ("error".to_string(), e.error.to_string()),
        ("error_description".to_string(), e.description),
    ];
    if let Some(s) = &req.state {
        params.push(("state".into(), s.clone()));
    }
    Outcome::Redirect(
        ClientRedirect {
            redirect_uri: req.redirect_uri.clone(),
            mode: req.response_mode.clone(),
            params,
        },
        None,
    )
}

/// Checks the client and redirect URI (error page) and then the rest (redirected
/// errors).
fn validate(sh: &Shared, protocol: Protocol, p: AuthParams) -> Result<AuthRequest, Outcome> {
    let page = |m: &str| Outcome::ErrorPage(m.to_string());
    let client_id = p
        .client_id
        .filter(|c| !c.is_empty())
        .ok_or_else(|| page("client_id is missing"))?;
    let app = sh
        .store
        .read()
        .apps()
        .get(&client_id)
        .cloned()
        .ok_or_else(|| page("unknown client_id"))?;
    let redirect_uri = p
        .redirect_uri
        .ok_or_else(|| page("redirect_uri is missing"))?;
    if !app.redirect_uris.contains(&redirect_uri) {
        return Err(page("redirect_uri is not registered for this application"));
    }
    let mut rt: Vec<&str> = p
        .response_type
        .as_deref()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    rt.sort_unstable();
    let response_type = rt.join(" ");
    // tokens from the authorization endpoint: the fragment by default
    let implicit = rt.iter().any(|t| *t == "token" || *t == "id_token");
    let mut req = AuthRequest {
        protocol,
        client_id,
        redirect_uri,
        response_mode: if implicit { "fragment" } else { "query" }.into(),
        response_type: response_type.clone(),
        scope: Vec::new(),
        state: p.state,
        nonce: p.nonce,
        code_challenge: None,
        login_hint: p.login_hint,
    };
    match p.response_mode.as_deref() {
        None => {}
        Some(m @ ("fragment" | "form_post")) => req.response_mode = m.into(),
        Some("query") if !implicit => {}
        Some("query") => {
            return Err(redirect_error(
                &req,
                OAuthError::invalid_request("tokens are never sent in the query"),
            ));
        }
        Some(_) => {
            return Err(redirect_error(
                &req,
                OAuthError::invalid_request("unsupported response_mode"),
            ));
        }
    }
    let allowed: &[&str] = match protocol {
        Protocol::Oidc => &["code", "id_token", "token", "id_token token"],
        Protocol::OAuth => &["code", "token"],
    };
    if response_type.is_empty() {
        return Err(redirect_error(
            &req,
            OAuthError::invalid_request("response_type is missing"),
        ));
    }
    if !allowed.contains(&response_type.as_str()) {
        return Err(redirect_error(
            &req,
            OAuthError::unsupported_response_type(format!(
                "response_type {response_type:?} is not supported"
            )),
        ));
    }
    let (known, default) = match protocol {
        Protocol::Oidc => (OIDC_SCOPES, "openid profile email phone address"),
        Protocol::OAuth => (OAUTH_SCOPES, "user"),
    };
    let scope = p.scope.filter(|s| !s.trim().is_empty());
    let mut scopes: Vec<String> = Vec::new();
    for s in scope.as_deref().unwrap_or(default).split_whitespace() {
        if !known.contains(&s) {
            return Err(redirect_error(
                &req,
                OAuthError::invalid_scope(format!("unknown scope {s:?}")),
            ));
        }
        if !scopes.iter().any(|x| x == s) {
            scopes.push(s.to_string());
        }
    }
    if protocol == Protocol::Oidc && !scopes.iter().any(|s| s == "openid") {
        return Err(redirect_error(
            &req,
            OAuthError::invalid_scope("the openid scope is required"),
        ));
    }
    req.scope = scopes;
    if req.response_type.contains("id_token") && req.nonce.is_none() {
        return Err(redirect_error(
            &req,
            OAuthError::invalid_request("nonce is required when an id_token is returned"),
        ));
    }
    match (p.code_challenge, p.code_challenge_method.as_deref()) {
        (Some(c), m @ (None | Some("plain" | "S256"))) => {
            let ok = (43..=128).contains(&c.len())
                && c.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b));
            if !ok {
                return Err(redirect_error(
                    &req,
                    OAuthError::invalid_request("malformed code_challenge"),
                ));
            }
            req.code_challenge = Some((c, m.unwrap_or("plain").to_string()));
        }
        (Some(_), Some(_)) => {
            return Err(redirect_error(
                &req,
                OAuthError::invalid_request("code_challenge_method must be S256 or plain"),
            ));
        }
        (None, _) => {}
    }
    if app.token_endpoint_auth_method == AuthMethod::None {
        if implicit {
            return Err(redirect_error(
                &req,
                OAuthError::unauthorized_client("a public client uses the code flow with PKCE"),
            ));
        }
        if req.code_challenge.is_none() {
            return Err(redirect_error(
                &req,
                OAuthError::invalid_request(
                    "PKCE (code_challenge) is required for a public client",
                ),
            ));
        }
    }
    Ok(req)
}

/// A valid login session of a cookie (its user exists, is not blocked and was not
/// logged out by force since).
pub(crate) fn session_user(sh: &Shared, cookie: Option<&str>) -> Option<LoginSession> {
    let now = sh.clock.now_ms();
    let store = sh.store.read();
    let s = store.oidc().session(cookie?)?;
    let u = store.users().get(&s.user_id)?;
    (s.expires_ms > now && u.blocked != Some(true) && u.token_epoch == s.epoch).then(|| s.clone())
}

fn login_form(sh: &Shared, req: AuthRequest, error: Option<String>) -> Outcome {
    let now = sh.clock.now_ms();
    let id = random_hex(16);
    let mut store = sh.store.write();
    let app_name = store
        .apps()
        .get(&req.client_id)
        .map(|a| a.name.clone())
        .unwrap_or_default();
    let login_hint = req.login_hint.clone();
    store.oidc_mut().add_interaction(
        id.clone(),
        Interaction {
            request: req,
            expires_ms: now + INTERACTION_TTL_MS,
        },
        now,
    );
    Outcome::LoginForm {
        interaction: id,
        app_name,
        login_hint,
        error,
    }
}

/// `GET /{oidc|oauth}/auth`.
pub(crate) fn authorize(
    sh: &Shared,
    protocol: Protocol,
    p: AuthParams,
    cookie: Option<&str>,
) -> Outcome {
    let prompt: Vec<String> = p
        .prompt
        .as_deref()
        .unwrap_or("")
        .split_whitespace()
        .map(str::to_string)
        .collect();
    let req = match validate(sh, protocol, p) {
        Ok(r) => r,
        Err(o) => return o,
    };
    let has = |x: &str| prompt.iter().any(|p| p == x);
    if has("none") && prompt.len() > 1 {
        return redirect_error(
            &req,
            OAuthError::invalid_request("prompt=none cannot be combined"),
        );
    }
    let session = if has("login") {
        None
    } else {
        session_user(sh, cookie)
    };
    match session {
        Some(s) => finish(sh, req, &s.user_id, s.auth_time, None),
        None if has("none") => redirect_error(&req, OAuthError::login_required()),
        None => login_form(sh, req, None),
    }
}

/// `POST` of the login form: one-time interaction id, account and password.
pub(crate) fn login(sh: &Shared, interaction: &str, account: &str, password: &str) -> Outcome {
    let now = sh.clock.now_ms();
    let Some(i) = sh
        .store
        .write()
        .oidc_mut()
        .take_interaction(interaction, now)
    else {
        return Outcome::ErrorPage(
            "the login form expired or was already used: start the sign-in again".into(),
        );
    };
    match sign_in(sh, account, password) {
        Ok(s) => finish(sh, i.request, &s.user_id, s.auth_time, Some(s.id)),
        Err(message) => login_form(sh, i.request, Some(message)),
    }
}

/// A login session opened by the hosted login form.
pub(crate) struct SignedIn {
    /// The session id (the cookie's value).
    pub id: String,
    pub user_id: String,
    pub auth_time: i64,
}

/// Checks the hosted form's account and password and opens a provider login session
/// (shared by the OIDC / OAuth and the CAS login pages); `Err` is the message the form
/// shows again.
pub(crate) fn sign_in(sh: &Shared, account: &str, password: &str) -> Result<SignedIn, String> {
    let now = sh.clock.now_ms();
    let user = login::find_by_account(sh, account);
    let checked = match &user {
        Some(u) => login::check_password(u, password).map_err(|e| e.code),
        None => Err(2333),
    };
    let user = match (checked, user) {
        (Ok(()), Some(u)) if !super::super::mfa::factors(sh, &u).is_empty() => {
            // The hosted page has no second step yet: refuse clearly.
            return Err(
                "此账号需要多因素认证，托管登录页暂不支持 (this account needs multi-factor \
                        authentication, which the hosted login page does not support yet)"
                    .into(),
            );
        }
        (Ok(()), Some(u)) => u,
        (Err(2005), _) => return Err("用户已被锁定 (user is blocked)".into()),
        _ => return Err("账号或密码错误 (wrong account or password)".into()),
    };
    let auth_time = sh.clock.now_secs();
    let sid = random_hex(24);
    sh.store.write().oidc_mut().add_session(
        sid.clone(),
        LoginSession {
            user_id: user.id.clone(),
            auth_time,
            epoch: user.token_epoch,
            expires_ms: now + SESSION_TTL_MS,
        },
        now,
    );
    Ok(SignedIn {
        id: sid,
        user_id: user.id,
        auth_time,
    })
}

/// A logged-in user: the code, or the implicit flow's tokens, back to the client.
fn finish(
    sh: &Shared,
    req: AuthRequest,
    user_id: &str,
    auth_time: i64,
    new_session: Option<String>,
) -> Outcome {
    let now = sh.clock.now_ms();
    let allowed = crate::domain::applications::policies::may_access(
        &sh.store.read(),
        &req.client_id,
        user_id,
    );
    if !allowed {
        return match redirect_error(&req, OAuthError::access_denied()) {
            Outcome::Redirect(r, _) => Outcome::Redirect(r, new_session),
            o => o,
        };
    }
    crate::domain::applications::record_login(sh, &req.client_id, user_id);
    let mut params: Vec<(String, String)> = Vec::new();
    if req.response_type == "code" {
        let code = random_hex(24);
        params.push(("code".into(), code.clone()));
        sh.store.write().oidc_mut().add_code(
            code,
            CodeRecord {
                request: req.clone(),
                user_id: user_id.to_string(),
                auth_time,
                expires_ms: now + super::CODE_TTL_MS,
                grant_id: None,
            },
            now,
        );
    } else {
        let issued = grants::issue(
            sh,
            NewGrant {
                protocol: req.protocol,
                client_id: &req.client_id,
                user_id: Some(user_id),
                scope: req.scope.clone(),
                auth_time,
                nonce: req.nonce.as_deref(),
                access_token: req.response_type.split(' ').any(|t| t == "token"),
                id_token: req.response_type.split(' ').any(|t| t == "id_token"),
                refresh: false,
            },
        );
        match issued {
            Ok(t) => {
                if let Some(a) = t.access_token {
                    params.push(("access_token".into(), a));
                    params.push(("token_type".into(), "Bearer".into()));
                    params.push(("expires_in".into(), t.expires_in.to_string()));
                    params.push(("scope".into(), t.scope));
                }
                if let Some(id) = t.id_token {
                    params.push(("id_token".into(), id));
                }
            }
            Err(e) => return redirect_error(&req, e),
        }
    }
    if let Some(s) = &req.state {
        params.push(("state".into(), s.clone()));
    }
    Outcome::Redirect(
        ClientRedirect {
            redirect_uri: req.redirect_uri,
            mode: req.response_mode,
            params,
        },
        new_session,
    )
}

/// Ends a login session (logout pages).
pub(crate) fn end_session(sh: &Shared, cookie: Option<&str>) {
    if let Some(c) = cookie {
        sh.store.write().oidc_mut().remove_session(c);
    }
}
