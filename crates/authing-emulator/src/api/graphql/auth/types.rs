//! GraphQL types of registration, login, tokens and codes.

use async_graphql::{Enum, InputObject, SimpleObject};

use crate::api::graphql::common::profile_input;
use crate::domain::registration::{self, Registration};

/// Result of `accessToken`.
#[derive(SimpleObject, Debug, Clone)]
pub struct AccessTokenRes {
    /// Management token (JWT).
    pub access_token: Option<String>,
    /// Expiry, seconds since epoch.
    pub exp: Option<i64>,
    /// Issued at, seconds since epoch.
    pub iat: Option<i64>,
}

/// Result of `refreshToken`.
#[derive(SimpleObject, Debug, Clone)]
pub struct RefreshToken {
    /// New user token.
    pub token: Option<String>,
    /// Issued at (seconds).
    pub iat: Option<i64>,
    /// Expiry (seconds).
    pub exp: Option<i64>,
}

/// Result of `checkPasswordStrength`.
#[derive(SimpleObject, Debug, Clone)]
pub struct CheckPasswordStrengthResult {
    /// Whether the password satisfies the pool's rule.
    pub valid: bool,
    /// Explanation.
    pub message: Option<String>,
}

/// Result of `checkLoginStatus`.
#[derive(SimpleObject, Debug, Clone)]
#[graphql(name = "JWTTokenStatus")]
pub struct JwtTokenStatus {
    /// 200 when logged in, else 2020/2206/2207.
    pub code: Option<i32>,
    /// Message.
    pub message: Option<String>,
    /// Logged in?
    pub status: Option<bool>,
    /// Expiry (seconds).
    pub exp: Option<i64>,
    /// Issued at (seconds).
    pub iat: Option<i64>,
    /// Token subject.
    pub data: Option<JwtTokenStatusDetail>,
}

/// `data` of [`JwtTokenStatus`].
#[derive(SimpleObject, Debug, Clone)]
#[graphql(name = "JWTTokenStatusDetail")]
pub struct JwtTokenStatusDetail {
    /// User id.
    pub id: Option<String>,
    /// Pool id.
    pub user_pool_id: Option<String>,
    /// User arn.
    pub arn: Option<String>,
}

/// Scene of a `sendEmail` call.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum EmailScene {
    /// Reset password code.
    ResetPassword,
    /// Verify-email link.
    VerifyEmail,
    /// Change email code.
    ChangeEmail,
    /// MFA code.
    MfaVerify,
    /// Generic verification code.
    VerifyCode,
}

profile_input!(
    /// Profile given at registration.
    RegisterProfile {
        /// Client IP.
        pub ip: Option<String>,
        /// Raw IdP profile.
        pub oauth: Option<String>,
        /// Username.
        pub username: Option<String>,
        /// Custom data.
        pub udf: Option<Vec<UserDdfInput>>,
        /// Phone.
        pub phone: Option<String>,
        /// Email.
        pub email: Option<String>,
    }
);

/// A custom-data pair given at registration.
#[derive(InputObject, Debug, Clone)]
pub struct UserDdfInput {
    /// Key.
    pub key: String,
    /// Value.
    pub value: String,
}

/// `registerByEmail.input`.
#[derive(InputObject, Debug, Clone)]
pub struct RegisterByEmailInput {
    /// Email.
    pub email: String,
    /// Password (RSA-encrypted).
    pub password: String,
    /// Profile.
    pub profile: Option<RegisterProfile>,
    /// Log in right away.
    pub force_login: Option<bool>,
    /// Issue a token.
    pub generate_token: Option<bool>,
    /// Client IP.
    pub client_ip: Option<String>,
    /// Custom data, JSON text of `[{key, value}]`.
    pub params: Option<String>,
    /// Pipeline context.
    pub context: Option<String>,
    /// Phone token.
    pub phone_token: Option<String>,
}

/// `registerByUsername.input`.
#[derive(InputObject, Debug, Clone)]
pub struct RegisterByUsernameInput {
    /// Username.
    pub username: String,
    /// Password (RSA-encrypted).
    pub password: String,
    /// Profile.
    pub profile: Option<RegisterProfile>,
    /// Log in right away.
    pub force_login: Option<bool>,
    /// Issue a token.
    pub generate_token: Option<bool>,
    /// Client IP.
    pub client_ip: Option<String>,
    /// Custom data.
    pub params: Option<String>,
    /// Pipeline context.
    pub context: Option<String>,
    /// Phone token.
    pub phone_token: Option<String>,
    /// Email token.
    pub email_token: Option<String>,
}

/// `registerByPhoneCode.input`.
#[derive(InputObject, Debug, Clone)]
pub struct RegisterByPhoneCodeInput {
    /// Phone.
    pub phone: String,
    /// SMS code.
    pub code: String,
    /// Optional password (RSA-encrypted).
    pub password: Option<String>,
    /// Profile.
    pub profile: Option<RegisterProfile>,
    /// Log in right away.
    pub force_login: Option<bool>,
    /// Issue a token.
    pub generate_token: Option<bool>,
    /// Client IP.
    pub client_ip: Option<String>,
    /// Custom data.
    pub params: Option<String>,
    /// Pipeline context.
    pub context: Option<String>,
    /// Phone country code.
    pub phone_country_code: Option<String>,
    /// Email token.
    pub email_token: Option<String>,
}

/// `loginByEmail.input`.
#[derive(InputObject, Debug, Clone)]
pub struct LoginByEmailInput {
    /// Email.
    pub email: String,
    /// Password (RSA-encrypted).
    pub password: String,
    /// Captcha.
    pub captcha_code: Option<String>,
    /// Create the account when unknown.
    pub auto_register: Option<bool>,
    /// Client IP.
    pub client_ip: Option<String>,
    /// Custom data.
    pub params: Option<String>,
    /// Pipeline context.
    pub context: Option<String>,
}

/// `loginByUsername.input`.
#[derive(InputObject, Debug, Clone)]
pub struct LoginByUsernameInput {
    /// Username.
    pub username: String,
    /// Password (RSA-encrypted).
    pub password: String,
    /// Captcha.
    pub captcha_code: Option<String>,
    /// Create the account when unknown.
    pub auto_register: Option<bool>,
    /// Client IP.
    pub client_ip: Option<String>,
    /// Custom data.
    pub params: Option<String>,
    /// Pipeline context.
    pub context: Option<String>,
}

/// `loginByPhonePassword.input`.
#[derive(InputObject, Debug, Clone)]
pub struct LoginByPhonePasswordInput {
    /// Phone.
    pub phone: String,
    /// Password (RSA-encrypted).
    pub password: String,
    /// Captcha.
    pub captcha_code: Option<String>,
    /// Create the account when unknown.
    pub auto_register: Option<bool>,
    /// Client IP.
    pub client_ip: Option<String>,
    /// Custom data.
    pub params: Option<String>,
    /// Pipeline context.
    pub context: Option<String>,
}

/// `loginByPhoneCode.input`.
#[derive(InputObject, Debug, Clone)]
pub struct LoginByPhoneCodeInput {
    /// Phone.
    pub phone: String,
    /// SMS code.
    pub code: String,
    /// Create the account when unknown (the emulator always does, as Authing).
    pub auto_register: Option<bool>,
    /// Client IP.
    pub client_ip: Option<String>,
    /// Custom data.
    pub params: Option<String>,
    /// Pipeline context.
    pub context: Option<String>,
    /// Phone country code.
    pub phone_country_code: Option<String>,
}

impl RegisterProfile {
    fn to_domain(&self) -> registration::RegisterProfile {
        registration::RegisterProfile {
            fields: self.profile_fields(),
            oauth: self.oauth.clone(),
            username: self.username.clone(),
            phone: self.phone.clone(),
            email: self.email.clone(),
            udf: self
                .udf
                .iter()
                .flatten()
                .map(|d| (d.key.clone(), d.value.clone()))
                .collect(),
        }
    }
}

/// What the registration inputs share, for the domain layer.
pub(crate) fn registration(
    profile: &Option<RegisterProfile>,
    params: Option<String>,
    force_login: Option<bool>,
    generate_token: Option<bool>,
    client_ip: Option<String>,
) -> Registration {
    Registration {
        profile: profile.as_ref().map(RegisterProfile::to_domain),
        params,
        force_login,
        generate_token,
        client_ip,
    }
}
