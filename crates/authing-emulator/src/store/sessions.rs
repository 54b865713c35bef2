//! Revoked tokens (single-token logout). Revoking all tokens of a user bumps the
//! user's token epoch instead (see `domain::tokens::revoke_user_tokens`).

use std::collections::HashSet;

/// Ids (`jti`) of revoked tokens.
#[derive(Debug, Default)]
pub(crate) struct Sessions {
    revoked: HashSet<String>,
}

impl Sessions {
    pub(super) fn from_revoked(revoked: impl IntoIterator<Item = String>) -> Self {
        Self {
            revoked: revoked.into_iter().collect(),
        }
    }

    pub fn is_revoked(&self, jti: &str) -> bool {
        self.revoked.contains(jti)
    }

    pub fn revoke(&mut self, jti: String) {
        self.revoked.insert(jti);
    }

    pub fn revoked(&self) -> impl Iterator<Item = &String> {
        self.revoked.iter()
    }
}
