//! A login that must first reset the password (codes 1639 and 2058), as a typed case
//! of [`Error`]: [`Error::password_reset_required`].

use crate::error::{Error, codes};
use crate::models::Sensitive;

/// Why a login must reset the password first ([`PasswordResetRequired::kind`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PasswordResetKind {
    /// Code 1639: the account was created with "reset password on first login"; set
    /// a new password with `reset_password_by_first_token(token, new_password)` (the
    /// old password is not needed).
    FirstLogin,
    /// Code 2058: the pool forces this user to change the password; change it with
    /// `reset_password_with_force_reset(token, old_password, new_password)`.
    Forced,
}

/// What the reset step needs, from a login that failed with code 1639 or 2058: the
/// one-time reset token the service sent in the error's `data.token`.
///
/// The token is [`Sensitive`]: it never shows in `Debug`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PasswordResetRequired {
    /// First-login reset (1639) or forced reset (2058).
    pub kind: PasswordResetKind,
    /// The reset token to pass to the reset method.
    pub token: Sensitive,
}

impl Error {
    /// `true` when a login failed because the password must be reset first: code 1639
    /// (first login) or 2058 (forced reset).
    pub fn is_password_reset_required(&self) -> bool {
        self.has_code(&[
            codes::FIRST_LOGIN_PASSWORD_RESET,
            codes::FORCED_PASSWORD_RESET,
        ])
    }

    /// The reset step of a login answered 1639 or 2058, with the reset token from the
    /// error's `data.token`; `None` for any other error, or when the service sent no
    /// token.
    ///
    /// ```
    /// use authing_core::{Error, ApiError, PasswordResetKind};
    /// let mut api = ApiError::new(1639, "首次登录请重置密码", 200);
    /// api.data = Some(authing_core::serde_json::json!({"token": "reset-token"}));
    /// let err = Error::from(api);
    /// let step = err.password_reset_required().expect("a reset step");
    /// assert_eq!(step.kind, PasswordResetKind::FirstLogin);
    /// assert_eq!(step.token.expose(), "reset-token");
    /// ```
    pub fn password_reset_required(&self) -> Option<PasswordResetRequired> {
        let api = self.as_api()?;
        let kind = match api.code {
            codes::FIRST_LOGIN_PASSWORD_RESET => PasswordResetKind::FirstLogin,
            codes::FORCED_PASSWORD_RESET => PasswordResetKind::Forced,
            _ => return None,
        };
        let token = api
            .data
            .as_ref()?
            .get("token")?
            .as_str()
            .filter(|t| !t.trim().is_empty())?;
        Some(PasswordResetRequired {
            kind,
            token: Sensitive::new(token),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ApiError;
    use serde_json::json;

    fn err(code: i64, data: Option<serde_json::Value>) -> Error {
        let mut e = ApiError::new(code, "m", 200);
        e.data = data;
        e.into()
    }

    #[test]
    fn reads_the_kind_and_token() {
        let e = err(2058, Some(json!({"token": "t1"})));
        assert!(e.is_password_reset_required());
        let s = e.password_reset_required().unwrap();
        assert_eq!(s.kind, PasswordResetKind::Forced);
        assert_eq!(s.token.expose(), "t1");
        assert!(!format!("{s:?}").contains("t1"));
    }

    #[test]
    fn other_codes_or_missing_tokens_are_none() {
        assert!(
            err(2333, Some(json!({"token": "t"})))
                .password_reset_required()
                .is_none()
        );
        assert!(!err(2333, None).is_password_reset_required());
        assert!(err(1639, None).password_reset_required().is_none());
        assert!(
            err(1639, Some(json!({"token": ""})))
                .password_reset_required()
                .is_none()
        );
        assert!(
            err(1639, Some(json!({"token": 5})))
                .password_reset_required()
                .is_none()
        );
        assert!(err(1639, None).is_password_reset_required());
        assert!(Error::NotLoggedIn.password_reset_required().is_none());
    }
}
