//! The session on the server: token status, token refresh, logout.

use serde_json::Value;

use authing_core::__private::{RestRequest, non_blank, required};
use authing_core::models::{JwtTokenStatus, RefreshedToken, Sensitive};
use authing_core::{Operation, Result};

use crate::client::AuthenticationClient;

/// `query checkLoginStatus`: The status of a token.
pub const CHECK_LOGIN_STATUS: Operation = Operation::query(
    "checkLoginStatus",
    "checkLoginStatus",
    include_str!("check_login_status.graphql"),
)
.with_variables::<CheckLoginStatusVars<'static>>();

/// `mutation refreshToken`: Issues a new token for the bearer's user (no `id`).
pub const REFRESH_TOKEN: Operation = Operation::mutation(
    "refreshToken",
    "refreshToken",
    include_str!("refresh_token.graphql"),
)
.with_variables::<RefreshTokenVars<'static>>();

authing_core::variables! {
    /// Variables of `checkLoginStatus`.
    pub(crate) struct CheckLoginStatusVars<'a> {
        token: &'a str,
    }
}

authing_core::variables! {
    /// Variables of `refreshToken`: no `id`, the service answers for the bearer.
    pub(crate) struct RefreshTokenVars<'a> {
        id: Option<&'a str>,
    }
}

impl AuthenticationClient {
    /// Asks the service whether a token is valid (`checkLoginStatus`): `token`, or the
    /// held token when `None`. The token travels as the query's argument, not as a
    /// bearer header. An invalid or expired token is not an error: the answer has
    /// `status: Some(false)` and a code such as 2206 or 2207. The session is not
    /// changed. Fails with [`Error::NotLoggedIn`](authing_core::Error::NotLoggedIn)
    /// when there is no token to check.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient) -> authing::authentication::Result<()> {
    /// let status = auth.check_login_status(None).await?;
    /// if status.status != Some(true) {
    ///     auth.clear_session();
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn check_login_status(&self, token: Option<&str>) -> Result<JwtTokenStatus> {
        let token = match token {
            Some(t) => {
                non_blank("token", t)?;
                Sensitive::new(t)
            }
            None => self.require_token()?,
        };
        let vars = CheckLoginStatusVars {
            token: token.expose(),
        };
        let status: Option<JwtTokenStatus> = self.graphql(&CHECK_LOGIN_STATUS, &vars, None).await?;
        required(&CHECK_LOGIN_STATUS, status)
    }

    /// Exchanges the held token for a new one (`refreshToken` without an id) and holds
    /// the new token (the token hook is called). Needs a token.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient) -> authing::authentication::Result<()> {
    /// let refreshed = auth.refresh_token().await?;
    /// println!("new token expires at {:?}", refreshed.exp);
    /// # Ok(()) }
    /// ```
    pub async fn refresh_token(&self) -> Result<RefreshedToken> {
        let token = self.require_token()?;
        let refreshed: Option<RefreshedToken> = self
            .graphql(&REFRESH_TOKEN, &RefreshTokenVars { id: None }, Some(&token))
            .await?;
        let refreshed = required(&REFRESH_TOKEN, refreshed)?;
        if let Some(new) = refreshed.token.clone().filter(|t| !t.expose().is_empty()) {
            self.adopt_token(&token, new, refreshed.exp);
        }
        Ok(refreshed)
    }

    /// Logs out: `GET /api/v2/logout` (with `app_id` when the client has one) with the
    /// held token, then clears the session (the token hook gets `None`).
    ///
    /// When the service answers that the token is already unusable (2020 not logged in,
    /// 2206 expired, 2207 invalid) the session is cleared too and `Ok(())` returned:
    /// the user is logged out either way. On other failures (e.g. network) the session
    /// is kept so the call can be retried. Needs a token.
    ///
    /// The session is cleared when it is still the one logged out, even if
    /// [`refresh_token`](Self::refresh_token) replaced its token meanwhile; a session
    /// started meanwhile (a login, [`set_token`](Self::set_token)) is kept.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient) -> authing::authentication::Result<()> {
    /// auth.logout().await?;
    /// assert!(auth.current_user().is_none());
    /// # Ok(()) }
    /// ```
    pub async fn logout(&self) -> Result<()> {
        let (token, epoch) = self.require_session()?;
        let mut req = RestRequest::get("/api/v2/logout");
        if let Some(app_id) = self.options().app_id() {
            req = req.query("app_id", app_id);
        }
        match self
            .transport()
            .rest::<Value>(req, Some(token.expose()))
            .await
        {
            Ok(_) => {}
            Err(e) if e.is_not_logged_in() || e.is_token_invalid() || e.is_token_expired() => {}
            Err(e) => return Err(e),
        }
        self.end_session(epoch);
        Ok(())
    }
}
