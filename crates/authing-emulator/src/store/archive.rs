//! Archived users: what `deleteUser` / `deleteUsers` leave behind for `archivedUsers`.
//! A copy of the profile at deletion without any secret (no password hash, no
//! identities with their IdP tokens); newest last, at most [`ARCHIVE_CAP`] kept (the
//! oldest dropped). Kept in the data file (`archivedUsers`).

use std::collections::VecDeque;

use super::users::UserRecord;

/// Most archived users kept.
pub(crate) const ARCHIVE_CAP: usize = 10_000;

/// Deleted users, oldest first.
#[derive(Debug, Default)]
pub(crate) struct Archive {
    users: VecDeque<UserRecord>,
}

impl Archive {
    /// Archives a deleted user, without its secrets.
    pub fn push(&mut self, mut u: UserRecord) {
        u.password_hash = None;
        u.identities_list.clear();
        u.oauth = None;
        u.is_deleted = Some(true);
        if self.users.len() >= ARCHIVE_CAP {
            self.users.pop_front();
        }
        self.users.push_back(u);
    }

    pub fn len(&self) -> usize {
        self.users.len()
    }

    /// Newest first.
    pub fn iter_newest(&self) -> impl Iterator<Item = &UserRecord> {
        self.users.iter().rev()
    }
}
