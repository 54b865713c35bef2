//! Account flows: password resets demanded at login (first login 1639, forced 2058),
//! sub-account and LDAP / AD logins, linking and unlinking accounts, and the security
//! level of an account.

use serde_json::json;

use super::decrypt;
use super::login::{LoggedIn, check_password, complete_login, find_by_account};
use super::registration::{insert_new_user, new_user};
use super::tokens::{self, Caller};
use crate::crypto::{hash_password, random_hex, verify_password};
use crate::error::AuthingError;
use crate::shared::Shared;
use crate::store::Store;
use crate::store::accounts::{DirectoryEntry, DirectoryKind, ResetKind, ResetTicket};
use crate::store::users::{Identity, UserRecord};

/// How long a reset token handed out at a refused login is valid: 1 hour.
const RESET_TOKEN_TTL_MS: i64 = 3_600_000;

/// The official SDKs' password level: 3 for 12+ characters with lower, upper and
/// digit; 2 for 8+ with a letter and a digit; else 1.
pub(crate) fn password_level(clear: &str) -> u8 {
    let len = clear.chars().count();
    let lower = clear.chars().any(|c| c.is_ascii_lowercase());
    let upper = clear.chars().any(|c| c.is_ascii_uppercase());
    let digit = clear.chars().any(|c| c.is_ascii_digit());
    if len >= 12 && lower && upper && digit {
        3
    } else if len >= 8 && (lower || upper) && digit {
        2
    } else {
        1
    }
}

fn bad_reset_token() -> AuthingError {
    AuthingError::new(
        2207,
        "重置密码凭证无效或已过期 (reset token invalid or expired)",
    )
}

/// Marks a user to reset the password at the next password login.
pub(crate) fn require_reset(
    sh: &Shared,
    user_id: &str,
    kind: ResetKind,
) -> Result<(), AuthingError> {
    let mut store = sh.store.write();
    store
        .users()
        .get(user_id)
        .ok_or_else(AuthingError::user_not_found)?;
    store.accounts_mut().require_reset(user_id, kind);
    Ok(())
}

/// The step after a correct password, before the token: notes the password's level
/// and refuses the login of a user who must reset the password first (1639 or 2058
/// with a one-time reset token in `data.token`).
pub(crate) fn after_password_check(
    sh: &Shared,
    user: &UserRecord,
    clear: &str,
) -> Result<(), AuthingError> {
    let now = sh.clock.now_ms();
    let mut store = sh.store.write();
    let accounts = store.accounts_mut();
    accounts.set_password_level(&user.id, password_level(clear));
    let Some(kind) = accounts.pending(&user.id) else {
        return Ok(());
    };
    let token = random_hex(24);
    accounts.add_ticket(
        token.clone(),
        ResetTicket {
            user_id: user.id.clone(),
            kind,
            expires_ms: now + RESET_TOKEN_TTL_MS,
        },
    );
    let mut e = match kind {
        ResetKind::FirstLogin => AuthingError::new(
            1639,
            "首次登录请重置密码 (reset the password at the first login)",
        ),
        ResetKind::Forced => AuthingError::new(
            2058,
            "密码需要重置，请修改密码 (the password must be changed)",
        ),
    };
    e.data = Some(json!({ "token": token }));
    Err(e)
}

/// The user of a valid, unexpired reset token of `kind`.
fn ticket_user(sh: &Shared, token: &str, kind: ResetKind) -> Result<String, AuthingError> {
    let now = sh.clock.now_ms();
    let store = sh.store.read();
    let t = store
        .accounts()
        .ticket(token)
        .filter(|t| t.kind == kind && t.expires_ms > now)
        .ok_or_else(bad_reset_token)?;
    Ok(t.user_id.clone())
}

/// Sets the new password of the reset token's user, ends the reset (every ticket of
/// the user) and revokes the user's tokens.
fn finish_reset(
    sh: &Shared,
    token: &str,
    kind: ResetKind,
    user_id: &str,
    clear: &str,
) -> Result<(), AuthingError> {
    let hash = hash_password(clear);
    let now = sh.clock.now_ms();
    let mut store = sh.store.write();
    // the ticket may have been used meanwhile (check and write under one lock)
    let still = store
        .accounts()
        .ticket(token)
        .is_some_and(|t| t.kind == kind && t.user_id == user_id && t.expires_ms > now);
    if !still {
        return Err(bad_reset_token());
    }
    store.users_mut().update(user_id, |u| {
        u.password_hash = Some(hash);
        u.updated_ms = now;
        u.updated_at = Some(crate::clock::iso_ms(now));
    })?;
    let accounts = store.accounts_mut();
    accounts.complete_reset(user_id);
    accounts.set_password_level(user_id, password_level(clear));
    tokens::revoke_user_tokens(&mut store, user_id)
}

fn new_clear(sh: &Shared, enc: &str) -> Result<String, AuthingError> {
    let clear = decrypt(sh, enc)?;
    if !super::password_is_valid(&clear) {
        return Err(AuthingError::new(2032, "密码不能为空 (password required)"));
    }
    Ok(clear)
}

/// `resetPasswordByFirstLoginToken`: sets the password with a first-login reset token.
pub(crate) fn reset_by_first_login_token(
    sh: &Shared,
    token: &str,
    password: &str,
) -> Result<(), AuthingError> {
    let clear = new_clear(sh, password)?;
    let user_id = ticket_user(sh, token, ResetKind::FirstLogin)?;
    finish_reset(sh, token, ResetKind::FirstLogin, &user_id, &clear)
}

/// `resetPasswordByForceResetToken`: changes the password with a forced-reset token;
/// the old password must match (2203 otherwise).
pub(crate) fn reset_by_force_reset_token(
    sh: &Shared,
    token: &str,
    old_password: &str,
    new_password: &str,
) -> Result<(), AuthingError> {
    let old = decrypt(sh, old_password)?;
    let clear = new_clear(sh, new_password)?;
    let user_id = ticket_user(sh, token, ResetKind::Forced)?;
    let hash = sh
        .store
        .read()
        .users()
        .get(&user_id)
        .and_then(|u| u.password_hash.clone())
        .ok_or_else(AuthingError::user_not_found)?;
    if !verify_password(&old, &hash) {
        return Err(AuthingError::new(
            2203,
            "原始密码错误 (original password wrong)",
        ));
    }
    finish_reset(sh, token, ResetKind::Forced, &user_id, &clear)
}

/// `loginBySubAccount`: the account (username, email or phone, as the hosted login
/// page's account field) and its password.
pub(crate) fn by_sub_account(
    sh: &Shared,
    account: &str,
    password: &str,
    client_ip: Option<String>,
) -> Result<LoggedIn, AuthingError> {
    let clear = decrypt(sh, password)?;
    let user = find_by_account(sh, account).ok_or_else(AuthingError::user_not_found)?;
    check_password(&user, &clear)?;
    after_password_check(sh, &user, &clear)?;
    complete_login(sh, &user.id, client_ip, true)
}

/// A directory account to add (emulator control).
pub(crate) struct NewDirectoryEntry {
    pub kind: DirectoryKind,
    pub username: String,
    pub password: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub nickname: Option<String>,
}

/// Adds or replaces an account of an emulated LDAP / AD directory.
pub(crate) fn put_directory_entry(sh: &Shared, e: NewDirectoryEntry) -> Result<(), AuthingError> {
    let username = e.username.trim().to_string();
    if username.is_empty() || e.password.is_empty() {
        return Err(AuthingError::bad_request(
            "username and password are required",
        ));
    }
    let email = match e.email.filter(|m| !m.trim().is_empty()) {
        Some(m) => Some(super::check_email(&m)?),
        None => None,
    };
    let entry = DirectoryEntry {
        username,
        password_hash: hash_password(&e.password),
        email,
        phone: e.phone.filter(|p| !p.trim().is_empty()),
        nickname: e.nickname,
    };
    sh.store
        .write()
        .accounts_mut()
        .put_directory_entry(e.kind, entry);
    Ok(())
}

fn directory_user(store: &Store, kind: DirectoryKind, username: &str) -> Option<String> {
    store
        .users()
        .iter()
        .find(|u| {
            u.identities_list.iter().any(|i| {
                i.provider.as_deref() == Some(kind.provider())
                    && i.user_id_in_idp.as_deref() == Some(username)
            })
        })
        .map(|u| u.id.clone())
}

/// LDAP / AD login: checks the password against the directory (2333 for an unknown
/// account or a wrong password), finds the pool user linked to the directory account
/// or creates it (username, email and phone copied when not taken), and logs in.
pub(crate) fn directory_login(
    sh: &Shared,
    kind: DirectoryKind,
    username: &str,
    password: &str,
    client_ip: Option<String>,
) -> Result<LoggedIn, AuthingError> {
    let entry = sh
        .store
        .read()
        .accounts()
        .directory_entry(kind, username.trim())
        .cloned()
        .ok_or_else(AuthingError::wrong_password)?;
    if !verify_password(password, &entry.password_hash) {
        return Err(AuthingError::wrong_password());
    }
    let existing = directory_user(&sh.store.read(), kind, &entry.username);
    let id = match existing {
        Some(id) => id,
        None => {
            let mut u = new_user(sh, kind.provider());
            {
                let store = sh.store.read();
                let users = store.users();
                if users.by_username(&entry.username).is_none() {
                    u.username = Some(entry.username.clone());
                }
                if let Some(m) = entry.email.as_ref().filter(|m| users.by_email(m).is_none()) {
                    u.email = Some(m.clone());
                    u.email_verified = Some(true);
                }
                if let Some(p) = entry.phone.as_ref().filter(|p| users.by_phone(p).is_none()) {
                    u.phone = Some(p.clone());
                }
            }
            u.nickname = entry.nickname.clone();
            u.identities_list.push(Identity {
                provider: Some(kind.provider().to_string()),
                user_id_in_idp: Some(entry.username.clone()),
                user_id: Some(u.id.clone()),
                is_social: Some(false),
                user_pool_id: Some(sh.ids.user_pool_id.clone()),
                r#type: Some("generic".into()),
                ..Default::default()
            });
            match insert_new_user(sh, u, None, Vec::new()) {
                Ok(u) => u.id,
                // created by a concurrent login meanwhile
                Err(_) => directory_user(&sh.store.read(), kind, &entry.username)
                    .ok_or_else(AuthingError::user_exists)?,
            }
        }
    };
    let blocked = sh
        .store
        .read()
        .users()
        .get(&id)
        .is_some_and(|u| u.blocked == Some(true));
    if blocked {
        return Err(AuthingError::new(2005, "用户已被锁定 (user is blocked)"));
    }
    complete_login(sh, &id, client_ip, true)
}

/// The user of a user token given in a request body (2207 for a management token).
fn token_user(sh: &Shared, token: &str) -> Result<String, AuthingError> {
    match tokens::check(sh, token)?.0 {
        Caller::User(id) => Ok(id),
        Caller::Admin => Err(AuthingError::token_invalid()),
    }
}

/// `POST /api/v2/users/link`: moves the secondary account's external identities to
/// the primary account and deletes the secondary account.
pub(crate) fn link(
    sh: &Shared,
    primary_token: &str,
    secondary_token: &str,
) -> Result<(), AuthingError> {
    let primary = token_user(sh, primary_token)?;
    let secondary = token_user(sh, secondary_token)?;
    if primary == secondary {
        return Err(AuthingError::new(
            2213,
            "不能绑定同一个账号 (cannot link an account with itself)",
        ));
    }
    let now = sh.clock.now_ms();
    let mut store = sh.store.write();
    let moved: Vec<Identity> = store
        .users()
        .get(&secondary)
        .ok_or_else(AuthingError::token_invalid)?
        .identities_list
        .clone();
    store
        .users()
        .get(&primary)
        .ok_or_else(AuthingError::token_invalid)?;
    store.remove_user(&secondary);
    store.users_mut().update(&primary, |u| {
        for mut i in moved {
            i.user_id = Some(u.id.clone());
            u.identities_list.push(i);
        }
        u.updated_ms = now;
        u.updated_at = Some(crate::clock::iso_ms(now));
    })?;
    Ok(())
}

/// `POST /api/v2/users/unlink`: removes the identities of `provider` from the token's
/// user (2219 when there is none).
pub(crate) fn unlink(sh: &Shared, primary_token: &str, provider: &str) -> Result<(), AuthingError> {
    let id = token_user(sh, primary_token)?;
    let now = sh.clock.now_ms();
    let mut store = sh.store.write();
    let has = store
        .users()
        .get(&id)
        .ok_or_else(AuthingError::token_invalid)?
        .identities_list
        .iter()
        .any(|i| i.provider.as_deref() == Some(provider));
    if !has {
        return Err(AuthingError::new(
            2219,
            "没有可以解绑的身份 (no identity of this provider to unlink)",
        ));
    }
    store.users_mut().update(&id, |u| {
        u.identities_list
            .retain(|i| i.provider.as_deref() != Some(provider));
        u.updated_ms = now;
        u.updated_at = Some(crate::clock::iso_ms(now));
    })?;
    Ok(())
}

/// The security level of an account.
pub(crate) struct SecurityLevel {
    pub score: i32,
    pub email: bool,
    pub phone: bool,
    pub password: bool,
    pub password_security_level: Option<u8>,
    pub mfa: bool,
}

/// Score (0–100): a password 20, plus 10 per level above low (level known from the
/// last password login or reset); an email 20; a phone 20; MFA 20 (not emulated).
pub(crate) fn security_level(store: &Store, user_id: &str) -> Result<SecurityLevel, AuthingError> {
    let u = store
        .users()
        .get(user_id)
        .ok_or_else(AuthingError::user_not_found)?;
    let password = u.password_hash.is_some();
    let level = if password {
        store.accounts().password_level(user_id)
    } else {
        None
    };
    let email = u.email.is_some();
    let phone = u.phone.is_some();
    let mut score = 0;
    if password {
        score += 20 + 10 * (i32::from(level.unwrap_or(1)) - 1);
    }
    if email {
        score += 20;
    }
    if phone {
        score += 20;
    }
    Ok(SecurityLevel {
        score,
        email,
        phone,
        password,
        password_security_level: level,
        mfa: false,
    })
}
