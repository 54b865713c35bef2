//! MFA models and options.

use serde::Deserialize;

use authing_core::models::Sensitive;

/// The authenticator type and source of the MFA authenticator calls.
///
/// `Default`: type `totp`, source `SELF` (the user binds their own authenticator).
/// Build it with `..Default::default()`, as the other options structs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MfaOptions {
    /// `authenticatorType` / `type` (default `totp`).
    pub authenticator_type: Option<String>,
    /// `source` (default `SELF`; `APPLICATION` for an application's MFA).
    pub source: Option<String>,
}

impl MfaOptions {
    pub(crate) fn kind(&self) -> &str {
        self.authenticator_type.as_deref().unwrap_or("totp")
    }

    pub(crate) fn source(&self) -> &str {
        self.source.as_deref().unwrap_or("SELF")
    }
}

/// A bound MFA authenticator (`GET /api/v2/mfa/authenticator`). The secret and the
/// recovery code are [`Sensitive`].
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct MfaAuthenticator {
    /// Id of the authenticator.
    pub id: String,
    /// Creation time (ISO 8601).
    pub created_at: Option<String>,
    /// Last change (ISO 8601).
    pub updated_at: Option<String>,
    /// The user's id.
    pub user_id: Option<String>,
    /// Whether it is enabled.
    pub enable: Option<bool>,
    /// The TOTP secret (base32), when the service sends it.
    pub secret: Option<Sensitive>,
    /// `totp`.
    pub authenticator_type: Option<String>,
    /// The recovery code, when the service sends it.
    pub recovery_code: Option<Sensitive>,
}

/// A TOTP authenticator being bound (`POST /api/v2/mfa/totp/associate`): what an
/// authenticator app needs, and the recovery code. Every secret field is [`Sensitive`].
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct MfaAssociation {
    /// `totp`.
    pub authenticator_type: Option<String>,
    /// The shared secret (base32, RFC 4648): type it into an authenticator app.
    pub secret: Sensitive,
    /// The `otpauth://totp/...` URI (it contains the secret): show it as a QR code.
    pub qrcode_uri: Option<Sensitive>,
    /// A `data:image/png;base64,...` QR image of the URI, when the service renders one.
    pub qrcode_data_url: Option<Sensitive>,
    /// The recovery code: it finishes one login without the app.
    pub recovery_code: Option<Sensitive>,
}
