//! Token checks: userinfo, introspection (RFC 7662), revocation (RFC 7009),
//! `validate_token`, and RP-initiated logout.
//!
//! An access token is valid when its RS256 signature verifies with a key of the JWKS,
//! its issuer is the endpoint's, it has not expired (emulator clock), its grant is not
//! revoked (code replay, refresh replay, revocation of its refresh token) and its user
//! still exists, is not blocked and was not logged out by force since (user token epoch).

use serde_json::{Map, Value, json};

use super::claims::{AccessClaims, UserClaims};
use super::{ClientCreds, OAuthError, authenticate, issuer};
use crate::domain::tokens;
use crate::shared::Shared;
use crate::store::oidc::{GrantRecord, Protocol};

/// A valid access token: its claims and grant.
fn check_access(
    sh: &Shared,
    token: &str,
    protocol: Option<Protocol>,
) -> Result<(AccessClaims, GrantRecord), String> {
    let claims: AccessClaims = sh
        .oidc_keys
        .read()
        .verify(token)
        .ok_or("invalid token signature or format")?;
    let from_issuer = match protocol {
        Some(p) => issuer(sh, p) == claims.iss,
        None => [Protocol::Oidc, Protocol::OAuth]
            .iter()
            .any(|p| issuer(sh, *p) == claims.iss),
    };
    if !from_issuer {
        return Err("the token was issued by another issuer".into());
    }
    if claims.exp <= sh.clock.now_secs() {
        return Err("the token expired".into());
    }
    let store = sh.store.read();
    let grant = store
        .oidc()
        .access_grant(&claims.jti)
        .and_then(|g| store.oidc().grant(g))
        .filter(|g| !g.revoked)
        .cloned()
        .ok_or("the token was revoked")?;
    if let Some(uid) = &grant.user_id {
        let ok = store
            .users()
            .get(uid)
            .is_some_and(|u| u.blocked != Some(true) && u.token_epoch == grant.epoch);
        if !ok {
            return Err("the token was revoked".into());
        }
    }
    Ok((claims, grant))
}

/// `GET|POST /{oidc|oauth}/me`: the user's claims for the granted scopes.
pub(crate) fn userinfo(
    sh: &Shared,
    protocol: Protocol,
    token: Option<&str>,
) -> Result<Map<String, Value>, OAuthError> {
    let token = token.ok_or_else(|| OAuthError::invalid_token("no access token"))?;
    let (_, grant) = check_access(sh, token, Some(protocol)).map_err(OAuthError::invalid_token)?;
    let uid = grant
        .user_id
        .ok_or_else(|| OAuthError::invalid_token("the token has no user (client credentials)"))?;
    let store = sh.store.read();
    let u = store
        .users()
        .get(&uid)
        .ok_or_else(|| OAuthError::invalid_token("the user no longer exists"))?;
    Ok(UserClaims::of(u).filtered(&grant.scope))
}

/// `POST /{oidc|oauth}/token/introspection`: `{active: false}` for anything that is not
/// a valid token of the calling client.
pub(crate) fn introspect(
    sh: &Shared,
    protocol: Protocol,
    creds: &ClientCreds,
    token: Option<&str>,
) -> Result<Value, OAuthError> {
    let app = authenticate(sh, creds)?;
    let token = token.ok_or_else(|| OAuthError::invalid_request("token is missing"))?;
    let inactive = json!({"active": false});
    if let Ok((c, _)) = check_access(sh, token, Some(protocol)) {
        if c.client_id != app.id {
            return Ok(inactive);
        }
        return Ok(json!({
            "active": true,
            "scope": c.scope,
            "client_id": c.client_id,
            "sub": c.sub,
            "aud": c.aud,
            "iss": c.iss,
            "exp": c.exp,
            "iat": c.iat,
            "jti": c.jti,
            "token_type": "Bearer",
        }));
    }
    let now = sh.clock.now_ms();
    let store = sh.store.read();
    let Some(r) = store.oidc().refresh(token) else {
        return Ok(inactive);
    };
    let Some(g) = store.oidc().grant(&r.grant_id) else {
        return Ok(inactive);
    };
    let user_ok = g.user_id.as_deref().is_some_and(|id| {
        store
            .users()
            .get(id)
            .is_some_and(|u| u.blocked != Some(true) && u.token_epoch == g.epoch)
    });
    if r.used || r.expires_ms <= now || g.revoked || !user_ok || g.client_id != app.id {
        return Ok(inactive);
    }
    if g.protocol != protocol {
        return Ok(inactive);
    }
    Ok(json!({
        "active": true,
        "scope": g.scope.join(" "),
        "client_id": g.client_id,
        "sub": g.user_id,
        "exp": r.expires_ms / 1000,
        "token_type": "refresh_token",
    }))
}

/// `POST /{oidc|oauth}/token/revocation`: an access token stops working; a refresh
/// token ends its whole grant. Unknown tokens and tokens of other clients change
/// nothing (and answer 200 alike, RFC 7009 §2.2).
pub(crate) fn revoke(
    sh: &Shared,
    protocol: Protocol,
    creds: &ClientCreds,
    token: Option<&str>,
) -> Result<(), OAuthError> {
    let app = authenticate(sh, creds)?;
    let token = token.ok_or_else(|| OAuthError::invalid_request("token is missing"))?;
    if let Ok((c, _)) = check_access(sh, token, Some(protocol)) {
        if c.client_id == app.id {
            sh.store.write().oidc_mut().revoke_access(&c.jti);
        }
        return Ok(());
    }
    let mut store = sh.store.write();
    let grant = store
        .oidc()
        .refresh(token)
        .map(|r| r.grant_id.clone())
        .filter(|g| store.oidc().grant(g).is_some_and(|g| g.client_id == app.id));
    if let Some(g) = grant {
        store.oidc_mut().revoke_grant(&g);
    }
    Ok(())
}

/// `GET /api/v2/oidc/validate_token`: the claims of a valid ID token, access token or
/// user token (HS256, from `loginByEmail` etc.); the reason otherwise.
pub(crate) fn validate_token(sh: &Shared, token: &str, is_id_token: bool) -> Result<Value, String> {
    if is_id_token {
        if let Some(claims) = sh.oidc_keys.read().verify::<Map<String, Value>>(token) {
            let iss = claims.get("iss").and_then(Value::as_str);
            if iss != Some(issuer(sh, Protocol::Oidc).as_str()) {
                return Err("id_token 的签发者不正确 (wrong issuer)".into());
            }
            let exp = claims.get("exp").and_then(Value::as_i64).unwrap_or(0);
            if exp <= sh.clock.now_secs() {
                return Err("id_token 已过期 (id_token expired)".into());
            }
            return Ok(Value::Object(claims));
        }
    } else if let Ok((c, _)) = check_access(sh, token, None) {
        return serde_json::to_value(c).map_err(|e| e.to_string());
    }
    match tokens::check(sh, token) {
        Ok((tokens::Caller::User(_), claims)) => {
            serde_json::to_value(claims).map_err(|e| e.to_string())
        }
        Ok((tokens::Caller::Admin, _)) => Err("不是用户 token (not a user token)".into()),
        Err(_) => Err(if is_id_token {
            "id_token 不合法 (invalid id_token)".into()
        } else {
            "access_token 不合法 (invalid access_token)".into()
        }),
    }
}

/// The application that may be sent back to `post_logout_redirect_uri` at
/// `/oidc/session/end`: the `aud` of a valid-signature `id_token_hint` (expiry is not
/// checked: logout with an old ID token is normal).
pub(crate) fn logout_target(
    sh: &Shared,
    id_token_hint: Option<&str>,
    post_logout_redirect_uri: Option<&str>,
) -> Result<Option<String>, String> {
    let hint_app = match id_token_hint {
        Some(t) => {
            let claims = sh
                .oidc_keys
                .read()
                .verify::<Map<String, Value>>(t)
                .ok_or("invalid id_token_hint")?;
            if claims.get("iss").and_then(Value::as_str)
                != Some(issuer(sh, Protocol::Oidc).as_str())
            {
                return Err("id_token_hint was issued by another issuer".into());
            }
            claims
                .get("aud")
                .and_then(Value::as_str)
                .map(str::to_string)
        }
        None => None,
    };
    let Some(uri) = post_logout_redirect_uri else {
        return Ok(None);
    };
    let app = hint_app.ok_or("post_logout_redirect_uri needs an id_token_hint")?;
    let store = sh.store.read();
    let registered = store
        .apps()
        .get(&app)
        .is_some_and(|a| a.logout_redirect_uris.iter().any(|u| u == uri));
    if registered {
        Ok(Some(uri.to_string()))
    } else {
        Err("post_logout_redirect_uri is not registered for this application".into())
    }
}

/// Whether any application registered `uri` (login or logout redirect) — the easy
/// logout page redirects only there.
pub(crate) fn any_app_redirect(sh: &Shared, uri: &str) -> bool {
    sh.store.read().apps().iter().any(|a| {
        a.logout_redirect_uris.iter().any(|u| u == uri) || a.redirect_uris.iter().any(|u| u == uri)
    })
}
