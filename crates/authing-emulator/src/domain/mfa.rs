//! Multi-factor authentication: the login gate (1635 with an `mfaToken`), the second
//! factors that complete a login (TOTP, recovery code, SMS, email), TOTP binding by the
//! user and the management side (status, unbind, import).
//!
//! TOTP is RFC 6238 (HMAC-SHA-1, 6 digits, 30 s steps, base32 secret) by `totp-rs`,
//! checked against the emulator clock with one step of skew either way; a step, once
//! accepted, is refused afterwards. A recovery code works once. An `mfaToken` is an
//! opaque random string bound to one user, valid [`TICKET_TTL_MS`] and used once (a
//! completed login consumes it).
//!
//! Codes: 1635 MFA required; 6001 wrong TOTP (also a reused step); 6002 wrong recovery
//! code; 6003 / 6004 TOTP / recovery code missing; 2206 / 2207 expired / unknown
//! `mfaToken`; 2020 no bearer; 2219 nothing to unbind; 409 already bound.

use serde_json::{Value, json};
use totp_rs::{Algorithm, Secret, TOTP};

use super::login::{LoggedIn, complete_login};
use crate::clock::iso_ms;
use crate::crypto::{random_hex, secrets_equal};
use crate::domain::tokens::{self, Caller};
use crate::error::AuthingError;
use crate::shared::Shared;
use crate::store::codes::{Channel, Purpose};
use crate::store::mfa::{MfaTicket, TotpRecord};
use crate::store::users::UserRecord;

/// Lifetime of an `mfaToken`: 10 minutes (emulator clock).
pub(crate) const TICKET_TTL_MS: i64 = 10 * 60_000;
/// TOTP time step, seconds.
const STEP_SECS: u64 = 30;
/// Email scenes whose codes serve an email second factor.
const EMAIL_MFA_SCENES: &[&str] = &["MFA_VERIFY", "VERIFY_CODE"];

fn wrong_totp() -> AuthingError {
    AuthingError::new(6001, "TOTP 验证码错误 (wrong TOTP code)")
}

fn ticket_invalid() -> AuthingError {
    AuthingError::new(2207, "mfaToken 无效 (invalid mfaToken)")
}

/// The second factors a login of `user` needs (empty: none).
pub(crate) fn factors(sh: &Shared, user: &UserRecord) -> Vec<&'static str> {
    let store = sh.store.read();
    let mut f = Vec::new();
    if store.mfa().totp(&user.id).is_some() {
        f.push("OTP");
    }
    let s = store.settings().mfa;
    if s.sms {
        f.push("SMS");
    }
    if s.email {
        f.push("EMAIL");
    }
    f
}

/// The MFA gate of a password or code login: a user with a bound TOTP authenticator, or
/// any user when the pool turned SMS / email MFA on, gets 1635 with a new `mfaToken`
/// and what the second step needs in `data`.
pub(crate) fn gate(
    sh: &Shared,
    user: &UserRecord,
    client_ip: &Option<String>,
) -> Result<(), AuthingError> {
    let factors = factors(sh, user);
    if factors.is_empty() {
        return Ok(());
    }
    let token = random_hex(32);
    let now = sh.clock.now_ms();
    sh.store.write().mfa_mut().add_ticket(
        token.clone(),
        MfaTicket {
            user_id: user.id.clone(),
            expires_at_ms: now.saturating_add(TICKET_TTL_MS),
            client_ip: client_ip.clone(),
        },
        now,
    );
    let app_mfa: Vec<Value> = factors
        .iter()
        .filter(|f| **f != "OTP")
        .enumerate()
        .map(|(i, f)| json!({"mfaPolicy": f, "status": 1, "sort": i + 1}))
        .collect();
    let mut e = AuthingError::new(
        1635,
        "请进行多因素认证 (multi-factor authentication required)",
    );
    e.data = Some(json!({
        "mfaToken": token,
        "nickname": user.nickname,
        "username": user.username,
        "email": user.email,
        "phone": user.phone,
        "avatar": user.photo,
        "totpMfaEnabled": factors.contains(&"OTP"),
        "faceMfaEnabled": false,
        "applicationMfa": app_mfa,
    }));
    Err(e)
}

/// The user of a live `mfaToken` and the client IP of its first step.
fn ticket(sh: &Shared, mfa_token: &str) -> Result<MfaTicket, AuthingError> {
    let store = sh.store.read();
    let t = store
        .mfa()
        .ticket(mfa_token)
        .ok_or_else(ticket_invalid)?
        .clone();
    if t.expires_at_ms <= sh.clock.now_ms() {
        return Err(AuthingError::new(
            2206,
            "mfaToken 已过期，请重新登录 (the mfaToken has expired: log in again)",
        ));
    }
    Ok(t)
}

/// Consumes the ticket and completes its login (token, `loginsCount`, session).
fn finish(sh: &Shared, mfa_token: &str) -> Result<LoggedIn, AuthingError> {
    let t = sh
        .store
        .write()
        .mfa_mut()
        .remove_ticket(mfa_token)
        .ok_or_else(ticket_invalid)?;
    complete_login(sh, &t.user_id, t.client_ip, true)
}

/// Who calls an MFA endpoint: the bearer is an `mfaToken` (then `true`: the caller
/// has passed the first factor only) or a user token.
pub(crate) fn caller(sh: &Shared, bearer: Option<&str>) -> Result<(String, bool), AuthingError> {
    let bearer = bearer.ok_or_else(AuthingError::not_logged_in)?;
    if sh.store.read().mfa().ticket(bearer).is_some() {
        return ticket(sh, bearer).map(|t| (t.user_id, true));
    }
    match tokens::check(sh, bearer)?.0 {
        Caller::User(id) => Ok((id, false)),
        Caller::Admin => Err(AuthingError::no_permission()),
    }
}

/// The 6-digit code of `secret` (base32) at time step `step`; `None` for a bad secret.
fn code_at(secret: &str, step: u64) -> Option<String> {
    let bytes = Secret::Encoded(secret.to_string()).to_bytes().ok()?;
    if bytes.is_empty() {
        return None;
    }
    let totp = TOTP::new_unchecked(Algorithm::SHA1, 6, 0, STEP_SECS, bytes);
    Some(totp.generate(step.saturating_mul(STEP_SECS)))
}

/// The step `code` matches (the current one, or one either side), if it was not used.
fn matching_step(sh: &Shared, r: &TotpRecord, code: &str) -> Result<u64, AuthingError> {
    let code = code.trim();
    if code.is_empty() {
        return Err(AuthingError::new(
            6003,
            "请提供 TOTP 验证码 (TOTP code missing)",
        ));
    }
    let now = u64::try_from(sh.clock.now_secs()).unwrap_or(0) / STEP_SECS;
    let step = [now.saturating_sub(1), now, now.saturating_add(1)]
        .into_iter()
        .find(|s| code_at(&r.secret, *s).is_some_and(|c| secrets_equal(&c, code)))
        .ok_or_else(wrong_totp)?;
    if r.last_step.is_some_and(|last| step <= last) {
        return Err(AuthingError::new(
            6001,
            "TOTP 验证码已使用 (this TOTP code was already used)",
        ));
    }
    Ok(step)
}

/// Second factor: a TOTP code of the user's bound authenticator.
pub(crate) fn verify_totp(
    sh: &Shared,
    mfa_token: &str,
    code: &str,
) -> Result<LoggedIn, AuthingError> {
    let t = ticket(sh, mfa_token)?;
    {
        let mut store = sh.store.write();
        let r = store.mfa().totp(&t.user_id).ok_or_else(wrong_totp)?;
        let step = matching_step(sh, r, code)?;
        let now = iso_ms(sh.clock.now_ms());
        if let Some(r) = store.mfa_mut().totp_mut(&t.user_id) {
            r.last_step = Some(step);
            r.updated_at = now;
        }
    }
    finish(sh, mfa_token)
}

/// Second factor: the recovery code of the user's bound authenticator (works once).
pub(crate) fn verify_recovery(
    sh: &Shared,
    mfa_token: &str,
    code: &str,
) -> Result<LoggedIn, AuthingError> {
    let code = code.trim();
    if code.is_empty() {
        return Err(AuthingError::new(
            6004,
            "请提供恢复代码 (recovery code missing)",
        ));
    }
    let t = ticket(sh, mfa_token)?;
    {
        let mut store = sh.store.write();
        let wrong = || AuthingError::new(6002, "恢复代码错误 (wrong recovery code)");
        let r = store.mfa_mut().totp_mut(&t.user_id).ok_or_else(wrong)?;
        if !r
            .recovery_code
            .as_deref()
            .is_some_and(|rc| secrets_equal(rc, code))
        {
            return Err(wrong());
        }
        r.recovery_code = None;
    }
    finish(sh, mfa_token)
}

/// Which channel a code second factor uses.
#[derive(Clone, Copy)]
pub(crate) enum CodeFactor {
    Sms,
    Email,
}

/// Second factor: a code sent by SMS (`/api/v2/sms/send`) or email (`sendEmail`,
/// scene `MFA_VERIFY` or `VERIFY_CODE`) to the user's phone / email. A user without
/// one gives a bindable address, which the login binds (verified).
pub(crate) fn verify_code(
    sh: &Shared,
    mfa_token: &str,
    factor: CodeFactor,
    to: &str,
    code: &str,
) -> Result<LoggedIn, AuthingError> {
    let t = ticket(sh, mfa_token)?;
    let on = {
        let s = sh.store.read().settings().mfa;
        match factor {
            CodeFactor::Sms => s.sms,
            CodeFactor::Email => s.email,
        }
    };
    if !on {
        return Err(AuthingError::bad_request(
            "此 MFA 方式未开启 (this MFA factor is not enabled)",
        ));
    }
    let to = match factor {
        CodeFactor::Sms => to.trim().to_string(),
        CodeFactor::Email => super::check_email(to)?,
    };
    if to.is_empty() {
        return Err(AuthingError::new(
            2231,
            "参数不完整 (incomplete parameters)",
        ));
    }
    let user = sh
        .store
        .read()
        .users()
        .get(&t.user_id)
        .cloned()
        .ok_or_else(AuthingError::user_not_found)?;
    let own = match factor {
        CodeFactor::Sms => user.phone.as_deref(),
        CodeFactor::Email => user.email.as_deref(),
    };
    match own {
        Some(own) if own.eq_ignore_ascii_case(&to) => {}
        Some(_) => {
            return Err(AuthingError::bad_request(
                "与账号绑定的手机号或邮箱不一致 (not the account's phone or email)",
            ));
        }
        None if !bindable_for(sh, &user.id, factor, &to) => {
            return Err(match factor {
                CodeFactor::Sms => AuthingError::new(2035, "手机号已被绑定 (phone already bound)"),
                CodeFactor::Email => AuthingError::new(2200, "邮箱已被绑定 (email already bound)"),
            });
        }
        None => {}
    }
    let purpose = match factor {
        CodeFactor::Sms => super::codes::SMS,
        CodeFactor::Email => Purpose {
            channel: Channel::Email,
            scenes: EMAIL_MFA_SCENES,
        },
    };
    super::codes::consume(sh, &to, purpose, code)?;
    if own.is_none() {
        sh.store
            .write()
            .users_mut()
            .update(&user.id, |u| match factor {
                CodeFactor::Sms => {
                    u.phone = Some(to.clone());
                    u.phone_verified = Some(true);
                }
                CodeFactor::Email => {
                    u.email = Some(to.clone());
                    u.email_verified = Some(true);
                }
            })?;
    }
    finish(sh, mfa_token)
}

fn bindable_for(sh: &Shared, user_id: &str, factor: CodeFactor, to: &str) -> bool {
    let store = sh.store.read();
    let other = match factor {
        CodeFactor::Sms => store.users().by_phone(to),
        CodeFactor::Email => store.users().by_email(to),
    };
    other.is_none_or(|u| u.id == user_id)
}

/// `applications/mfa/check`: whether the phone and the email (those given) may be
/// bound to the ticket's user (no other user has them).
pub(crate) fn bindable(
    sh: &Shared,
    mfa_token: &str,
    phone: Option<&str>,
    email: Option<&str>,
) -> Result<bool, AuthingError> {
    let t = ticket(sh, mfa_token)?;
    let phone = phone.map(str::trim).filter(|p| !p.is_empty());
    let email = match email.map(str::trim).filter(|e| !e.is_empty()) {
        Some(e) => Some(super::check_email(e)?),
        None => None,
    };
    if phone.is_none() && email.is_none() {
        return Err(AuthingError::new(
            2231,
            "参数不完整 (incomplete parameters)",
        ));
    }
    Ok(
        phone.is_none_or(|p| bindable_for(sh, &t.user_id, CodeFactor::Sms, p))
            && email.is_none_or(|e| bindable_for(sh, &t.user_id, CodeFactor::Email, &e)),
    )
}

fn new_secret() -> String {
    use rand::RngCore;
    let mut buf = [0u8; 20];
    rand::thread_rng().fill_bytes(&mut buf);
    base32_encode(&buf)
}

fn base32_encode(bytes: &[u8]) -> String {
    match Secret::Raw(bytes.to_vec()).to_encoded() {
        Secret::Encoded(s) => s,
        Secret::Raw(_) => String::new(),
    }
}

fn new_recovery_code() -> String {
    let h = random_hex(8);
    format!("{}-{}-{}-{}", &h[..4], &h[4..8], &h[8..12], &h[12..])
}

fn record(sh: &Shared, user_id: &str, secret: String, recovery: String) -> TotpRecord {
    let now = iso_ms(sh.clock.now_ms());
    TotpRecord {
        id: random_hex(12),
        user_id: user_id.to_string(),
        secret,
        recovery_code: Some(recovery),
        last_step: None,
        created_at: now.clone(),
        updated_at: now,
    }
}

/// The user's bound authenticators of `kind` (`totp`).
pub(crate) fn authenticators(sh: &Shared, user_id: &str, kind: &str) -> Vec<TotpRecord> {
    if !kind.eq_ignore_ascii_case("totp") {
        return Vec::new();
    }
    sh.store
        .read()
        .mfa()
        .totp(user_id)
        .cloned()
        .into_iter()
        .collect()
}

/// Starts binding a TOTP authenticator: a new secret and recovery code, kept until
/// [`confirm`] (an already bound authenticator → 409).
pub(crate) fn associate(sh: &Shared, user_id: &str) -> Result<TotpRecord, AuthingError> {
    let r = record(sh, user_id, new_secret(), new_recovery_code());
    let mut store = sh.store.write();
    if store.users().get(user_id).is_none() {
        return Err(AuthingError::user_not_found());
    }
    if store.mfa().totp(user_id).is_some() {
        return Err(AuthingError::exists(
            "已绑定 TOTP，请先解绑 (a TOTP authenticator is already bound)",
        ));
    }
    store.mfa_mut().set_pending(r.clone());
    Ok(r)
}

/// Confirms the associated authenticator with its current code: it is bound.
pub(crate) fn confirm(sh: &Shared, user_id: &str, code: &str) -> Result<(), AuthingError> {
    let mut store = sh.store.write();
    let mut r = store.mfa().pending(user_id).cloned().ok_or_else(|| {
        AuthingError::bad_request("请先绑定 TOTP (associate an authenticator first)")
    })?;
    r.last_step = Some(matching_step(sh, &r, code)?);
    store.mfa_mut().bind(r);
    Ok(())
}

/// Unbinds the user's TOTP authenticator (none → 2219).
pub(crate) fn unbind(sh: &Shared, user_id: &str) -> Result<(), AuthingError> {
    let mut store = sh.store.write();
    if store.users().get(user_id).is_none() {
        return Err(AuthingError::user_not_found());
    }
    store
        .mfa_mut()
        .unbind(user_id)
        .map(|_| ())
        .ok_or_else(|| AuthingError::new(2219, "未绑定 TOTP (no TOTP authenticator bound)"))
}

/// Management: whether the user has a TOTP (`OTP`) / face (`FACE`) factor bound.
pub(crate) fn status(sh: &Shared, user_id: &str) -> Result<(bool, bool), AuthingError> {
    let store = sh.store.read();
    if store.users().get(user_id).is_none() {
        return Err(AuthingError::user_not_found());
    }
    Ok((store.mfa().totp(user_id).is_some(), false))
}

/// Management: imports a TOTP secret (base32) for a user, with a recovery code (a new
/// one when none is given); replaces a bound authenticator.
pub(crate) fn import(
    sh: &Shared,
    user_id: &str,
    secret: &str,
    recovery: Option<&str>,
) -> Result<TotpRecord, AuthingError> {
    let secret = secret.trim().to_ascii_uppercase().replace([' ', '='], "");
    if code_at(&secret, 0).is_none() {
        return Err(AuthingError::bad_request(
            "secret 不是合法的 base32 (secret must be base32)",
        ));
    }
    let recovery = recovery
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map_or_else(new_recovery_code, str::to_string);
    let r = record(sh, user_id, secret, recovery);
    let mut store = sh.store.write();
    if store.users().get(user_id).is_none() {
        return Err(AuthingError::user_not_found());
    }
    store.mfa_mut().bind(r.clone());
    Ok(r)
}
