//! Core of the Authing SDK for Rust: the transport shared by
//! [`authing-management`](https://docs.rs/authing-management) and
//! [`authing-authentication`](https://docs.rs/authing-authentication).
//!
//! It provides:
//! - [`ClientOptions`]: host, user pool, app, language, timeouts, retries, public key;
//!   validated by [`ClientOptionsBuilder::build`], or read with [`ClientOptions::from_env`].
//! - The transport (internal): one `reqwest` client per SDK client; GraphQL calls to
//!   `{host}/graphql/v2` and REST calls with the `{code, message, data}` envelope, the
//!   `x-authing-*` headers, retries of idempotent calls, a size cap on responses and a
//!   tracing span per call (never with a secret, token, password or body).
//! - [`Operation`] and [`vars`]: every GraphQL operation the clients send, with its
//!   document and the typed struct of its variables.
//! - [`Error`]: one error type for every failure, with [`Error::code`] and predicates
//!   such as [`Error::is_user_not_found`].
//! - [`PasswordEncryptor`]: RSA PKCS#1 v1.5 encryption of passwords, as the service
//!   expects.
//!
//! ```
//! # fn main() -> authing_core::Result<()> {
//! use std::time::Duration;
//! let options = authing_core::ClientOptions::builder()
//!     .user_pool_id("60b4a1c2d3e4f5a6b7c8d9e0")
//!     .timeout(Duration::from_secs(5))
//!     .build()?;
//! assert_eq!(options.host(), "https://core.authing.cn");
//! # Ok(()) }
//! ```

#![cfg_attr(docsrs, feature(doc_auto_cfg))]

mod crypto;
mod decode;
mod error;
mod helpers;
#[path = "jwt.rs"]
mod jwt_impl;
mod mfa;
pub mod models;
mod operation;
mod options;
mod org;
mod password_reset;
mod platform;
mod raw;
mod transport;
mod user_lookup;
pub mod vars;

#[cfg(any(test, feature = "test-util"))]
pub mod testing;

pub use crypto::PasswordEncryptor;
pub use error::{ApiError, Error, InvalidTokenReason, Result, TransportErrorKind, codes};
pub use mfa::MfaDetails;
pub use operation::{Operation, OperationKind};
pub use options::{
    ClientOptions, ClientOptionsBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_HOST,
    DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_PUBLIC_KEY, DEFAULT_TIMEOUT, RetryPolicy, SDK_VERSION,
};
pub use password_reset::{PasswordResetKind, PasswordResetRequired};

/// Plumbing shared by the client crates (transport, decoders, helpers). Not part of
/// the public API: it may change in any release. See `ARCHITECTURE.md`.
#[doc(hidden)]
pub mod __private {
    pub use crate::decode::{Envelope, decode_graphql, decode_graphql_careful, decode_rest};
    pub use crate::error::{EXCERPT_CHARS, excerpt, redact};
    pub use crate::helpers::{check_message, non_blank, non_empty_list, paginate, required};
    pub mod jwt {
        //! Unverified JWT claims (`payload`, `exp`, `iat`, `user_id`).
        pub use crate::jwt_impl::*;
    }
    pub use crate::raw::{RawRequest, RawResponse};
    pub use crate::transport::{Endpoint, Method, RestRequest, Transport, strip_nulls};
    pub mod clock {
        //! The clock of the platform (`std` natively, `Date.now()` in the browser), for
        //! crates that must not read `std::time` directly (wasm32).
        pub use crate::platform::{Instant, elapsed, now, sleep, unix_now};
    }
    pub use serde;
}

/// Re-exported so client crates and users share one `serde_json`.
pub use serde_json;

/// Re-exported for the `_stream` methods: `use authing::futures_util::TryStreamExt;`
/// gives `try_next` without another dependency.
pub use futures_util;
