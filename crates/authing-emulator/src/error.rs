//! Authing business errors and the emulator's own error type.
//!
//! Authing answers business failures with HTTP 200 and, in GraphQL, an error whose
//! `message` is an object `{code, message, data}`. Resolvers return [`AuthingError`];
//! the GraphQL handler rewrites each such error into that object shape.
//!
//! Codes used by the emulator (documented choices; see the crate README section "Emulator"):
//!
//! | code | when |
//! |---|---|
//! | 400 | invalid argument (bad resource string, wrong UDV type, malformed ISO date, missing id) |
//! | 404 | role, policy, policy assignment or UDF key not found |
//! | 409 | role or policy code already exists |
//! | 1001 | no permission: wrong `secret` in `accessToken`, or a user token on a management call, or a user acting on another user |
//! | 1639 | first login of a user created with `resetPasswordOnFirstLogin`: `data.token` is a reset token |
//! | 2001 | verification code wrong |
//! | 2003 | malformed email |
//! | 2004 | user not found |
//! | 2005 | user blocked |
//! | 2016 | password could not be decrypted with the emulator's private key |
//! | 2018 | a user may not change this field on themselves |
//! | 2020 | not logged in: no bearer token |
//! | 2026 | user already exists (registration / `createUser`); `externalId` taken (also on update) |
//! | 2028 | `createUser` without any identifier |
//! | 2030 | more than 80 ids in one batch |
//! | 2031 | registration disabled |
//! | 2032 | password required |
//! | 2034 | username already taken (update) |
//! | 2035 | phone already bound / taken |
//! | 2058 | forced password reset (control `users/force-password-reset`): `data.token` is a reset token |
//! | 2100 | verification code resent to the same recipient within `codeResendInterval` |
//! | 2037 / 2038 | old email / old phone mismatch |
//! | 2200 | email already bound / taken |
//! | 2201 / 2203 | original password required / wrong |
//! | 2206 | token expired |
//! | 2207 | token invalid (bad signature, malformed, revoked, user deleted); reset token unknown, used or expired |
//! | 2213 | `users/link` of an account with itself |
//! | 2217 | cannot unbind the only login method |
//! | 2219 | nothing to unbind (also `users/unlink` of a provider the user has no identity of) |
//! | 2224 | user pool not found (`x-authing-userpool-id` or `accessToken(userPoolId)` mismatch) |
//! | 2225 / 2226 | self `updateUser` tried to change email / phone |
//! | 2229 / 2230 | new email / phone equals the old one |
//! | 2231 | incomplete parameters |
//! | 2300 | verification code expired |
//! | 2333 | wrong username or password |
//! | 1635 | login needs a second factor (`data.mfaToken`, `totpMfaEnabled`, `applicationMfa`, ...) |
//! | 2206 / 2207 | (MFA) `mfaToken` expired (10 min) / unknown or already used |
//! | 6001 / 6002 | wrong TOTP code (also a reused 30 s step) / wrong or used recovery code |
//! | 6003 / 6004 | TOTP code / recovery code missing |

use async_graphql::ErrorExtensions as _;
use serde_json::Value;

/// A business error with an Authing numeric code.
#[derive(Debug, Clone)]
pub(crate) struct AuthingError {
    pub code: i32,
    pub message: String,
    pub data: Option<Value>,
}

impl AuthingError {
    pub fn new(code: i32, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            data: None,
        }
    }

    /// This error with its message in `lang` (see [`Lang::pick`]).
    pub fn localized(mut self, lang: Lang) -> Self {
        let picked = lang.pick(&self.message);
        if picked.len() != self.message.len() {
            self.message = picked.to_string();
        }
        self
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(400, message)
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(404, message)
    }
    pub fn exists(message: impl Into<String>) -> Self {
        Self::new(409, message)
    }
    pub fn no_permission() -> Self {
        Self::new(1001, "没有权限 (no permission)")
    }
    pub fn user_not_found() -> Self {
        Self::new(2004, "用户不存在 (user does not exist)")
    }
    pub fn not_logged_in() -> Self {
        Self::new(2020, "尚未登录，无权限访问此请求 (not logged in)")
    }
    pub fn token_invalid() -> Self {
        Self::new(2207, "登录信息无效 (token invalid)")
    }
    pub fn token_expired() -> Self {
        Self::new(2206, "登录信息已过期 (token expired)")
    }
    pub fn decrypt_failed() -> Self {
        Self::new(2016, "密码解密失败 (failed to decrypt the password)")
    }
    pub fn user_exists() -> Self {
        Self::new(2026, "用户已存在，请不要重复注册 (user already exists)")
    }
    pub fn wrong_password() -> Self {
        Self::new(2333, "账号或密码错误 (wrong account or password)")
    }
    pub fn pool_not_found() -> Self {
        Self::new(2224, "用户池不存在 (user pool not found)")
    }
}

/// The language of Authing's messages, from the `x-authing-lang` request header:
/// Chinese by default, English for `en-US` (any `en…` value).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum Lang {
    /// `zh-CN` (the service's default).
    #[default]
    Zh,
    /// `en-US`.
    En,
}

impl Lang {
    /// The language asked for by a request's headers.
    pub fn from_headers(headers: &axum::http::HeaderMap) -> Lang {
        let en = headers
            .get("x-authing-lang")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().get(..2))
            .is_some_and(|p| p.eq_ignore_ascii_case("en"));
        if en { Lang::En } else { Lang::Zh }
    }

    /// This language's part of a bilingual `"中文 (English)"` message; other messages as
    /// they are.
    pub fn pick(self, message: &str) -> &str {
        match split_bilingual(message) {
            Some((zh, _)) if self == Lang::Zh => zh,
            Some((_, en)) => en,
            None => message,
        }
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3000}'..='\u{303f}' | '\u{ff00}'..='\u{ffef}')
}

/// Splits the call sites' convention `"中文 (English)"` into `("中文", "English")`: the
/// first ` (` after which no Chinese follows, in a message ending with `)` and having
/// Chinese before it.
fn split_bilingual(message: &str) -> Option<(&str, &str)> {
    let inner = message.strip_suffix(')')?;
    inner.match_indices(" (").find_map(|(i, _)| {
        let (zh, en) = (inner[..i].trim_end(), &inner[i + 2..]);
        (zh.chars().any(is_cjk) && !en.trim().is_empty() && !en.chars().any(is_cjk))
            .then_some((zh, en))
    })
}

impl From<AuthingError> for async_graphql::Error {
    fn from(e: AuthingError) -> Self {
        let data = e.data.clone();
        async_graphql::Error::new(e.message).extend_with(move |_, ext| {
            ext.set("authingCode", e.code);
            if let Some(v) = data
                .as_ref()
                .and_then(|d| async_graphql::Value::from_json(d.clone()).ok())
            {
                ext.set("authingData", v);
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn bilingual_messages_split() {
        let m = "账号或密码错误 (wrong account or password)";
        assert_eq!(Lang::Zh.pick(m), "账号或密码错误");
        assert_eq!(Lang::En.pick(m), "wrong account or password");
        let m = "请求体不是合法的 JSON (invalid JSON body: expected `,` (line 1))";
        assert_eq!(Lang::Zh.pick(m), "请求体不是合法的 JSON");
        assert_eq!(Lang::En.pick(m), "invalid JSON body: expected `,` (line 1)");
        let m = "用户 (user) 不存在 (user does not exist)";
        assert_eq!(Lang::Zh.pick(m), "用户 (user) 不存在");
        assert_eq!(Lang::En.pick(m), "user does not exist");
        for m in ["获取成功", "userId required", "plain (text)", "中文 ()", ""] {
            assert_eq!(Lang::Zh.pick(m), m);
            assert_eq!(Lang::En.pick(m), m);
        }
    }
}

/// Errors of starting, running or persisting an [`Emulator`](crate::Emulator).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EmulatorError {
    /// The listening socket could not be bound.
    #[error("failed to bind {addr}: {source}")]
    Bind {
        /// The address that was requested.
        addr: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The RSA private key could not be parsed or generated.
    #[error("invalid RSA private key: {0}")]
    Key(String),
    /// The data file could not be read or written.
    #[error("data file {path}: {source}")]
    DataFile {
        /// The data file.
        path: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The data file exists but its content is not a supported emulator snapshot.
    #[error("data file {path} is not a valid emulator snapshot: {message}")]
    DataFormat {
        /// The data file.
        path: String,
        /// What is wrong with it.
        message: String,
    },
    /// A control request of the handle (pool patch, fault) was refused.
    #[error("invalid emulator control: {0}")]
    Control(String),
}
