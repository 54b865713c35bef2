//! Login: by email, username, phone code or phone password.

use authing_core::__private::{non_blank, required};
use authing_core::models::User;
use authing_core::vars::Variables;
use authing_core::{Error, Operation, Result};

use crate::client::AuthenticationClient;
use crate::types::LoginOptions;

const USER_FRAGMENTS: &[&str] = &[authing_core::models::USER_FIELDS];

/// `mutation loginByEmail`: Logs in with an email and a password.
pub const LOGIN_BY_EMAIL: Operation = Operation::mutation(
    "loginByEmail",
    "loginByEmail",
    include_str!("login_by_email.graphql"),
)
.with_fragments(USER_FRAGMENTS)
.with_variables::<LoginByEmailVars<'static>>();

/// `mutation loginByUsername`: Logs in with a username and a password.
pub const LOGIN_BY_USERNAME: Operation = Operation::mutation(
    "loginByUsername",
    "loginByUsername",
    include_str!("login_by_username.graphql"),
)
.with_fragments(USER_FRAGMENTS)
.with_variables::<LoginByUsernameVars<'static>>();

/// `mutation loginByPhoneCode`: Logs in with a phone number and an SMS code.
pub const LOGIN_BY_PHONE_CODE: Operation = Operation::mutation(
    "loginByPhoneCode",
    "loginByPhoneCode",
    include_str!("login_by_phone_code.graphql"),
)
.with_fragments(USER_FRAGMENTS)
.with_variables::<LoginByPhoneCodeVars<'static>>();

/// `mutation loginByPhonePassword`: Logs in with a phone number and a password.
pub const LOGIN_BY_PHONE_PASSWORD: Operation = Operation::mutation(
    "loginByPhonePassword",
    "loginByPhonePassword",
    include_str!("login_by_phone_password.graphql"),
)
.with_fragments(USER_FRAGMENTS)
.with_variables::<LoginByPhonePasswordVars<'static>>();

authing_core::input_object! {
    /// `LoginByEmailInput`.
    pub(crate) struct LoginByEmailInput<'a> as "LoginByEmailInput" {
        email: &'a str,
        password: &'a str,
        captchaCode: Option<&'a str>,
        autoRegister: Option<bool>,
        clientIp: Option<&'a str>,
        params: Option<&'a str>,
        context: Option<&'a str>,
    }
}

authing_core::variables! {
    /// Variables of `loginByEmail`.
    pub(crate) struct LoginByEmailVars<'a> {
        input: LoginByEmailInput<'a>,
    }
}

authing_core::input_object! {
    /// `LoginByUsernameInput`.
    pub(crate) struct LoginByUsernameInput<'a> as "LoginByUsernameInput" {
        username: &'a str,
        password: &'a str,
        captchaCode: Option<&'a str>,
        autoRegister: Option<bool>,
        clientIp: Option<&'a str>,
        params: Option<&'a str>,
        context: Option<&'a str>,
    }
}

authing_core::variables! {
    /// Variables of `loginByUsername`.
    pub(crate) struct LoginByUsernameVars<'a> {
        input: LoginByUsernameInput<'a>,
    }
}

authing_core::input_object! {
    /// `LoginByPhonePasswordInput`.
    pub(crate) struct LoginByPhonePasswordInput<'a> as "LoginByPhonePasswordInput" {
        phone: &'a str,
        password: &'a str,
        captchaCode: Option<&'a str>,
        autoRegister: Option<bool>,
        clientIp: Option<&'a str>,
        params: Option<&'a str>,
        context: Option<&'a str>,
    }
}

authing_core::variables! {
    /// Variables of `loginByPhonePassword`.
    pub(crate) struct LoginByPhonePasswordVars<'a> {
        input: LoginByPhonePasswordInput<'a>,
    }
}

authing_core::input_object! {
    /// `LoginByPhoneCodeInput` (no captcha).
    pub(crate) struct LoginByPhoneCodeInput<'a> as "LoginByPhoneCodeInput" {
        phone: &'a str,
        code: &'a str,
        autoRegister: Option<bool>,
        clientIp: Option<&'a str>,
        params: Option<&'a str>,
        context: Option<&'a str>,
    }
}

authing_core::variables! {
    /// Variables of `loginByPhoneCode`.
    pub(crate) struct LoginByPhoneCodeVars<'a> {
        input: LoginByPhoneCodeInput<'a>,
    }
}

/// What every login input shares, from [`LoginOptions`].
struct Common<'a> {
    captcha_code: Option<&'a str>,
    auto_register: Option<bool>,
    client_ip: Option<&'a str>,
    params: Option<String>,
    context: Option<String>,
}

impl LoginOptions {
    fn common(&self, captcha_allowed: bool) -> Result<Common<'_>> {
        if self.captcha_code.is_some() && !captcha_allowed {
            return Err(Error::InvalidArgument(
                "captcha_code is not accepted by login_by_phone_code".into(),
            ));
        }
        Ok(Common {
            captcha_code: self.captcha_code.as_deref(),
            auto_register: self.auto_register.then_some(true),
            client_ip: self.client_ip.as_deref(),
            params: crate::client::params_text(&self.custom_data),
            context: crate::client::context_text(self.context.as_ref()),
        })
    }
}

impl AuthenticationClient {
    /// Sends a login; an answer that is not a user with a token is an error and leaves
    /// the session as it was.
    pub(crate) async fn login<V: Variables>(&self, op: &Operation, vars: &V) -> Result<User> {
        let user: Option<User> = self.graphql(op, vars, None).await?;
        let user = required(op, user)?;
        if user.token.as_ref().is_none_or(|t| t.expose().is_empty()) {
            // Not a login: keep the session (and its user) as it was.
            return Err(Error::Decode {
                status: 200,
                reason: format!("`{}` returned a user without a token", op.root_field),
                excerpt: String::new(),
            });
        }
        self.adopt_user(None, &user);
        Ok(user)
    }

    /// Logs in with an email address and a password (`loginByEmail`; the password is
    /// encrypted). The client then holds the user and their token.
    ///
    /// An answer without a user, or with a user without a token, is not a login: it
    /// fails with [`Error::Decode`](Error::Decode) and the session is
    /// left as it was (this holds for every `login_by_*` method).
    ///
    /// Fails with code 2004 ([`is_user_not_found`](authing_core::Error::is_user_not_found))
    /// for an unknown email (unless [`LoginOptions::auto_register`]) and 2333 or 2006
    /// ([`is_wrong_password`](authing_core::Error::is_wrong_password)) for a wrong
    /// password.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient) -> authing::authentication::Result<()> {
    /// use authing::authentication::LoginOptions;
    /// let user = auth.login_by_email("alice@example.com", "s3cret", &LoginOptions::default()).await?;
    /// assert_eq!(auth.current_user().map(|u| u.id), Some(user.id));
    /// # Ok(()) }
    /// ```
    pub async fn login_by_email(
        &self,
        email: &str,
        password: &str,
        options: &LoginOptions,
    ) -> Result<User> {
        non_blank("email", email)?;
        let password = self.encrypt_required(password).await?;
        let common = options.common(true)?;
        let input = LoginByEmailInput {
            email,
            password: &password,
            captchaCode: common.captcha_code,
            autoRegister: common.auto_register,
            clientIp: common.client_ip,
            params: common.params.as_deref(),
            context: common.context.as_deref(),
        };
        self.login(&LOGIN_BY_EMAIL, &LoginByEmailVars { input })
            .await
    }

    /// Logs in with a username and a password (`loginByUsername`; the password is
    /// encrypted). Session and errors as in [`login_by_email`](Self::login_by_email).
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient) -> authing::authentication::Result<()> {
    /// use authing::authentication::LoginOptions;
    /// match auth.login_by_username("alice", "s3cret", &LoginOptions::default()).await {
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
        options: &LoginOptions,
    ) -> Result<User> {
        non_blank("username", username)?;
        let password = self.encrypt_required(password).await?;
        let common = options.common(true)?;
        let input = LoginByUsernameInput {
            username,
            password: &password,
            captchaCode: common.captcha_code,
            autoRegister: common.auto_register,
            clientIp: common.client_ip,
            params: common.params.as_deref(),
            context: common.context.as_deref(),
        };
        self.login(&LOGIN_BY_USERNAME, &LoginByUsernameVars { input })
            .await
    }

    /// Logs in with a phone number and the SMS code sent by
    /// [`send_sms_code`](Self::send_sms_code) (`loginByPhoneCode`). The service creates
    /// the account when the phone is new. [`LoginOptions::captcha_code`] is not
    /// accepted here ([`Error::InvalidArgument`](authing_core::Error::InvalidArgument)).
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient) -> authing::authentication::Result<()> {
    /// use authing::authentication::LoginOptions;
    /// let user = auth.login_by_phone_code("+8613800000000", "123456", &LoginOptions::default()).await?;
    /// # let _ = user; Ok(()) }
    /// ```
    pub async fn login_by_phone_code(
        &self,
        phone: &str,
        code: &str,
        options: &LoginOptions,
    ) -> Result<User> {
        non_blank("phone", phone)?;
        non_blank("code", code)?;
        let common = options.common(false)?;
        let input = LoginByPhoneCodeInput {
            phone,
            code,
            autoRegister: common.auto_register,
            clientIp: common.client_ip,
            params: common.params.as_deref(),
            context: common.context.as_deref(),
        };
        self.login(&LOGIN_BY_PHONE_CODE, &LoginByPhoneCodeVars { input })
            .await
    }

    /// Logs in with a phone number and a password (`loginByPhonePassword`; the password
    /// is encrypted). Session and errors as in [`login_by_email`](Self::login_by_email).
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient) -> authing::authentication::Result<()> {
    /// use authing::authentication::LoginOptions;
    /// let user = auth
    ///     .login_by_phone_password("+8613800000000", "s3cret", &LoginOptions::default())
    ///     .await?;
    /// # let _ = user; Ok(()) }
    /// ```
    pub async fn login_by_phone_password(
        &self,
        phone: &str,
        password: &str,
        options: &LoginOptions,
    ) -> Result<User> {
        non_blank("phone", phone)?;
        let password = self.encrypt_required(password).await?;
        let common = options.common(true)?;
        let input = LoginByPhonePasswordInput {
            phone,
            password: &password,
            captchaCode: common.captcha_code,
            autoRegister: common.auto_register,
            clientIp: common.client_ip,
            params: common.params.as_deref(),
            context: common.context.as_deref(),
        };
        self.login(
            &LOGIN_BY_PHONE_PASSWORD,
            &LoginByPhonePasswordVars { input },
        )
        .await
    }
}
