//! What a login that needs a second factor answers: [`Error::MfaRequired`](crate::Error::MfaRequired).

use serde_json::Value;

use crate::error::ApiError;
use crate::models::Sensitive;

/// Everything the second step of a login needs besides the MFA token, from the `data`
/// of the service's 1635 (personal MFA) or 1636 (application MFA) answer.
///
/// Fields the service did not send are `None` / `false` / empty.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct MfaDetails {
    /// Authing's code: 1635 (the user's own TOTP MFA) or 1636 (application MFA).
    pub code: i64,
    /// The server's message.
    pub message: String,
    /// HTTP status of the answer (Authing uses 200).
    pub http_status: u16,
    /// The user has a TOTP authenticator bound (`totpMfaEnabled`): finish with
    /// `verify_totp_mfa` or `verify_totp_recovery_code`.
    pub totp_enabled: bool,
    /// The user has face MFA bound (`faceMfaEnabled`).
    pub face_enabled: bool,
    /// The application's MFA policies that apply (`applicationMfa[].mfaPolicy`, e.g.
    /// `"SMS"`, `"EMAIL"`), in the service's order.
    pub factors: Vec<String>,
    /// The user's phone as the service sent it (possibly masked), for an SMS factor.
    pub phone: Option<String>,
    /// The user's email as the service sent it (possibly masked), for an email factor.
    pub email: Option<String>,
    /// The user's username, when sent.
    pub username: Option<String>,
    /// The user's nickname, when sent.
    pub nickname: Option<String>,
}

impl MfaDetails {
    /// `true` when `factor` (`"SMS"`, `"EMAIL"`, compared case-insensitively) is one of
    /// the application's MFA policies.
    pub fn offers(&self, factor: &str) -> bool {
        self.factors.iter().any(|f| f.eq_ignore_ascii_case(factor))
    }
}

/// The MFA token and details of an API error that asks for a second factor (code 1635
/// or 1636 with a string `data.mfaToken`); `None` for any other error.
pub(crate) fn from_api(e: &ApiError) -> Option<(Sensitive, MfaDetails)> {
    if e.code != 1635 && e.code != 1636 {
        return None;
    }
    let data = e.data.as_ref()?;
    let token = data
        .get("mfaToken")
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())?;
    let text = |k: &str| data.get(k).and_then(Value::as_str).map(str::to_owned);
    let flag = |k: &str| data.get(k).and_then(Value::as_bool).unwrap_or(false);
    let factors = data
        .get("applicationMfa")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter(|m| m.get("status").and_then(Value::as_i64).unwrap_or(1) != 0)
                .filter_map(|m| m.get("mfaPolicy").and_then(Value::as_str))
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    Some((
        Sensitive::new(token),
        MfaDetails {
            code: e.code,
            message: e.message.clone(),
            http_status: e.http_status,
            totp_enabled: flag("totpMfaEnabled"),
            face_enabled: flag("faceMfaEnabled"),
            factors,
            phone: text("phone"),
            email: text("email"),
            username: text("username"),
            nickname: text("nickname"),
        },
    ))
}

#[cfg(test)]
mod tests {
    use crate::error::{ApiError, Error};

    #[test]
    fn code_1635_with_a_token_is_mfa_required() {
        let mut e = ApiError::new(1635, "mfa", 200);
        e.data = Some(serde_json::json!({
            "mfaToken": "secret-mfa-token", "totpMfaEnabled": true, "phone": "138****0000",
            "applicationMfa": [{"mfaPolicy": "SMS", "status": 1}, {"mfaPolicy": "EMAIL", "status": 0}]
        }));
        let err = Error::from(e);
        assert_eq!(
            err.mfa_token().map(|t| t.expose()),
            Some("secret-mfa-token")
        );
        assert_eq!(err.code(), Some(1635));
        assert!(err.is_mfa_required());
        let d = err.mfa_details().unwrap();
        assert!(d.totp_enabled && d.offers("sms") && !d.offers("EMAIL"));
        assert_eq!(d.phone.as_deref(), Some("138****0000"));
        assert!(!format!("{err:?} {err}").contains("secret-mfa-token"));
        // Without a token it stays an API error.
        let plain = Error::from(ApiError::new(1635, "mfa", 200));
        assert!(plain.as_api().is_some() && plain.mfa_token().is_none());
    }
}
