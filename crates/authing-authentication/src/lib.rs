//! The Authing v2 authentication client: everything an end user does for themselves.
//!
//! [`AuthenticationClient`] registers and logs in a user, then acts as that user:
//! profile, password, phone and email changes, custom data, token refresh and logout.
//! One client is one end user's session; it is `Send + Sync`, and clones share the
//! session.
//!
//! # Quick start
//!
//! ```no_run
//! # async fn demo() -> authing::authentication::Result<()> {
//! use authing::authentication::{AuthenticationClient, LoginOptions, UpdateProfile};
//!
//! let auth = AuthenticationClient::builder()
//!     .user_pool_id("60b4a1c2d3e4f5a6b7c8d9e0") // or .app_id(..) / .app_host(..)
//!     .build()?;
//! let user = auth.login_by_username("alice", "s3cret", &LoginOptions::default()).await?;
//! auth.update_profile(&UpdateProfile { nickname: Some("Nick".into()), ..Default::default() })
//!     .await?;
//!
//! // Later, start from the saved token instead of logging in again:
//! let saved = auth.token().expect("logged in").into_inner();
//! let auth = AuthenticationClient::builder()
//!     .user_pool_id("60b4a1c2d3e4f5a6b7c8d9e0")
//!     .access_token(saved)
//!     .build()?;
//! let me = auth.get_current_user().await?;
//! # let _ = (user, me); Ok(()) }
//! ```
//!
//! # Session
//!
//! - After a call that returns a user with a token (logins, a register with
//!   `force_login` or `generate_token`), the client holds that user and token.
//!   A register without a token leaves the session unchanged; a login answer
//!   without a token is an [`Error::Decode`] and leaves the session unchanged too.
//! - Calls acting as the user (profile, password, phone, email, custom data, refresh,
//!   logout) send `authorization: Bearer <token>`; without a token they fail with
//!   [`Error::NotLoggedIn`] before sending anything. Register, login, verification
//!   codes, password reset and strength checks never send the token.
//! - [`token`](AuthenticationClient::token),
//!   [`token_expires_at`](AuthenticationClient::token_expires_at) and the
//!   [`on_token_change`](AuthenticationClientBuilder::on_token_change) hook let an app
//!   persist the token.
//!
//! # Passwords
//!
//! Every password (register, login, reset, update: old and new) is encrypted with the
//! service's RSA public key before it is sent; set another key with
//! [`public_key`](AuthenticationClientBuilder::public_key) for a private deployment.
//! The only exception is
//! [`check_password_strength`](AuthenticationClient::check_password_strength), whose
//! purpose is for the service to read the password.
//!
//! # Multi-factor authentication
//!
//! A login of a user with MFA fails with [`Error::MfaRequired`]: the password (or code)
//! was right and the error carries the MFA token (and [`MfaDetails`]: the factors
//! offered, the phone / email to send a code to). The second step takes that token and
//! starts the session like a login:
//!
//! ```no_run
//! # async fn demo(auth: authing::authentication::AuthenticationClient) -> authing::authentication::Result<()> {
//! use authing::authentication::{Error, LoginOptions};
//! match auth.login_by_username("alice", "s3cret", &LoginOptions::default()).await {
//!     Ok(_) => {}
//!     Err(Error::MfaRequired { mfa_token, details, .. }) if details.totp_enabled => {
//!         let code = "123456"; // what the user's authenticator app shows
//!         auth.verify_totp_mfa(code, mfa_token.expose()).await?;
//!     }
//!     Err(e) => return Err(e),
//! }
//! assert!(auth.token().is_some());
//! # Ok(()) }
//! ```
//!
//! Binding an authenticator: [`associate_mfa_authenticator`](AuthenticationClient::associate_mfa_authenticator)
//! then [`confirm_associate_mfa_authenticator`](AuthenticationClient::confirm_associate_mfa_authenticator).
//!
//! # Custom data
//!
//! [`set_udv`](AuthenticationClient::set_udv) fails until the field exists in the pool:
//! define it first, once, with the management client's `udf().set(UdfTargetType::User,
//! key, data_type, label)` (the emulator behaves the same way).
//!
//! # Checking a token
//!
//! [`check_login_status`](AuthenticationClient::check_login_status) asks the service;
//! a bad or expired token is an answer (`status: Some(false)`, code 2206 or 2207), not
//! an error, as with the management client's local
//! `ManagementClient::check_login_status` (`LoginStatus::Invalid`).
//!
//! # Testing with the emulator
//!
//! `authing-emulator` (a dev-dependency) starts an Authing-compatible server on
//! 127.0.0.1 in milliseconds: point the client at it; SMS and email codes land in its
//! outbox and its clock can be moved. Plain `http://` is allowed for loopback hosts.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let emu = authing_emulator::Emulator::builder().start().await?;
//! let auth = authing::authentication::AuthenticationClient::builder()
//!     .host(emu.url())
//!     .user_pool_id(emu.user_pool_id())
//!     .public_key(emu.public_key_pem())
//!     .build()?;
//! auth.send_sms_code("13800000000").await?;
//! let code = emu.latest_code("13800000000").expect("the code is in the outbox");
//! auth.register_by_phone_code("13800000000", &code, None, &Default::default()).await?;
//! # Ok(()) }
//! ```
//!
//! # Sign in with OIDC
//!
//! The [`oidc`] module turns the client into an OpenID Connect / OAuth 2.0 client of
//! an application: build it with `app_id`, `app_host`, `redirect_uri` (and
//! `app_secret` for a server app), send the browser to
//! [`build_authorize_url`](AuthenticationClient::build_authorize_url) (with
//! [`oidc::Pkce`]), exchange the code with
//! [`get_access_token_by_code`](AuthenticationClient::get_access_token_by_code) and
//! check the id token with [`verify_id_token`](AuthenticationClient::verify_id_token)
//! (RS256, keys from the app's JWKS, issuer, audience, expiry, nonce).
//!
//! ```no_run
//! # async fn demo(code: &str, verifier: &str, nonce: &str) -> authing::authentication::Result<()> {
//! let auth = authing::authentication::AuthenticationClient::builder()
//!     .app_id("60b4a1c2d3e4f5a6b7c8d9e1")
//!     .app_host("https://my-app.authing.cn")
//!     .app_secret("the-app-secret")
//!     .redirect_uri("https://example.com/callback")
//!     .build()?;
//! let tokens = auth.get_access_token_by_code(code, Some(verifier)).await?;
//! let id_token = tokens.id_token.expect("the openid scope gives an id token");
//! let claims = auth.verify_id_token(id_token.expose(), Some(nonce)).await?;
//! # let _ = claims; Ok(()) }
//! ```
//!
//! # CAS and QR-code login
//!
//! The [`cas`] module validates CAS service tickets (CAS 1.0 text, CAS 2.0/3.0 XML or
//! JSON) for an application that uses Authing as CAS identity provider; the
//! [`qrcode`] module runs the app-scan QR login, with
//! [`poll_qrcode`](AuthenticationClient::poll_qrcode) as a `Stream` of status changes.
//!
//! # WebAssembly
//!
//! The crate builds for `wasm32-unknown-unknown` (browser `fetch`, no tokio runtime);
//! the only clock it reads is the platform's (`Date.now()` in the browser), for the
//! times of a token in local verification.

#![cfg_attr(docsrs, feature(doc_auto_cfg))]

mod account;
mod account_flows;
pub mod cas;
mod client;
mod custom_data;
mod login;
mod mfa;
pub mod oidc;
pub mod operations;
mod own_view;
mod profile;
pub mod qrcode;
mod register;
mod session;
mod types;

pub use account_flows::{PasswordSecurityLevel, UserLookup};
pub use client::{AuthenticationClient, AuthenticationClientBuilder, TokenCallback};
pub use mfa::{MfaAssociation, MfaAuthenticator, MfaOptions};
pub use own_view::{
    SecurityLevel, UserApplication, UserAuthorizedResource, UserDepartment, UserRole,
};
pub use types::{
    CustomDataValue, EmailScene, LoginOptions, PasswordStrength, RegisterOptions, RegisterProfile,
    UdfValueInput, UpdateProfile,
};

pub use authing_core::models::{
    CommonMessage, JwtTokenStatus, JwtTokenStatusDetail, Node, OrgPathStep, OrgSummary,
    RefreshedToken, Sensitive, UdfDataType, User,
};
pub use authing_core::{ClientOptions, ClientOptionsBuilder, Error, Result, RetryPolicy, codes};

/// The shared models, for the types of public fields (e.g. [`User::identities`]'s
/// [`models::Identity`]) that are not re-exported at the root.
pub use authing_core::models;
/// The `serde_json` of [`LoginOptions::custom_data`], [`CustomDataValue::value`] and
/// friends, so that callers use the same version.
pub use authing_core::serde_json;
/// The error types reached through [`Error`] and the password encryptor of
/// [`ClientOptions::encryptor`].
pub use authing_core::{
    ApiError, InvalidTokenReason, MfaDetails, PasswordEncryptor, TransportErrorKind,
};
/// The type of the GraphQL documents in [`operations`].
pub use authing_core::{Operation, OperationKind};
/// What a login answered 1639 or 2058 needs ([`Error::password_reset_required`]).
pub use authing_core::{PasswordResetKind, PasswordResetRequired};
