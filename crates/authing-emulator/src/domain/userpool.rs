//! Pool settings changed through `updateUserpool`, and the pool's environment
//! variables (`/api/v2/env`).

use serde_json::Value;

use crate::clock::iso_ms;
use crate::error::AuthingError;
use crate::shared::Shared;
use crate::store::env::EnvRecord;
use crate::store::whitelist::WhitelistKind;

/// The settings `updateUserpool` may change; `None` leaves one as it is.
#[derive(Debug, Default)]
pub(crate) struct PoolUpdate {
    pub name: Option<String>,
    pub logo: Option<String>,
    pub description: Option<String>,
    pub email_verified_default: Option<bool>,
    pub send_welcome_email: Option<bool>,
    pub register_disabled: Option<bool>,
    pub allowed_origins: Option<String>,
    pub token_expires_after: Option<i32>,
    pub verify_old_phone: Option<bool>,
    pub verify_old_email: Option<bool>,
    /// Whitelist switches.
    pub whitelist: Vec<(WhitelistKind, bool)>,
}

/// Checks every field, then applies them all under one lock (or none).
pub(crate) fn update(sh: &Shared, u: PoolUpdate) -> Result<(), AuthingError> {
    if u.name.as_deref().is_some_and(|n| n.trim().is_empty()) {
        return Err(AuthingError::bad_request(
            "用户池名称不能为空 (name must not be empty)",
        ));
    }
    if u.token_expires_after.is_some_and(|t| t < 1) {
        return Err(AuthingError::bad_request(
            "tokenExpiresAfter 必须为正数 (tokenExpiresAfter must be at least 1 second)",
        ));
    }
    let now = iso_ms(sh.clock.now_ms());
    let mut store = sh.store.write();
    let st = store.settings_mut();
    st.updated_at = Some(now);
    if let Some(v) = u.name {
        st.name = v.trim().to_string();
    }
    if let Some(v) = u.logo {
        st.logo = Some(v);
    }
    if let Some(v) = u.description {
        st.description = Some(v);
    }
    if let Some(v) = u.email_verified_default {
        st.email_verified_default = v;
    }
    if let Some(v) = u.send_welcome_email {
        st.send_welcome_email = v;
    }
    if let Some(v) = u.register_disabled {
        st.register_disabled = v;
    }
    if let Some(v) = u.allowed_origins {
        st.allowed_origins = Some(v);
    }
    if let Some(v) = u.token_expires_after {
        st.token_expires_after = v;
    }
    if let Some(v) = u.verify_old_phone {
        st.verify_old_phone = v;
    }
    if let Some(v) = u.verify_old_email {
        st.verify_old_email = v;
    }
    for (kind, on) in u.whitelist {
        store.whitelist_mut().set_enabled(kind, on);
    }
    Ok(())
}

/// The longest key accepted.
const MAX_KEY_LEN: usize = 256;

/// Sets an environment variable (a new key, or a new value for an existing one).
pub(crate) fn set_env(sh: &Shared, key: &str, value: Value) -> Result<EnvRecord, AuthingError> {
    let key = key.trim();
    if key.is_empty() || key.len() > MAX_KEY_LEN {
        return Err(AuthingError::bad_request(
            "环境变量的 key 不能为空 (key must be 1 to 256 bytes)",
        ));
    }
    let now = iso_ms(sh.clock.now_ms());
    Ok(sh.store.write().env_mut().set(key.to_string(), value, &now))
}

/// Removes an environment variable (unknown key → 404).
pub(crate) fn remove_env(sh: &Shared, key: &str) -> Result<(), AuthingError> {
    match sh.store.write().env_mut().remove(key) {
        Some(_) => Ok(()),
        None => Err(AuthingError::not_found(format!(
            "环境变量不存在 (no environment variable {key:?})"
        ))),
    }
}
