//! The OpenID Connect / OAuth 2.0 provider's rules: applications and client
//! authentication (here), authorization requests and the hosted login
//! ([`authorize`]), the token endpoint's grants ([`grants`]), token checks, userinfo,
//! introspection and revocation ([`verify`]), claims ([`claims`]) and signing keys
//! ([`keys`]).
//!
//! Lifetimes (emulator clock): ID and access tokens 1 209 600 s (14 days, Authing's
//! documented OIDC token lifetime), authorization codes 10 minutes, login interactions
//! 10 minutes, refresh tokens 30 days, login sessions (cookie) 14 days.

pub(crate) mod authorize;
pub(crate) mod claims;
pub(crate) mod grants;
pub(crate) mod keys;
pub(crate) mod verify;

use crate::clock::iso_ms;
use crate::crypto::{random_hex, secrets_equal};
use crate::shared::Shared;
use crate::store::apps::{AppRecord, AuthMethod};
use crate::store::oidc::Protocol;

/// ID and access token lifetime (14 days).
pub(crate) const TOKEN_TTL_SECS: i64 = 1_209_600;
/// Authorization code lifetime (10 minutes).
pub(crate) const CODE_TTL_MS: i64 = 10 * 60 * 1000;
/// Login form (interaction) lifetime (10 minutes).
pub(crate) const INTERACTION_TTL_MS: i64 = 10 * 60 * 1000;
/// Refresh token lifetime (30 days).
pub(crate) const REFRESH_TTL_MS: i64 = 30 * 24 * 3600 * 1000;
/// Login session (cookie) lifetime (14 days).
pub(crate) const SESSION_TTL_MS: i64 = TOKEN_TTL_SECS * 1000;

/// Scopes of OpenID Connect.
pub(crate) const OIDC_SCOPES: &[&str] = &[
    "openid",
    "profile",
    "email",
    "phone",
    "address",
    "offline_access",
];
/// Scopes of OAuth 2.0.
pub(crate) const OAUTH_SCOPES: &[&str] = &["user"];

/// The issuer of a protocol: `{url}/oidc` or `{url}/oauth`.
pub(crate) fn issuer(sh: &Shared, p: Protocol) -> String {
    let base = sh.base_url.read().clone();
    match p {
        Protocol::Oidc => format!("{base}/oidc"),
        Protocol::OAuth => format!("{base}/oauth"),
    }
}

/// An OAuth 2.0 error (`{error, error_description}` with an HTTP status).
#[derive(Debug, Clone)]
pub(crate) struct OAuthError {
    pub status: u16,
    pub error: &'static str,
    pub description: String,
    /// Answer with `WWW-Authenticate: Basic` (client authentication by Basic failed).
    pub basic_challenge: bool,
}

impl OAuthError {
    fn new(status: u16, error: &'static str, description: impl Into<String>) -> Self {
        Self {
            status,
            error,
            description: description.into(),
            basic_challenge: false,
        }
    }
    pub fn invalid_request(d: impl Into<String>) -> Self {
        Self::new(400, "invalid_request", d)
    }
    pub fn invalid_grant(d: impl Into<String>) -> Self {
        Self::new(400, "invalid_grant", d)
    }
    pub fn invalid_scope(d: impl Into<String>) -> Self {
        Self::new(400, "invalid_scope", d)
    }
    pub fn unsupported_grant_type(d: impl Into<String>) -> Self {
        Self::new(400, "unsupported_grant_type", d)
    }
    pub fn unsupported_response_type(d: impl Into<String>) -> Self {
        Self::new(400, "unsupported_response_type", d)
    }
    pub fn unauthorized_client(d: impl Into<String>) -> Self {
        Self::new(400, "unauthorized_client", d)
    }
    /// The user may not sign in to this application (its access policies).
    pub fn access_denied() -> Self {
        Self::new(
            403,
            "access_denied",
            "用户无权访问该应用 (the user may not access this application)",
        )
    }
    pub fn login_required() -> Self {
        Self::new(400, "login_required", "login required (prompt=none)")
    }
    pub fn invalid_token(d: impl Into<String>) -> Self {
        Self::new(401, "invalid_token", d)
    }
    pub fn invalid_client(d: impl Into<String>, basic: bool) -> Self {
        Self {
            basic_challenge: basic,
            ..Self::new(401, "invalid_client", d)
        }
    }
}

/// Client credentials as a request presented them.
pub(crate) struct ClientCreds {
    pub id: String,
    pub secret: Option<String>,
    /// How they came: Basic header, form body with a secret, or `client_id` alone.
    pub via: AuthMethod,
}

impl std::fmt::Debug for ClientCreds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientCreds")
            .field("id", &self.id)
            .field("via", &self.via)
            .finish_non_exhaustive()
    }
}

/// Authenticates a client by its registered method (any other method, an unknown
/// client or a wrong secret → 401 `invalid_client`; secrets compared in constant time).
pub(crate) fn authenticate(sh: &Shared, creds: &ClientCreds) -> Result<AppRecord, OAuthError> {
    let basic = creds.via == AuthMethod::ClientSecretBasic;
    let fail = |d: &str| OAuthError::invalid_client(d, basic);
    let app = sh
        .store
        .read()
        .apps()
        .get(&creds.id)
        .cloned()
        .ok_or_else(|| fail("unknown client"))?;
    if creds.via != app.token_endpoint_auth_method {
        return Err(fail(&format!(
            "the client authenticates with {}, not {}",
            app.token_endpoint_auth_method.as_str(),
            creds.via.as_str()
        )));
    }
    match (app.token_endpoint_auth_method, creds.secret.as_deref()) {
        (AuthMethod::None, None) => Ok(app),
        (AuthMethod::None, Some(_)) => Err(fail("a public client has no secret")),
        (_, Some(s)) if secrets_equal(s, &app.secret) => Ok(app),
        _ => Err(fail("client authentication failed")),
    }
}

/// A new application (the control `POST /emulator/v1/applications` and the handle).
pub(crate) struct NewApp {
    pub name: String,
    pub redirect_uris: Vec<String>,
    pub logout_redirect_uris: Vec<String>,
    pub method: AuthMethod,
}

/// Registers an application with a random id and secret. Redirect URIs must be
/// absolute `http(s)` URLs without a fragment.
pub(crate) fn register_app(sh: &Shared, new: NewApp) -> Result<AppRecord, String> {
    for u in new.redirect_uris.iter().chain(&new.logout_redirect_uris) {
        check_redirect_uri(u)?;
    }
    if new.name.trim().is_empty() {
        return Err("name must not be empty".into());
    }
    let app = AppRecord {
        id: random_hex(12),
        name: new.name,
        secret: random_hex(16),
        redirect_uris: new.redirect_uris,
        logout_redirect_uris: new.logout_redirect_uris,
        token_endpoint_auth_method: new.method,
        created_at: iso_ms(sh.clock.now_ms()),
    };
    if !sh.store.write().apps_mut().insert(app.clone()) {
        return Err("application id taken".into());
    }
    sh.mark_dirty();
    Ok(app)
}

/// A redirect URI must be an absolute `http(s)` URL without a fragment.
pub(crate) fn check_redirect_uri(u: &str) -> Result<(), String> {
    match url::Url::parse(u) {
        Ok(p) if matches!(p.scheme(), "http" | "https") && p.fragment().is_none() => Ok(()),
        _ => Err(format!(
            "redirect URI {u:?} is not an absolute http(s) URL without a fragment"
        )),
    }
}

/// The default application of a pool: created at start (random secret) unless the
/// data file has it; the builder's redirect URIs are added to it. Returns its secret.
pub(crate) fn ensure_default_app(sh: &Shared, redirect_uris: &[String]) -> Result<String, String> {
    for u in redirect_uris {
        check_redirect_uri(u)?;
    }
    let mut store = sh.store.write();
    let id = sh.ids.app_id.clone();
    if store.apps().get(&id).is_none() {
        let name = store.settings().name.clone();
        store.apps_mut().insert(AppRecord {
            id: id.clone(),
            name,
            secret: random_hex(16),
            redirect_uris: Vec::new(),
            logout_redirect_uris: Vec::new(),
            token_endpoint_auth_method: AuthMethod::ClientSecretPost,
            created_at: iso_ms(sh.clock.now_ms()),
        });
    }
    for u in redirect_uris {
        store.apps_mut().add_redirect_uri(&id, u);
    }
    Ok(store
        .apps()
        .get(&id)
        .map(|a| a.secret.clone())
        .unwrap_or_default())
}
