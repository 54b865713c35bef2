//! Sessions: revoked session ids (logout) and sessions kept across a revocation of all
//! the user's other tokens (password change). Revoking all tokens of a user bumps the
//! user's token epoch instead (see `domain::tokens::revoke_user_tokens`).
//!
//! A session is identified by the `sid` claim of its tokens (the `jti` of its first
//! token; tokens refreshed from it inherit it). Tokens without `sid` (older data
//! files) are sessions of their own, identified by their `jti`.

use std::collections::{HashMap, HashSet};

/// Revoked and kept sessions.
#[derive(Debug, Default)]
pub(crate) struct Sessions {
    revoked: HashSet<String>,
    /// Session id → the user token epoch in which all its tokens stay valid.
    kept: HashMap<String, u32>,
}

impl Sessions {
    pub(super) fn from_parts(
        revoked: impl IntoIterator<Item = String>,
        kept: impl IntoIterator<Item = (String, u32)>,
    ) -> Self {
        Self {
            revoked: revoked.into_iter().collect(),
            kept: kept.into_iter().collect(),
        }
    }

    pub fn is_revoked(&self, sid: &str) -> bool {
        self.revoked.contains(sid)
    }

    /// Ends a session: every token carrying this session id.
    pub fn revoke(&mut self, sid: String) {
        self.kept.remove(&sid);
        self.revoked.insert(sid);
    }

    pub fn revoked(&self) -> impl Iterator<Item = &String> {
        self.revoked.iter()
    }

    /// Keeps every token of session `sid` valid in the user token epoch `epoch`.
    pub fn keep(&mut self, sid: String, epoch: u32) {
        self.kept.insert(sid, epoch);
    }

    /// The epoch in which session `sid` was kept, if any.
    pub fn kept_epoch(&self, sid: &str) -> Option<u32> {
        self.kept.get(sid).copied()
    }

    pub fn kept(&self) -> impl Iterator<Item = (&String, &u32)> {
        self.kept.iter()
    }
}
