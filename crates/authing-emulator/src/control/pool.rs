//! Pool settings a test may change: [`PoolPatch`] (handle) and the body and answer of
//! `POST /emulator/v1/pool`.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::store::PoolSettings;

/// Longest code resend interval (one day).
const MAX_RESEND_INTERVAL_MS: i64 = 86_400_000;

/// A change of pool settings for [`Emulator::update_pool`](crate::Emulator::update_pool);
/// unset fields stay as they are.
///
/// ```
/// use std::time::Duration;
/// use authing_emulator::PoolPatch;
/// let p = PoolPatch::default()
///     .register_disabled(false)
///     .code_resend_interval(Duration::ZERO);
/// # let _ = p;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PoolPatch {
    register_disabled: Option<bool>,
    token_expires_after: Option<Duration>,
    verify_old_phone: Option<bool>,
    verify_old_email: Option<bool>,
    email_verified_default: Option<bool>,
    code_resend_interval: Option<Duration>,
    mfa_sms: Option<bool>,
    mfa_email: Option<bool>,
}

impl PoolPatch {
    /// Whether every login needs a second factor by SMS (a code sent to the user's
    /// phone; the login first fails with 1635 and an `mfaToken`).
    pub fn mfa_sms(mut self, v: bool) -> Self {
        self.mfa_sms = Some(v);
        self
    }

    /// Whether every login needs a second factor by email (as [`mfa_sms`](Self::mfa_sms)).
    pub fn mfa_email(mut self, v: bool) -> Self {
        self.mfa_email = Some(v);
        self
    }

    /// Whether registration is closed (registrations then fail with 2031).
    pub fn register_disabled(mut self, v: bool) -> Self {
        self.register_disabled = Some(v);
        self
    }

    /// Lifetime of user tokens issued from now on (whole seconds, at least 1 s).
    pub fn token_expires_after(mut self, v: Duration) -> Self {
        self.token_expires_after = Some(v);
        self
    }

    /// Whether `updatePhone` needs the old phone and its code.
    pub fn verify_old_phone(mut self, v: bool) -> Self {
        self.verify_old_phone = Some(v);
        self
    }

    /// Whether `updateEmail` needs the old email and its code.
    pub fn verify_old_email(mut self, v: bool) -> Self {
        self.verify_old_email = Some(v);
        self
    }

    /// Whether new users' emails count as verified.
    pub fn email_verified_default(mut self, v: bool) -> Self {
        self.email_verified_default = Some(v);
        self
    }

    /// Least time between two verification codes sent to one recipient (default 60 s,
    /// at most one day; `Duration::ZERO` allows immediate resends).
    pub fn code_resend_interval(mut self, v: Duration) -> Self {
        self.code_resend_interval = Some(v);
        self
    }

    /// Checks every field, then applies them all (or none).
    pub(crate) fn apply(&self, st: &mut PoolSettings) -> Result<(), String> {
        let token_secs = match self.token_expires_after {
            Some(d) => match i32::try_from(d.as_secs()) {
                Ok(s) if s >= 1 => Some(s),
                _ => return Err("tokenExpiresAfter must be 1..=2147483647 seconds".into()),
            },
            None => None,
        };
        let resend_ms = match self.code_resend_interval {
            Some(d) => match i64::try_from(d.as_millis()) {
                Ok(ms) if ms <= MAX_RESEND_INTERVAL_MS => Some(ms),
                _ => return Err("codeResendInterval must be at most one day".into()),
            },
            None => None,
        };
        if let Some(v) = self.register_disabled {
            st.register_disabled = v;
        }
        if let Some(v) = token_secs {
            st.token_expires_after = v;
        }
        if let Some(v) = self.verify_old_phone {
            st.verify_old_phone = v;
        }
        if let Some(v) = self.verify_old_email {
            st.verify_old_email = v;
        }
        if let Some(v) = self.email_verified_default {
            st.email_verified_default = v;
        }
        if let Some(v) = resend_ms {
            st.code_resend_interval_ms = v;
        }
        if let Some(v) = self.mfa_sms {
            st.mfa.sms = v;
        }
        if let Some(v) = self.mfa_email {
            st.mfa.email = v;
        }
        Ok(())
    }
}

/// Body of `POST /emulator/v1/pool`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct PoolBody {
    register_disabled: Option<bool>,
    token_expires_after: Option<i64>,
    verify_old_phone: Option<bool>,
    verify_old_email: Option<bool>,
    email_verified_default: Option<bool>,
    code_resend_interval_seconds: Option<u64>,
    mfa_sms: Option<bool>,
    mfa_email: Option<bool>,
}

impl TryFrom<PoolBody> for PoolPatch {
    type Error = String;

    fn try_from(b: PoolBody) -> Result<Self, String> {
        let token_expires_after = match b.token_expires_after {
            Some(s) if s >= 1 => Some(Duration::from_secs(s.unsigned_abs())),
            Some(_) => return Err("tokenExpiresAfter must be >= 1".into()),
            None => None,
        };
        Ok(Self {
            register_disabled: b.register_disabled,
            token_expires_after,
            verify_old_phone: b.verify_old_phone,
            verify_old_email: b.verify_old_email,
            email_verified_default: b.email_verified_default,
            code_resend_interval: b.code_resend_interval_seconds.map(Duration::from_secs),
            mfa_sms: b.mfa_sms,
            mfa_email: b.mfa_email,
        })
    }
}

/// The answer of `POST /emulator/v1/pool`: the pool settings after the change.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PoolView {
    name: String,
    domain: String,
    created_at: String,
    token_expires_after: i32,
    register_disabled: bool,
    email_verified_default: bool,
    verify_old_phone: bool,
    verify_old_email: bool,
    code_resend_interval_seconds: f64,
    mfa_sms: bool,
    mfa_email: bool,
}

impl From<&PoolSettings> for PoolView {
    fn from(s: &PoolSettings) -> Self {
        Self {
            name: s.name.clone(),
            domain: s.domain.clone(),
            created_at: s.created_at.clone(),
            token_expires_after: s.token_expires_after,
            register_disabled: s.register_disabled,
            email_verified_default: s.email_verified_default,
            verify_old_phone: s.verify_old_phone,
            verify_old_email: s.verify_old_email,
            code_resend_interval_seconds: s.code_resend_interval_ms as f64 / 1000.0,
            mfa_sms: s.mfa.sms,
            mfa_email: s.mfa.email,
        }
    }
}
