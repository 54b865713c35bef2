//! Verification codes: sending (into the outbox) and consuming.
//!
//! A code is bound to its channel and purpose: SMS codes share one purpose (Authing's SMS
//! API has no scene); an email code serves the consumers of its scene (see the
//! `*_SCENES` lists; `VERIFY_CODE` is the general-purpose scene). A new send to the
//! same recipient and purpose replaces older codes; five wrong tries burn the current
//! code; a recipient gets at most one code per `codeResendInterval` (pool setting,
//! default 60 s, emulator clock), else 2100.

use crate::crypto::random_digits;
use crate::error::AuthingError;
use crate::shared::{CODE_TTL_MS, Shared};
use crate::store::codes::{Channel, Purpose, Timing, normalize_recipient};

/// Email scenes whose codes reset a password.
pub(crate) const RESET_SCENES: &[&str] = &["RESET_PASSWORD", "VERIFY_CODE"];
/// Email scenes whose codes bind an email.
pub(crate) const BIND_SCENES: &[&str] = &["VERIFY_EMAIL", "VERIFY_CODE", "CHANGE_EMAIL"];
/// Email scenes whose codes change an email (new and old address).
pub(crate) const CHANGE_SCENES: &[&str] = &["CHANGE_EMAIL", "VERIFY_CODE", "VERIFY_EMAIL"];

/// The purpose of an SMS code.
pub(crate) const SMS: Purpose<'static> = Purpose {
    channel: Channel::Sms,
    scenes: &[],
};

/// The purpose of an email code for one of `scenes`.
pub(crate) const fn email(scenes: &'static [&'static str]) -> Purpose<'static> {
    Purpose {
        channel: Channel::Email,
        scenes,
    }
}

/// Records a sent code in the outbox and logs it; returns the code.
pub(crate) fn send(
    sh: &Shared,
    channel: Channel,
    to: &str,
    scene: Option<String>,
) -> Result<String, AuthingError> {
    let code = random_digits(6);
    let now = sh.clock.now_ms();
    let to = normalize_recipient(to);
    let mut store = sh.store.write();
    let timing = Timing {
        ttl_ms: CODE_TTL_MS,
        interval_ms: store.settings().code_resend_interval_ms(),
    };
    store
        .outbox_mut()
        .send(channel, to.clone(), scene, code.clone(), now, timing)?;
    drop(store);
    tracing::info!(
        target: "authing_emulator::outbox",
        channel = ?channel,
        to = %to,
        code = %code,
        "verification code sent"
    );
    Ok(code)
}

/// Sends an SMS code to a (non-empty) phone number.
pub(crate) fn send_sms(sh: &Shared, phone: &str) -> Result<(), AuthingError> {
    let phone = phone.trim();
    if phone.is_empty() {
        return Err(AuthingError::new(2231, "请提供手机号 (phone required)"));
    }
    send(sh, Channel::Sms, phone, None)?;
    Ok(())
}

/// Sends an email code for a scene (`RESET_PASSWORD`, ...).
pub(crate) fn send_email(sh: &Shared, email: &str, scene: &str) -> Result<(), AuthingError> {
    let email = super::check_email(email)?;
    send(sh, Channel::Email, &email, Some(scene.into()))?;
    Ok(())
}

/// Checks and consumes a code sent to `to` for `purpose`. Wrong → 2001, expired → 2300.
pub(crate) fn consume(
    sh: &Shared,
    to: &str,
    purpose: Purpose<'_>,
    code: &str,
) -> Result<(), AuthingError> {
    sh.store
        .write()
        .outbox_mut()
        .consume(to, purpose, code, sh.clock.now_ms())
}
