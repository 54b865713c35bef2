//! The token endpoint's grants (`authorization_code`, `refresh_token`,
//! `client_credentials`) and the issuing of ID, access and refresh tokens.
//!
//! A code works once: a second redemption fails with `invalid_grant` and revokes the
//! grant the first one created (its access and refresh tokens). Refresh tokens rotate:
//! each works once, a replayed one revokes its grant. Refresh tokens are issued with
//! `offline_access` (OIDC) and always for OAuth 2.0 user grants.

use super::claims::{AccessClaims, IdClaims, UserClaims, at_hash, s256, token_data};
use super::{ClientCreds, OAuthError, REFRESH_TTL_MS, TOKEN_TTL_SECS, authenticate, issuer};
use crate::crypto::{random_hex, secrets_equal};
use crate::shared::Shared;
use crate::store::Store;
use crate::store::apps::AuthMethod;
use crate::store::oidc::{GrantRecord, Protocol, RefreshRecord};

/// The form of `POST /{oidc|oauth}/token` (client credentials apart).
#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct TokenForm {
    pub grant_type: Option<String>,
    pub code: Option<String>,
    pub redirect_uri: Option<String>,
    pub code_verifier: Option<String>,
    pub refresh_token: Option<String>,
    pub scope: Option<String>,
}

/// Tokens of one answer.
pub(crate) struct TokenSet {
    pub access_token: Option<String>,
    pub id_token: Option<String>,
    pub refresh_token: Option<String>,
    pub expires_in: i64,
    pub scope: String,
}

/// A grant to create and the tokens to issue from it.
pub(crate) struct NewGrant<'a> {
    pub protocol: Protocol,
    pub client_id: &'a str,
    pub user_id: Option<&'a str>,
    pub scope: Vec<String>,
    pub auth_time: i64,
    pub nonce: Option<&'a str>,
    pub access_token: bool,
    pub id_token: bool,
    pub refresh: bool,
}

/// Creates a grant and issues its tokens.
pub(crate) fn issue(sh: &Shared, g: NewGrant<'_>) -> Result<TokenSet, OAuthError> {
    let mut store = sh.store.write();
    issue_locked(sh, &mut store, g)
}

fn issue_locked(sh: &Shared, store: &mut Store, g: NewGrant<'_>) -> Result<TokenSet, OAuthError> {
    let epoch = match g.user_id {
        Some(id) => {
            let u = store
                .users()
                .get(id)
                .ok_or_else(|| OAuthError::invalid_grant("the user no longer exists"))?;
            if u.blocked == Some(true) {
                return Err(OAuthError::invalid_grant("the user is blocked"));
            }
            u.token_epoch
        }
        None => 0,
    };
    let grant = GrantRecord {
        protocol: g.protocol,
        client_id: g.client_id.to_string(),
        user_id: g.user_id.map(str::to_string),
        scope: g.scope,
        auth_time: g.auth_time,
        epoch,
        revoked: false,
    };
    let grant_id = random_hex(12);
    store.oidc_mut().add_grant(grant_id.clone(), grant.clone());
    tokens_of(
        sh,
        store,
        &grant_id,
        &grant,
        g.nonce,
        g.access_token,
        g.id_token,
        g.refresh,
    )
}

/// Signs the tokens of a grant (and records the access token id and refresh token).
#[allow(clippy::too_many_arguments)]
fn tokens_of(
    sh: &Shared,
    store: &mut Store,
    grant_id: &str,
    grant: &GrantRecord,
    nonce: Option<&str>,
    with_access: bool,
    with_id: bool,
    with_refresh: bool,
) -> Result<TokenSet, OAuthError> {
    let now = sh.clock.now_secs();
    let iss = issuer(sh, grant.protocol);
    let scope = grant.scope.join(" ");
    let keys = sh.oidc_keys.read();
    let access_token = with_access.then(|| {
        let jti = random_hex(12);
        let claims = AccessClaims {
            iss: iss.clone(),
            sub: grant
                .user_id
                .clone()
                .unwrap_or_else(|| grant.client_id.clone()),
            aud: grant.client_id.clone(),
            exp: now + TOKEN_TTL_SECS,
            iat: now,
            jti: jti.clone(),
            scope: scope.clone(),
            client_id: grant.client_id.clone(),
        };
        store.oidc_mut().add_access(jti, grant_id.to_string());
        keys.sign(&claims)
    });
    let id_token = match (with_id, &grant.user_id) {
        (true, Some(uid)) => {
            let u = store
                .users()
                .get(uid)
                .ok_or_else(|| OAuthError::invalid_grant("the user no longer exists"))?;
            let claims = IdClaims {
                iss: iss.clone(),
                aud: grant.client_id.clone(),
                exp: now + TOKEN_TTL_SECS,
                iat: now,
                auth_time: grant.auth_time,
                nonce: nonce.map(str::to_string),
                at_hash: access_token.as_deref().map(at_hash),
                user: UserClaims::of(u),
                data: token_data(sh, u, &grant.client_id),
                userpool_id: sh.ids.user_pool_id.clone(),
            };
            Some(keys.sign(&claims))
        }
        _ => None,
    };
    drop(keys);
    let refresh_token = with_refresh.then(|| {
        let t = random_hex(32);
        let now_ms = sh.clock.now_ms();
        store.oidc_mut().add_refresh(
            t.clone(),
            RefreshRecord {
                grant_id: grant_id.to_string(),
                expires_ms: now_ms + REFRESH_TTL_MS,
                used: false,
            },
            now_ms,
        );
        t
    });
    Ok(TokenSet {
        access_token,
        id_token,
        refresh_token,
        expires_in: TOKEN_TTL_SECS,
        scope,
    })
}

fn wants_refresh(protocol: Protocol, scope: &[String]) -> bool {
    protocol == Protocol::OAuth || scope.iter().any(|s| s == "offline_access")
}

fn has_openid(scope: &[String]) -> bool {
    scope.iter().any(|s| s == "openid")
}

/// `POST /{oidc|oauth}/token`.
pub(crate) fn token(
    sh: &Shared,
    protocol: Protocol,
    creds: &ClientCreds,
    form: TokenForm,
) -> Result<TokenSet, OAuthError> {
    let grant_type = form
        .grant_type
        .clone()
        .ok_or_else(|| OAuthError::invalid_request("grant_type is missing"))?;
    if !matches!(
        grant_type.as_str(),
        "authorization_code" | "refresh_token" | "client_credentials"
    ) {
        return Err(OAuthError::unsupported_grant_type(format!(
            "grant_type {grant_type:?} is not supported"
        )));
    }
    if grant_type == "client_credentials" {
        let scope = form.scope.clone();
        if let Some(t) = crate::domain::applications::accounts::token(sh, protocol, creds, scope) {
            return t;
        }
    }
    let app = authenticate(sh, creds)?;
    match grant_type.as_str() {
        "authorization_code" => by_code(sh, protocol, &app.id, form),
        "refresh_token" => by_refresh(sh, protocol, &app.id, form),
        _ => {
            if app.token_endpoint_auth_method == AuthMethod::None {
                return Err(OAuthError::unauthorized_client(
                    "a public client cannot use client_credentials",
                ));
            }
            let scope = form
                .scope
                .unwrap_or_default()
                .split_whitespace()
                .map(str::to_string)
                .collect();
            issue(
                sh,
                NewGrant {
                    protocol,
                    client_id: &app.id,
                    user_id: None,
                    scope,
                    auth_time: sh.clock.now_secs(),
                    nonce: None,
                    access_token: true,
                    id_token: false,
                    refresh: false,
                },
            )
        }
    }
}

fn by_code(
    sh: &Shared,
    protocol: Protocol,
    client_id: &str,
    form: TokenForm,
) -> Result<TokenSet, OAuthError> {
    let code = form
        .code
        .ok_or_else(|| OAuthError::invalid_request("code is missing"))?;
    let now = sh.clock.now_ms();
    let mut store = sh.store.write();
    let rec = store
        .oidc_mut()
        .code_mut(&code)
        .ok_or_else(|| OAuthError::invalid_grant("invalid authorization code"))?;
    if let Some(g) = rec.grant_id.clone() {
        store.oidc_mut().revoke_grant(&g);
        return Err(OAuthError::invalid_grant(
            "the authorization code was already used; the tokens issued with it are revoked",
        ));
    }
    if rec.expires_ms <= now || rec.request.protocol != protocol {
        return Err(OAuthError::invalid_grant(
            "invalid or expired authorization code",
        ));
    }
    if rec.request.client_id != client_id {
        return Err(OAuthError::invalid_grant(
            "the authorization code was issued to another client",
        ));
    }
    if form.redirect_uri.as_deref() != Some(rec.request.redirect_uri.as_str()) {
        return Err(OAuthError::invalid_grant(
            "redirect_uri does not match the authorization request",
        ));
    }
    match (&rec.request.code_challenge, form.code_verifier.as_deref()) {
        (Some(_), None) => return Err(OAuthError::invalid_grant("code_verifier is missing")),
        (Some((challenge, method)), Some(v)) => {
            let computed = if method == "S256" {
                s256(v)
            } else {
                v.to_string()
            };
            let well_formed = (43..=128).contains(&v.len())
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b));
            if !well_formed || !secrets_equal(&computed, challenge) {
                return Err(OAuthError::invalid_grant("code_verifier does not match"));
            }
        }
        (None, Some(_)) => {
            return Err(OAuthError::invalid_grant(
                "code_verifier without a code_challenge in the authorization request",
            ));
        }
        (None, None) => {}
    }
    let req = rec.request.clone();
    let (user_id, auth_time) = (rec.user_id.clone(), rec.auth_time);
    let grant_id = random_hex(12);
    rec.grant_id = Some(grant_id.clone());
    let u = store
        .users()
        .get(&user_id)
        .ok_or_else(|| OAuthError::invalid_grant("the user no longer exists"))?;
    if u.blocked == Some(true) {
        return Err(OAuthError::invalid_grant("the user is blocked"));
    }
    let grant = GrantRecord {
        protocol,
        client_id: client_id.to_string(),
        user_id: Some(user_id),
        scope: req.scope.clone(),
        auth_time,
        epoch: u.token_epoch,
        revoked: false,
    };
    store.oidc_mut().add_grant(grant_id.clone(), grant.clone());
    let refresh = wants_refresh(protocol, &grant.scope);
    let id = protocol == Protocol::Oidc && has_openid(&grant.scope);
    tokens_of(
        sh,
        &mut store,
        &grant_id,
        &grant,
        req.nonce.as_deref(),
        true,
        id,
        refresh,
    )
}

fn by_refresh(
    sh: &Shared,
    protocol: Protocol,
    client_id: &str,
    form: TokenForm,
) -> Result<TokenSet, OAuthError> {
    let token = form
        .refresh_token
        .ok_or_else(|| OAuthError::invalid_request("refresh_token is missing"))?;
    let now = sh.clock.now_ms();
    let mut store = sh.store.write();
    let rec = store
        .oidc_mut()
        .refresh_mut(&token)
        .ok_or_else(|| OAuthError::invalid_grant("invalid refresh token"))?;
    let grant_id = rec.grant_id.clone();
    if rec.used {
        store.oidc_mut().revoke_grant(&grant_id);
        return Err(OAuthError::invalid_grant(
            "the refresh token was already used; its grant is revoked",
        ));
    }
    if rec.expires_ms <= now {
        return Err(OAuthError::invalid_grant("the refresh token expired"));
    }
    let grant = store
        .oidc()
        .grant(&grant_id)
        .cloned()
        .ok_or_else(|| OAuthError::invalid_grant("invalid refresh token"))?;
    if grant.client_id != client_id || grant.protocol != protocol {
        return Err(OAuthError::invalid_grant(
            "the refresh token was issued to another client",
        ));
    }
    let user_ok = grant.user_id.as_deref().is_some_and(|id| {
        store
            .users()
            .get(id)
            .is_some_and(|u| u.blocked != Some(true) && u.token_epoch == grant.epoch)
    });
    if grant.revoked || !user_ok {
        return Err(OAuthError::invalid_grant("the grant was revoked"));
    }
    let mut narrowed = grant.clone();
    if let Some(s) = form.scope.filter(|s| !s.trim().is_empty()) {
        let asked: Vec<String> = s.split_whitespace().map(str::to_string).collect();
        if let Some(x) = asked.iter().find(|x| !grant.scope.contains(x)) {
            return Err(OAuthError::invalid_scope(format!(
                "scope {x:?} was not granted"
            )));
        }
        narrowed.scope = asked;
    }
    if let Some(r) = store.oidc_mut().refresh_mut(&token) {
        r.used = true;
    }
    let id = protocol == Protocol::Oidc && has_openid(&narrowed.scope);
    tokens_of(sh, &mut store, &grant_id, &narrowed, None, true, id, true)
}
