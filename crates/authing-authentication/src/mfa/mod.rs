//! Multi-factor authentication (all REST, `{appHost}/api/v2/...`): binding a TOTP
//! authenticator, and the second step of a login that failed with
//! [`Error::MfaRequired`](authing_core::Error::MfaRequired).
//!
//! The bearer of every call is the MFA token when one is given (the second step of a
//! login), else the session's user token (managing one's own authenticators).

mod types;

use serde_json::{Value, json};

use authing_core::__private::{Method, RestRequest, check_message, non_blank};
use authing_core::models::{CommonMessage, Sensitive, User};
use authing_core::{Error, Result};

use crate::client::AuthenticationClient;
pub use types::{MfaAssociation, MfaAuthenticator, MfaOptions};

const VERIFY_TOTP: &str = "/api/v2/mfa/totp/verify";

impl AuthenticationClient {
    /// The bearer: the MFA token when given (not blank), else the held user token.
    fn mfa_bearer(&self, mfa_token: Option<&str>) -> Result<Sensitive> {
        match mfa_token {
            Some(t) => {
                non_blank("mfa_token", t)?;
                Ok(Sensitive::new(t))
            }
            None => self.require_token(),
        }
    }

    async fn mfa_rest<T: serde::de::DeserializeOwned>(
        &self,
        req: RestRequest,
        bearer: &Sensitive,
    ) -> Result<authing_core::__private::Envelope<T>> {
        self.transport().rest::<T>(req, Some(bearer.expose())).await
    }

    /// A second step: posts `body` to `path` with the MFA token; the answer is the
    /// logged-in user, who becomes the session (the token hook fires).
    async fn mfa_login(&self, path: &str, body: Value, mfa_token: &str) -> Result<User> {
        non_blank("mfa_token", mfa_token)?;
        let bearer = Sensitive::new(mfa_token);
        let env = self
            .mfa_rest::<Option<User>>(RestRequest::post(path, body), &bearer)
            .await?;
        let user = env.data.ok_or_else(|| no_data(path))?;
        if user.token.as_ref().is_none_or(|t| t.expose().is_empty()) {
            return Err(no_data(&format!("{path} (a user without a token)")));
        }
        self.adopt_user(None, &user);
        Ok(user)
    }

    /// The user's MFA authenticators of a type (`GET /api/v2/mfa/authenticator`).
    ///
    /// `mfa_token`: the token of [`Error::MfaRequired`] during a login, or `None` to use
    /// the session's token ([`Error::NotLoggedIn`] without one).
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient) -> authing::authentication::Result<()> {
    /// use authing::authentication::MfaOptions;
    /// let list = auth.get_mfa_authenticators(None, &MfaOptions::default()).await?;
    /// println!("{} authenticator(s) bound", list.len());
    /// # Ok(()) }
    /// ```
    pub async fn get_mfa_authenticators(
        &self,
        mfa_token: Option<&str>,
        options: &MfaOptions,
    ) -> Result<Vec<MfaAuthenticator>> {
        let bearer = self.mfa_bearer(mfa_token)?;
        let req = RestRequest::get("/api/v2/mfa/authenticator")
            .query("type", options.kind())
            .query("source", options.source());
        let env = self
            .mfa_rest::<Option<Vec<MfaAuthenticator>>>(req, &bearer)
            .await?;
        Ok(env.data.unwrap_or_default())
    }

    /// Starts binding a TOTP authenticator (`POST /api/v2/mfa/totp/associate`): the
    /// secret (and `otpauth://` URI) to put in an authenticator app, and the recovery
    /// code. Finish with
    /// [`confirm_associate_mfa_authenticator`](Self::confirm_associate_mfa_authenticator).
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient) -> authing::authentication::Result<()> {
    /// use authing::authentication::MfaOptions;
    /// let a = auth.associate_mfa_authenticator(None, &MfaOptions::default()).await?;
    /// // show a.qrcode_uri as a QR code; keep a.recovery_code somewhere safe
    /// let code = "123456"; // what the authenticator app shows
    /// auth.confirm_associate_mfa_authenticator(code, None, &MfaOptions::default()).await?;
    /// # let _ = a; Ok(()) }
    /// ```
    #[doc(alias = "assosicate_mfa_authenticator")]
    pub async fn associate_mfa_authenticator(
        &self,
        mfa_token: Option<&str>,
        options: &MfaOptions,
    ) -> Result<MfaAssociation> {
        let bearer = self.mfa_bearer(mfa_token)?;
        let body = json!({"authenticatorType": options.kind(), "source": options.source()});
        let env = self
            .mfa_rest::<Option<MfaAssociation>>(
                RestRequest::post("/api/v2/mfa/totp/associate", body),
                &bearer,
            )
            .await?;
        env.data
            .ok_or_else(|| no_data("/api/v2/mfa/totp/associate"))
    }

    /// [`associate_mfa_authenticator`](Self::associate_mfa_authenticator) under the
    /// official SDKs' (misspelt) name.
    pub async fn assosicate_mfa_authenticator(
        &self,
        mfa_token: Option<&str>,
        options: &MfaOptions,
    ) -> Result<MfaAssociation> {
        self.associate_mfa_authenticator(mfa_token, options).await
    }

    /// Confirms the authenticator being bound with its current code
    /// (`POST /api/v2/mfa/totp/associate/confirm`); from then on logins need a second
    /// factor. A wrong code fails with code 6001.
    ///
    /// See [`associate_mfa_authenticator`](Self::associate_mfa_authenticator) for an example.
    #[doc(alias = "confirm_assosicate_mfa_authenticator")]
    pub async fn confirm_associate_mfa_authenticator(
        &self,
        totp: &str,
        mfa_token: Option<&str>,
        options: &MfaOptions,
    ) -> Result<CommonMessage> {
        non_blank("totp", totp)?;
        let bearer = self.mfa_bearer(mfa_token)?;
        let body = json!({
            "authenticatorType": options.kind(),
            "source": options.source(),
            "totp": totp,
        });
        let env = self
            .mfa_rest::<Value>(
                RestRequest::post("/api/v2/mfa/totp/associate/confirm", body),
                &bearer,
            )
            .await?;
        check_message(Some(CommonMessage::new(env.code, env.message)))
    }

    /// [`confirm_associate_mfa_authenticator`](Self::confirm_associate_mfa_authenticator)
    /// under the official SDKs' (misspelt) name.
    pub async fn confirm_assosicate_mfa_authenticator(
        &self,
        totp: &str,
        mfa_token: Option<&str>,
        options: &MfaOptions,
    ) -> Result<CommonMessage> {
        self.confirm_associate_mfa_authenticator(totp, mfa_token, options)
            .await
    }

    /// Unbinds the session user's TOTP authenticator (`DELETE /api/v2/mfa/totp/associate`).
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient) -> authing::authentication::Result<()> {
    /// auth.delete_mfa_authenticator().await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_mfa_authenticator(&self) -> Result<CommonMessage> {
        let token = self.require_token()?;
        let req = RestRequest {
            method: Method::Delete,
            ..RestRequest::get("/api/v2/mfa/totp/associate")
        };
        let env = self.mfa_rest::<Value>(req, &token).await?;
        check_message(Some(CommonMessage::new(env.code, env.message)))
    }

    /// Finishes a login with the authenticator app's code
    /// (`POST /api/v2/mfa/totp/verify`, bearer = `mfa_token`). The answer is the
    /// logged-in user with a token, which becomes the session like any login.
    ///
    /// A wrong code (or one whose 30-second step was already used) fails with code
    /// 6001; an expired MFA token with 2206 (log in again).
    ///
    /// The two-step login:
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient, ask_user: impl Fn() -> String) -> authing::authentication::Result<()> {
    /// use authing::authentication::{Error, LoginOptions};
    /// let user = match auth.login_by_username("alice", "s3cret", &LoginOptions::default()).await {
    ///     Ok(user) => user,
    ///     Err(Error::MfaRequired { mfa_token, details, .. }) if details.totp_enabled => {
    ///         let code = ask_user(); // the 6 digits of the authenticator app
    ///         auth.verify_totp_mfa(&code, mfa_token.expose()).await?
    ///     }
    ///     Err(e) => return Err(e),
    /// };
    /// assert!(auth.token().is_some());
    /// # let _ = user; Ok(()) }
    /// ```
    pub async fn verify_totp_mfa(&self, totp: &str, mfa_token: &str) -> Result<User> {
        non_blank("totp", totp)?;
        self.mfa_login(VERIFY_TOTP, json!({"totp": totp}), mfa_token)
            .await
    }

    /// Finishes a login with the TOTP recovery code (`POST /api/v2/mfa/totp/recovery`,
    /// bearer = `mfa_token`); a recovery code works once (then code 6002).
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient, err: authing::authentication::Error) -> authing::authentication::Result<()> {
    /// if let Some(mfa_token) = err.mfa_token() {
    ///     auth.verify_totp_recovery_code("ab12-cd34-ef56-7890", mfa_token.expose()).await?;
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn verify_totp_recovery_code(
        &self,
        recovery_code: &str,
        mfa_token: &str,
    ) -> Result<User> {
        non_blank("recovery_code", recovery_code)?;
        self.mfa_login(
            "/api/v2/mfa/totp/recovery",
            json!({"recoveryCode": recovery_code}),
            mfa_token,
        )
        .await
    }

    /// Finishes a login with an SMS code (`POST /api/v2/applications/mfa/sms/verify`,
    /// bearer = `mfa_token`); send the code first with
    /// [`send_sms_code`](Self::send_sms_code) to the user's phone
    /// ([`MfaDetails::phone`](authing_core::MfaDetails::phone)).
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient, mfa_token: &str) -> authing::authentication::Result<()> {
    /// auth.send_sms_code("13800138000").await?;
    /// let user = auth.verify_app_sms_mfa("13800138000", "123456", mfa_token).await?;
    /// # let _ = user; Ok(()) }
    /// ```
    pub async fn verify_app_sms_mfa(
        &self,
        phone: &str,
        code: &str,
        mfa_token: &str,
    ) -> Result<User> {
        non_blank("phone", phone)?;
        non_blank("code", code)?;
        self.mfa_login(
            "/api/v2/applications/mfa/sms/verify",
            json!({"phone": phone, "code": code}),
            mfa_token,
        )
        .await
    }

    /// Finishes a login with an email code (`POST /api/v2/applications/mfa/email/verify`,
    /// bearer = `mfa_token`); send the code first with
    /// [`send_email`](Self::send_email) (scene `MFA_VERIFY`).
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient, mfa_token: &str) -> authing::authentication::Result<()> {
    /// use authing::authentication::EmailScene;
    /// auth.send_email("alice@example.com", EmailScene::MfaVerify).await?;
    /// let user = auth.verify_app_email_mfa("alice@example.com", "123456", mfa_token).await?;
    /// # let _ = user; Ok(()) }
    /// ```
    pub async fn verify_app_email_mfa(
        &self,
        email: &str,
        code: &str,
        mfa_token: &str,
    ) -> Result<User> {
        non_blank("email", email)?;
        non_blank("code", code)?;
        self.mfa_login(
            "/api/v2/applications/mfa/email/verify",
            json!({"email": email, "code": code}),
            mfa_token,
        )
        .await
    }

    /// Whether a phone and / or email may be bound to the user of a login waiting for
    /// its second factor (`POST /api/v2/applications/mfa/check`, bearer = `mfa_token`):
    /// `false` when another user has them. At least one of the two is needed.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient, mfa_token: &str) -> authing::authentication::Result<()> {
    /// if auth.phone_or_email_bindable(mfa_token, Some("13800138000"), None).await? {
    ///     // send a code to it and finish with verify_app_sms_mfa
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn phone_or_email_bindable(
        &self,
        mfa_token: &str,
        phone: Option<&str>,
        email: Option<&str>,
    ) -> Result<bool> {
        non_blank("mfa_token", mfa_token)?;
        let phone = phone.filter(|p| !p.trim().is_empty());
        let email = email.filter(|e| !e.trim().is_empty());
        if phone.is_none() && email.is_none() {
            return Err(Error::InvalidArgument(
                "phone or email must be given".into(),
            ));
        }
        let env = self
            .mfa_rest::<Option<bool>>(
                RestRequest::post(
                    "/api/v2/applications/mfa/check",
                    json!({"phone": phone, "email": email}),
                ),
                &Sensitive::new(mfa_token),
            )
            .await?;
        env.data
            .ok_or_else(|| no_data("/api/v2/applications/mfa/check"))
    }
}

/// An answer without the `data` the method returns.
fn no_data(what: &str) -> Error {
    Error::Decode {
        status: 200,
        reason: format!("{what}: the answer has no data"),
        excerpt: String::new(),
    }
}
