//! Verification codes, password reset, profile, password, phone and email changes.

use serde_json::{Value, json};

use authing_core::models::{CommonMessage, User};
use authing_core::{RestRequest, Result};

use crate::client::{AuthenticationClient, non_blank, required};
use crate::operations as ops;
use crate::types::{EmailScene, PasswordStrength, UpdateProfile};

/// A `CommonMessage` answer: only code 200 (or no code) is a success; another code is
/// an [`Error::Api`](authing_core::Error::Api) with that code and message. A null
/// answer (allowed by the schema for some roots) is a success with neither.
fn checked(msg: Option<CommonMessage>) -> Result<CommonMessage> {
    let msg = msg.unwrap_or_default();
    match msg.code {
        Some(code) if code != 200 => Err(authing_core::Error::api(
            code,
            msg.message.unwrap_or_default(),
            200,
        )),
        _ => Ok(msg),
    }
}

impl AuthenticationClient {
    /// Sends an SMS verification code to `phone` (`POST /api/v2/sms/send`, no token).
    /// Returns the service's code (200) and message; an envelope with another code is
    /// an [`Error::Api`](authing_core::Error::Api) (e.g. when sending too often).
    ///
    /// ```no_run
    /// # async fn demo(auth: authing_authentication::AuthenticationClient) -> authing_authentication::Result<()> {
    /// let sent = auth.send_sms_code("+8613800000000").await?;
    /// println!("{:?}", sent.message);
    /// # Ok(()) }
    /// ```
    pub async fn send_sms_code(&self, phone: &str) -> Result<CommonMessage> {
        non_blank("phone", phone)?;
        let env = self
            .transport()
            .rest::<Value>(
                RestRequest::post("/api/v2/sms/send", json!({ "phone": phone })),
                None,
            )
            .await?;
        checked(Some(CommonMessage::new(env.code, env.message)))
    }

    /// Sends an email for `scene` (`sendEmail`, no token), e.g. a reset-password code
    /// for [`reset_password_by_email_code`](Self::reset_password_by_email_code).
    ///
    /// Only business code 200 is a success: an answer with another `code` fails with
    /// [`Error::Api`](authing_core::Error::Api) carrying that code and message.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing_authentication::AuthenticationClient) -> authing_authentication::Result<()> {
    /// use authing_authentication::EmailScene;
    /// let sent = auth.send_email("alice@example.com", EmailScene::ResetPassword).await?;
    /// assert!(sent.is_ok());
    /// # Ok(()) }
    /// ```
    pub async fn send_email(&self, email: &str, scene: EmailScene) -> Result<CommonMessage> {
        non_blank("email", email)?;
        let msg: Option<CommonMessage> = self
            .send(
                &ops::SEND_EMAIL,
                json!({ "email": email, "scene": scene }),
                None,
            )
            .await?;
        // `sendEmail` is `CommonMessage!`: null is a broken answer.
        checked(Some(required(&ops::SEND_EMAIL, msg)?))
    }

    /// Checks `password` against the pool's password policy (`checkPasswordStrength`,
    /// no token). As in every official SDK, this password is sent as is (not
    /// encrypted): the service needs to read it.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing_authentication::AuthenticationClient) -> authing_authentication::Result<()> {
    /// let strength = auth.check_password_strength("s3cret").await?;
    /// if !strength.valid {
    ///     println!("too weak: {:?}", strength.message);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn check_password_strength(&self, password: &str) -> Result<PasswordStrength> {
        self.send(
            &ops::CHECK_PASSWORD_STRENGTH,
            json!({ "password": password }),
            None,
        )
        .await
    }

    /// Resets the password of the account with this phone number, using the SMS code
    /// sent by [`send_sms_code`](Self::send_sms_code) (`resetPassword`, no token; the
    /// new password is encrypted).
    ///
    /// Only business code 200 is a success: an answer with another `code` fails with
    /// [`Error::Api`](authing_core::Error::Api). A null answer (the schema allows it)
    /// is a success and returns an empty message.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing_authentication::AuthenticationClient) -> authing_authentication::Result<()> {
    /// auth.reset_password_by_phone_code("+8613800000000", "123456", "n3w-s3cret").await?;
    /// # Ok(()) }
    /// ```
    pub async fn reset_password_by_phone_code(
        &self,
        phone: &str,
        code: &str,
        new_password: &str,
    ) -> Result<CommonMessage> {
        non_blank("phone", phone)?;
        self.reset_password("phone", phone, code, new_password)
            .await
    }

    /// Resets the password of the account with this email address, using the code of
    /// an [`EmailScene::ResetPassword`] email (`resetPassword`, no token; the new
    /// password is encrypted). Codes and null answers as in
    /// [`reset_password_by_phone_code`](Self::reset_password_by_phone_code).
    ///
    /// ```no_run
    /// # async fn demo(auth: authing_authentication::AuthenticationClient) -> authing_authentication::Result<()> {
    /// auth.reset_password_by_email_code("alice@example.com", "123456", "n3w-s3cret").await?;
    /// # Ok(()) }
    /// ```
    pub async fn reset_password_by_email_code(
        &self,
        email: &str,
        code: &str,
        new_password: &str,
    ) -> Result<CommonMessage> {
        non_blank("email", email)?;
        self.reset_password("email", email, code, new_password)
            .await
    }

    async fn reset_password(
        &self,
        by: &str,
        value: &str,
        code: &str,
        new_password: &str,
    ) -> Result<CommonMessage> {
        non_blank("code", code)?;
        non_blank("new_password", new_password)?;
        let mut vars = json!({
            "code": code,
            "newPassword": self.encrypt(new_password).await?,
        });
        vars[by] = value.into();
        let msg: Option<CommonMessage> = self.send(&ops::RESET_PASSWORD, vars, None).await?;
        checked(msg)
    }

    /// Updates the logged-in user's profile (`updateUser` with the user's `id`) and
    /// holds the returned user. The id is the held user's, else the token's user id
    /// claim, else fetched first with [`get_current_user`](Self::get_current_user).
    /// Only the fields set in `updates` are sent; a password, email or phone cannot be
    /// changed here (see [`update_password`](Self::update_password),
    /// [`update_email`](Self::update_email), [`update_phone`](Self::update_phone)).
    /// Needs a token.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing_authentication::AuthenticationClient) -> authing_authentication::Result<()> {
    /// use authing_authentication::UpdateProfile;
    /// let user = auth
    ///     .update_profile(UpdateProfile { nickname: Some("Nick".into()), ..Default::default() })
    ///     .await?;
    /// assert_eq!(user.nickname.as_deref(), Some("Nick"));
    /// # Ok(()) }
    /// ```
    pub async fn update_profile(&self, updates: UpdateProfile) -> Result<User> {
        let token = self.require_token()?;
        let input = serde_json::to_value(&updates)
            .map_err(|e| authing_core::Error::InvalidArgument(e.to_string()))?;
        let id = self.current_user_id(&token).await?;
        self.send_user(
            &ops::UPDATE_USER,
            json!({ "id": id, "input": input }),
            Some(&token),
        )
        .await
    }

    /// Changes the logged-in user's password (`updatePassword`; both passwords are
    /// encrypted). `old_password` may be `None` when the account has no password yet;
    /// a blank new or old password fails with
    /// [`Error::InvalidArgument`](authing_core::Error::InvalidArgument) before any
    /// request. Needs a token.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing_authentication::AuthenticationClient) -> authing_authentication::Result<()> {
    /// auth.update_password("n3w-s3cret", Some("s3cret")).await?;
    /// # Ok(()) }
    /// ```
    pub async fn update_password(
        &self,
        new_password: &str,
        old_password: Option<&str>,
    ) -> Result<User> {
        let token = self.require_token()?;
        non_blank("new_password", new_password)?;
        let old = match old_password {
            Some(p) => {
                non_blank("old_password", p)?;
                Some(self.encrypt(p).await?)
            }
            None => None,
        };
        self.send_user(
            &ops::UPDATE_PASSWORD,
            json!({ "newPassword": self.encrypt(new_password).await?, "oldPassword": old }),
            Some(&token),
        )
        .await
    }

    /// Changes the logged-in user's phone number with an SMS code sent to the new
    /// number (`updatePhone`). The old phone and its code are needed when the pool
    /// verifies the old phone. Needs a token.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing_authentication::AuthenticationClient) -> authing_authentication::Result<()> {
    /// let user = auth.update_phone("+8613800000001", "123456", None, None).await?;
    /// # let _ = user; Ok(()) }
    /// ```
    pub async fn update_phone(
        &self,
        phone: &str,
        phone_code: &str,
        old_phone: Option<&str>,
        old_phone_code: Option<&str>,
    ) -> Result<User> {
        let token = self.require_token()?;
        non_blank("phone", phone)?;
        non_blank("phone_code", phone_code)?;
        self.send_user(
            &ops::UPDATE_PHONE,
            json!({
                "phone": phone,
                "phoneCode": phone_code,
                "oldPhone": old_phone,
                "oldPhoneCode": old_phone_code,
            }),
            Some(&token),
        )
        .await
    }

    /// Changes the logged-in user's email address with a code sent to the new address
    /// ([`EmailScene::ChangeEmail`]) (`updateEmail`). The old email and its code are
    /// needed when the pool verifies the old email. Needs a token.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing_authentication::AuthenticationClient) -> authing_authentication::Result<()> {
    /// let user = auth.update_email("new@example.com", "123456", None, None).await?;
    /// # let _ = user; Ok(()) }
    /// ```
    pub async fn update_email(
        &self,
        email: &str,
        email_code: &str,
        old_email: Option<&str>,
        old_email_code: Option<&str>,
    ) -> Result<User> {
        let token = self.require_token()?;
        non_blank("email", email)?;
        non_blank("email_code", email_code)?;
        self.send_user(
            &ops::UPDATE_EMAIL,
            json!({
                "email": email,
                "emailCode": email_code,
                "oldEmail": old_email,
                "oldEmailCode": old_email_code,
            }),
            Some(&token),
        )
        .await
    }

    /// Binds a phone number to the logged-in user, who has none yet (`bindPhone`).
    /// Needs a token.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing_authentication::AuthenticationClient) -> authing_authentication::Result<()> {
    /// let user = auth.bind_phone("+8613800000000", "123456").await?;
    /// # let _ = user; Ok(()) }
    /// ```
    pub async fn bind_phone(&self, phone: &str, phone_code: &str) -> Result<User> {
        let token = self.require_token()?;
        non_blank("phone", phone)?;
        non_blank("phone_code", phone_code)?;
        self.send_user(
            &ops::BIND_PHONE,
            json!({ "phone": phone, "phoneCode": phone_code }),
            Some(&token),
        )
        .await
    }

    /// Removes the logged-in user's phone number (`unbindPhone`); the user needs
    /// another way to log in. Needs a token.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing_authentication::AuthenticationClient) -> authing_authentication::Result<()> {
    /// let user = auth.unbind_phone().await?;
    /// assert!(user.phone.is_none());
    /// # Ok(()) }
    /// ```
    pub async fn unbind_phone(&self) -> Result<User> {
        let token = self.require_token()?;
        self.send_user(&ops::UNBIND_PHONE, json!({}), Some(&token))
            .await
    }

    /// Binds an email address to the logged-in user (`bindEmail`), with a code sent to
    /// that address. Needs a token.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing_authentication::AuthenticationClient) -> authing_authentication::Result<()> {
    /// let user = auth.bind_email("alice@example.com", "123456").await?;
    /// # let _ = user; Ok(()) }
    /// ```
    pub async fn bind_email(&self, email: &str, email_code: &str) -> Result<User> {
        let token = self.require_token()?;
        non_blank("email", email)?;
        non_blank("email_code", email_code)?;
        self.send_user(
            &ops::BIND_EMAIL,
            json!({ "email": email, "emailCode": email_code }),
            Some(&token),
        )
        .await
    }

    /// Removes the logged-in user's email address (`unbindEmail`). Needs a token.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing_authentication::AuthenticationClient) -> authing_authentication::Result<()> {
    /// let user = auth.unbind_email().await?;
    /// assert!(user.email.is_none());
    /// # Ok(()) }
    /// ```
    pub async fn unbind_email(&self) -> Result<User> {
        let token = self.require_token()?;
        self.send_user(&ops::UNBIND_EMAIL, json!({}), Some(&token))
            .await
    }
}
