//! Registration whitelists: the values of each kind and whether each kind is enforced.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// The kind of account a whitelist restricts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub(crate) enum WhitelistKind {
    Username,
    Email,
    Phone,
}

impl WhitelistKind {
    pub const ALL: [Self; 3] = [Self::Username, Self::Email, Self::Phone];

    fn index(self) -> usize {
        match self {
            Self::Username => 0,
            Self::Email => 1,
            Self::Phone => 2,
        }
    }

    /// The stored form of a value: emails lower-cased, all trimmed.
    pub fn normalize(self, value: &str) -> String {
        match self {
            Self::Email => value.trim().to_lowercase(),
            Self::Username | Self::Phone => value.trim().to_string(),
        }
    }
}

/// One whitelisted value.
#[derive(Debug, Clone)]
pub(crate) struct WhitelistEntry {
    pub value: String,
    pub created_at: String,
    pub updated_at: String,
}

/// The whitelists of the pool.
#[derive(Debug, Default)]
pub(crate) struct Whitelists {
    enabled: [bool; 3],
    entries: [IndexMap<String, WhitelistEntry>; 3],
}

impl Whitelists {
    pub(super) fn from_parts(
        enabled: [bool; 3],
        entries: impl IntoIterator<Item = (WhitelistKind, WhitelistEntry)>,
    ) -> Self {
        let mut w = Self {
            enabled,
            ..Self::default()
        };
        for (kind, e) in entries {
            w.entries[kind.index()].insert(e.value.clone(), e);
        }
        w
    }

    pub fn enabled(&self, kind: WhitelistKind) -> bool {
        self.enabled[kind.index()]
    }

    pub fn set_enabled(&mut self, kind: WhitelistKind, on: bool) {
        self.enabled[kind.index()] = on;
    }

    /// The values of a kind, in insertion order.
    pub fn entries(&self, kind: WhitelistKind) -> impl Iterator<Item = &WhitelistEntry> {
        self.entries[kind.index()].values()
    }

    /// Whether `value` (already normalized) is listed.
    pub fn contains(&self, kind: WhitelistKind, value: &str) -> bool {
        self.entries[kind.index()].contains_key(value)
    }

    /// Adds an entry (an existing value keeps its creation time, gets `updated_at`).
    pub fn add(&mut self, kind: WhitelistKind, value: String, now: &str) -> WhitelistEntry {
        let e = self.entries[kind.index()]
            .entry(value.clone())
            .and_modify(|e| e.updated_at = now.to_string())
            .or_insert_with(|| WhitelistEntry {
                value,
                created_at: now.to_string(),
                updated_at: now.to_string(),
            });
        e.clone()
    }

    /// Removes an entry; the removed entry, if it was there.
    pub fn remove(&mut self, kind: WhitelistKind, value: &str) -> Option<WhitelistEntry> {
        self.entries[kind.index()].shift_remove(value)
    }

    /// The switches (`[username, email, phone]`), for the data file.
    pub fn switches(&self) -> [bool; 3] {
        self.enabled
    }
}
