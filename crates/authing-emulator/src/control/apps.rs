//! Applications and OIDC signing keys: `POST /emulator/v1/applications`,
//! `POST /emulator/v1/oidc/rotate-keys` and their handle twins.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use serde::{Deserialize, Serialize};

use super::{bad, ok};
use crate::domain::oidc::keys::SigningKeys;
use crate::domain::oidc::{self, NewApp};
use crate::shared::Shared;
use crate::store::apps::{AppRecord, AuthMethod};
use crate::{Emulator, EmulatorError};

/// How a registered application authenticates at the token, introspection and
/// revocation endpoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum TokenEndpointAuthMethod {
    /// `client_id` and `client_secret` in the form body (the default).
    #[default]
    ClientSecretPost,
    /// HTTP Basic with the form-urlencoded id and secret (RFC 6749 §2.3.1).
    ClientSecretBasic,
    /// A public client: no secret, PKCE required.
    None,
}

impl From<TokenEndpointAuthMethod> for AuthMethod {
    fn from(m: TokenEndpointAuthMethod) -> Self {
        match m {
            TokenEndpointAuthMethod::ClientSecretPost => AuthMethod::ClientSecretPost,
            TokenEndpointAuthMethod::ClientSecretBasic => AuthMethod::ClientSecretBasic,
            TokenEndpointAuthMethod::None => AuthMethod::None,
        }
    }
}

impl From<AuthMethod> for TokenEndpointAuthMethod {
    fn from(m: AuthMethod) -> Self {
        match m {
            AuthMethod::ClientSecretPost => TokenEndpointAuthMethod::ClientSecretPost,
            AuthMethod::ClientSecretBasic => TokenEndpointAuthMethod::ClientSecretBasic,
            AuthMethod::None => TokenEndpointAuthMethod::None,
        }
    }
}

/// An application to register with [`Emulator::register_application`].
///
/// ```
/// use authing_emulator::{ApplicationSpec, TokenEndpointAuthMethod};
/// let spec = ApplicationSpec::new("my spa")
///     .redirect_uri("http://127.0.0.1:5173/callback")
///     .token_endpoint_auth_method(TokenEndpointAuthMethod::None);
/// assert_eq!(spec.redirect_uris.len(), 1);
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApplicationSpec {
    /// Name (shown on the hosted login page).
    pub name: String,
    /// Allowed login redirect URIs (absolute http(s), no fragment).
    pub redirect_uris: Vec<String>,
    /// Allowed `post_logout_redirect_uri`s.
    pub logout_redirect_uris: Vec<String>,
    /// Client authentication method.
    pub token_endpoint_auth_method: TokenEndpointAuthMethod,
}

impl ApplicationSpec {
    /// A spec with this name, no redirect URIs and `client_secret_post`.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            redirect_uris: Vec::new(),
            logout_redirect_uris: Vec::new(),
            token_endpoint_auth_method: TokenEndpointAuthMethod::default(),
        }
    }

    /// Adds an allowed login redirect URI.
    pub fn redirect_uri(mut self, uri: impl Into<String>) -> Self {
        self.redirect_uris.push(uri.into());
        self
    }

    /// Adds an allowed post-logout redirect URI.
    pub fn logout_redirect_uri(mut self, uri: impl Into<String>) -> Self {
        self.logout_redirect_uris.push(uri.into());
        self
    }

    /// Sets the client authentication method.
    pub fn token_endpoint_auth_method(mut self, m: TokenEndpointAuthMethod) -> Self {
        self.token_endpoint_auth_method = m;
        self
    }
}

/// A registered application: its client id and secret (`Debug` redacts the secret).
#[derive(Clone)]
#[non_exhaustive]
pub struct RegisteredApplication {
    /// The application (client) id.
    pub app_id: String,
    /// The client secret (unused by public clients).
    pub app_secret: String,
    /// Name.
    pub name: String,
    /// Allowed login redirect URIs.
    pub redirect_uris: Vec<String>,
    /// Client authentication method.
    pub token_endpoint_auth_method: TokenEndpointAuthMethod,
}

impl std::fmt::Debug for RegisteredApplication {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RegisteredApplication")
            .field("app_id", &self.app_id)
            .field("app_secret", &"<redacted>")
            .field("name", &self.name)
            .field("redirect_uris", &self.redirect_uris)
            .field(
                "token_endpoint_auth_method",
                &self.token_endpoint_auth_method,
            )
            .finish()
    }
}

impl From<AppRecord> for RegisteredApplication {
    fn from(a: AppRecord) -> Self {
        Self {
            app_id: a.id,
            app_secret: a.secret,
            name: a.name,
            redirect_uris: a.redirect_uris,
            token_endpoint_auth_method: a.token_endpoint_auth_method.into(),
        }
    }
}

/// Generates a new signing key and makes it current; returns its kid.
fn rotate(sh: &Shared) -> Result<String, EmulatorError> {
    let key = SigningKeys::generate_key()?;
    let kid = key.kid.clone();
    sh.oidc_keys.write().push(key);
    Ok(kid)
}

impl Emulator {
    /// The default application's client secret.
    pub fn app_secret(&self) -> &str {
        &self.app_secret
    }

    /// The application host: the emulator's URL (Authing's `appHost`).
    pub fn app_host(&self) -> &str {
        self.url()
    }

    /// The OpenID Connect issuer, `{url}/oidc` (discovery at
    /// `{issuer}/.well-known/openid-configuration`).
    pub fn oidc_issuer(&self) -> String {
        format!("{}/oidc", self.url())
    }

    /// Registers another application (the twin of `POST /emulator/v1/applications`).
    /// Applications are pool configuration: [`reset`](Self::reset) keeps them.
    pub fn register_application(
        &self,
        spec: ApplicationSpec,
    ) -> Result<RegisteredApplication, EmulatorError> {
        oidc::register_app(
            &self.shared,
            NewApp {
                name: spec.name,
                redirect_uris: spec.redirect_uris,
                logout_redirect_uris: spec.logout_redirect_uris,
                method: spec.token_endpoint_auth_method.into(),
            },
        )
        .map(Into::into)
        .map_err(EmulatorError::Control)
    }

    /// Generates a fresh RS256 signing key with a new `kid` and signs new ID and access
    /// tokens with it; earlier keys stay in the JWKS, so earlier tokens still verify
    /// (the twin of `POST /emulator/v1/oidc/rotate-keys`). Returns the new kid.
    /// Generating a 2048-bit key takes a while (seconds in debug builds); rotated keys
    /// are kept in memory only.
    pub fn rotate_signing_key(&self) -> Result<String, EmulatorError> {
        rotate(&self.shared)
    }
}

/// `POST /emulator/v1/applications` body.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct AppBody {
    name: String,
    #[serde(default)]
    redirect_uris: Vec<String>,
    #[serde(default)]
    logout_redirect_uris: Vec<String>,
    #[serde(default)]
    token_endpoint_auth_method: Option<String>,
}

/// What the applications control answers.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AppView {
    app_id: String,
    app_secret: String,
    name: String,
    redirect_uris: Vec<String>,
    logout_redirect_uris: Vec<String>,
    token_endpoint_auth_method: &'static str,
}

/// `POST /emulator/v1/applications`.
pub(super) async fn register(State(sh): State<Arc<Shared>>, body: Bytes) -> Response {
    let b = match serde_json::from_slice::<AppBody>(&body) {
        Ok(b) => b,
        Err(e) => {
            return bad(format!(
                "expected {{\"name\", \"redirectUris\"?, \"logoutRedirectUris\"?, \"tokenEndpointAuthMethod\"?}}: {e}"
            ));
        }
    };
    let method = match b.token_endpoint_auth_method.as_deref() {
        None => AuthMethod::ClientSecretPost,
        Some(m) => match AuthMethod::parse(m) {
            Some(m) => m,
            None => {
                return bad(
                    "tokenEndpointAuthMethod must be client_secret_post, client_secret_basic or none"
                        .into(),
                );
            }
        },
    };
    let new = NewApp {
        name: b.name,
        redirect_uris: b.redirect_uris,
        logout_redirect_uris: b.logout_redirect_uris,
        method,
    };
    match oidc::register_app(&sh, new) {
        Ok(a) => ok(Some(AppView {
            token_endpoint_auth_method: a.token_endpoint_auth_method.as_str(),
            app_id: a.id,
            app_secret: a.secret,
            name: a.name,
            redirect_uris: a.redirect_uris,
            logout_redirect_uris: a.logout_redirect_uris,
        })),
        Err(e) => bad(e),
    }
}

/// `{kid}` of the new signing key.
#[derive(Serialize)]
struct Rotated {
    kid: String,
}

/// `POST /emulator/v1/oidc/rotate-keys` (generation runs off the async threads).
pub(super) async fn rotate_keys(State(sh): State<Arc<Shared>>) -> Response {
    match tokio::task::spawn_blocking(move || rotate(&sh)).await {
        Ok(Ok(kid)) => ok(Some(Rotated { kid })),
        Ok(Err(e)) => bad(e.to_string()),
        Err(e) => bad(format!("key generation failed: {e}")),
    }
}
