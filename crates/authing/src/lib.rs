//! # authing
//!
//! The Rust SDK for the [Authing](https://authing.cn) identity cloud (v2 API).
//!
//! - [`management`] (feature `management`): [`management::ManagementClient`] acts as the
//!   user-pool administrator: users, roles, policies, access control, the user pool.
//! - [`authentication`] (feature `authentication`): [`authentication::AuthenticationClient`]
//!   acts as one end user: register, log in, verification codes, profile, password,
//!   phone and email, tokens, custom data, log out. It also builds for
//!   `wasm32-unknown-unknown`.
//!
//! Both features are on by default. TLS: `rustls-tls` (default), `rustls-tls-native-roots`
//! or `native-tls`.
//!
//! The shared pieces of [`authing_core`] are re-exported at the root: [`Error`],
//! [`Result`], [`ClientOptions`], [`RetryPolicy`] and the [`models`].
//!
//! ```no_run
//! # #[cfg(all(feature = "management", feature = "authentication"))]
//! # async fn demo() -> authing::Result<()> {
//! use authing::management::{ListOptions, ManagementClient};
//! use authing::authentication::AuthenticationClient;
//!
//! // AUTHING_USERPOOL_ID, AUTHING_SECRET (AUTHING_HOST, AUTHING_PUBLIC_KEY) from the environment:
//! let admin = ManagementClient::from_env().build()?;
//! let page = admin.users().list(&ListOptions::new(1, 10)).await?;
//! println!("{} users", page.total_count);
//!
//! let auth = AuthenticationClient::from_env().build()?;
//! let _ = auth;
//! # Ok(()) }
//! ```
//!
//! # Conventions
//!
//! - Lookups (`users().detail`, `users().find`, ...) answer `Ok(None)` when nothing
//!   exists; other methods naming a missing user fail with code 2004
//!   ([`Error::is_user_not_found`]).
//! - Checking a token never fails because the token is bad: the authentication
//!   client's `check_login_status` answers `status: Some(false)`, the management
//!   client's `LoginStatus::Invalid` (and `check_login_status_at` verifies at a given
//!   time). A local check cannot see revocation.
//! - `set_udv` needs the field defined first with the management client's
//!   `udf().set`.
//! - Common codes have constants in [`codes`] and predicates on [`Error`]
//!   (`is_no_permission` 1001, `is_wrong_code` 2001, `is_user_pool_not_found` 2224, ...).
//! - Passwords are encrypted before they leave the client, except in
//!   `check_password_strength`, which sends its password in clear text (inside TLS) by
//!   protocol.
//!
//! # Testing with the emulator
//!
//! Add `authing-emulator` as a dev-dependency; each test starts its own server on
//! 127.0.0.1 (see the management and authentication crate docs for a client against it,
//! and the README for the outbox and clock controls). Plain `http://` is allowed for
//! loopback hosts only, unless `allow_insecure_http(true)`.

pub use authing_core::{
    ApiError, ClientOptions, ClientOptionsBuilder, DEFAULT_HOST, DEFAULT_PUBLIC_KEY, Error,
    InvalidTokenReason, PasswordEncryptor, Result, RetryPolicy, TransportErrorKind, codes, models,
};

/// `serde_json`, as the SDK uses it: inputs that take JSON (custom data, policy
/// conditions, `serde_json::Value` fields of models) need no extra dependency.
pub use authing_core::serde_json;

/// `futures-util`, for the `_stream` methods (`TryStreamExt::try_next`).
pub use authing_core::futures_util;

/// The management client (feature `management`): see [`authing_management`].
#[cfg(feature = "management")]
pub mod management {
    pub use authing_management::*;
}

/// The authentication client (feature `authentication`): see [`authing_authentication`].
#[cfg(feature = "authentication")]
pub mod authentication {
    pub use authing_authentication::*;
}

/// The README's code blocks, compiled as doctests (`cargo test -p authing --doc`).
#[cfg(all(doctest, feature = "management", feature = "authentication"))]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;
