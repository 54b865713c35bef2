//! Registration: by email, username or phone code.

use authing_core::__private::non_blank;
use authing_core::models::User;
use authing_core::{Operation, Result};

use crate::client::AuthenticationClient;
use crate::types::{RegisterOptions, RegisterProfile};

/// `mutation registerByEmail`: Registers with an email and a password.
pub const REGISTER_BY_EMAIL: Operation = Operation::mutation(
    "registerByEmail",
    "registerByEmail",
    include_str!("register_by_email.graphql"),
)
.with_fragments(USER_FRAGMENTS)
.with_variables::<RegisterByEmailVars<'static>>();

/// `mutation registerByUsername`: Registers with a username and a password.
pub const REGISTER_BY_USERNAME: Operation = Operation::mutation(
    "registerByUsername",
    "registerByUsername",
    include_str!("register_by_username.graphql"),
)
.with_fragments(USER_FRAGMENTS)
.with_variables::<RegisterByUsernameVars<'static>>();

/// `mutation registerByPhoneCode`: Registers with a phone number and an SMS code.
pub const REGISTER_BY_PHONE_CODE: Operation = Operation::mutation(
    "registerByPhoneCode",
    "registerByPhoneCode",
    include_str!("register_by_phone_code.graphql"),
)
.with_fragments(USER_FRAGMENTS)
.with_variables::<RegisterByPhoneCodeVars<'static>>();

const USER_FRAGMENTS: &[&str] = &[authing_core::models::USER_FIELDS];

authing_core::input_object! {
    /// `RegisterByEmailInput`.
    pub(crate) struct RegisterByEmailInput<'a> as "RegisterByEmailInput" {
        email: &'a str,
        password: &'a str,
        profile: Option<&'a RegisterProfile>,
        forceLogin: Option<bool>,
        generateToken: Option<bool>,
        clientIp: Option<&'a str>,
        params: Option<&'a str>,
        context: Option<&'a str>,
    }
}

authing_core::input_object! {
    /// `RegisterByUsernameInput`.
    pub(crate) struct RegisterByUsernameInput<'a> as "RegisterByUsernameInput" {
        username: &'a str,
        password: &'a str,
        profile: Option<&'a RegisterProfile>,
        forceLogin: Option<bool>,
        generateToken: Option<bool>,
        clientIp: Option<&'a str>,
        params: Option<&'a str>,
        context: Option<&'a str>,
    }
}

authing_core::input_object! {
    /// `RegisterByPhoneCodeInput`.
    pub(crate) struct RegisterByPhoneCodeInput<'a> as "RegisterByPhoneCodeInput" {
        phone: &'a str,
        code: &'a str,
        password: Option<&'a str>,
        profile: Option<&'a RegisterProfile>,
        forceLogin: Option<bool>,
        generateToken: Option<bool>,
        clientIp: Option<&'a str>,
        params: Option<&'a str>,
        context: Option<&'a str>,
    }
}

authing_core::variables! {
    /// Variables of `registerByEmail`.
    pub(crate) struct RegisterByEmailVars<'a> {
        input: RegisterByEmailInput<'a>,
    }
}

authing_core::variables! {
    /// Variables of `registerByUsername`.
    pub(crate) struct RegisterByUsernameVars<'a> {
        input: RegisterByUsernameInput<'a>,
    }
}

authing_core::variables! {
    /// Variables of `registerByPhoneCode`.
    pub(crate) struct RegisterByPhoneCodeVars<'a> {
        input: RegisterByPhoneCodeInput<'a>,
    }
}

/// What every register input shares, from [`RegisterOptions`].
struct Common<'a> {
    force_login: Option<bool>,
    generate_token: Option<bool>,
    client_ip: Option<&'a str>,
    params: Option<String>,
    context: Option<String>,
}

impl RegisterOptions {
    fn common(&self) -> Result<Common<'_>> {
        Ok(Common {
            force_login: self.force_login.then_some(true),
            generate_token: self.generate_token.then_some(true),
            client_ip: self.client_ip.as_deref(),
            params: crate::client::params_text(&self.custom_data),
            context: crate::client::context_text(self.context.as_ref()),
        })
    }
}

impl AuthenticationClient {
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
    /// # async fn demo(auth: authing::authentication::AuthenticationClient) -> authing::authentication::Result<()> {
    /// use authing::authentication::RegisterOptions;
    /// let user = auth
    ///     .register_by_email("alice@example.com", "s3cret", &RegisterOptions::default())
    ///     .await?;
    /// # let _ = user; Ok(()) }
    /// ```
    pub async fn register_by_email(
        &self,
        email: &str,
        password: &str,
        options: &RegisterOptions,
    ) -> Result<User> {
        non_blank("email", email)?;
        let password = self.encrypt_required(password).await?;
        let common = options.common()?;
        let input = RegisterByEmailInput {
            email,
            password: &password,
            profile: options.profile.as_ref(),
            forceLogin: common.force_login,
            generateToken: common.generate_token,
            clientIp: common.client_ip,
            params: common.params.as_deref(),
            context: common.context.as_deref(),
        };
        self.graphql_user(&REGISTER_BY_EMAIL, &RegisterByEmailVars { input }, None)
            .await
    }

    /// Registers a user with a username and a password (`registerByUsername`; the
    /// password is encrypted). Session handling as in
    /// [`register_by_email`](Self::register_by_email).
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient) -> authing::authentication::Result<()> {
    /// use authing::authentication::RegisterOptions;
    /// let options = RegisterOptions { force_login: true, ..Default::default() };
    /// let user = auth.register_by_username("alice", "s3cret", &options).await?;
    /// assert!(auth.token().is_some());
    /// # let _ = user; Ok(()) }
    /// ```
    pub async fn register_by_username(
        &self,
        username: &str,
        password: &str,
        options: &RegisterOptions,
    ) -> Result<User> {
        non_blank("username", username)?;
        let password = self.encrypt_required(password).await?;
        let common = options.common()?;
        let input = RegisterByUsernameInput {
            username,
            password: &password,
            profile: options.profile.as_ref(),
            forceLogin: common.force_login,
            generateToken: common.generate_token,
            clientIp: common.client_ip,
            params: common.params.as_deref(),
            context: common.context.as_deref(),
        };
        let vars = RegisterByUsernameVars { input };
        self.graphql_user(&REGISTER_BY_USERNAME, &vars, None).await
    }

    /// Registers a user with a phone number and the SMS code sent by
    /// [`send_sms_code`](Self::send_sms_code), optionally with a password
    /// (`registerByPhoneCode`; the password is encrypted). Session handling as in
    /// [`register_by_email`](Self::register_by_email).
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient) -> authing::authentication::Result<()> {
    /// use authing::authentication::RegisterOptions;
    /// auth.send_sms_code("+8613800000000").await?;
    /// let user = auth
    ///     .register_by_phone_code("+8613800000000", "123456", Some("s3cret"), &RegisterOptions::default())
    ///     .await?;
    /// # let _ = user; Ok(()) }
    /// ```
    pub async fn register_by_phone_code(
        &self,
        phone: &str,
        code: &str,
        password: Option<&str>,
        options: &RegisterOptions,
    ) -> Result<User> {
        non_blank("phone", phone)?;
        non_blank("code", code)?;
        let password = match password {
            Some(p) => Some(self.encrypt_required(p).await?),
            None => None,
        };
        let common = options.common()?;
        let input = RegisterByPhoneCodeInput {
            phone,
            code,
            password: password.as_deref(),
            profile: options.profile.as_ref(),
            forceLogin: common.force_login,
            generateToken: common.generate_token,
            clientIp: common.client_ip,
            params: common.params.as_deref(),
            context: common.context.as_deref(),
        };
        let vars = RegisterByPhoneCodeVars { input };
        self.graphql_user(&REGISTER_BY_PHONE_CODE, &vars, None)
            .await
    }
}
