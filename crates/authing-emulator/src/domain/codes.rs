//! Verification codes: sending (into the outbox) and consuming.

use crate::clock::iso_ms;
use crate::crypto::random_digits;
use crate::error::AuthingError;
use crate::shared::{CODE_TTL_MS, Shared};
use crate::store::codes::{Channel, OutboxMessage, normalize_recipient};

/// Records a sent code in the outbox and logs it; returns the code.
pub(crate) fn send(sh: &Shared, channel: Channel, to: &str, scene: Option<String>) -> String {
    let code = random_digits(6);
    let now = sh.clock.now_ms();
    let to = normalize_recipient(to);
    tracing::info!(
        target: "authing_emulator::outbox",
        channel = ?channel,
        to = %to,
        code = %code,
        "verification code sent"
    );
    sh.store.write().outbox_mut().push(OutboxMessage {
        channel,
        to,
        code: code.clone(),
        scene,
        sent_at: iso_ms(now),
        expires_at_ms: now + CODE_TTL_MS,
        consumed: false,
    });
    code
}

/// Sends an SMS code to a (non-empty) phone number.
pub(crate) fn send_sms(sh: &Shared, phone: &str) -> Result<(), AuthingError> {
    let phone = phone.trim();
    if phone.is_empty() {
        return Err(AuthingError::new(2231, "请提供手机号 (phone required)"));
    }
    send(sh, Channel::Sms, phone, None);
    Ok(())
}

/// Sends an email code for a scene (`RESET_PASSWORD`, ...).
pub(crate) fn send_email(sh: &Shared, email: &str, scene: &str) -> Result<(), AuthingError> {
    let email = super::check_email(email)?;
    send(sh, Channel::Email, &email, Some(scene.into()));
    Ok(())
}

/// Checks and consumes a code sent to `to`. Wrong → 2001, expired → 2300.
pub(crate) fn consume(sh: &Shared, to: &str, code: &str) -> Result<(), AuthingError> {
    sh.store
        .write()
        .outbox_mut()
        .consume(to, code, sh.clock.now_ms())
}
