//! Top-level calls of the management client: `send_email` and `is_password_valid`.

use authing_core::__private::{RestRequest, non_blank};
use authing_core::models::CommonMessage;
use authing_core::{Operation, Result};
use serde::Deserialize;
use serde_json::json;

use crate::client::ManagementClient;

authing_core::string_enum! {
    /// `EmailScene`: why [`ManagementClient::send_email`] sends an email.
    EmailScene {
        /// A reset-password email with a verification code.
        ResetPassword = "RESET_PASSWORD",
        /// An email that verifies the address.
        VerifyEmail = "VERIFY_EMAIL",
        /// A change-email email with a verification code.
        ChangeEmail = "CHANGE_EMAIL",
        /// An MFA verification email.
        MfaVerify = "MFA_VERIFY",
        /// A plain verification code.
        VerifyCode = "VERIFY_CODE",
        /// The first-login verification email.
        FirstEmailLoginVerify = "FIRST_EMAIL_LOGIN_VERIFY",
    }
}

authing_core::gql_named!(EmailScene => "EmailScene");

authing_core::variables! {
    /// Variables of `sendEmail`.
    pub(crate) struct SendEmailVars<'a> {
        email: &'a str,
        scene: EmailScene,
    }
}

/// `mutation sendEmail`.
pub const SEND_EMAIL: Operation =
    Operation::mutation("sendEmail", "sendEmail", include_str!("send_email.graphql"))
        .with_variables::<SendEmailVars<'static>>();

/// What [`ManagementClient::is_password_valid`] answers.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct PasswordValidity {
    /// Whether the password passes the pool's rules.
    #[serde(default)]
    pub valid: bool,
    /// The service's explanation (e.g. the rule it fails).
    #[serde(default)]
    pub message: Option<String>,
}

impl ManagementClient {
    /// Sends an email for `scene` to `email` (`mutation sendEmail`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::management::EmailScene;
    /// client.send_email("alice@example.com", EmailScene::VerifyEmail).await?;
    /// # Ok(()) }
    /// ```
    pub async fn send_email(&self, email: &str, scene: EmailScene) -> Result<CommonMessage> {
        non_blank("email", email)?;
        self.message(&SEND_EMAIL, &SendEmailVars { email, scene })
            .await
    }

    /// Checks a password against the pool's password rules (`POST
    /// /api/v2/password/check` with `{password}`). As in every official SDK, the
    /// password travels in clear text (over TLS), not RSA-encrypted; it is never logged.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let check = client.is_password_valid("correct horse battery staple").await?;
    /// if !check.valid {
    ///     println!("{:?}", check.message);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn is_password_valid(&self, password: &str) -> Result<PasswordValidity> {
        let req = RestRequest::post("/api/v2/password/check", json!({ "password": password }));
        self.rest(req).await
    }
}
