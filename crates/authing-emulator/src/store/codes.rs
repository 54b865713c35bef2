//! The outbox of verification codes the emulator "sent".

use serde::{Deserialize, Serialize};

use crate::error::AuthingError;

/// Channel of a sent verification code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// Text message (`POST /api/v2/sms/send`).
    Sms,
    /// Email (`sendEmail`).
    Email,
}

/// A verification code the emulator "sent" (kept in the outbox instead).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OutboxMessage {
    /// SMS or email.
    pub channel: Channel,
    /// Phone number or (lower-case) email address.
    pub to: String,
    /// The code.
    pub code: String,
    /// Email scene (`RESET_PASSWORD`, ...) or `null` for SMS.
    pub scene: Option<String>,
    /// When it was sent (emulator clock, ISO-8601).
    pub sent_at: String,
    /// When the code expires (emulator clock, epoch milliseconds).
    pub expires_at_ms: i64,
    /// Whether a request already used it (codes are single-use).
    pub consumed: bool,
}

/// Emails are compared lower-case; phones trimmed.
pub(crate) fn normalize_recipient(to: &str) -> String {
    let t = to.trim();
    if t.contains('@') {
        t.to_lowercase()
    } else {
        t.to_string()
    }
}

/// Sent codes, oldest first.
#[derive(Debug, Default)]
pub(crate) struct Outbox {
    messages: Vec<OutboxMessage>,
}

impl Outbox {
    pub fn messages(&self) -> &[OutboxMessage] {
        &self.messages
    }

    pub fn push(&mut self, m: OutboxMessage) {
        self.messages.push(m);
    }

    /// Checks and consumes a code sent to `to`. Wrong → 2001, expired → 2300.
    pub fn consume(&mut self, to: &str, code: &str, now_ms: i64) -> Result<(), AuthingError> {
        let to = normalize_recipient(to);
        let code = code.trim();
        let msg = self
            .messages
            .iter_mut()
            .rev()
            .find(|m| m.to == to && m.code == code && !m.consumed);
        match msg {
            None => Err(AuthingError::new(
                2001,
                "验证码错误 (wrong verification code)",
            )),
            Some(m) if m.expires_at_ms <= now_ms => Err(AuthingError::new(
                2300,
                "验证码已过期 (verification code expired)",
            )),
            Some(m) => {
                m.consumed = true;
                Ok(())
            }
        }
    }
}
