//! The error type shared by every Authing client.

use std::fmt;

/// `Result` with [`Error`] as its error type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Well-known Authing error codes, as sent in `errors[].message.code` or in the
/// REST envelope's `code`.
pub mod codes {
    /// Success (REST envelope, `CommonMessage.code`).
    pub const OK: i64 = 200;
    /// No permission: a wrong pool secret in `accessToken`, a user token sent to a
    /// management operation, or a user acting on another user's data.
    pub const NO_PERMISSION: i64 = 1001;
    /// Wrong verification code (SMS, email) or captcha.
    pub const WRONG_CODE: i64 = 2001;
    /// The user does not exist.
    pub const USER_NOT_FOUND: i64 = 2004;
    /// Wrong password (older servers).
    pub const WRONG_PASSWORD_LEGACY: i64 = 2006;
    /// The server could not decrypt the password the client sent.
    pub const PASSWORD_DECRYPT_FAILED: i64 = 2016;
    /// Not logged in / the request carries no valid credentials.
    pub const NOT_LOGGED_IN: i64 = 2020;
    /// The user already exists.
    pub const USER_EXISTS: i64 = 2026;
    /// At most 80 ids per batch request.
    pub const TOO_MANY_IDS: i64 = 2030;
    /// The username is taken.
    pub const USERNAME_EXISTS: i64 = 2034;
    /// The phone number is already bound to a user.
    pub const PHONE_EXISTS: i64 = 2035;
    /// The email address is already bound to a user.
    pub const EMAIL_EXISTS: i64 = 2200;
    /// The login information (token) has expired.
    pub const TOKEN_EXPIRED: i64 = 2206;
    /// The login information (token) is invalid.
    pub const TOKEN_INVALID: i64 = 2207;
    /// The user pool does not exist.
    pub const USER_POOL_NOT_FOUND: i64 = 2224;
    /// Username or password wrong (current servers).
    pub const WRONG_CREDENTIALS: i64 = 2333;
    /// Verification code expired.
    pub const CODE_EXPIRED: i64 = 2300;
    /// The login needs the user's own second factor (TOTP); see [`Error::MfaRequired`](crate::Error::MfaRequired).
    pub const MFA_REQUIRED: i64 = 1635;
    /// The login needs the application's second factor (SMS, email); see [`Error::MfaRequired`](crate::Error::MfaRequired).
    pub const APP_MFA_REQUIRED: i64 = 1636;
    /// Wrong TOTP code (also a code whose time step was already used).
    pub const WRONG_TOTP: i64 = 6001;
    /// Wrong TOTP recovery code (also one already used).
    pub const WRONG_RECOVERY_CODE: i64 = 6002;
    /// First login of an account created with "reset password on first login": the
    /// login fails with a reset token in `data.token` (see
    /// [`Error::password_reset_required`](crate::Error::password_reset_required)).
    pub const FIRST_LOGIN_PASSWORD_RESET: i64 = 1639;
    /// The pool forces this user to change the password (old password needed): the
    /// login fails with a reset token in `data.token`.
    pub const FORCED_PASSWORD_RESET: i64 = 2058;
    /// Code used by this SDK for a standard GraphQL error whose `message` is a plain
    /// string (parse or validation errors): no Authing code is available. Negative, so
    /// it never collides with a code the service sends (the service itself uses 400,
    /// e.g. for an invalid token in `validate_token`).
    pub const GRAPHQL_ERROR: i64 = -1;
}

/// An error returned by the Authing service: a GraphQL error whose `message` carries
/// Authing's numeric code, or a REST envelope whose `code` is not 200.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct ApiError {
    /// Authing's numeric error code (e.g. 2004 "user not found").
    pub code: i64,
    /// The human-readable message sent by the server.
    pub message: String,
    /// Extra data sent with the error (e.g. `mfaToken` for code 1635).
    pub data: Option<serde_json::Value>,
    /// HTTP status of the response that carried the error (Authing uses 200).
    pub http_status: u16,
}

impl ApiError {
    /// Builds an API error.
    pub fn new(code: i64, message: impl Into<String>, http_status: u16) -> Self {
        Self {
            code,
            message: message.into(),
            data: None,
            http_status,
        }
    }
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `data` may carry tokens (e.g. an MFA token): never print its values.
        f.debug_struct("ApiError")
            .field("code", &self.code)
            .field("message", &self.message)
            .field("data", &self.data.as_ref().map(|_| "[redacted]"))
            .field("http_status", &self.http_status)
            .finish()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Authing error {}: {}", self.code, self.message)
    }
}

/// What went wrong below HTTP.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// The TCP/TLS connection could not be established.
    Connect,
    /// The request (or the overall deadline) timed out.
    Timeout,
    /// The body could not be sent or read.
    Body,
    /// The server answered with a redirect (3xx), which the SDK never follows.
    ///
    /// In the browser (`wasm32`), `fetch` itself follows redirects and the page cannot
    /// turn that off; there the browser's same-origin and CORS rules apply instead, and
    /// this kind is not produced.
    Redirect,
    /// Any other transport failure.
    Other,
}

/// Every error an Authing client can return.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The service answered with an error (GraphQL `errors` or REST `code != 200`).
    #[error("{0}")]
    Api(Box<ApiError>),

    /// The login needs a second factor (Authing code 1635, or 1636 for application
    /// MFA): the password or code was right, and the service sent an MFA token that
    /// the second step takes as its bearer (`verify_totp_mfa`, `verify_app_sms_mfa`,
    /// ... of the authentication client). [`Error::mfa_token`] reads the token.
    ///
    /// ```
    /// # fn demo(err: authing_core::Error) {
    /// match err {
    ///     authing_core::Error::MfaRequired { mfa_token, details, .. } => {
    ///         if details.totp_enabled { /* ask for the authenticator's code */ }
    ///         let _ = mfa_token; // the bearer of the second step; never log it
    ///     }
    ///     other => { /* any other failure */ let _ = other; }
    /// }
    /// # }
    /// ```
    #[error("multi-factor authentication required (Authing error {}): {}", details.code, details.message)]
    #[non_exhaustive]
    MfaRequired {
        /// The MFA token: the bearer of the second step (short-lived, single use).
        mfa_token: crate::models::Sensitive,
        /// What else the second step needs: the factors offered, phone / email.
        details: Box<crate::mfa::MfaDetails>,
    },

    /// The request did not complete: connection failure, timeout, broken body.
    ///
    /// The underlying error (a `reqwest::Error` without its URL) is kept as
    /// [`source`](std::error::Error::source), so error reporters show the whole chain
    /// and callers can downcast it.
    #[error("transport error ({kind:?}): {message}")]
    Transport {
        /// The kind of failure.
        kind: TransportErrorKind,
        /// A description without secrets.
        message: String,
        /// The underlying error, without the request URL; `None` for the SDK's own
        /// deadline.
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
    },

    /// The response could not be decoded: not JSON, truncated, an HTML error page,
    /// an empty body, a body over the size cap, or a field of the wrong type.
    #[error("cannot decode response (HTTP {status}): {reason}; body starts with: {excerpt:?}")]
    Decode {
        /// HTTP status of the response.
        status: u16,
        /// What was wrong.
        reason: String,
        /// A short excerpt of the body, with token-like strings removed.
        excerpt: String,
    },

    /// The client was configured with invalid options.
    #[error("invalid configuration: {0}")]
    Config(String),

    /// A method was called with an invalid argument; no request was sent.
    #[error("invalid argument: {0}")]
    InvalidArgument(String),

    /// A password could not be encrypted with the configured public key.
    #[error("password encryption failed: {0}")]
    Encryption(String),

    /// The method needs a logged-in user and the client holds no token; no request
    /// was sent.
    #[error("not logged in: this method needs a user token (log in or set a token first)")]
    NotLoggedIn,

    /// A token failed local verification (bad signature, expired, wrong algorithm,
    /// issuer or audience). The token itself is never part of the error.
    #[error("invalid token: {reason}")]
    InvalidToken {
        /// Why the token was refused; match on it.
        reason: InvalidTokenReason,
    },

    /// An OAuth 2.0 / OIDC endpoint answered with an error body
    /// (`{"error": "...", "error_description": "..."}`, RFC 6749 §5.2), e.g.
    /// `invalid_grant` for a used or expired authorization code.
    #[error("OAuth error {error} (HTTP {status}){}", description.as_deref().map(|d| format!(": {d}")).unwrap_or_default())]
    OAuth {
        /// The `error` code (`invalid_grant`, `invalid_client`, `invalid_request`, ...).
        error: String,
        /// The `error_description`, with token-like strings removed.
        description: Option<String>,
        /// HTTP status of the answer.
        status: u16,
    },
}

/// Why a token failed local verification ([`Error::InvalidToken`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum InvalidTokenReason {
    /// Not a JWT (not three base64url parts, or an unreadable header or payload).
    Malformed,
    /// The algorithm is not the one accepted (RS256 for OIDC tokens, HS256 for
    /// user-pool tokens); `none` and HMAC algorithms are refused for OIDC tokens.
    UnsupportedAlgorithm,
    /// The key named by the token's `kid` is not in the key set, even after one
    /// refetch; or the token names no key and the set has several.
    UnknownKey,
    /// The signature does not match.
    BadSignature,
    /// `exp` is in the past (beyond the leeway), or missing.
    Expired,
    /// `nbf` or `iat` is in the future (beyond the leeway).
    NotYetValid,
    /// `iss` is not the expected issuer.
    WrongIssuer,
    /// `aud` does not contain the expected audience (the app id).
    WrongAudience,
    /// The `nonce` is missing or differs from the one expected.
    WrongNonce,
    /// A claim has the wrong type.
    BadClaims,
}

impl fmt::Display for InvalidTokenReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Malformed => "malformed token",
            Self::UnsupportedAlgorithm => "unsupported signing algorithm",
            Self::UnknownKey => "no key matches the token's kid",
            Self::BadSignature => "bad signature",
            Self::Expired => "token expired",
            Self::NotYetValid => "token not yet valid (nbf or iat in the future)",
            Self::WrongIssuer => "wrong issuer",
            Self::WrongAudience => "wrong audience",
            Self::WrongNonce => "wrong or missing nonce",
            Self::BadClaims => "a claim has the wrong type",
        })
    }
}

impl Error {
    /// Builds an [`Error::Api`].
    pub fn api(code: i64, message: impl Into<String>, http_status: u16) -> Self {
        Error::Api(Box::new(ApiError::new(code, message, http_status)))
    }

    /// Builds an [`Error::InvalidToken`].
    pub fn invalid_token(reason: InvalidTokenReason) -> Self {
        Error::InvalidToken { reason }
    }

    /// The reason, if this is an [`Error::InvalidToken`].
    pub fn invalid_token_reason(&self) -> Option<InvalidTokenReason> {
        match self {
            Error::InvalidToken { reason } => Some(*reason),
            _ => None,
        }
    }

    /// The OAuth `error` code (`invalid_grant`, ...), if this is an [`Error::OAuth`].
    pub fn oauth_error(&self) -> Option<&str> {
        match self {
            Error::OAuth { error, .. } => Some(error),
            _ => None,
        }
    }

    /// The API error, if this is one.
    pub fn as_api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// Authing's numeric error code, if the service sent one (1635 / 1636 for
    /// [`Error::MfaRequired`]).
    pub fn code(&self) -> Option<i64> {
        match self {
            Error::MfaRequired { details, .. } => Some(details.code),
            _ => self.as_api().map(|e| e.code),
        }
    }

    /// `true` when the login needs a second factor ([`Error::MfaRequired`]).
    pub fn is_mfa_required(&self) -> bool {
        matches!(self, Error::MfaRequired { .. })
    }

    /// The MFA token of an [`Error::MfaRequired`]: the bearer of the second step.
    ///
    /// ```
    /// # fn demo(err: &authing_core::Error) {
    /// if let Some(mfa_token) = err.mfa_token() {
    ///     // pass it to verify_totp_mfa(code, mfa_token.expose())
    ///     let _ = mfa_token;
    /// }
    /// # }
    /// ```
    pub fn mfa_token(&self) -> Option<&crate::models::Sensitive> {
        match self {
            Error::MfaRequired { mfa_token, .. } => Some(mfa_token),
            _ => None,
        }
    }

    /// The details of an [`Error::MfaRequired`].
    pub fn mfa_details(&self) -> Option<&crate::mfa::MfaDetails> {
        match self {
            Error::MfaRequired { details, .. } => Some(details),
            _ => None,
        }
    }

    pub(crate) fn has_code(&self, wanted: &[i64]) -> bool {
        self.code().is_some_and(|c| wanted.contains(&c))
    }

    /// `true` for code 2004 (user not found).
    pub fn is_user_not_found(&self) -> bool {
        self.has_code(&[codes::USER_NOT_FOUND])
    }

    /// `true` for a wrong username/password (2333, or 2006 on older servers).
    pub fn is_wrong_password(&self) -> bool {
        self.has_code(&[codes::WRONG_CREDENTIALS, codes::WRONG_PASSWORD_LEGACY])
    }

    /// `true` when the user, username, phone or email already exists
    /// (2026, 2034, 2035, 2200).
    pub fn is_user_exists(&self) -> bool {
        self.has_code(&[
            codes::USER_EXISTS,
            codes::USERNAME_EXISTS,
            codes::PHONE_EXISTS,
            codes::EMAIL_EXISTS,
        ])
    }

    /// `true` for an invalid token (2207).
    pub fn is_token_invalid(&self) -> bool {
        self.has_code(&[codes::TOKEN_INVALID])
    }

    /// `true` for an expired token (2206).
    pub fn is_token_expired(&self) -> bool {
        self.has_code(&[codes::TOKEN_EXPIRED])
    }

    /// `true` for 1001 "no permission": a wrong pool secret, a user token sent to a
    /// management operation, or a user acting on another user's data.
    pub fn is_no_permission(&self) -> bool {
        self.has_code(&[codes::NO_PERMISSION])
    }

    /// `true` for 2001, a wrong verification code (SMS, email) or captcha.
    pub fn is_wrong_code(&self) -> bool {
        self.has_code(&[codes::WRONG_CODE])
    }

    /// `true` for 2300, an expired verification code.
    pub fn is_code_expired(&self) -> bool {
        self.has_code(&[codes::CODE_EXPIRED])
    }

    /// `true` for 2224, the user pool does not exist (a wrong `user_pool_id`).
    pub fn is_user_pool_not_found(&self) -> bool {
        self.has_code(&[codes::USER_POOL_NOT_FOUND])
    }

    /// `true` for a GraphQL error without an Authing code ([`codes::GRAPHQL_ERROR`]):
    /// the server could not parse or validate the document.
    pub fn is_graphql_error(&self) -> bool {
        self.has_code(&[codes::GRAPHQL_ERROR])
    }

    /// `true` when the request lacked valid credentials: the server's 2020, or the
    /// client-side [`Error::NotLoggedIn`].
    pub fn is_not_logged_in(&self) -> bool {
        matches!(self, Error::NotLoggedIn) || self.has_code(&[codes::NOT_LOGGED_IN])
    }

    /// `true` when the request or the overall deadline timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(
            self,
            Error::Transport {
                kind: TransportErrorKind::Timeout,
                ..
            }
        )
    }

    /// `true` when no connection could be made.
    pub fn is_connect(&self) -> bool {
        matches!(
            self,
            Error::Transport {
                kind: TransportErrorKind::Connect,
                ..
            }
        )
    }

    /// The HTTP status of the response behind this error, when there was one.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.http_status),
            Error::MfaRequired { details, .. } => Some(details.http_status),
            Error::Decode { status, .. } => Some(*status),
            Error::OAuth { status, .. } => Some(*status),
            _ => None,
        }
    }
}

impl From<ApiError> for Error {
    /// An API error; code 1635 / 1636 with a string `data.mfaToken` becomes
    /// [`Error::MfaRequired`].
    fn from(e: ApiError) -> Self {
        match crate::mfa::from_api(&e) {
            Some((mfa_token, details)) => Error::MfaRequired {
                mfa_token,
                details: Box::new(details),
            },
            None => Error::Api(Box::new(e)),
        }
    }
}

/// Maximum number of characters of a response body kept in [`Error::Decode`].
pub const EXCERPT_CHARS: usize = 160;

/// A short, secret-free excerpt of a response body for error messages: at most
/// [`EXCERPT_CHARS`] characters, with anything shaped like a JWT or a long opaque
/// token replaced by `[redacted]`, and every string in `secrets` removed. Secrets are
/// removed from (up to 64 KiB of) the whole body before it is cut.
pub fn excerpt(body: &[u8], secrets: &[&str]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(64 * 1024)]);
    redact(&text, secrets).chars().take(EXCERPT_CHARS).collect()
}

/// `text` with every string in `secrets` (4 characters or more) and anything shaped
/// like a JWT or a long opaque token replaced by `[redacted]`.
pub fn redact(text: &str, secrets: &[&str]) -> String {
    let mut text = text.to_owned();
    for s in secrets.iter().filter(|s| s.len() >= 4) {
        if text.contains(s) {
            text = text.replace(s, "[redacted]");
        }
    }
    let mut out = String::with_capacity(text.len());
    for word in split_keep(&text) {
        if looks_like_token(word) {
            out.push_str("[redacted]");
        } else {
            out.push_str(word);
        }
    }
    out
}

fn split_keep(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut in_word = false;
    for (i, c) in text.char_indices() {
        let w = c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '+' | '/' | '=');
        if w != in_word {
            if i > start {
                parts.push(&text[start..i]);
            }
            start = i;
            in_word = w;
        }
    }
    if start < text.len() {
        parts.push(&text[start..]);
    }
    parts
}

fn looks_like_token(word: &str) -> bool {
    let jwt = word.split('.').count() == 3 && word.len() >= 20 && word.starts_with("eyJ");
    let opaque = word.len() >= 32
        && word.chars().any(|c| c.is_ascii_digit())
        && word.chars().any(|c| c.is_ascii_alphabetic())
        && !word.contains('/');
    jwt || opaque
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn predicates_match_codes() {
        assert!(Error::api(2004, "x", 200).is_user_not_found());
        assert!(Error::api(2333, "x", 200).is_wrong_password());
        assert!(Error::api(2006, "x", 200).is_wrong_password());
        assert!(Error::api(2026, "x", 200).is_user_exists());
        assert!(Error::api(2207, "x", 200).is_token_invalid());
        assert!(Error::api(2206, "x", 200).is_token_expired());
        assert!(Error::NotLoggedIn.is_not_logged_in());
        assert!(Error::api(1001, "x", 200).is_no_permission());
        assert!(Error::api(2001, "x", 200).is_wrong_code());
        assert!(Error::api(2300, "x", 200).is_code_expired());
        assert!(Error::api(2224, "x", 200).is_user_pool_not_found());
        assert!(Error::api(codes::GRAPHQL_ERROR, "x", 400).is_graphql_error());
        assert!(!Error::api(400, "x", 400).is_graphql_error());
        assert!(!Error::api(2001, "x", 200).is_no_permission());
        assert!(!Error::api(2004, "x", 200).is_wrong_password());
        assert_eq!(Error::api(2004, "x", 200).code(), Some(2004));
        assert_eq!(Error::NotLoggedIn.code(), None);
    }

    #[test]
    fn excerpt_removes_tokens_and_secrets() {
        let body = b"<html>token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abcdefghijk and s3cr3t-value-1234 ok";
        let e = excerpt(body, &["s3cr3t-value-1234"]);
        assert!(!e.contains("eyJ"), "{e}");
        assert!(!e.contains("s3cr3t"), "{e}");
        assert!(e.starts_with("<html>token [redacted]"), "{e}");
    }

    #[test]
    fn secret_is_removed_before_the_cut() {
        let secret = "sekret-value-98765";
        let body = format!(
            "{}{secret}",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abcdefghijk ".repeat(40)
        );
        let e = excerpt(body.as_bytes(), &[secret]);
        assert!(!e.contains("sekret"), "{e}");
        assert!(!e.contains("98765"), "{e}");
    }

    #[test]
    fn excerpt_is_short() {
        let body = "x ".repeat(10_000);
        assert!(excerpt(body.as_bytes(), &[]).chars().count() <= EXCERPT_CHARS);
    }

    #[test]
    fn api_error_debug_hides_data() {
        let mut e = ApiError::new(1635, "mfa", 200);
        e.data = Some(serde_json::json!({"mfaToken": "secret-mfa-token"}));
        assert!(!format!("{e:?}").contains("secret-mfa-token"));
    }
}
