//! Arguments and results of the authentication client's methods.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use authing_core::models::{UdfDataType, UserDefinedData, decode_udv_value};

authing_core::string_enum! {
    /// `EmailScene`: why an email is sent by
    /// [`send_email`](crate::AuthenticationClient::send_email).
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
    }
}

/// Options of the `register_by_*` methods; each maps to a field of the schema's
/// `RegisterBy*Input`. `Default` registers without logging in.
///
/// ```
/// use authing::authentication::{RegisterOptions, RegisterProfile};
/// let options = RegisterOptions {
///     generate_token: true,
///     profile: Some(RegisterProfile { nickname: Some("Alice".into()), ..Default::default() }),
///     ..Default::default()
/// }
/// .with_custom_data("school", "ucla");
/// # let _ = options;
/// ```
///
/// `Debug` does not print the profile, the custom data or the context: only whether
/// they are set (and the number of custom data keys).
#[derive(Clone, Default, PartialEq)]
pub struct RegisterOptions {
    /// Profile fields copied to the new user (`profile`).
    pub profile: Option<RegisterProfile>,
    /// Run a full login after registering (`forceLogin`): the user gets a token and
    /// the client holds the new session.
    pub force_login: bool,
    /// Only issue a token (`generateToken`); the client then holds the new session.
    pub generate_token: bool,
    /// The end user's real IP address (`clientIp`), when calling from a server.
    pub client_ip: Option<String>,
    /// Custom data (user-defined field values) to set on the new user, sent as `params`,
    /// the JSON text of `[{"key": ..., "value": ...}]`.
    pub custom_data: Map<String, Value>,
    /// Context passed to the pool's pipelines, sent as JSON text (`context`).
    pub context: Option<Value>,
}

impl fmt::Debug for RegisterOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RegisterOptions")
            .field("profile", &self.profile.as_ref().map(|_| Redacted))
            .field("force_login", &self.force_login)
            .field("generate_token", &self.generate_token)
            .field("client_ip", &self.client_ip)
            .field("custom_data", &RedactedKeys(self.custom_data.len()))
            .field("context", &self.context.as_ref().map(|_| Redacted))
            .finish()
    }
}

impl RegisterOptions {
    /// Adds one custom data value (see [`custom_data`](Self::custom_data)).
    pub fn with_custom_data(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.custom_data.insert(key.into(), value.into());
        self
    }
}

/// Options of the `login_by_*` methods; each maps to a field of the schema's
/// `LoginBy*Input`.
///
/// ```
/// use authing::authentication::LoginOptions;
/// let options = LoginOptions { auto_register: true, ..Default::default() };
/// # let _ = options;
/// ```
///
/// `Debug` does not print the captcha, the custom data or the context: only whether
/// they are set (and the number of custom data keys).
#[derive(Clone, Default, PartialEq)]
pub struct LoginOptions {
    /// Create the account when it does not exist yet (`autoRegister`).
    pub auto_register: bool,
    /// The captcha the user typed, required after repeated failures (error 2000)
    /// (`captchaCode`; not accepted by `login_by_phone_code`).
    pub captcha_code: Option<String>,
    /// The end user's real IP address (`clientIp`), when calling from a server.
    pub client_ip: Option<String>,
    /// Custom data to set on the user, sent as `params` (JSON text of `[{key, value}]`).
    pub custom_data: Map<String, Value>,
    /// Context passed to the pool's pipelines, sent as JSON text (`context`).
    pub context: Option<Value>,
}

impl fmt::Debug for LoginOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LoginOptions")
            .field("auto_register", &self.auto_register)
            .field(
                "captcha_code",
                &self.captcha_code.as_ref().map(|_| Redacted),
            )
            .field("client_ip", &self.client_ip)
            .field("custom_data", &RedactedKeys(self.custom_data.len()))
            .field("context", &self.context.as_ref().map(|_| Redacted))
            .finish()
    }
}

/// Printed instead of a secret value.
struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// Printed instead of a map of secret values: the number of keys.
struct RedactedKeys(usize);

impl fmt::Debug for RedactedKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{} keys redacted]", self.0)
    }
}

impl LoginOptions {
    /// Adds one custom data value (see [`custom_data`](Self::custom_data)).
    pub fn with_custom_data(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.custom_data.insert(key.into(), value.into());
        self
    }
}

/// `RegisterProfile`: profile fields set at registration. Unset fields are not sent.
///
/// `Debug` does not print `oauth` (raw identity-provider data) nor the custom field
/// values of `udf`.
#[derive(Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RegisterProfile {
    /// Registration IP.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
    /// OAuth data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub oauth: Option<String>,
    /// Username.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// Nickname.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nickname: Option<String>,
    /// Company.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    /// Avatar URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub photo: Option<String>,
    /// Device.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
    /// Browser.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub browser: Option<String>,
    /// Full name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Given name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub given_name: Option<String>,
    /// Family name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub family_name: Option<String>,
    /// Middle name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<String>,
    /// Profile URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// Preferred username.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preferred_username: Option<String>,
    /// Website.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    /// Gender (`M`, `F`, `U`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    /// Birth date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birthdate: Option<String>,
    /// Time zone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zoneinfo: Option<String>,
    /// Locale.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// Address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Formatted address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub formatted: Option<String>,
    /// Street address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub street_address: Option<String>,
    /// Locality.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locality: Option<String>,
    /// Region.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Postal code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    /// Country.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Phone number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Email address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Custom field values as `{key, value}` text pairs (`udf`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub udf: Vec<UdfValueInput>,
}

impl fmt::Debug for RegisterProfile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RegisterProfile")
            .field("ip", &self.ip)
            .field("oauth", &self.oauth.as_ref().map(|_| Redacted))
            .field("username", &self.username)
            .field("nickname", &self.nickname)
            .field("company", &self.company)
            .field("photo", &self.photo)
            .field("device", &self.device)
            .field("browser", &self.browser)
            .field("name", &self.name)
            .field("given_name", &self.given_name)
            .field("family_name", &self.family_name)
            .field("middle_name", &self.middle_name)
            .field("profile", &self.profile)
            .field("preferred_username", &self.preferred_username)
            .field("website", &self.website)
            .field("gender", &self.gender)
            .field("birthdate", &self.birthdate)
            .field("zoneinfo", &self.zoneinfo)
            .field("locale", &self.locale)
            .field("address", &self.address)
            .field("formatted", &self.formatted)
            .field("street_address", &self.street_address)
            .field("locality", &self.locality)
            .field("region", &self.region)
            .field("postal_code", &self.postal_code)
            .field("country", &self.country)
            .field("phone", &self.phone)
            .field("email", &self.email)
            .field("udf", &self.udf)
            .finish()
    }
}

/// `UserDdfInput`: one custom field value given as text. `Debug` prints the key only.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct UdfValueInput {
    /// Field key.
    pub key: String,
    /// Value as text.
    pub value: String,
}

impl fmt::Debug for UdfValueInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UdfValueInput")
            .field("key", &self.key)
            .field("value", &Redacted)
            .finish()
    }
}

impl UdfValueInput {
    /// A key and its value text.
    pub fn new(key: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            key: key.into(),
            value: value.into(),
        }
    }
}

/// The profile fields an end user may change with
/// [`update_profile`](crate::AuthenticationClient::update_profile) (a subset of
/// `UpdateUserInput`). Unset fields are left unchanged.
///
/// There is deliberately no password, email or phone here: use
/// [`update_password`](crate::AuthenticationClient::update_password),
/// [`update_email`](crate::AuthenticationClient::update_email) and
/// [`update_phone`](crate::AuthenticationClient::update_phone), which verify them.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateProfile {
    /// Username.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// Nickname.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nickname: Option<String>,
    /// Avatar URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub photo: Option<String>,
    /// Company.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    /// Browser.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub browser: Option<String>,
    /// Device.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
    /// Full name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Given name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub given_name: Option<String>,
    /// Family name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub family_name: Option<String>,
    /// Middle name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<String>,
    /// Profile URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// Preferred username.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preferred_username: Option<String>,
    /// Website.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    /// Gender (`M`, `F`, `U`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    /// Birth date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birthdate: Option<String>,
    /// Time zone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zoneinfo: Option<String>,
    /// Locale.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// Address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Formatted address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub formatted: Option<String>,
    /// Street address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub street_address: Option<String>,
    /// Locality.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locality: Option<String>,
    /// Region.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Postal code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    /// City.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// Province.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub province: Option<String>,
    /// Country.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

/// `CheckPasswordStrengthResult`: whether a password satisfies the pool's policy.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct PasswordStrength {
    /// `true` when the password is accepted.
    pub valid: bool,
    /// The rule the password breaks, or a success message.
    #[serde(default)]
    pub message: Option<String>,
}

/// A custom data value of the current user, decoded by its data type
/// (`udv`, `setUdv`, `removeUdv`). `Debug` prints the key, type and label, not the
/// value.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct CustomDataValue {
    /// Field key.
    pub key: String,
    /// Field data type.
    pub data_type: UdfDataType,
    /// The value decoded by its data type: a number for `NUMBER`, a boolean for
    /// `BOOLEAN`, an object for `OBJECT`, a string for `STRING`, epoch milliseconds
    /// (or the date string) for `DATETIME`.
    pub value: Value,
    /// The value as the service sent it (text).
    pub raw: String,
    /// Field label.
    pub label: Option<String>,
}

impl fmt::Debug for CustomDataValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CustomDataValue")
            .field("key", &self.key)
            .field("data_type", &self.data_type)
            .field("value", &Redacted)
            .field("raw", &Redacted)
            .field("label", &self.label)
            .finish()
    }
}

impl From<UserDefinedData> for CustomDataValue {
    fn from(d: UserDefinedData) -> Self {
        Self {
            value: decode_udv_value(&d.data_type, &d.value),
            key: d.key,
            data_type: d.data_type,
            raw: d.value,
            label: d.label,
        }
    }
}

authing_core::gql_named!(
    EmailScene => "EmailScene",
    RegisterProfile => "RegisterProfile",
    UpdateProfile => "UpdateUserInput",
);
