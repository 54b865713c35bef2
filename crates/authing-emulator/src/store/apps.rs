//! Applications of the pool (OIDC / OAuth 2.0 clients): id, secret, redirect URIs and
//! client authentication method. Pool configuration: `reset` keeps them.
//!
//! Generic on purpose: the management `applications` API (a later issue) works on the
//! same records.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// How a client authenticates at the token, introspection and revocation endpoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum AuthMethod {
    /// `client_id` and `client_secret` in the form body (Authing's default).
    #[default]
    ClientSecretPost,
    /// HTTP Basic (RFC 6749 §2.3.1).
    ClientSecretBasic,
    /// A public client: `client_id` only, PKCE required.
    None,
}

impl AuthMethod {
    /// The wire name (`client_secret_post`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            AuthMethod::ClientSecretPost => "client_secret_post",
            AuthMethod::ClientSecretBasic => "client_secret_basic",
            AuthMethod::None => "none",
        }
    }

    /// Parses a wire name.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "client_secret_post" => Some(AuthMethod::ClientSecretPost),
            "client_secret_basic" => Some(AuthMethod::ClientSecretBasic),
            "none" => Some(AuthMethod::None),
            _ => None,
        }
    }
}

/// A stored application.
#[derive(Clone)]
pub(crate) struct AppRecord {
    pub id: String,
    pub name: String,
    pub secret: String,
    pub redirect_uris: Vec<String>,
    pub logout_redirect_uris: Vec<String>,
    pub token_endpoint_auth_method: AuthMethod,
    pub created_at: String,
}

impl std::fmt::Debug for AppRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppRecord")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("secret", &"<redacted>")
            .field("redirect_uris", &self.redirect_uris)
            .field(
                "token_endpoint_auth_method",
                &self.token_endpoint_auth_method,
            )
            .finish_non_exhaustive()
    }
}

/// Applications by id, in creation order.
#[derive(Debug, Default)]
pub(crate) struct Apps {
    list: IndexMap<String, AppRecord>,
}

impl Apps {
    pub fn from_records(records: impl IntoIterator<Item = AppRecord>) -> Self {
        Self {
            list: records.into_iter().map(|a| (a.id.clone(), a)).collect(),
        }
    }

    pub fn get(&self, id: &str) -> Option<&AppRecord> {
        self.list.get(id)
    }

    pub fn iter(&self) -> impl Iterator<Item = &AppRecord> {
        self.list.values()
    }

    /// Adds an application; `false` (nothing changed) when the id is taken.
    pub fn insert(&mut self, app: AppRecord) -> bool {
        if self.list.contains_key(&app.id) {
            return false;
        }
        self.list.insert(app.id.clone(), app);
        true
    }

    /// Adds a login and post-logout redirect URI to an application (no duplicates).
    pub fn add_redirect_uri(&mut self, id: &str, uri: &str) -> bool {
        let Some(app) = self.list.get_mut(id) else {
            return false;
        };
        for list in [&mut app.redirect_uris, &mut app.logout_redirect_uris] {
            if !list.iter().any(|u| u == uri) {
                list.push(uri.to_string());
            }
        }
        true
    }

    /// Removes an application.
    pub fn remove(&mut self, id: &str) -> Option<AppRecord> {
        self.list.shift_remove(id)
    }

    /// Replaces the secret of an application; `false` when there is none.
    pub fn set_secret(&mut self, id: &str, secret: String) -> bool {
        match self.list.get_mut(id) {
            Some(a) => {
                a.secret = secret;
                true
            }
            None => false,
        }
    }

    /// Replaces the name and redirect URIs of an application.
    pub fn set_name(&mut self, id: &str, name: String) -> bool {
        match self.list.get_mut(id) {
            Some(a) => {
                a.name = name;
                true
            }
            None => false,
        }
    }
}
