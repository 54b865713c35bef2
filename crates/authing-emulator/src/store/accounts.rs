//! Account flows: users who must reset their password at the next login (first login
//! or forced), the one-time reset tokens handed out at such a login, the password
//! level seen at the last password login or reset, and the emulated LDAP / AD
//! directories. In memory only (`reset` clears it; not in the data file).

use std::collections::HashMap;

use indexmap::IndexMap;

/// Why a user must reset the password before logging in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ResetKind {
    /// Created with `resetPasswordOnFirstLogin` (1639, old password not needed).
    FirstLogin,
    /// Forced by the pool (2058, old password needed).
    Forced,
}

/// A reset token issued at a refused login.
#[derive(Debug, Clone)]
pub(crate) struct ResetTicket {
    pub user_id: String,
    pub kind: ResetKind,
    pub expires_ms: i64,
}

/// Which directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum DirectoryKind {
    Ldap,
    Ad,
}

impl DirectoryKind {
    /// The identity provider name of users logged in through it.
    pub fn provider(self) -> &'static str {
        match self {
            DirectoryKind::Ldap => "ldap",
            DirectoryKind::Ad => "ad",
        }
    }
}

/// An account of an emulated directory.
#[derive(Debug, Clone)]
pub(crate) struct DirectoryEntry {
    pub username: String,
    /// Argon2 PHC string.
    pub password_hash: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub nickname: Option<String>,
}

/// The account-flow state of the pool.
#[derive(Debug, Default)]
pub(crate) struct AccountFlows {
    pending: HashMap<String, ResetKind>,
    tickets: HashMap<String, ResetTicket>,
    password_levels: HashMap<String, u8>,
    directory: IndexMap<(DirectoryKind, String), DirectoryEntry>,
}

impl AccountFlows {
    /// The user must reset the password (`kind`) at the next login.
    pub fn require_reset(&mut self, user_id: &str, kind: ResetKind) {
        self.pending.insert(user_id.to_string(), kind);
    }

    pub fn pending(&self, user_id: &str) -> Option<ResetKind> {
        self.pending.get(user_id).copied()
    }

    /// Keeps a reset token.
    pub fn add_ticket(&mut self, token: String, ticket: ResetTicket) {
        self.tickets.insert(token, ticket);
    }

    /// The ticket of a token (not removed).
    pub fn ticket(&self, token: &str) -> Option<&ResetTicket> {
        self.tickets.get(token)
    }

    /// The reset is done: the user's pending reset and every ticket of theirs end.
    pub fn complete_reset(&mut self, user_id: &str) {
        self.pending.remove(user_id);
        self.tickets.retain(|_, t| t.user_id != user_id);
    }

    pub fn set_password_level(&mut self, user_id: &str, level: u8) {
        self.password_levels.insert(user_id.to_string(), level);
    }

    pub fn password_level(&self, user_id: &str) -> Option<u8> {
        self.password_levels.get(user_id).copied()
    }

    /// Adds or replaces a directory account.
    pub fn put_directory_entry(&mut self, kind: DirectoryKind, entry: DirectoryEntry) {
        self.directory.insert((kind, entry.username.clone()), entry);
    }

    pub fn directory_entry(&self, kind: DirectoryKind, username: &str) -> Option<&DirectoryEntry> {
        self.directory.get(&(kind, username.to_string()))
    }

    /// Forgets a deleted user.
    pub fn forget_user(&mut self, user_id: &str) {
        self.complete_reset(user_id);
        self.password_levels.remove(user_id);
    }
}
