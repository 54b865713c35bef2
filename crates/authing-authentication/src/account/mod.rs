//! The account: verification codes, password reset and change, phone and email.

use serde_json::{Value, json};

use authing_core::__private::{RestRequest, check_message, non_blank, required};
use authing_core::models::{CommonMessage, User};
use authing_core::vars::NoVariables;
use authing_core::{Operation, Result};

use crate::client::AuthenticationClient;
use crate::types::{EmailScene, PasswordStrength};

const USER_FRAGMENTS: &[&str] = &[authing_core::models::USER_FIELDS];

/// `mutation sendEmail`: Sends an email for a scene.
pub const SEND_EMAIL: Operation =
    Operation::mutation("sendEmail", "sendEmail", include_str!("send_email.graphql"))
        .with_variables::<SendEmailVars<'static>>();

/// `query checkPasswordStrength`: Checks a password against the pool's policy.
pub const CHECK_PASSWORD_STRENGTH: Operation = Operation::query(
    "checkPasswordStrength",
    "checkPasswordStrength",
    include_str!("check_password_strength.graphql"),
)
.with_variables::<CheckPasswordStrengthVars<'static>>();

/// `mutation resetPassword`: Resets a password with a phone or email code.
pub const RESET_PASSWORD: Operation = Operation::mutation(
    "resetPassword",
    "resetPassword",
    include_str!("reset_password.graphql"),
)
.with_variables::<ResetPasswordVars<'static>>();

/// `mutation updatePassword`: Changes the password.
pub const UPDATE_PASSWORD: Operation = Operation::mutation(
    "updatePassword",
    "updatePassword",
    include_str!("update_password.graphql"),
)
.with_fragments(USER_FRAGMENTS)
.with_variables::<UpdatePasswordVars<'static>>();

/// `mutation updatePhone`: Changes the phone number.
pub const UPDATE_PHONE: Operation = Operation::mutation(
    "updatePhone",
    "updatePhone",
    include_str!("update_phone.graphql"),
)
.with_fragments(USER_FRAGMENTS)
.with_variables::<UpdatePhoneVars<'static>>();

/// `mutation updateEmail`: Changes the email address.
pub const UPDATE_EMAIL: Operation = Operation::mutation(
    "updateEmail",
    "updateEmail",
    include_str!("update_email.graphql"),
)
.with_fragments(USER_FRAGMENTS)
.with_variables::<UpdateEmailVars<'static>>();

/// `mutation bindPhone`: Binds a phone number.
pub const BIND_PHONE: Operation =
    Operation::mutation("bindPhone", "bindPhone", include_str!("bind_phone.graphql"))
        .with_fragments(USER_FRAGMENTS)
        .with_variables::<BindPhoneVars<'static>>();

/// `mutation unbindPhone`: Unbinds the phone number.
pub const UNBIND_PHONE: Operation = Operation::mutation(
    "unbindPhone",
    "unbindPhone",
    include_str!("unbind_phone.graphql"),
)
.with_fragments(USER_FRAGMENTS)
.with_variables::<NoVariables>();

/// `mutation bindEmail`: Binds an email address.
pub const BIND_EMAIL: Operation =
    Operation::mutation("bindEmail", "bindEmail", include_str!("bind_email.graphql"))
        .with_fragments(USER_FRAGMENTS)
        .with_variables::<BindEmailVars<'static>>();

/// `mutation unbindEmail`: Unbinds the email address.
pub const UNBIND_EMAIL: Operation = Operation::mutation(
    "unbindEmail",
    "unbindEmail",
    include_str!("unbind_email.graphql"),
)
.with_fragments(USER_FRAGMENTS)
.with_variables::<NoVariables>();

authing_core::variables! {
    /// Variables of `sendEmail`.
    pub(crate) struct SendEmailVars<'a> {
        email: &'a str,
        scene: EmailScene,
    }
}

authing_core::variables! {
    /// Variables of `checkPasswordStrength`.
    pub(crate) struct CheckPasswordStrengthVars<'a> {
        password: &'a str,
    }
}

authing_core::variables! {
    /// Variables of `resetPassword`: by phone or by email.
    pub(crate) struct ResetPasswordVars<'a> {
        phone: Option<&'a str>,
        email: Option<&'a str>,
        code: &'a str,
        newPassword: &'a str,
    }
}

authing_core::variables! {
    /// Variables of `updatePassword`.
    pub(crate) struct UpdatePasswordVars<'a> {
        newPassword: &'a str,
        oldPassword: Option<&'a str>,
    }
}

authing_core::variables! {
    /// Variables of `updatePhone`.
    pub(crate) struct UpdatePhoneVars<'a> {
        phone: &'a str,
        phoneCode: &'a str,
        oldPhone: Option<&'a str>,
        oldPhoneCode: Option<&'a str>,
    }
}

authing_core::variables! {
    /// Variables of `updateEmail`.
    pub(crate) struct UpdateEmailVars<'a> {
        email: &'a str,
        emailCode: &'a str,
        oldEmail: Option<&'a str>,
        oldEmailCode: Option<&'a str>,
    }
}

authing_core::variables! {
    /// Variables of `bindPhone`.
    pub(crate) struct BindPhoneVars<'a> {
        phone: &'a str,
        phoneCode: &'a str,
    }
}

authing_core::variables! {
    /// Variables of `bindEmail`.
    pub(crate) struct BindEmailVars<'a> {
        email: &'a str,
        emailCode: &'a str,
    }
}

impl AuthenticationClient {
    /// Sends an SMS verification code to `phone` (`POST /api/v2/sms/send`, no token).
    /// Returns the service's code (200) and message; an envelope with another code is
    /// an [`Error::Api`](authing_core::Error::Api) (e.g. when sending too often).
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient) -> authing::authentication::Result<()> {
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
        check_message(Some(CommonMessage::new(env.code, env.message)))
    }

    /// Sends an email for `scene` (`sendEmail`, no token), e.g. a reset-password code
    /// for [`reset_password_by_email_code`](Self::reset_password_by_email_code).
    ///
    /// Only business code 200 is a success: an answer with another `code` fails with
    /// [`Error::Api`](authing_core::Error::Api) carrying that code and message.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient) -> authing::authentication::Result<()> {
    /// use authing::authentication::EmailScene;
    /// let sent = auth.send_email("alice@example.com", EmailScene::ResetPassword).await?;
    /// assert!(sent.is_ok());
    /// # Ok(()) }
    /// ```
    pub async fn send_email(&self, email: &str, scene: EmailScene) -> Result<CommonMessage> {
        non_blank("email", email)?;
        let msg: Option<CommonMessage> = self
            .graphql(&SEND_EMAIL, &SendEmailVars { email, scene }, None)
            .await?;
        // `sendEmail` is `CommonMessage!`: null is a broken answer.
        check_message(Some(required(&SEND_EMAIL, msg)?))
    }

    /// Checks `password` against the pool's password policy (`checkPasswordStrength`,
    /// no token).
    ///
    /// **This password is sent in clear text** (inside TLS), unlike every other
    /// password the SDK sends: the protocol requires it, as in every official SDK, for
    /// the service to read it. Do not call it with a password you will not use.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient) -> authing::authentication::Result<()> {
    /// let strength = auth.check_password_strength("s3cret").await?;
    /// if !strength.valid {
    ///     println!("too weak: {:?}", strength.message);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn check_password_strength(&self, password: &str) -> Result<PasswordStrength> {
        self.graphql(
            &CHECK_PASSWORD_STRENGTH,
            &CheckPasswordStrengthVars { password },
            None,
        )
        .await
    }

    /// Resets the password of the account with this phone number, using the SMS code
    /// sent by [`send_sms_code`](Self::send_sms_code) (`resetPassword`, no token; the
    /// new password is encrypted).
    ///
    /// The answer follows the rule of [`CommonMessage`]: only business code 200 is a
    /// success, another `code` fails with [`Error::Api`](authing_core::Error::Api), and
    /// a null answer (the schema allows it) is returned as `CommonMessage::new(200, "")`.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient) -> authing::authentication::Result<()> {
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
        self.reset_password(Some(phone), None, code, new_password)
            .await
    }

    /// Resets the password of the account with this email address, using the code of
    /// an [`EmailScene::ResetPassword`] email (`resetPassword`, no token; the new
    /// password is encrypted). Codes and null answers as in
    /// [`reset_password_by_phone_code`](Self::reset_password_by_phone_code).
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient) -> authing::authentication::Result<()> {
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
        self.reset_password(None, Some(email), code, new_password)
            .await
    }

    async fn reset_password(
        &self,
        phone: Option<&str>,
        email: Option<&str>,
        code: &str,
        new_password: &str,
    ) -> Result<CommonMessage> {
        non_blank("code", code)?;
        non_blank("new_password", new_password)?;
        let new_password = self.encrypt(new_password).await?;
        let vars = ResetPasswordVars {
            phone,
            email,
            code,
            newPassword: &new_password,
        };
        let msg: Option<CommonMessage> = self.graphql(&RESET_PASSWORD, &vars, None).await?;
        check_message(msg)
    }

    /// Changes the logged-in user's password (`updatePassword`; both passwords are
    /// encrypted). `old_password` may be `None` when the account has no password yet;
    /// a blank new or old password fails with
    /// [`Error::InvalidArgument`](authing_core::Error::InvalidArgument) before any
    /// request. Needs a token.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient) -> authing::authentication::Result<()> {
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
        let new_password = self.encrypt(new_password).await?;
        let vars = UpdatePasswordVars {
            newPassword: &new_password,
            oldPassword: old.as_deref(),
        };
        self.graphql_user(&UPDATE_PASSWORD, &vars, Some(&token))
            .await
    }

    /// Changes the logged-in user's phone number with an SMS code sent to the new
    /// number (`updatePhone`). The old phone and its code are needed when the pool
    /// verifies the old phone. Needs a token.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient) -> authing::authentication::Result<()> {
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
        let vars = UpdatePhoneVars {
            phone,
            phoneCode: phone_code,
            oldPhone: old_phone,
            oldPhoneCode: old_phone_code,
        };
        self.graphql_user(&UPDATE_PHONE, &vars, Some(&token)).await
    }

    /// Changes the logged-in user's email address with a code sent to the new address
    /// ([`EmailScene::ChangeEmail`]) (`updateEmail`). The old email and its code are
    /// needed when the pool verifies the old email. Needs a token.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient) -> authing::authentication::Result<()> {
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
        let vars = UpdateEmailVars {
            email,
            emailCode: email_code,
            oldEmail: old_email,
            oldEmailCode: old_email_code,
        };
        self.graphql_user(&UPDATE_EMAIL, &vars, Some(&token)).await
    }

    /// Binds a phone number to the logged-in user, who has none yet (`bindPhone`).
    /// Needs a token.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient) -> authing::authentication::Result<()> {
    /// let user = auth.bind_phone("+8613800000000", "123456").await?;
    /// # let _ = user; Ok(()) }
    /// ```
    pub async fn bind_phone(&self, phone: &str, phone_code: &str) -> Result<User> {
        let token = self.require_token()?;
        non_blank("phone", phone)?;
        non_blank("phone_code", phone_code)?;
        let vars = BindPhoneVars {
            phone,
            phoneCode: phone_code,
        };
        self.graphql_user(&BIND_PHONE, &vars, Some(&token)).await
    }

    /// Removes the logged-in user's phone number (`unbindPhone`); the user needs
    /// another way to log in. Needs a token.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient) -> authing::authentication::Result<()> {
    /// let user = auth.unbind_phone().await?;
    /// assert!(user.phone.is_none());
    /// # Ok(()) }
    /// ```
    pub async fn unbind_phone(&self) -> Result<User> {
        let token = self.require_token()?;
        self.graphql_user(&UNBIND_PHONE, &NoVariables {}, Some(&token))
            .await
    }

    /// Binds an email address to the logged-in user (`bindEmail`), with a code sent to
    /// that address. Needs a token.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient) -> authing::authentication::Result<()> {
    /// let user = auth.bind_email("alice@example.com", "123456").await?;
    /// # let _ = user; Ok(()) }
    /// ```
    pub async fn bind_email(&self, email: &str, email_code: &str) -> Result<User> {
        let token = self.require_token()?;
        non_blank("email", email)?;
        non_blank("email_code", email_code)?;
        let vars = BindEmailVars {
            email,
            emailCode: email_code,
        };
        self.graphql_user(&BIND_EMAIL, &vars, Some(&token)).await
    }

    /// Removes the logged-in user's email address (`unbindEmail`). Needs a token.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient) -> authing::authentication::Result<()> {
    /// let user = auth.unbind_email().await?;
    /// assert!(user.email.is_none());
    /// # Ok(()) }
    /// ```
    pub async fn unbind_email(&self) -> Result<User> {
        let token = self.require_token()?;
        self.graphql_user(&UNBIND_EMAIL, &NoVariables {}, Some(&token))
            .await
    }
}
