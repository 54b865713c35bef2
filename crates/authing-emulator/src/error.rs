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
//! | 2100 | verification code resent to the same recipient within `codeResendInterval` |
//! | 2037 / 2038 | old email / old phone mismatch |
//! | 2200 | email already bound / taken |
//! | 2201 / 2203 | original password required / wrong |
//! | 2206 | token expired |
//! | 2207 | token invalid (bad signature, malformed, revoked, user deleted) |
//! | 2217 | cannot unbind the only login method |
//! | 2219 | nothing to unbind |
//! | 2224 | user pool not found (`x-authing-userpool-id` or `accessToken(userPoolId)` mismatch) |
//! | 2225 / 2226 | self `updateUser` tried to change email / phone |
//! | 2229 / 2230 | new email / phone equals the old one |
//! | 2231 | incomplete parameters |
//! | 2300 | verification code expired |
//! | 2333 | wrong username or password |

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
