//! `ManagementClient::check_login_status`: local verification of a user token.

use authing_core::models::User;
use authing_core::{Error, Result, codes};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};

use crate::client::ManagementClient;
use crate::models::JwtClaims;

/// What [`ManagementClient::check_login_status`] returns for a valid token.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum LoginStatus {
    /// The verified claims (`fetch_user_detail = false`).
    Claims(Box<JwtClaims>),
    /// The token's user, fetched after verification (`fetch_user_detail = true`).
    User(Box<User>),
}

impl LoginStatus {
    /// The claims, if this is [`LoginStatus::Claims`].
    ///
    /// ```no_run
    /// # async fn run(token: &str) -> authing_core::Result<()> {
    /// # let client = authing_management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let status = client.check_login_status(token, false).await?;
    /// let user_id = status.claims().and_then(|c| c.user_id());
    /// # let _ = user_id; Ok(()) }
    /// ```
    pub fn claims(&self) -> Option<&JwtClaims> {
        match self {
            Self::Claims(c) => Some(c),
            Self::User(_) => None,
        }
    }

    /// The user, if this is [`LoginStatus::User`].
    ///
    /// ```no_run
    /// # async fn run(token: &str) -> authing_core::Result<()> {
    /// # let client = authing_management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let status = client.check_login_status(token, true).await?;
    /// let email = status.user().and_then(|u| u.email.clone());
    /// # let _ = email; Ok(()) }
    /// ```
    pub fn user(&self) -> Option<&User> {
        match self {
            Self::User(u) => Some(u),
            Self::Claims(_) => None,
        }
    }
}

/// Clock skew tolerated on `exp`, in seconds.
const LEEWAY_SECS: u64 = 30;

impl ManagementClient {
    /// Verifies a user token issued by the pool, locally: an HS256 signature made with
    /// the pool's `jwtSecret` (fetched once with `query userpool` and cached), and an
    /// `exp` in the future (30 s of clock skew tolerated). `alg: none` and every other
    /// algorithm are rejected. (The official SDKs only decode the token; this checks
    /// it.)
    ///
    /// Returns [`LoginStatus::Claims`], or with `fetch_user_detail` the token's user
    /// ([`LoginStatus::User`], via [`UsersClient::detail`](crate::UsersClient::detail)
    /// of `data.id`, `data.userId` or `sub`).
    ///
    /// # Errors
    /// [`Error::InvalidToken`] for an empty, malformed, expired or badly signed token
    /// (no request is sent for an empty one); an [`Error::Api`] with code 2004 when the
    /// user no longer exists; any error of the `userpool` call.
    ///
    /// ```no_run
    /// # async fn run(user_token: &str) -> authing_core::Result<()> {
    /// let client = authing_management::ManagementClient::builder()
    ///     .user_pool_id("60b4a1c2d3e4f5a6b7c8d9e0")
    ///     .secret("pool-secret")
    ///     .build()?;
    /// match client.check_login_status(user_token, false).await {
    ///     Ok(status) => println!("logged in as {:?}", status.claims().and_then(|c| c.user_id())),
    ///     Err(e) => println!("not logged in: {e}"),
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn check_login_status(
        &self,
        token: &str,
        fetch_user_detail: bool,
    ) -> Result<LoginStatus> {
        let token = token.trim();
        let token = token.strip_prefix("Bearer ").unwrap_or(token).trim();
        if token.is_empty() {
            return Err(Error::InvalidToken("the token is empty".into()));
        }
        // Reject malformed tokens and foreign algorithms before any request.
        let header = jsonwebtoken::decode_header(token)
            .map_err(|e| Error::InvalidToken(format!("malformed token: {e}")))?;
        if header.alg != Algorithm::HS256 {
            return Err(Error::InvalidToken(format!(
                "unsupported algorithm {:?}: only HS256 user-pool tokens are accepted",
                header.alg
            )));
        }
        let secret = self.jwt_secret().await?;
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = LEEWAY_SECS;
        validation.validate_aud = false;
        let data = jsonwebtoken::decode::<JwtClaims>(
            token,
            &DecodingKey::from_secret(secret.expose().as_bytes()),
            &validation,
        )
        .map_err(|e| Error::InvalidToken(format!("{e}")))?;
        let claims = data.claims;
        if !fetch_user_detail {
            return Ok(LoginStatus::Claims(Box::new(claims)));
        }
        let id = claims
            .user_id()
            .ok_or_else(|| Error::InvalidToken("the token names no user".into()))?;
        match self.users().detail(id).await? {
            Some(user) => Ok(LoginStatus::User(Box::new(user))),
            None => Err(Error::api(codes::USER_NOT_FOUND, "user not found", 200)),
        }
    }
}
