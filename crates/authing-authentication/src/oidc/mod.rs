//! OpenID Connect and OAuth 2.0 helpers for an application (issue 14): authorize and
//! logout URLs, PKCE, the token, userinfo, introspection and revocation endpoints,
//! and local verification of id and access tokens.
//!
//! The helpers are methods of [`AuthenticationClient`](crate::AuthenticationClient)
//! built with the application's `app_id` and `app_host` (and `app_secret` for a
//! confidential client); they talk to `{appHost}/oidc/*` (or `/oauth/*` with
//! [`Protocol::Oauth`]), send form bodies and read the raw JSON answers. An
//! `{error, error_description}` answer is [`Error::OAuth`](crate::Error::OAuth).
//!
//! ```no_run
//! # async fn demo() -> authing::authentication::Result<()> {
//! use authing::authentication::AuthenticationClient;
//! use authing::authentication::oidc::{AuthorizeParams, Pkce};
//!
//! let auth = AuthenticationClient::builder()
//!     .app_id("60b4a1c2d3e4f5a6b7c8d9e1")
//!     .app_host("https://my-app.authing.cn")
//!     .app_secret("the-app-secret")
//!     .redirect_uri("https://example.com/callback")
//!     .build()?;
//!
//! // 1. Send the browser to the authorize URL; keep state, nonce and verifier.
//! let pkce = Pkce::generate();
//! let req = auth.build_authorize_url(&AuthorizeParams::new().pkce(&pkce))?;
//! println!("redirect to {}", req.url());
//!
//! // 2. On the callback (after checking `state`), exchange the code.
//! let tokens = auth.get_access_token_by_code("the-code", Some(pkce.verifier())).await?;
//!
//! // 3. Verify the id token locally (signature, issuer, audience, times, nonce).
//! if let Some(id_token) = &tokens.id_token {
//!     let claims = auth.verify_id_token(id_token.expose(), req.nonce()).await?;
//!     println!("signed in as {:?}", claims.sub);
//! }
//! # Ok(()) }
//! ```

mod claims;
mod options;
mod pkce;
mod tokens;
mod urls;
mod verify;

pub use claims::{
    AccessTokenClaims, IdTokenClaims, Introspection, UserInfo, ValidateTokenInput, ValidatedToken,
};
pub use options::{AuthMethod, DEFAULT_JWT_LEEWAY, Protocol};
pub use pkce::{
    CodeChallengeMethod, DEFAULT_VERIFIER_LENGTH, Pkce, generate_code_challenge,
    generate_code_challenge_digest, generate_code_challenge_with_length,
};
pub use tokens::TokenSet;
pub use urls::{
    AuthorizeParams, AuthorizeRequest, DEFAULT_OAUTH_SCOPE, DEFAULT_OIDC_SCOPE, LogoutParams,
};
pub use verify::JWKS_REFETCH_INTERVAL;

pub use authing_core::InvalidTokenReason;

pub(crate) use options::OidcOptions;
pub(crate) use urls::encode_segment;
pub(crate) use verify::OidcState;
