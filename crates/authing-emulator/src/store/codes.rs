//! The outbox of verification codes the emulator "sent", and the rules of using them:
//! a code is bound to its channel and purpose, a new send replaces older codes of the
//! same recipient and purpose, [`MAX_ATTEMPTS`] wrong tries burn the current code.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::error::AuthingError;

/// Wrong tries after which the current code of a recipient is burnt.
pub(crate) const MAX_ATTEMPTS: u32 = 5;

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
#[non_exhaustive]
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
    /// Wrong tries left before the code is burnt (0: burnt or replaced).
    pub attempts_left: u32,
    /// Whether a newer code to the same recipient and purpose replaced it.
    pub replaced: bool,
}

impl OutboxMessage {
    fn live(&self) -> bool {
        !self.consumed && !self.replaced && self.attempts_left > 0
    }
}

/// What a code is for: the channel plus, for emails, the scene.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Purpose<'a> {
    pub channel: Channel,
    /// Email scenes a consumer accepts (ignored for SMS: all SMS codes share one purpose).
    pub scenes: &'a [&'a str],
}

impl Purpose<'_> {
    fn admits(&self, m: &OutboxMessage) -> bool {
        m.channel == self.channel
            && (self.channel == Channel::Sms
                || m.scene.as_deref().is_some_and(|s| self.scenes.contains(&s)))
    }
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

fn wrong_code() -> AuthingError {
    AuthingError::new(2001, "验证码错误 (wrong verification code)")
}

/// Lifetime of a code and the least time between two sends to one recipient.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Timing {
    pub ttl_ms: i64,
    pub interval_ms: i64,
}

/// Sent codes, oldest first, and the last send time per recipient.
#[derive(Debug, Default)]
pub(crate) struct Outbox {
    messages: Vec<OutboxMessage>,
    last_sent_ms: HashMap<String, i64>,
}

impl Outbox {
    pub fn messages(&self) -> &[OutboxMessage] {
        &self.messages
    }

    /// Records a new code unless the recipient got one less than `interval_ms` ago
    /// (→ 2100); older live codes of the same recipient, channel and scene are replaced.
    pub fn send(
        &mut self,
        channel: Channel,
        to: String,
        scene: Option<String>,
        code: String,
        now_ms: i64,
        timing: Timing,
    ) -> Result<&OutboxMessage, AuthingError> {
        let Timing {
            ttl_ms,
            interval_ms,
        } = timing;
        if let Some(last) = self.last_sent_ms.get(&to) {
            // a rewound clock (now < last) does not block sending
            if now_ms >= *last && now_ms - last < interval_ms {
                return Err(AuthingError::new(
                    2100,
                    "发送过于频繁，请稍后再试 (verification code sent too often, retry later)",
                ));
            }
        }
        for m in self
            .messages
            .iter_mut()
            .filter(|m| m.to == to && m.channel == channel && m.scene == scene && m.live())
        {
            m.replaced = true;
        }
        self.last_sent_ms.insert(to.clone(), now_ms);
        self.messages.push(OutboxMessage {
            channel,
            to,
            code,
            scene,
            sent_at: crate::clock::iso_ms(now_ms),
            expires_at_ms: now_ms.saturating_add(ttl_ms),
            consumed: false,
            attempts_left: MAX_ATTEMPTS,
            replaced: false,
        });
        Ok(&self.messages[self.messages.len() - 1])
    }

    /// Checks and consumes a code sent to `to` for `purpose`. Wrong → 2001 (and one try
    /// less for the recipient's live codes of that purpose), expired → 2300.
    pub fn consume(
        &mut self,
        to: &str,
        purpose: Purpose<'_>,
        code: &str,
        now_ms: i64,
    ) -> Result<(), AuthingError> {
        let to = normalize_recipient(to);
        let code = code.trim();
        let mut candidates = self
            .messages
            .iter_mut()
            .filter(|m| m.to == to && m.live() && purpose.admits(m));
        let hit = candidates.find(|m| m.code == code);
        match hit {
            Some(m) if m.expires_at_ms <= now_ms => Err(AuthingError::new(
                2300,
                "验证码已过期 (verification code expired)",
            )),
            Some(m) => {
                m.consumed = true;
                Ok(())
            }
            None => {
                for m in self
                    .messages
                    .iter_mut()
                    .filter(|m| m.to == to && m.live() && purpose.admits(m))
                {
                    m.attempts_left -= 1;
                }
                Err(wrong_code())
            }
        }
    }
}
