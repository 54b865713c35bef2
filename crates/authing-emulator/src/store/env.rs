//! Environment variables of the pool (`/api/v2/env`): key → any JSON value.

use indexmap::IndexMap;
use serde_json::Value;

/// One variable.
#[derive(Debug, Clone)]
pub(crate) struct EnvRecord {
    pub key: String,
    pub value: Value,
    pub created_at: String,
    pub updated_at: String,
}

/// The variables, in insertion order.
#[derive(Debug, Default)]
pub(crate) struct EnvVars {
    vars: IndexMap<String, EnvRecord>,
}

impl EnvVars {
    pub(super) fn from_records(records: impl IntoIterator<Item = EnvRecord>) -> Self {
        Self {
            vars: records.into_iter().map(|r| (r.key.clone(), r)).collect(),
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = &EnvRecord> {
        self.vars.values()
    }

    /// Sets a variable (an existing one keeps its creation time).
    pub fn set(&mut self, key: String, value: Value, now: &str) -> EnvRecord {
        let r = self
            .vars
            .entry(key.clone())
            .and_modify(|r| {
                r.value = value.clone();
                r.updated_at = now.to_string();
            })
            .or_insert_with(|| EnvRecord {
                key,
                value,
                created_at: now.to_string(),
                updated_at: now.to_string(),
            });
        r.clone()
    }

    /// Removes a variable; the removed one, if it was there.
    pub fn remove(&mut self, key: &str) -> Option<EnvRecord> {
        self.vars.shift_remove(key)
    }
}
