//! Self-service account changes: password, binding and changing phone and email, and
//! password reset by code.

use super::codes::{BIND_SCENES, CHANGE_SCENES, RESET_SCENES, SMS, consume, email as by_email};
use super::users::modify;
use super::{check_email, decrypt};
use crate::crypto::{hash_password, verify_password};
use crate::error::AuthingError;
use crate::shared::Shared;
use crate::store::users::UserRecord;

fn me(sh: &Shared, id: &str) -> Result<UserRecord, AuthingError> {
    sh.store
        .read()
        .users()
        .get(id)
        .cloned()
        .ok_or_else(AuthingError::token_invalid)
}

fn phone_taken() -> AuthingError {
    AuthingError::new(2035, "手机号已被绑定 (phone already bound)")
}

fn email_taken() -> AuthingError {
    AuthingError::new(2200, "邮箱已被绑定 (email already bound)")
}

fn has_other_login_method(u: &UserRecord, without: &str) -> bool {
    let pw = u.password_hash.is_some();
    let username = u.username.is_some() && pw;
    let email = without != "email" && u.email.is_some();
    let phone = without != "phone" && u.phone.is_some();
    let social = u.unionid.is_some() || u.openid.is_some() || !u.identities_list.is_empty();
    username || email || phone || social
}

/// Changes the password (the old one is required when one is set) and ends the user's
/// other sessions; the caller's session `session` continues.
pub(crate) fn update_password(
    sh: &Shared,
    id: &str,
    session: &str,
    new_password: &str,
    old_password: Option<String>,
) -> Result<UserRecord, AuthingError> {
    let user = me(sh, id)?;
    let new_clear = decrypt(sh, new_password)?;
    if new_clear.is_empty() {
        return Err(AuthingError::new(2032, "密码不能为空 (password required)"));
    }
    if let Some(h) = &user.password_hash {
        let old = old_password.filter(|p| !p.is_empty()).ok_or_else(|| {
            AuthingError::new(2201, "请输入原始密码 (original password required)")
        })?;
        let old_clear = decrypt(sh, &old)?;
        if !verify_password(&old_clear, h) {
            return Err(AuthingError::new(
                2203,
                "原始密码错误 (original password wrong)",
            ));
        }
    }
    let hash = hash_password(&new_clear);
    let user = modify(sh, id, |u| u.password_hash = Some(hash))?;
    super::tokens::revoke_other_sessions(&mut sh.store.write(), id, session)?;
    Ok(user)
}

/// Resets a password with an SMS or email code.
pub(crate) fn reset_password(
    sh: &Shared,
    phone: Option<String>,
    email: Option<String>,
    code: &str,
    new_password: &str,
) -> Result<(), AuthingError> {
    // the argument used decides the channel: an SMS code never resets via `email`
    let (to, is_email) = match (
        phone.filter(|p| !p.trim().is_empty()),
        email.filter(|e| !e.trim().is_empty()),
    ) {
        (Some(p), _) => (p, false),
        (None, Some(e)) => (e, true),
        (None, None) => {
            return Err(AuthingError::new(
                2231,
                "需要手机号或邮箱 (phone or email required)",
            ));
        }
    };
    let clear = decrypt(sh, new_password)?;
    let user_id = {
        let store = sh.store.read();
        let users = store.users();
        let u = if is_email {
            users.by_email(&to)
        } else {
            users.by_phone(&to)
        };
        u.map(|u| u.id.clone())
            .ok_or_else(AuthingError::user_not_found)?
    };
    let purpose = if is_email {
        by_email(RESET_SCENES)
    } else {
        SMS
    };
    consume(sh, &to, purpose, code)?;
    let hash = hash_password(&clear);
    modify(sh, &user_id, |u| u.password_hash = Some(hash))?;
    Ok(())
}

/// Binds a phone (none bound yet) after checking its SMS code.
pub(crate) fn bind_phone(
    sh: &Shared,
    id: &str,
    phone: &str,
    code: &str,
    phone_country_code: Option<String>,
) -> Result<UserRecord, AuthingError> {
    let user = me(sh, id)?;
    if user.phone.is_some() {
        return Err(AuthingError::new(
            2035,
            "用户已绑定手机号 (a phone is already bound)",
        ));
    }
    let phone = phone.trim().to_string();
    if sh.store.read().users().by_phone(&phone).is_some() {
        return Err(phone_taken());
    }
    consume(sh, &phone, SMS, code)?;
    modify(sh, id, |u| {
        u.phone = Some(phone);
        u.phone_verified = Some(true);
        if phone_country_code.is_some() {
            u.phone_country_code = phone_country_code;
        }
    })
}

/// Binds an email (none bound yet) after checking its email code.
pub(crate) fn bind_email(
    sh: &Shared,
    id: &str,
    email: &str,
    code: &str,
) -> Result<UserRecord, AuthingError> {
    let user = me(sh, id)?;
    if user.email.is_some() {
        return Err(AuthingError::new(
            2200,
            "用户已绑定邮箱 (an email is already bound)",
        ));
    }
    let email = check_email(email)?;
    if sh.store.read().users().by_email(&email).is_some() {
        return Err(email_taken());
    }
    consume(sh, &email, by_email(BIND_SCENES), code)?;
    modify(sh, id, |u| {
        u.email = Some(email);
        u.email_verified = Some(true);
    })
}

/// Unbinds the phone (needs another login method).
pub(crate) fn unbind_phone(sh: &Shared, id: &str) -> Result<UserRecord, AuthingError> {
    let user = me(sh, id)?;
    if user.phone.is_none() {
        return Err(AuthingError::new(2219, "用户未绑定手机号 (no phone bound)"));
    }
    if !has_other_login_method(&user, "phone") {
        return Err(only_method());
    }
    modify(sh, id, |u| {
        u.phone = None;
        u.phone_verified = Some(false);
    })
}

/// Unbinds the email (needs another login method).
pub(crate) fn unbind_email(sh: &Shared, id: &str) -> Result<UserRecord, AuthingError> {
    let user = me(sh, id)?;
    if user.email.is_none() {
        return Err(AuthingError::new(2219, "用户未绑定邮箱 (no email bound)"));
    }
    if !has_other_login_method(&user, "email") {
        return Err(only_method());
    }
    modify(sh, id, |u| {
        u.email = None;
        u.email_verified = Some(false);
    })
}

fn only_method() -> AuthingError {
    AuthingError::new(
        2217,
        "这是唯一的登录方式，不能解绑 (the only login method cannot be unbound)",
    )
}

/// A change of phone or email: the new value and its code, the old value and its code
/// (checked when given or when the pool requires it).
pub(crate) struct Change {
    pub new: String,
    pub code: String,
    pub old: Option<String>,
    pub old_code: Option<String>,
}

/// Changes the phone.
pub(crate) fn update_phone(
    sh: &Shared,
    id: &str,
    c: Change,
    phone_country_code: Option<String>,
) -> Result<UserRecord, AuthingError> {
    let user = me(sh, id)?;
    let phone = c.new.trim().to_string();
    if user.phone.as_deref() == Some(phone.as_str()) {
        return Err(AuthingError::new(
            2230,
            "新手机号与旧手机号相同 (new phone equals the old one)",
        ));
    }
    if sh.store.read().users().by_phone(&phone).is_some() {
        return Err(phone_taken());
    }
    let verify_old = sh.store.read().settings().verify_old_phone || c.old.is_some();
    if verify_old {
        let old = c
            .old
            .ok_or_else(|| AuthingError::new(2231, "需要旧手机号 (oldPhone required)"))?;
        if user.phone.as_deref() != Some(old.trim()) {
            return Err(AuthingError::new(
                2038,
                "旧手机号不匹配 (old phone does not match)",
            ));
        }
        let code = c
            .old_code
            .ok_or_else(|| AuthingError::new(2231, "需要旧手机号验证码 (oldPhoneCode required)"))?;
        consume(sh, &old, SMS, &code)?;
    }
    consume(sh, &phone, SMS, &c.code)?;
    modify(sh, id, |u| {
        u.phone = Some(phone);
        u.phone_verified = Some(true);
        if phone_country_code.is_some() {
            u.phone_country_code = phone_country_code;
        }
    })
}

/// Changes the email.
pub(crate) fn update_email(sh: &Shared, id: &str, c: Change) -> Result<UserRecord, AuthingError> {
    let user = me(sh, id)?;
    let email = check_email(&c.new)?;
    if user.email.as_deref() == Some(email.as_str()) {
        return Err(AuthingError::new(
            2229,
            "新邮箱与旧邮箱相同 (new email equals the old one)",
        ));
    }
    if sh.store.read().users().by_email(&email).is_some() {
        return Err(email_taken());
    }
    let verify_old = sh.store.read().settings().verify_old_email || c.old.is_some();
    if verify_old {
        let old = c
            .old
            .ok_or_else(|| AuthingError::new(2231, "需要旧邮箱 (oldEmail required)"))?;
        if user.email.as_deref() != Some(old.trim().to_lowercase().as_str()) {
            return Err(AuthingError::new(
                2037,
                "旧邮箱不匹配 (old email does not match)",
            ));
        }
        let code = c
            .old_code
            .ok_or_else(|| AuthingError::new(2231, "需要旧邮箱验证码 (oldEmailCode required)"))?;
        consume(sh, &old, by_email(CHANGE_SCENES), &code)?;
    }
    consume(sh, &email, by_email(CHANGE_SCENES), &c.code)?;
    modify(sh, id, |u| {
        u.email = Some(email);
        u.email_verified = Some(true);
    })
}
