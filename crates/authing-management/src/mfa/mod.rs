//! `client.mfa()`: the users' MFA authenticators seen by the administrator: which are
//! bound, unbinding one, importing a TOTP secret (JS SDK `managementClient.mfa`).

use authing_core::__private::{Method, RestRequest, check_message, non_blank};
use authing_core::models::{CommonMessage, Sensitive};
use authing_core::{Error, Result};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::client::{ManagementClient, path_segment};

/// MFA of the pool's users: `client.mfa()`.
#[derive(Debug, Clone, Copy)]
pub struct MfaClient<'a> {
    client: &'a ManagementClient,
}

impl ManagementClient {
    /// MFA of the pool's users: status, unbinding, TOTP import.
    ///
    /// ```no_run
    /// # async fn run(client: authing::management::ManagementClient) -> authing::Result<()> {
    /// let status = client.mfa().get_status("user-id").await?;
    /// if status.otp {
    ///     client.mfa().unassociate_mfa("user-id", authing::management::MfaType::Otp).await?;
    /// }
    /// # Ok(()) }
    /// ```
    pub fn mfa(&self) -> MfaClient<'_> {
        MfaClient { client: self }
    }
}

/// Which MFA factors a user has bound (`GET /api/v2/users/{id}/mfa-bound`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[non_exhaustive]
pub struct MfaStatus {
    /// A TOTP authenticator (`OTP`).
    #[serde(rename = "OTP", default)]
    pub otp: bool,
    /// Face recognition (`FACE`).
    #[serde(rename = "FACE", default)]
    pub face: bool,
}

/// A kind of MFA factor to unbind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum MfaType {
    /// The TOTP authenticator (`OTP`).
    Otp,
    /// Face recognition (`FACE`).
    Face,
}

impl MfaType {
    /// The wire name: `OTP` or `FACE`.
    pub fn as_str(&self) -> &'static str {
        match self {
            MfaType::Otp => "OTP",
            MfaType::Face => "FACE",
        }
    }
}

/// An imported TOTP authenticator (`POST /api/v2/mfa/totp/import`). The secret and
/// the recovery code are [`Sensitive`].
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ImportedTotp {
    /// The user's id.
    pub user_id: String,
    /// The secret as stored (base32).
    pub secret: Option<Sensitive>,
    /// The recovery code (the one given, or one the service made).
    pub recovery_code: Option<Sensitive>,
    /// Id of the authenticator, when sent.
    pub id: Option<String>,
    /// `totp`, when sent.
    pub authenticator_type: Option<String>,
    /// Creation time, when sent.
    pub created_at: Option<String>,
}

impl<'a> MfaClient<'a> {
    /// Which MFA factors a user has bound (`GET /api/v2/users/{id}/mfa-bound`).
    /// An unknown user fails with code 2004.
    ///
    /// ```no_run
    /// # async fn run(client: authing::management::ManagementClient) -> authing::Result<()> {
    /// let s = client.mfa().get_status("user-id").await?;
    /// println!("TOTP bound: {}", s.otp);
    /// # Ok(()) }
    /// ```
    pub async fn get_status(&self, user_id: &str) -> Result<MfaStatus> {
        non_blank("user_id", user_id)?;
        let path = format!("/api/v2/users/{}/mfa-bound", path_segment(user_id));
        let s: Option<MfaStatus> = self.client.rest(RestRequest::get(path)).await?;
        s.ok_or_else(|| Error::Decode {
            status: 200,
            reason: "mfa-bound: the answer has no data".into(),
            excerpt: String::new(),
        })
    }

    /// Unbinds a user's MFA factor (`DELETE /api/v2/users/{id}/mfa-bound?type=`); the
    /// user's logins then no longer ask for it. Nothing bound fails with code 2219.
    ///
    /// ```no_run
    /// # async fn run(client: authing::management::ManagementClient) -> authing::Result<()> {
    /// use authing::management::MfaType;
    /// client.mfa().unassociate_mfa("user-id", MfaType::Otp).await?;
    /// # Ok(()) }
    /// ```
    #[doc(alias = "un_associate_mfa")]
    pub async fn unassociate_mfa(&self, user_id: &str, kind: MfaType) -> Result<CommonMessage> {
        non_blank("user_id", user_id)?;
        let path = format!("/api/v2/users/{}/mfa-bound", path_segment(user_id));
        let req = RestRequest {
            method: Method::Delete,
            ..RestRequest::get(path).query("type", kind.as_str())
        };
        let env = self.client.rest_envelope::<Value>(req).await?;
        check_message(Some(CommonMessage::new(env.code, env.message)))
    }

    /// Binds a TOTP secret (base32) to a user, with a recovery code (`None`: the
    /// service makes one) (`POST /api/v2/mfa/totp/import`). The user's password logins
    /// then fail with [`Error::MfaRequired`] until the second step.
    ///
    /// ```no_run
    /// # async fn run(client: authing::management::ManagementClient) -> authing::Result<()> {
    /// let t = client.mfa().import_totp("user-id", "JBSWY3DPEHPK3PXP", None).await?;
    /// # let _ = t; Ok(()) }
    /// ```
    pub async fn import_totp(
        &self,
        user_id: &str,
        secret: &str,
        recovery_code: Option<&str>,
    ) -> Result<ImportedTotp> {
        non_blank("user_id", user_id)?;
        non_blank("secret", secret)?;
        let body = json!({"userId": user_id, "secret": secret, "recoveryCode": recovery_code});
        let t: Option<ImportedTotp> = self
            .client
            .rest(RestRequest::post("/api/v2/mfa/totp/import", body))
            .await?;
        t.ok_or_else(|| Error::Decode {
            status: 200,
            reason: "mfa/totp/import: the answer has no data".into(),
            excerpt: String::new(),
        })
    }
}
