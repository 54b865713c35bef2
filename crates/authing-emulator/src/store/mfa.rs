//! Multi-factor authentication: bound TOTP authenticators (secret, recovery code, last
//! used time step), authenticators waiting for their confirmation, the pool's SMS /
//! email MFA switches, and the short-lived MFA tickets (`mfaToken`) of logins waiting
//! for their second factor.
//!
//! TOTP secrets and recovery codes are secrets: the records' `Debug` never shows them,
//! and nothing here logs.

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// The pool's MFA switches (a pool setting, kept by `reset`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct MfaSettings {
    /// Every login of a user needs an SMS code to the user's phone.
    #[serde(default)]
    pub sms: bool,
    /// Every login of a user needs an email code to the user's email.
    #[serde(default)]
    pub email: bool,
}

/// A TOTP authenticator of a user (bound, or waiting for its confirmation).
#[derive(Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct TotpRecord {
    pub id: String,
    pub user_id: String,
    /// The shared secret, base32 (RFC 4648, no padding).
    pub secret: String,
    /// The recovery code; `None` once used.
    #[serde(default)]
    pub recovery_code: Option<String>,
    /// The last time step (unix seconds / 30) a code was accepted for: each step works once.
    #[serde(default)]
    pub last_step: Option<u64>,
    pub created_at: String,
    pub updated_at: String,
}

impl fmt::Debug for TotpRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TotpRecord")
            .field("id", &self.id)
            .field("user_id", &self.user_id)
            .field("secret", &"[redacted]")
            .field(
                "recovery_code",
                &self.recovery_code.as_ref().map(|_| "[redacted]"),
            )
            .field("last_step", &self.last_step)
            .finish()
    }
}

/// A login waiting for its second factor: the `mfaToken` maps to it.
#[derive(Debug, Clone)]
pub(crate) struct MfaTicket {
    pub user_id: String,
    /// Emulator time (ms) after which the ticket is refused.
    pub expires_at_ms: i64,
    /// The client IP of the first step (the login it completes counts it).
    pub client_ip: Option<String>,
}

/// MFA data of the pool.
#[derive(Default)]
pub(crate) struct Mfa {
    /// Bound authenticators by user id.
    bound: HashMap<String, TotpRecord>,
    /// Associated, not yet confirmed authenticators by user id.
    pending: HashMap<String, TotpRecord>,
    /// MFA tickets by `mfaToken` (in memory only).
    tickets: HashMap<String, MfaTicket>,
}

impl fmt::Debug for Mfa {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mfa")
            .field("bound", &self.bound.len())
            .field("pending", &self.pending.len())
            .field("tickets", &self.tickets.len())
            .finish()
    }
}

impl Mfa {
    /// The bound TOTP authenticator of a user.
    pub fn totp(&self, user_id: &str) -> Option<&TotpRecord> {
        self.bound.get(user_id)
    }

    pub fn totp_mut(&mut self, user_id: &str) -> Option<&mut TotpRecord> {
        self.bound.get_mut(user_id)
    }

    /// Binds (or replaces) a user's TOTP authenticator; drops a pending one.
    pub fn bind(&mut self, r: TotpRecord) {
        self.pending.remove(&r.user_id);
        self.bound.insert(r.user_id.clone(), r);
    }

    /// Unbinds a user's TOTP authenticator; the removed one, if any.
    pub fn unbind(&mut self, user_id: &str) -> Option<TotpRecord> {
        self.bound.remove(user_id)
    }

    /// Keeps an associated authenticator until it is confirmed (replaces an older one).
    pub fn set_pending(&mut self, r: TotpRecord) {
        self.pending.insert(r.user_id.clone(), r);
    }

    pub fn pending(&self, user_id: &str) -> Option<&TotpRecord> {
        self.pending.get(user_id)
    }

    /// Records a ticket under its token.
    pub fn add_ticket(&mut self, token: String, t: MfaTicket, now_ms: i64) {
        self.tickets.retain(|_, t| t.expires_at_ms > now_ms);
        self.tickets.insert(token, t);
    }

    pub fn ticket(&self, token: &str) -> Option<&MfaTicket> {
        self.tickets.get(token)
    }

    /// Removes a ticket (it completed its login).
    pub fn remove_ticket(&mut self, token: &str) -> Option<MfaTicket> {
        self.tickets.remove(token)
    }

    /// Forgets everything of a deleted user.
    pub fn forget_user(&mut self, user_id: &str) {
        self.bound.remove(user_id);
        self.pending.remove(user_id);
        self.tickets.retain(|_, t| t.user_id != user_id);
    }
}

/// The data-file form: bound authenticators (pending ones and tickets are not kept).
#[derive(Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct MfaFile {
    #[serde(default)]
    totp: Vec<TotpRecord>,
}

impl MfaFile {
    pub(crate) fn new(m: &Mfa) -> Self {
        let mut totp: Vec<TotpRecord> = m.bound.values().cloned().collect();
        totp.sort_by(|a, b| a.user_id.cmp(&b.user_id));
        Self { totp }
    }

    pub(crate) fn into_store(self) -> Mfa {
        Mfa {
            bound: self
                .totp
                .into_iter()
                .map(|r| (r.user_id.clone(), r))
                .collect(),
            ..Mfa::default()
        }
    }
}
