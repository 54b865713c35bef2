//! Programmatic access accounts: client credentials of an application. An enabled
//! account obtains an access token at `/oidc/token` (`grant_type=client_credentials`,
//! `client_id` = account id, `client_secret` = its secret) living `tokenLifetime`
//! seconds; a disabled account or a wrong secret → `invalid_client`, a deleted
//! account is an unknown client.

use crate::clock::iso_ms;
use crate::crypto::{random_hex, secrets_equal};
use crate::domain::oidc::claims::AccessClaims;
use crate::domain::oidc::grants::TokenSet;
use crate::domain::oidc::{ClientCreds, OAuthError, issuer};
use crate::error::AuthingError;
use crate::shared::Shared;
use crate::store::app_admin::AccountRecord;
use crate::store::apps::AuthMethod;
use crate::store::oidc::{GrantRecord, Protocol};

use super::app_unknown;

fn account_unknown() -> AuthingError {
    AuthingError::not_found("编程访问账号不存在 (programmatic access account not found)")
}

/// Default token lifetime of an account: 600 s.
pub(crate) const DEFAULT_TOKEN_LIFETIME: i64 = 600;

/// Creates an enabled account of application `app_id` (lifetime ≥ 1 s, else 400).
pub(crate) fn create(
    sh: &Shared,
    app_id: &str,
    token_lifetime: Option<i64>,
    remarks: Option<String>,
) -> Result<AccountRecord, AuthingError> {
    let lifetime = token_lifetime.unwrap_or(DEFAULT_TOKEN_LIFETIME);
    if lifetime < 1 {
        return Err(AuthingError::bad_request(
            "tokenLifetime 必须为正数 (tokenLifetime must be positive)",
        ));
    }
    let now = iso_ms(sh.clock.now_ms());
    let mut store = sh.store.write();
    if store.apps().get(app_id).is_none() {
        return Err(app_unknown());
    }
    let rec = AccountRecord {
        id: random_hex(12),
        app_id: app_id.to_string(),
        secret: random_hex(16),
        token_lifetime: lifetime,
        enabled: true,
        remarks,
        created_at: now.clone(),
        updated_at: now,
    };
    store.app_admin_mut().insert_account(rec.clone());
    store.app_admin_mut().entry(app_id);
    drop(store);
    sh.mark_dirty();
    Ok(rec)
}

/// The accounts of application `app_id`, oldest first.
pub(crate) fn list(sh: &Shared, app_id: &str) -> Result<Vec<AccountRecord>, AuthingError> {
    let store = sh.store.read();
    if store.apps().get(app_id).is_none() {
        return Err(app_unknown());
    }
    Ok(store
        .app_admin()
        .accounts()
        .filter(|a| a.app_id == app_id)
        .cloned()
        .collect())
}

/// `PATCH` of an account: `enabled` and/or a new `secret` (`Some(None)`: a random one).
pub(crate) fn update(
    sh: &Shared,
    id: &str,
    enabled: Option<bool>,
    secret: Option<Option<String>>,
) -> Result<AccountRecord, AuthingError> {
    if let Some(Some(s)) = &secret {
        if s.trim().is_empty() {
            return Err(AuthingError::bad_request("secret must not be empty"));
        }
    }
    let now = iso_ms(sh.clock.now_ms());
    let mut store = sh.store.write();
    let a = store
        .app_admin_mut()
        .account_mut(id)
        .ok_or_else(account_unknown)?;
    if let Some(e) = enabled {
        a.enabled = e;
    }
    if let Some(s) = secret {
        a.secret = s.unwrap_or_else(|| random_hex(16));
    }
    a.updated_at = now;
    let rec = a.clone();
    drop(store);
    sh.mark_dirty();
    Ok(rec)
}

/// Deletes an account.
pub(crate) fn delete(sh: &Shared, id: &str) -> Result<(), AuthingError> {
    sh.store
        .write()
        .app_admin_mut()
        .remove_account(id)
        .ok_or_else(account_unknown)?;
    sh.mark_dirty();
    Ok(())
}

/// `client_credentials` for an account: `None` when `creds` name no account (the
/// token endpoint then tries the applications).
pub(crate) fn token(
    sh: &Shared,
    protocol: Protocol,
    creds: &ClientCreds,
    scope: Option<String>,
) -> Option<Result<TokenSet, OAuthError>> {
    let basic = creds.via == AuthMethod::ClientSecretBasic;
    let account = sh.store.read().app_admin().account(&creds.id).cloned()?;
    let ok = account.enabled
        && creds
            .secret
            .as_deref()
            .is_some_and(|s| secrets_equal(s, &account.secret));
    if !ok {
        return Some(Err(OAuthError::invalid_client(
            "client authentication failed",
            basic,
        )));
    }
    let scope: Vec<String> = scope
        .unwrap_or_default()
        .split_whitespace()
        .map(str::to_string)
        .collect();
    let now = sh.clock.now_secs();
    let jti = random_hex(12);
    let grant_id = random_hex(12);
    let mut store = sh.store.write();
    store.oidc_mut().add_grant(
        grant_id.clone(),
        GrantRecord {
            protocol,
            client_id: account.app_id.clone(),
            user_id: None,
            scope: scope.clone(),
            auth_time: now,
            epoch: 0,
            revoked: false,
        },
    );
    store.oidc_mut().add_access(jti.clone(), grant_id);
    drop(store);
    let claims = AccessClaims {
        iss: issuer(sh, protocol),
        sub: account.id.clone(),
        aud: account.app_id.clone(),
        exp: now + account.token_lifetime,
        iat: now,
        jti,
        scope: scope.join(" "),
        client_id: account.id.clone(),
    };
    let token = sh.oidc_keys.read().sign(&claims);
    Some(Ok(TokenSet {
        access_token: Some(token),
        id_token: None,
        refresh_token: None,
        expires_in: account.token_lifetime,
        scope: scope.join(" "),
    }))
}
