//! OpenID Connect / OAuth 2.0 provider state: pending login interactions, authorization
//! codes, grants (what a code, a refresh token or client credentials issued), access
//! token ids, refresh tokens and the provider's login sessions (cookie id → user).
//!
//! In memory only (not in the data file); `reset` clears it. Expired entries are
//! dropped when new ones of the same kind are added.

use std::collections::{HashMap, HashSet};

/// Which protocol an authorization request, code or grant belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Protocol {
    /// OpenID Connect under `/oidc`.
    Oidc,
    /// OAuth 2.0 under `/oauth`.
    OAuth,
}

/// A validated authorization request (what `/auth` was asked).
#[derive(Clone)]
pub(crate) struct AuthRequest {
    pub protocol: Protocol,
    pub client_id: String,
    pub redirect_uri: String,
    /// Sorted, space-separated (`code`, `id_token`, `token`, `id_token token`).
    pub response_type: String,
    /// `query`, `fragment` or `form_post`.
    pub response_mode: String,
    pub scope: Vec<String>,
    pub state: Option<String>,
    pub nonce: Option<String>,
    /// `(challenge, method)`; method `S256` or `plain`.
    pub code_challenge: Option<(String, String)>,
    pub login_hint: Option<String>,
}

/// A login form waiting for credentials.
pub(crate) struct Interaction {
    pub request: AuthRequest,
    pub expires_ms: i64,
}

/// An authorization code.
pub(crate) struct CodeRecord {
    pub request: AuthRequest,
    pub user_id: String,
    pub auth_time: i64,
    pub expires_ms: i64,
    /// Set by the first redemption; a second one revokes `grant_id`.
    pub grant_id: Option<String>,
}

/// What one authorization (code, client credentials) granted; refresh tokens and
/// access tokens point to it. Revoking it ends all of them.
#[derive(Clone)]
pub(crate) struct GrantRecord {
    pub protocol: Protocol,
    pub client_id: String,
    /// `None` for client credentials.
    pub user_id: Option<String>,
    pub scope: Vec<String>,
    pub auth_time: i64,
    /// The user's token epoch at issue: a forced logout (epoch bump) ends the grant.
    pub epoch: u32,
    pub revoked: bool,
}

/// A refresh token.
pub(crate) struct RefreshRecord {
    pub grant_id: String,
    pub expires_ms: i64,
    /// Rotated: a refresh token works once.
    pub used: bool,
}

/// A login session of the provider's hosted page (the emulator's cookie).
#[derive(Clone)]
pub(crate) struct LoginSession {
    pub user_id: String,
    pub auth_time: i64,
    pub epoch: u32,
    pub expires_ms: i64,
}

/// All provider state.
#[derive(Default)]
pub(crate) struct OidcState {
    interactions: HashMap<String, Interaction>,
    codes: HashMap<String, CodeRecord>,
    grants: HashMap<String, GrantRecord>,
    /// Access token `jti` → grant id.
    access: HashMap<String, String>,
    revoked_access: HashSet<String>,
    refresh: HashMap<String, RefreshRecord>,
    sessions: HashMap<String, LoginSession>,
}

impl std::fmt::Debug for OidcState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcState")
            .field("interactions", &self.interactions.len())
            .field("codes", &self.codes.len())
            .field("grants", &self.grants.len())
            .field("sessions", &self.sessions.len())
            .finish_non_exhaustive()
    }
}

impl OidcState {
    pub fn add_interaction(&mut self, id: String, i: Interaction, now_ms: i64) {
        self.interactions.retain(|_, i| i.expires_ms > now_ms);
        self.interactions.insert(id, i);
    }

    /// Removes and returns a pending interaction (expired ones are `None`).
    pub fn take_interaction(&mut self, id: &str, now_ms: i64) -> Option<Interaction> {
        self.interactions
            .remove(id)
            .filter(|i| i.expires_ms > now_ms)
    }

    pub fn add_code(&mut self, code: String, c: CodeRecord, now_ms: i64) {
        // Used codes are kept while they live, so that a replay is detected.
        self.codes.retain(|_, c| c.expires_ms > now_ms);
        self.codes.insert(code, c);
    }

    pub fn code_mut(&mut self, code: &str) -> Option<&mut CodeRecord> {
        self.codes.get_mut(code)
    }

    pub fn add_grant(&mut self, id: String, g: GrantRecord) {
        self.grants.insert(id, g);
    }

    pub fn grant(&self, id: &str) -> Option<&GrantRecord> {
        self.grants.get(id)
    }

    /// Revokes a grant: its refresh and access tokens stop working.
    pub fn revoke_grant(&mut self, id: &str) {
        if let Some(g) = self.grants.get_mut(id) {
            g.revoked = true;
        }
    }

    /// Ends every provider login session of a user (the hosted page asks again).
    pub fn end_login_sessions(&mut self, user_id: &str) {
        self.sessions.retain(|_, s| s.user_id != user_id);
    }

    pub fn add_access(&mut self, jti: String, grant_id: String) {
        self.access.insert(jti, grant_id);
    }

    /// The grant of an access token id (`None`: unknown or revoked token).
    pub fn access_grant(&self, jti: &str) -> Option<&str> {
        if self.revoked_access.contains(jti) {
            return None;
        }
        self.access.get(jti).map(String::as_str)
    }

    pub fn revoke_access(&mut self, jti: &str) {
        self.revoked_access.insert(jti.to_string());
    }

    pub fn add_refresh(&mut self, token: String, r: RefreshRecord, now_ms: i64) {
        self.refresh.retain(|_, r| r.expires_ms > now_ms);
        self.refresh.insert(token, r);
    }

    pub fn refresh_mut(&mut self, token: &str) -> Option<&mut RefreshRecord> {
        self.refresh.get_mut(token)
    }

    pub fn refresh(&self, token: &str) -> Option<&RefreshRecord> {
        self.refresh.get(token)
    }

    pub fn add_session(&mut self, id: String, s: LoginSession, now_ms: i64) {
        self.sessions.retain(|_, s| s.expires_ms > now_ms);
        self.sessions.insert(id, s);
    }

    pub fn session(&self, id: &str) -> Option<&LoginSession> {
        self.sessions.get(id)
    }

    pub fn remove_session(&mut self, id: &str) -> Option<LoginSession> {
        self.sessions.remove(id)
    }
}
