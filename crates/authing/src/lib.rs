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
//! let admin = ManagementClient::builder()
//!     .user_pool_id("AUTHING_USERPOOL_ID")
//!     .secret("AUTHING_USERPOOL_SECRET")
//!     .build()?;
//! let page = admin.users().list(&ListOptions::new(1, 10)).await?;
//! println!("{} users", page.total_count);
//!
//! let auth = AuthenticationClient::builder().user_pool_id("AUTHING_USERPOOL_ID").build()?;
//! let _ = auth;
//! # Ok(()) }
//! ```

pub use authing_core::{
    ApiError, ClientOptions, ClientOptionsBuilder, DEFAULT_HOST, DEFAULT_PUBLIC_KEY, Error,
    PasswordEncryptor, Result, RetryPolicy, TransportErrorKind, codes, models,
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
