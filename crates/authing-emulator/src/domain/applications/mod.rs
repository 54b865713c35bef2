//! The management `applications` API: applications are the OIDC provider's own
//! records (`store/apps.rs`), so an application created here signs users in at
//! `/oidc/auth`; its management data (identifier, logo, default access strategy,
//! agreements, access policies, programmatic access accounts, active users) is in
//! `store/app_admin.rs`.
//!
//! Each application owns the resource namespace whose code is its id (created with
//! it, deleted with it): its resources are the acl resources of that namespace.
//!
//! Codes: an unknown application answers 2011; a missing argument 2231; a malformed
//! redirect URI or strategy 400.

pub(crate) mod accounts;
pub(crate) mod agreements;
pub(crate) mod policies;

use crate::clock::iso_ms;
use crate::crypto::random_hex;
use crate::domain::oidc::{self, NewApp};
use crate::error::AuthingError;
use crate::shared::Shared;
use crate::store::Store;
use crate::store::app_admin::DefaultStrategy;
use crate::store::apps::{AppRecord, AuthMethod};

/// An unknown application (2011).
pub(crate) fn app_unknown() -> AuthingError {
    AuthingError::new(2011, "应用不存在 (application not found)")
}

/// The application `id` (else 2011).
pub(crate) fn app(store: &Store, id: &str) -> Result<AppRecord, AuthingError> {
    store.apps().get(id).cloned().ok_or_else(app_unknown)
}

pub(crate) fn required(v: Option<String>, name: &str) -> Result<String, AuthingError> {
    v.map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .ok_or_else(|| AuthingError::new(2231, format!("缺少参数 {name} ({name} required)")))
}

/// A new application of `POST /api/v2/applications`.
#[derive(Debug, Default)]
pub(crate) struct CreateApp {
    pub name: Option<String>,
    pub identifier: Option<String>,
    pub redirect_uris: Vec<String>,
    pub logo: Option<String>,
}

/// Creates an application (an OIDC client authenticating with `client_secret_post`)
/// and its resource namespace. The identifier must be unique (409).
pub(crate) fn create(sh: &Shared, new: CreateApp) -> Result<AppRecord, AuthingError> {
    let name = required(new.name, "name")?;
    let identifier = required(new.identifier, "identifier")?;
    {
        let store = sh.store.read();
        let taken = store.app_admin().app_ids().any(|id| {
            store
                .app_admin()
                .get(id)
                .and_then(|e| e.identifier.as_deref())
                == Some(identifier.as_str())
        });
        if taken {
            return Err(AuthingError::exists(format!(
                "应用标识 {identifier} 已被占用 (identifier already taken)"
            )));
        }
    }
    let app = oidc::register_app(
        sh,
        NewApp {
            name: name.clone(),
            redirect_uris: new.redirect_uris.clone(),
            logout_redirect_uris: new.redirect_uris,
            method: AuthMethod::ClientSecretPost,
        },
    )
    .map_err(AuthingError::bad_request)?;
    let mut store = sh.store.write();
    let extra = store.app_admin_mut().entry(&app.id);
    extra.identifier = Some(identifier);
    extra.logo = new.logo;
    extra.updated_at = Some(app.created_at.clone());
    if store.acl().namespace(&app.id).is_none() {
        let now = sh.clock.now_ms();
        store
            .acl_mut()
            .insert_namespace(app.id.clone(), name, None, now);
    }
    sh.mark_dirty();
    Ok(app)
}

/// Deletes an application: its OIDC client (its client id is unknown from then on),
/// management data, accounts, resource namespace and everything in it. The pool's
/// default application cannot be deleted (400).
pub(crate) fn delete(sh: &Shared, id: &str) -> Result<(), AuthingError> {
    if id == sh.ids.app_id {
        return Err(AuthingError::bad_request(
            "不能删除默认应用 (the default application cannot be deleted)",
        ));
    }
    let mut store = sh.store.write();
    store.apps_mut().remove(id).ok_or_else(app_unknown)?;
    store.app_admin_mut().remove_app(id);
    if let Some(ns) = store.acl().namespace(id).map(|n| n.id) {
        store.acl_mut().remove_namespace(ns);
    }
    drop(store);
    sh.mark_dirty();
    Ok(())
}

/// A new random client secret; the old one fails at the token endpoint from then on.
pub(crate) fn refresh_secret(sh: &Shared, id: &str) -> Result<AppRecord, AuthingError> {
    let mut store = sh.store.write();
    if !store.apps_mut().set_secret(id, random_hex(16)) {
        return Err(app_unknown());
    }
    let now = iso_ms(sh.clock.now_ms());
    store.app_admin_mut().entry(id).updated_at = Some(now);
    let app = app(&store, id)?;
    drop(store);
    sh.mark_dirty();
    Ok(app)
}

/// Parses `ALLOW_ALL` / `DENY_ALL` (else 400).
pub(crate) fn parse_strategy(s: &str) -> Result<DefaultStrategy, AuthingError> {
    match s {
        "ALLOW_ALL" => Ok(DefaultStrategy::AllowAll),
        "DENY_ALL" => Ok(DefaultStrategy::DenyAll),
        _ => Err(AuthingError::bad_request(format!(
            "defaultStrategy 必须是 ALLOW_ALL 或 DENY_ALL (defaultStrategy must be ALLOW_ALL or DENY_ALL, got {s:?})"
        ))),
    }
}

/// Changes what `POST /api/v2/applications/{id}` may change: the default access
/// strategy and the name.
pub(crate) fn update(
    sh: &Shared,
    id: &str,
    strategy: Option<DefaultStrategy>,
    name: Option<String>,
) -> Result<AppRecord, AuthingError> {
    let mut store = sh.store.write();
    let app = app(&store, id)?;
    if let Some(n) = name.filter(|n| !n.trim().is_empty()) {
        store.apps_mut().set_name(id, n);
    }
    let now = iso_ms(sh.clock.now_ms());
    let extra = store.app_admin_mut().entry(&app.id);
    if let Some(s) = strategy {
        extra.default_strategy = s;
    }
    extra.updated_at = Some(now);
    let app = self::app(&store, id)?;
    drop(store);
    sh.mark_dirty();
    Ok(app)
}

/// Records a sign-in of `user_id` to application `app_id` (its active users).
pub(crate) fn record_login(sh: &Shared, app_id: &str, user_id: &str) {
    let now = iso_ms(sh.clock.now_ms());
    let mut store = sh.store.write();
    if store.apps().get(app_id).is_none() {
        return;
    }
    let users = &mut store.app_admin_mut().entry(app_id).active_users;
    users.shift_remove(user_id);
    users.insert(user_id.to_string(), now);
    drop(store);
    sh.mark_dirty();
}
