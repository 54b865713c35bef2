//! `ManagementClient::check_login_status`: local verification of a user token.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use authing_core::models::{Sensitive, User};
use authing_core::{Result, codes};
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};

use crate::client::ManagementClient;
use crate::models::JwtClaims;

/// What [`ManagementClient::check_login_status`] answers.
///
/// A token that is not valid is an answer ([`LoginStatus::Invalid`]), not an error,
/// as with the authentication client's `check_login_status` (`status: false`):
/// errors are kept for the cases where the question could not be answered (the
/// `userpool` query failed, the pool's `jwtSecret` is empty).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum LoginStatus {
    /// The verified claims (`fetch_user_detail = false`).
    Claims(Box<JwtClaims>),
    /// The token's user, fetched after verification (`fetch_user_detail = true`).
    User(Box<User>),
    /// The token is not valid. `code` follows the service's `checkLoginStatus`:
    /// [`codes::TOKEN_EXPIRED`] (2206) for an expired token,
    /// [`codes::TOKEN_INVALID`] (2207) for an empty, malformed, badly signed token, a
    /// foreign algorithm, a token of another pool or not a user token, and
    /// [`codes::USER_NOT_FOUND`] (2004) when `fetch_user_detail` finds the user gone.
    Invalid {
        /// 2206, 2207 or 2004 (see above).
        code: i64,
        /// Why, without the token.
        reason: String,
    },
}

impl LoginStatus {
    /// `true` unless this is [`LoginStatus::Invalid`].
    ///
    /// ```no_run
    /// # async fn run(token: &str) -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// if !client.check_login_status(token, false).await?.is_valid() {
    ///     println!("please log in again");
    /// }
    /// # Ok(()) }
    /// ```
    pub fn is_valid(&self) -> bool {
        !matches!(self, Self::Invalid { .. })
    }

    /// The code of an invalid token (2206, 2207, 2004), `None` for a valid one.
    pub fn invalid_code(&self) -> Option<i64> {
        match self {
            Self::Invalid { code, .. } => Some(*code),
            _ => None,
        }
    }

    /// The claims, if this is [`LoginStatus::Claims`].
    ///
    /// ```no_run
    /// # async fn run(token: &str) -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let status = client.check_login_status(token, false).await?;
    /// let user_id = status.claims().and_then(|c| c.user_id());
    /// # let _ = user_id; Ok(()) }
    /// ```
    pub fn claims(&self) -> Option<&JwtClaims> {
        match self {
            Self::Claims(c) => Some(c),
            _ => None,
        }
    }

    /// The user, if this is [`LoginStatus::User`].
    ///
    /// ```no_run
    /// # async fn run(token: &str) -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let status = client.check_login_status(token, true).await?;
    /// let email = status.user().and_then(|u| u.email.clone());
    /// # let _ = email; Ok(()) }
    /// ```
    pub fn user(&self) -> Option<&User> {
        match self {
            Self::User(u) => Some(u),
            _ => None,
        }
    }

    fn invalid(code: i64, reason: impl Into<String>) -> Self {
        Self::Invalid {
            code,
            reason: reason.into(),
        }
    }
}

/// Clock skew tolerated on `exp`, in seconds.
const LEEWAY_SECS: i64 = 30;

impl ManagementClient {
    /// Verifies a user token issued by this pool, locally, at the machine's clock:
    /// see [`check_login_status_at`](Self::check_login_status_at).
    ///
    /// ```no_run
    /// # async fn run(user_token: &str) -> authing::Result<()> {
    /// let client = authing::management::ManagementClient::builder()
    ///     .user_pool_id("60b4a1c2d3e4f5a6b7c8d9e0")
    ///     .secret("pool-secret")
    ///     .build()?;
    /// match client.check_login_status(user_token, false).await? {
    ///     authing::management::LoginStatus::Claims(c) => println!("logged in as {:?}", c.user_id()),
    ///     other => println!("not logged in (code {:?})", other.invalid_code()),
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn check_login_status(
        &self,
        token: &str,
        fetch_user_detail: bool,
    ) -> Result<LoginStatus> {
        self.check_login_status_at(token, fetch_user_detail, SystemTime::now())
            .await
    }

    /// Verifies a user token issued by this pool, locally, as of `at`: an HS256
    /// signature made with the pool's `jwtSecret`, an `exp` after `at` (30 s of clock
    /// skew tolerated), `data.type == "user"` and `data.userPoolId` equal to this
    /// client's pool. `alg: none` and every other algorithm are rejected. (The official
    /// SDKs only decode the token; this checks it.) A `Bearer ` prefix is accepted.
    ///
    /// `at` exists for callers whose notion of "now" is not the machine's clock, e.g.
    /// tests that moved the emulator's clock (`check_login_status` uses the machine
    /// clock and would still say "valid").
    ///
    /// The `jwtSecret` is fetched with `query userpool` and cached; after a signature
    /// failure it is fetched again (at most every 10 s), so a rotated secret is picked
    /// up and a token signed with the old one stops passing.
    ///
    /// **Revocation is not visible here**: a token of a user who logged out or was
    /// kicked (`users().kick`) still verifies until its `exp`. Ask the service
    /// (the authentication client's `check_login_status`) when that matters.
    ///
    /// Returns [`LoginStatus::Claims`], with `fetch_user_detail` the token's user
    /// ([`LoginStatus::User`], via [`UsersClient::detail`](crate::UsersClient::detail)
    /// of `data.id`, `data.userId` or `sub`), or [`LoginStatus::Invalid`].
    ///
    /// # Errors
    /// Only when the question cannot be answered: an error of the `userpool` or `user`
    /// query, or an empty `jwtSecret` ([`Error::Config`](authing_core::Error::Config)).
    ///
    /// ```no_run
    /// # async fn run(user_token: &str) -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let in_two_hours = std::time::SystemTime::now() + std::time::Duration::from_secs(7200);
    /// let status = client.check_login_status_at(user_token, false, in_two_hours).await?;
    /// println!("still valid in two hours: {}", status.is_valid());
    /// # Ok(()) }
    /// ```
    pub async fn check_login_status_at(
        &self,
        token: &str,
        fetch_user_detail: bool,
        at: SystemTime,
    ) -> Result<LoginStatus> {
        let token = token.trim();
        let token = token.strip_prefix("Bearer ").unwrap_or(token).trim();
        if token.is_empty() {
            return Ok(LoginStatus::invalid(
                codes::TOKEN_INVALID,
                "the token is empty",
            ));
        }
        // Reject malformed tokens and foreign algorithms before any request.
        let header = match jsonwebtoken::decode_header(token) {
            Ok(h) => h,
            Err(e) => {
                return Ok(LoginStatus::invalid(
                    codes::TOKEN_INVALID,
                    format!("malformed token: {e}"),
                ));
            }
        };
        if header.alg != Algorithm::HS256 {
            return Ok(LoginStatus::invalid(
                codes::TOKEN_INVALID,
                format!(
                    "unsupported algorithm {:?}: only HS256 user-pool tokens are accepted",
                    header.alg
                ),
            ));
        }
        let mut validation = Validation::new(Algorithm::HS256);
        // `exp` is checked below against `at`, not the machine clock.
        validation.validate_exp = false;
        validation.required_spec_claims = ["exp".to_owned()].into_iter().collect();
        validation.validate_aud = false;
        let verify = |secret: &Sensitive| {
            jsonwebtoken::decode::<JwtClaims>(
                token,
                &DecodingKey::from_secret(secret.expose().as_bytes()),
                &validation,
            )
        };
        let secret = self.jwt_secret(None).await?;
        let decoded = match verify(&secret) {
            Err(e) if matches!(e.kind(), ErrorKind::InvalidSignature) => {
                // The secret may have been rotated: fetch it again (throttled).
                let again = self.jwt_secret(Some(&secret)).await?;
                if Arc::ptr_eq(&again, &secret) {
                    Err(e)
                } else {
                    verify(&again)
                }
            }
            other => other,
        };
        let claims = match decoded {
            Ok(d) => d.claims,
            Err(e) => return Ok(LoginStatus::invalid(codes::TOKEN_INVALID, e.to_string())),
        };
        let at = at
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
        if claims.exp.saturating_add(LEEWAY_SECS) <= at {
            return Ok(LoginStatus::invalid(
                codes::TOKEN_EXPIRED,
                "the token has expired",
            ));
        }
        let data = claims.data.as_ref();
        if data.and_then(|d| d.token_type.as_deref()) != Some("user") {
            return Ok(LoginStatus::invalid(
                codes::TOKEN_INVALID,
                "not a user token (data.type is not \"user\")",
            ));
        }
        let pool = self.options().user_pool_id();
        if pool.is_none() || data.and_then(|d| d.user_pool_id.as_deref()) != pool {
            return Ok(LoginStatus::invalid(
                codes::TOKEN_INVALID,
                "the token belongs to another user pool",
            ));
        }
        if !fetch_user_detail {
            return Ok(LoginStatus::Claims(Box::new(claims)));
        }
        let Some(id) = claims.user_id() else {
            return Ok(LoginStatus::invalid(
                codes::TOKEN_INVALID,
                "the token names no user",
            ));
        };
        match self.users().detail(id).await? {
            Some(user) => Ok(LoginStatus::User(Box::new(user))),
            None => Ok(LoginStatus::invalid(
                codes::USER_NOT_FOUND,
                "the token's user no longer exists",
            )),
        }
    }
}
