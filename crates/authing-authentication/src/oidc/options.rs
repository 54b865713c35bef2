//! The protocol options of the builder and the state the client keeps for them.

use std::fmt;
use std::time::Duration;

use authing_core::models::Sensitive;
use authing_core::{Error, Result};

use crate::client::{AuthenticationClient, AuthenticationClientBuilder};

/// The protocol of an application: decides the path prefix of the endpoints
/// (`/oidc` or `/oauth`) and the defaults of the authorize URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Protocol {
    /// OpenID Connect (default): `{appHost}/oidc/...`, scope
    /// `openid profile email phone address`, a nonce.
    #[default]
    Oidc,
    /// OAuth 2.0: `{appHost}/oauth/...`, scope `user`, no nonce.
    Oauth,
    /// CAS: [`build_authorize_url`](crate::AuthenticationClient::build_authorize_url)
    /// gives `{appHost}/cas-idp/{appId}[?service=]` and, with easy
    /// [`LogoutParams`](crate::oidc::LogoutParams), `build_logout_url` gives the CAS
    /// logout; the token endpoints do not exist for it ([`Error::Config`]).
    Cas,
}

impl Protocol {
    /// The path prefix: `/oidc` or `/oauth`.
    ///
    /// ```
    /// use authing::authentication::oidc::Protocol;
    /// assert_eq!(Protocol::Oauth.prefix(), "/oauth");
    /// ```
    pub fn prefix(self) -> &'static str {
        match self {
            Protocol::Oidc => "/oidc",
            Protocol::Oauth => "/oauth",
            Protocol::Cas => "/cas-idp",
        }
    }
}

/// How the client authenticates to the token, introspection and revocation
/// endpoints (RFC 6749 §2.3, OIDC Core §9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum AuthMethod {
    /// `client_secret_post` (default): `client_id` and `client_secret` in the form.
    #[default]
    ClientSecretPost,
    /// `client_secret_basic`: `authorization: Basic base64(urlencode(id):urlencode(secret))`.
    ClientSecretBasic,
    /// `none`: only `client_id` in the form (public clients, with PKCE).
    None,
}

/// The protocol options as given to the builder.
#[derive(Clone, Default)]
pub(crate) struct OidcOptions {
    pub(crate) app_secret: Option<Sensitive>,
    pub(crate) redirect_uri: Option<String>,
    pub(crate) protocol: Protocol,
    pub(crate) token_auth: AuthMethod,
    pub(crate) introspection_auth: AuthMethod,
    pub(crate) revocation_auth: AuthMethod,
    pub(crate) leeway: Option<Duration>,
}

impl fmt::Debug for OidcOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OidcOptions")
            .field("app_secret", &self.app_secret)
            .field("redirect_uri", &self.redirect_uri)
            .field("protocol", &self.protocol)
            .field("token_endpoint_auth_method", &self.token_auth)
            .field(
                "introspection_endpoint_auth_method",
                &self.introspection_auth,
            )
            .field("revocation_endpoint_auth_method", &self.revocation_auth)
            .field("jwt_leeway", &self.leeway)
            .finish()
    }
}

/// Default leeway on `exp`, `nbf` and `iat` for local token verification.
pub const DEFAULT_JWT_LEEWAY: Duration = Duration::from_secs(60);

impl OidcOptions {
    pub(crate) fn leeway(&self) -> Duration {
        self.leeway.unwrap_or(DEFAULT_JWT_LEEWAY)
    }
}

impl AuthenticationClientBuilder {
    /// The application's secret (`client_secret`), for the token, introspection and
    /// revocation endpoints with `client_secret_post` or `client_secret_basic`. Kept
    /// as [`Sensitive`]: never printed by `Debug`.
    ///
    /// ```
    /// # fn main() -> authing::authentication::Result<()> {
    /// let auth = authing::authentication::AuthenticationClient::builder()
    ///     .app_id("60b4a1c2d3e4f5a6b7c8d9e1")
    ///     .app_host("https://my-app.authing.cn")
    ///     .app_secret("the-app-secret")
    ///     .build()?;
    /// assert!(!format!("{auth:?}").contains("the-app-secret"));
    /// # Ok(()) }
    /// ```
    pub fn app_secret(mut self, secret: impl Into<String>) -> Self {
        self.oidc.app_secret = Some(Sensitive::new(secret));
        self
    }

    /// The callback URL registered in the application: the default `redirect_uri`
    /// of [`build_authorize_url`](AuthenticationClient::build_authorize_url) and the
    /// one sent by [`get_access_token_by_code`](AuthenticationClient::get_access_token_by_code).
    ///
    /// ```
    /// # fn main() -> authing::authentication::Result<()> {
    /// let auth = authing::authentication::AuthenticationClient::builder()
    ///     .app_id("60b4a1c2d3e4f5a6b7c8d9e1")
    ///     .redirect_uri("https://example.com/callback")
    ///     .build()?;
    /// # let _ = auth; Ok(()) }
    /// ```
    pub fn redirect_uri(mut self, uri: impl Into<String>) -> Self {
        self.oidc.redirect_uri = Some(uri.into());
        self
    }

    /// The application's protocol ([`Protocol::Oidc`] by default).
    ///
    /// ```
    /// # fn main() -> authing::authentication::Result<()> {
    /// use authing::authentication::oidc::Protocol;
    /// let auth = authing::authentication::AuthenticationClient::builder()
    ///     .app_id("60b4a1c2d3e4f5a6b7c8d9e1")
    ///     .protocol(Protocol::Oauth)
    ///     .build()?;
    /// # let _ = auth; Ok(()) }
    /// ```
    pub fn protocol(mut self, protocol: Protocol) -> Self {
        self.oidc.protocol = protocol;
        self
    }

    /// How to authenticate to the token endpoint (code, refresh token).
    ///
    /// ```
    /// # fn main() -> authing::authentication::Result<()> {
    /// use authing::authentication::oidc::AuthMethod;
    /// let auth = authing::authentication::AuthenticationClient::builder()
    ///     .app_id("60b4a1c2d3e4f5a6b7c8d9e1")
    ///     .token_endpoint_auth_method(AuthMethod::ClientSecretBasic)
    ///     .build()?;
    /// # let _ = auth; Ok(()) }
    /// ```
    pub fn token_endpoint_auth_method(mut self, method: AuthMethod) -> Self {
        self.oidc.token_auth = method;
        self
    }

    /// How to authenticate to the introspection endpoint.
    ///
    /// ```
    /// # fn main() -> authing::authentication::Result<()> {
    /// use authing::authentication::oidc::AuthMethod;
    /// let auth = authing::authentication::AuthenticationClient::builder()
    ///     .app_id("60b4a1c2d3e4f5a6b7c8d9e1")
    ///     .introspection_endpoint_auth_method(AuthMethod::None)
    ///     .build()?;
    /// # let _ = auth; Ok(()) }
    /// ```
    pub fn introspection_endpoint_auth_method(mut self, method: AuthMethod) -> Self {
        self.oidc.introspection_auth = method;
        self
    }

    /// How to authenticate to the revocation endpoint. With [`Protocol::Oauth`],
    /// [`AuthMethod::ClientSecretBasic`] is refused (as by the JS SDK).
    ///
    /// ```
    /// # fn main() -> authing::authentication::Result<()> {
    /// use authing::authentication::oidc::AuthMethod;
    /// let auth = authing::authentication::AuthenticationClient::builder()
    ///     .app_id("60b4a1c2d3e4f5a6b7c8d9e1")
    ///     .revocation_endpoint_auth_method(AuthMethod::ClientSecretPost)
    ///     .build()?;
    /// # let _ = auth; Ok(()) }
    /// ```
    pub fn revocation_endpoint_auth_method(mut self, method: AuthMethod) -> Self {
        self.oidc.revocation_auth = method;
        self
    }

    /// The leeway allowed on `exp`, `nbf` and `iat` by
    /// [`verify_id_token`](AuthenticationClient::verify_id_token) and
    /// [`verify_access_token`](AuthenticationClient::verify_access_token)
    /// (default 60 s).
    ///
    /// ```
    /// # fn main() -> authing::authentication::Result<()> {
    /// let auth = authing::authentication::AuthenticationClient::builder()
    ///     .app_id("60b4a1c2d3e4f5a6b7c8d9e1")
    ///     .jwt_leeway(std::time::Duration::from_secs(10))
    ///     .build()?;
    /// # let _ = auth; Ok(()) }
    /// ```
    pub fn jwt_leeway(mut self, leeway: Duration) -> Self {
        self.oidc.leeway = Some(leeway);
        self
    }
}

/// The app id and host checked for a protocol helper.
pub(crate) struct App<'a> {
    pub(crate) id: &'a str,
    /// `{appHost}` without a trailing `/`.
    pub(crate) host: &'a str,
}

impl AuthenticationClient {
    /// The app host, or [`Error::Config`].
    pub(crate) fn app_host_required(&self) -> Result<&str> {
        self.options()
            .app_host()
            .map(|h| h.trim_end_matches('/'))
            .filter(|h| !h.is_empty())
            .ok_or_else(|| Error::Config("the OIDC/OAuth helpers need the app_host option".into()))
    }

    /// The app id and host, or [`Error::Config`] before any request.
    pub(crate) fn app(&self) -> Result<App<'_>> {
        let host = self.app_host_required()?;
        let id = self
            .options()
            .app_id()
            .filter(|id| !id.trim().is_empty())
            .ok_or_else(|| Error::Config("the OIDC/OAuth helpers need the app_id option".into()))?;
        Ok(App { id, host })
    }

    /// The path prefix of the token endpoints (`/oidc` or `/oauth`); CAS has none.
    pub(crate) fn token_prefix(&self) -> Result<&'static str> {
        match self.oidc_options().protocol {
            Protocol::Cas => Err(Error::Config(
                "the token, userinfo, introspection and revocation endpoints need the OIDC or OAuth protocol, not CAS".into(),
            )),
            p => Ok(p.prefix()),
        }
    }

    /// The protocol options.
    pub(crate) fn oidc_options(&self) -> &OidcOptions {
        &self.oidc_state().options
    }
}
