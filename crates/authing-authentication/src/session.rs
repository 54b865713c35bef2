//! Registration, login, logout and token status.

use serde_json::{Map, Value, json};

use authing_core::models::{JwtTokenStatus, RefreshedToken, Sensitive, User};
use authing_core::{Operation, RestRequest, Result};

use crate::client::{AuthenticationClient, context_text, non_blank, params_text, required};
use crate::operations as ops;
use crate::types::{LoginOptions, RegisterOptions};

impl RegisterOptions {
    fn apply(&self, input: &mut Map<String, Value>) -> Result<()> {
        if let Some(p) = &self.profile {
            input.insert("profile".into(), serde_json::to_value(p).map_err(bad_arg)?);
        }
        if self.force_login {
            input.insert("forceLogin".into(), true.into());
        }
        if self.generate_token {
            input.insert("generateToken".into(), true.into());
        }
        insert_opt(input, "clientIp", self.client_ip.clone());
        insert_opt(input, "params", params_text(&self.custom_data));
        insert_opt(input, "context", context_text(self.context.as_ref()));
        Ok(())
    }
}

impl LoginOptions {
    fn apply(&self, input: &mut Map<String, Value>, captcha_allowed: bool) -> Result<()> {
        if self.auto_register {
            input.insert("autoRegister".into(), true.into());
        }
        if let Some(c) = &self.captcha_code {
            if !captcha_allowed {
                return Err(authing_core::Error::InvalidArgument(
                    "captcha_code is not accepted by login_by_phone_code".into(),
                ));
            }
            input.insert("captchaCode".into(), c.clone().into());
        }
        insert_opt(input, "clientIp", self.client_ip.clone());
        insert_opt(input, "params", params_text(&self.custom_data));
        insert_opt(input, "context", context_text(self.context.as_ref()));
        Ok(())
    }
}

fn insert_opt(m: &mut Map<String, Value>, key: &str, v: Option<String>) {
    if let Some(v) = v {
        m.insert(key.into(), v.into());
    }
}

fn bad_arg(e: serde_json::Error) -> authing_core::Error {
    authing_core::Error::InvalidArgument(e.to_string())
}

impl AuthenticationClient {
    async fn register(
        &self,
        op: &Operation,
        mut input: Map<String, Value>,
        options: &RegisterOptions,
    ) -> Result<User> {
        options.apply(&mut input)?;
        self.send_user(op, json!({ "input": input }), None).await
    }

    async fn login(
        &self,
        op: &Operation,
        mut input: Map<String, Value>,
        options: &LoginOptions,
        captcha_allowed: bool,
    ) -> Result<User> {
        options.apply(&mut input, captcha_allowed)?;
        let user: Option<User> = self.send(op, json!({ "input": input }), None).await?;
        let user = required(op, user)?;
        if user.token.as_ref().is_none_or(|t| t.expose().is_empty()) {
            // Not a login: keep the session (and its user) as it was.
            return Err(authing_core::Error::Decode {
                status: 200,
                reason: format!("`{}` returned a user without a token", op.root_field),
                excerpt: String::new(),
            });
        }
        self.adopt_user(None, &user);
        Ok(user)
    }

    async fn credentials(
        &self,
        id_field: &str,
        id: &str,
        password: &str,
    ) -> Result<Map<String, Value>> {
        non_blank(id_field, id)?;
        non_blank("password", password)?;
        let mut m = Map::new();
        m.insert(id_field.into(), id.into());
        m.insert("password".into(), self.encrypt(password).await?.into());
        Ok(m)
    }

    /// Registers a user with an email address and a password (`registerByEmail`; the
    /// password is encrypted).
    ///
    /// The new user has a token only with [`RegisterOptions::force_login`] or
    /// [`RegisterOptions::generate_token`]; the client then holds the new session.
    /// Without a token, the session is left as it was (unlike the official Python SDK,
    /// a register never logs the current user out). Fails with code 2026 (see
    /// [`Error::is_user_exists`](authing_core::Error::is_user_exists)) when the email
    /// is taken.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing_authentication::AuthenticationClient) -> authing_authentication::Result<()> {
    /// use authing_authentication::RegisterOptions;
    /// let user = auth
    ///     .register_by_email("alice@example.com", "s3cret", RegisterOptions::default())
    ///     .await?;
    /// # let _ = user; Ok(()) }
    /// ```
    pub async fn register_by_email(
        &self,
        email: &str,
        password: &str,
        options: RegisterOptions,
    ) -> Result<User> {
        let input = self.credentials("email", email, password).await?;
        self.register(&ops::REGISTER_BY_EMAIL, input, &options)
            .await
    }

    /// Registers a user with a username and a password (`registerByUsername`; the
    /// password is encrypted). Session handling as in
    /// [`register_by_email`](Self::register_by_email).
    ///
    /// ```no_run
    /// # async fn demo(auth: authing_authentication::AuthenticationClient) -> authing_authentication::Result<()> {
    /// use authing_authentication::RegisterOptions;
    /// let options = RegisterOptions { force_login: true, ..Default::default() };
    /// let user = auth.register_by_username("alice", "s3cret", options).await?;
    /// assert!(auth.token().is_some());
    /// # let _ = user; Ok(()) }
    /// ```
    pub async fn register_by_username(
        &self,
        username: &str,
        password: &str,
        options: RegisterOptions,
    ) -> Result<User> {
        let input = self.credentials("username", username, password).await?;
        self.register(&ops::REGISTER_BY_USERNAME, input, &options)
            .await
    }

    /// Registers a user with a phone number and the SMS code sent by
    /// [`send_sms_code`](Self::send_sms_code), optionally with a password
    /// (`registerByPhoneCode`; the password is encrypted). Session handling as in
    /// [`register_by_email`](Self::register_by_email).
    ///
    /// ```no_run
    /// # async fn demo(auth: authing_authentication::AuthenticationClient) -> authing_authentication::Result<()> {
    /// use authing_authentication::RegisterOptions;
    /// auth.send_sms_code("+8613800000000").await?;
    /// let user = auth
    ///     .register_by_phone_code("+8613800000000", "123456", Some("s3cret"), RegisterOptions::default())
    ///     .await?;
    /// # let _ = user; Ok(()) }
    /// ```
    pub async fn register_by_phone_code(
        &self,
        phone: &str,
        code: &str,
        password: Option<&str>,
        options: RegisterOptions,
    ) -> Result<User> {
        non_blank("phone", phone)?;
        non_blank("code", code)?;
        let mut input = Map::new();
        input.insert("phone".into(), phone.into());
        input.insert("code".into(), code.into());
        if let Some(p) = password {
            non_blank("password", p)?;
            input.insert("password".into(), self.encrypt(p).await?.into());
        }
        self.register(&ops::REGISTER_BY_PHONE_CODE, input, &options)
            .await
    }

    /// Logs in with an email address and a password (`loginByEmail`; the password is
    /// encrypted). The client then holds the user and their token.
    ///
    /// An answer without a user, or with a user without a token, is not a login: it
    /// fails with [`Error::Decode`](authing_core::Error::Decode) and the session is
    /// left as it was (this holds for every `login_by_*` method).
    ///
    /// Fails with code 2004 ([`is_user_not_found`](authing_core::Error::is_user_not_found))
    /// for an unknown email (unless [`LoginOptions::auto_register`]) and 2333 or 2006
    /// ([`is_wrong_password`](authing_core::Error::is_wrong_password)) for a wrong
    /// password.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing_authentication::AuthenticationClient) -> authing_authentication::Result<()> {
    /// use authing_authentication::LoginOptions;
    /// let user = auth.login_by_email("alice@example.com", "s3cret", LoginOptions::default()).await?;
    /// assert_eq!(auth.current_user().map(|u| u.id), Some(user.id));
    /// # Ok(()) }
    /// ```
    pub async fn login_by_email(
        &self,
        email: &str,
        password: &str,
        options: LoginOptions,
    ) -> Result<User> {
        let input = self.credentials("email", email, password).await?;
        self.login(&ops::LOGIN_BY_EMAIL, input, &options, true)
            .await
    }

    /// Logs in with a username and a password (`loginByUsername`; the password is
    /// encrypted). Session and errors as in [`login_by_email`](Self::login_by_email).
    ///
    /// ```no_run
    /// # async fn demo(auth: authing_authentication::AuthenticationClient) -> authing_authentication::Result<()> {
    /// use authing_authentication::LoginOptions;
    /// match auth.login_by_username("alice", "s3cret", LoginOptions::default()).await {
    ///     Ok(user) => println!("welcome {}", user.id),
    ///     Err(e) if e.is_wrong_password() => println!("wrong password"),
    ///     Err(e) => return Err(e),
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn login_by_username(
        &self,
        username: &str,
        password: &str,
        options: LoginOptions,
    ) -> Result<User> {
        let input = self.credentials("username", username, password).await?;
        self.login(&ops::LOGIN_BY_USERNAME, input, &options, true)
            .await
    }

    /// Logs in with a phone number and the SMS code sent by
    /// [`send_sms_code`](Self::send_sms_code) (`loginByPhoneCode`). The service creates
    /// the account when the phone is new. [`LoginOptions::captcha_code`] is not
    /// accepted here ([`Error::InvalidArgument`](authing_core::Error::InvalidArgument)).
    ///
    /// ```no_run
    /// # async fn demo(auth: authing_authentication::AuthenticationClient) -> authing_authentication::Result<()> {
    /// use authing_authentication::LoginOptions;
    /// let user = auth.login_by_phone_code("+8613800000000", "123456", LoginOptions::default()).await?;
    /// # let _ = user; Ok(()) }
    /// ```
    pub async fn login_by_phone_code(
        &self,
        phone: &str,
        code: &str,
        options: LoginOptions,
    ) -> Result<User> {
        non_blank("phone", phone)?;
        non_blank("code", code)?;
        let mut input = Map::new();
        input.insert("phone".into(), phone.into());
        input.insert("code".into(), code.into());
        self.login(&ops::LOGIN_BY_PHONE_CODE, input, &options, false)
            .await
    }

    /// Logs in with a phone number and a password (`loginByPhonePassword`; the password
    /// is encrypted). Session and errors as in [`login_by_email`](Self::login_by_email).
    ///
    /// ```no_run
    /// # async fn demo(auth: authing_authentication::AuthenticationClient) -> authing_authentication::Result<()> {
    /// use authing_authentication::LoginOptions;
    /// let user = auth
    ///     .login_by_phone_password("+8613800000000", "s3cret", LoginOptions::default())
    ///     .await?;
    /// # let _ = user; Ok(()) }
    /// ```
    pub async fn login_by_phone_password(
        &self,
        phone: &str,
        password: &str,
        options: LoginOptions,
    ) -> Result<User> {
        let input = self.credentials("phone", phone, password).await?;
        self.login(&ops::LOGIN_BY_PHONE_PASSWORD, input, &options, true)
            .await
    }

    /// Fetches the logged-in user (`user` without an id: the service answers for the
    /// bearer token) and holds it as [`current_user`](Self::current_user). Needs a token.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing_authentication::AuthenticationClient) -> authing_authentication::Result<()> {
    /// let me = auth.get_current_user().await?;
    /// println!("{:?}", me.email);
    /// # Ok(()) }
    /// ```
    pub async fn get_current_user(&self) -> Result<User> {
        let token = self.require_token()?;
        self.send_user(&ops::USER, json!({}), Some(&token)).await
    }

    /// Asks the service whether a token is valid (`checkLoginStatus`): `token`, or the
    /// held token when `None`. The token travels as the query's argument, not as a
    /// bearer header. An invalid or expired token is not an error: the answer has
    /// `status: Some(false)` and a code such as 2206 or 2207. The session is not
    /// changed. Fails with [`Error::NotLoggedIn`](authing_core::Error::NotLoggedIn)
    /// when there is no token to check.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing_authentication::AuthenticationClient) -> authing_authentication::Result<()> {
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
        let status: Option<JwtTokenStatus> = self
            .send(
                &ops::CHECK_LOGIN_STATUS,
                json!({ "token": token.expose() }),
                None,
            )
            .await?;
        required(&ops::CHECK_LOGIN_STATUS, status)
    }

    /// Exchanges the held token for a new one (`refreshToken` without an id) and holds
    /// the new token (the token hook is called). Needs a token.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing_authentication::AuthenticationClient) -> authing_authentication::Result<()> {
    /// let refreshed = auth.refresh_token().await?;
    /// println!("new token expires at {:?}", refreshed.exp);
    /// # Ok(()) }
    /// ```
    pub async fn refresh_token(&self) -> Result<RefreshedToken> {
        let token = self.require_token()?;
        let refreshed: Option<RefreshedToken> = self
            .send(&ops::REFRESH_TOKEN, json!({}), Some(&token))
            .await?;
        let refreshed = required(&ops::REFRESH_TOKEN, refreshed)?;
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
    /// # async fn demo(auth: authing_authentication::AuthenticationClient) -> authing_authentication::Result<()> {
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
