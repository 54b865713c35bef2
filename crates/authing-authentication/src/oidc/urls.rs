//! URLs built locally: authorize (OIDC, OAuth, SAML, CAS) and logout.

use std::fmt;

use authing_core::{Error, Result};

use super::options::Protocol;
use super::pkce::{CodeChallengeMethod, Pkce, random_string};
use crate::AuthenticationClient;

/// Default scope of an OIDC authorize URL.
pub const DEFAULT_OIDC_SCOPE: &str = "openid profile email phone address";
/// Default scope of an OAuth 2.0 authorize URL.
pub const DEFAULT_OAUTH_SCOPE: &str = "user";

/// Options of [`AuthenticationClient::build_authorize_url`]; every one has a
/// default (see the setters).
///
/// ```
/// use authing::authentication::oidc::{AuthorizeParams, Pkce};
/// let pkce = Pkce::generate();
/// let params = AuthorizeParams::new()
///     .scope("openid profile offline_access")
///     .pkce(&pkce);
/// # let _ = params;
/// ```
#[derive(Clone, Default)]
#[non_exhaustive]
pub struct AuthorizeParams {
    redirect_uri: Option<String>,
    response_type: Option<String>,
    response_mode: Option<String>,
    state: Option<String>,
    nonce: Option<String>,
    scope: Option<String>,
    prompt: Option<String>,
    code_challenge: Option<(String, CodeChallengeMethod)>,
    tenant_id: Option<String>,
    login_hint: Option<String>,
    service: Option<String>,
}

impl fmt::Debug for AuthorizeParams {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthorizeParams")
            .field("redirect_uri", &self.redirect_uri)
            .field("response_type", &self.response_type)
            .field("response_mode", &self.response_mode)
            .field("scope", &self.scope)
            .field("prompt", &self.prompt)
            .field("tenant_id", &self.tenant_id)
            .field("service", &self.service)
            .field("code_challenge", &self.code_challenge.as_ref().map(|c| c.1))
            .finish_non_exhaustive()
    }
}

macro_rules! setters {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        pub fn $name(mut self, value: impl Into<String>) -> Self {
            self.$name = Some(value.into());
            self
        }
    )*};
}

impl AuthorizeParams {
    /// Every option at its default.
    pub fn new() -> Self {
        Self::default()
    }

    setters! {
        /// The callback URL (default: the client's
        /// [`redirect_uri`](crate::AuthenticationClientBuilder::redirect_uri)).
        redirect_uri;
        /// `code` (default), or e.g. `id_token token` for the implicit flow (OAuth:
        /// `code` or `token`).
        response_type;
        /// `query`, `fragment` or `form_post` (not sent by default).
        response_mode;
        /// The `state` (default: 32 random characters). Keep it to check the callback.
        state;
        /// The `nonce` (OIDC only; default: 32 random characters). Keep it for
        /// [`verify_id_token`](AuthenticationClient::verify_id_token).
        nonce;
        /// The scope (default `openid profile email phone address` for OIDC, `user`
        /// for OAuth). A scope with `offline_access` adds `prompt=consent` unless a
        /// prompt is set.
        scope;
        /// The `prompt` (`none`, `login`, `consent`).
        prompt;
        /// The tenant (`tenant_id`).
        tenant_id;
        /// A `login_hint` (e.g. the user's email).
        login_hint;
        /// The CAS `service` (with [`Protocol::Cas`]; default: the redirect URI, if
        /// any).
        service;
    }

    /// Sends the `S256` challenge of `pkce`.
    pub fn pkce(self, pkce: &Pkce) -> Self {
        self.code_challenge(pkce.challenge(), pkce.method())
    }

    /// Sends a code challenge computed elsewhere.
    pub fn code_challenge(
        mut self,
        challenge: impl Into<String>,
        method: CodeChallengeMethod,
    ) -> Self {
        self.code_challenge = Some((challenge.into(), method));
        self
    }
}

/// An authorize URL with the `state` and `nonce` it carries (store them in the
/// user's session to check the callback and the id token).
#[derive(Debug, Clone)]
pub struct AuthorizeRequest {
    url: String,
    state: String,
    nonce: Option<String>,
}

impl AuthorizeRequest {
    /// The URL to send the browser to.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The `state` in the URL (empty for CAS, which has none).
    pub fn state(&self) -> &str {
        &self.state
    }

    /// The `nonce` in the URL (OIDC), `None` for OAuth.
    pub fn nonce(&self) -> Option<&str> {
        self.nonce.as_deref()
    }
}

/// Options of [`AuthenticationClient::build_logout_url`].
///
/// ```
/// use authing::authentication::oidc::LogoutParams;
/// let easy = LogoutParams::easy().redirect_uri("https://example.com");
/// let expert = LogoutParams::expert()
///     .id_token("eyJ...")
///     .redirect_uri("https://example.com/signed-out")
///     .state("xyz");
/// # let _ = (easy, expert);
/// ```
#[derive(Clone, Default)]
#[non_exhaustive]
pub struct LogoutParams {
    expert: bool,
    cas: bool,
    redirect_uri: Option<String>,
    id_token: Option<String>,
    state: Option<String>,
}

impl fmt::Debug for LogoutParams {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LogoutParams")
            .field("expert", &self.expert)
            .field("cas", &self.cas)
            .field("redirect_uri", &self.redirect_uri)
            .field("id_token", &self.id_token.as_ref().map(|_| "[redacted]"))
            .field("state", &self.state)
            .finish()
    }
}

impl LogoutParams {
    /// Easy mode: `{appHost}/login/profile/logout[?redirect_uri=]` (the
    /// `id_token` and `state` are not used).
    pub fn easy() -> Self {
        Self::default()
    }

    /// Expert mode (OIDC RP-initiated logout):
    /// `{appHost}/oidc/session/end[?id_token_hint=&post_logout_redirect_uri=&state=]`.
    pub fn expert() -> Self {
        Self {
            expert: true,
            ..Self::default()
        }
    }

    /// CAS mode: `{appHost}/cas-idp/logout[?url=]` (the redirect URI goes to `url`;
    /// the `id_token` and `state` are not used). A client built with
    /// [`Protocol::Cas`] uses it for [`easy`](Self::easy) params too.
    ///
    /// ```
    /// # fn main() -> authing::authentication::Result<()> {
    /// use authing::authentication::oidc::LogoutParams;
    /// let auth = authing::authentication::AuthenticationClient::builder()
    ///     .app_id("app1")
    ///     .app_host("https://my-app.authing.cn")
    ///     .build()?;
    /// let url = auth.build_logout_url(&LogoutParams::cas().redirect_uri("https://example.com/"))?;
    /// assert_eq!(url, "https://my-app.authing.cn/cas-idp/logout?url=https%3A%2F%2Fexample.com%2F");
    /// # Ok(()) }
    /// ```
    pub fn cas() -> Self {
        Self {
            cas: true,
            ..Self::default()
        }
    }

    /// Where to go after logout (`redirect_uri` / `post_logout_redirect_uri`, CAS `url`).
    pub fn redirect_uri(mut self, uri: impl Into<String>) -> Self {
        self.redirect_uri = Some(uri.into());
        self
    }

    /// The id token of the session (`id_token_hint`, expert mode).
    pub fn id_token(mut self, token: impl Into<String>) -> Self {
        self.id_token = Some(token.into());
        self
    }

    /// A `state` echoed to the post-logout redirect (expert mode).
    pub fn state(mut self, state: impl Into<String>) -> Self {
        self.state = Some(state.into());
        self
    }
}

fn with_query(base: String, pairs: &[(&str, &str)]) -> String {
    if pairs.is_empty() {
        return base;
    }
    let mut q = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        q.append_pair(k, v);
    }
    format!("{base}?{}", q.finish())
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().filter(|s| !s.trim().is_empty())
}

impl AuthenticationClient {
    /// Builds the authorize URL of the application (local, no request):
    /// `{appHost}/oidc/auth?...` for OIDC, `{appHost}/oauth/auth?...` for OAuth,
    /// with a random `state` (and `nonce` for OIDC) unless given. With
    /// [`Protocol::Cas`] it is the CAS login URL `{appHost}/cas-idp/{appId}[?service=]`
    /// (the `service` param, else the redirect URI; no state or nonce), as
    /// [`build_cas_url`](Self::build_cas_url).
    ///
    /// Fails with [`Error::Config`] without `app_id` or `app_host`, and with
    /// [`Error::InvalidArgument`] without a redirect URI (neither in `params` nor in
    /// the client's options; CAS needs none).
    ///
    /// ```
    /// # fn main() -> authing::authentication::Result<()> {
    /// use authing::authentication::AuthenticationClient;
    /// use authing::authentication::oidc::{AuthorizeParams, Pkce};
    /// let auth = AuthenticationClient::builder()
    ///     .app_id("60b4a1c2d3e4f5a6b7c8d9e1")
    ///     .app_host("https://my-app.authing.cn")
    ///     .redirect_uri("https://example.com/callback")
    ///     .build()?;
    /// let pkce = Pkce::generate();
    /// let req = auth.build_authorize_url(&AuthorizeParams::new().pkce(&pkce))?;
    /// assert!(req.url().starts_with("https://my-app.authing.cn/oidc/auth?"));
    /// // Keep req.state(), req.nonce() and pkce.verifier() in the user's session.
    /// # Ok(()) }
    /// ```
    pub fn build_authorize_url(&self, params: &AuthorizeParams) -> Result<AuthorizeRequest> {
        let app = self.app()?;
        let opts = self.oidc_options();
        if opts.protocol == Protocol::Cas {
            let service = given(&params.service)
                .or(given(&params.redirect_uri))
                .or(given(&opts.redirect_uri));
            return Ok(AuthorizeRequest {
                url: self.build_cas_url(service)?,
                state: String::new(),
                nonce: None,
            });
        }
        let redirect_uri = given(&params.redirect_uri)
            .or(given(&opts.redirect_uri))
            .ok_or_else(|| {
                Error::InvalidArgument(
                    "build_authorize_url needs a redirect_uri (in the params or the client options)"
                        .into(),
                )
            })?;
        let protocol = opts.protocol;
        let state = given(&params.state).map_or_else(|| random_string(32), str::to_owned);
        let nonce = match protocol {
            Protocol::Oidc => {
                Some(given(&params.nonce).map_or_else(|| random_string(32), str::to_owned))
            }
            Protocol::Oauth | Protocol::Cas => None,
        };
        let scope = given(&params.scope).unwrap_or(match protocol {
            Protocol::Oidc => DEFAULT_OIDC_SCOPE,
            Protocol::Oauth | Protocol::Cas => DEFAULT_OAUTH_SCOPE,
        });
        let response_type = given(&params.response_type).unwrap_or("code");
        let mut pairs: Vec<(&str, &str)> = Vec::with_capacity(12);
        if let Some(n) = &nonce {
            pairs.push(("nonce", n));
        }
        pairs.extend([
            ("state", state.as_str()),
            ("scope", scope),
            ("client_id", app.id),
            ("redirect_uri", redirect_uri),
            ("response_type", response_type),
        ]);
        if let Some(m) = given(&params.response_mode) {
            pairs.push(("response_mode", m));
        }
        let offline = scope.split_whitespace().any(|s| s == "offline_access");
        match given(&params.prompt) {
            Some(p) => pairs.push(("prompt", p)),
            None if offline => pairs.push(("prompt", "consent")),
            None => {}
        }
        if let Some((challenge, method)) = &params.code_challenge {
            pairs.push(("code_challenge", challenge));
            pairs.push(("code_challenge_method", method.as_str()));
        }
        if let Some(t) = given(&params.tenant_id) {
            pairs.push(("tenant_id", t));
        }
        if let Some(h) = given(&params.login_hint) {
            pairs.push(("login_hint", h));
        }
        let url = with_query(format!("{}{}/auth", app.host, protocol.prefix()), &pairs);
        Ok(AuthorizeRequest { url, state, nonce })
    }

    /// The SAML identity provider URL of the application:
    /// `{appHost}/api/v2/saml-idp/{appId}` (local).
    ///
    /// ```
    /// # fn main() -> authing::authentication::Result<()> {
    /// let auth = authing::authentication::AuthenticationClient::builder()
    ///     .app_id("app1")
    ///     .app_host("https://my-app.authing.cn")
    ///     .build()?;
    /// assert_eq!(auth.build_saml_url()?, "https://my-app.authing.cn/api/v2/saml-idp/app1");
    /// # Ok(()) }
    /// ```
    pub fn build_saml_url(&self) -> Result<String> {
        let app = self.app()?;
        Ok(format!(
            "{}/api/v2/saml-idp/{}",
            app.host,
            encode_segment(app.id)
        ))
    }

    /// The CAS login URL of the application: `{appHost}/cas-idp/{appId}[?service=]`
    /// (local).
    ///
    /// ```
    /// # fn main() -> authing::authentication::Result<()> {
    /// let auth = authing::authentication::AuthenticationClient::builder()
    ///     .app_id("app1")
    ///     .app_host("https://my-app.authing.cn")
    ///     .build()?;
    /// assert_eq!(
    ///     auth.build_cas_url(Some("https://example.com/"))?,
    ///     "https://my-app.authing.cn/cas-idp/app1?service=https%3A%2F%2Fexample.com%2F"
    /// );
    /// # Ok(()) }
    /// ```
    pub fn build_cas_url(&self, service: Option<&str>) -> Result<String> {
        let app = self.app()?;
        let base = format!("{}/cas-idp/{}", app.host, encode_segment(app.id));
        Ok(match service.filter(|s| !s.trim().is_empty()) {
            Some(s) => with_query(base, &[("service", s)]),
            None => base,
        })
    }

    /// Builds a logout URL (local): easy mode
    /// `{appHost}/login/profile/logout[?redirect_uri=]`, expert mode
    /// `{appHost}/oidc/session/end[?id_token_hint=&post_logout_redirect_uri=&state=]`,
    /// CAS mode ([`LogoutParams::cas`], or easy params with [`Protocol::Cas`])
    /// `{appHost}/cas-idp/logout[?url=]`.
    /// Fails with [`Error::Config`] without `app_host`.
    ///
    /// ```
    /// # fn main() -> authing::authentication::Result<()> {
    /// use authing::authentication::oidc::LogoutParams;
    /// let auth = authing::authentication::AuthenticationClient::builder()
    ///     .app_id("app1")
    ///     .app_host("https://my-app.authing.cn")
    ///     .build()?;
    /// let url = auth.build_logout_url(&LogoutParams::easy())?;
    /// assert_eq!(url, "https://my-app.authing.cn/login/profile/logout");
    /// # Ok(()) }
    /// ```
    pub fn build_logout_url(&self, params: &LogoutParams) -> Result<String> {
        let host = self.app_host_required()?;
        let cas_client = self.oidc_options().protocol == Protocol::Cas && !params.expert;
        if params.cas || cas_client {
            let pairs: Vec<(&str, &str)> = given(&params.redirect_uri)
                .map(|u| ("url", u))
                .into_iter()
                .collect();
            return Ok(with_query(format!("{host}/cas-idp/logout"), &pairs));
        }
        if !params.expert {
            let pairs: Vec<(&str, &str)> = given(&params.redirect_uri)
                .map(|u| ("redirect_uri", u))
                .into_iter()
                .collect();
            return Ok(with_query(format!("{host}/login/profile/logout"), &pairs));
        }
        let mut pairs: Vec<(&str, &str)> = Vec::new();
        if let Some(t) = given(&params.id_token) {
            pairs.push(("id_token_hint", t));
        }
        if let Some(u) = given(&params.redirect_uri) {
            pairs.push(("post_logout_redirect_uri", u));
        }
        if let Some(s) = given(&params.state) {
            pairs.push(("state", s));
        }
        Ok(with_query(format!("{host}/oidc/session/end"), &pairs))
    }
}

/// Percent-encodes one path segment.
pub(crate) fn encode_segment(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}
