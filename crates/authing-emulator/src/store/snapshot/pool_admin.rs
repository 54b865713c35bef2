//! Data-file records of the whitelists and the environment variables.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::store::env::{EnvRecord, EnvVars};
use crate::store::whitelist::{WhitelistEntry, WhitelistKind, Whitelists};

/// `whitelist` of the data file: the switches and the entries.
#[derive(Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub(super) struct WhitelistFile {
    #[serde(default)]
    username_enabled: bool,
    #[serde(default)]
    email_enabled: bool,
    #[serde(default)]
    phone_enabled: bool,
    #[serde(default)]
    entries: Vec<WhitelistEntryFile>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct WhitelistEntryFile {
    #[serde(rename = "type")]
    kind: WhitelistKind,
    value: String,
    created_at: String,
    updated_at: String,
}

impl WhitelistFile {
    pub(super) fn new(w: &Whitelists) -> Self {
        let [username_enabled, email_enabled, phone_enabled] = w.switches();
        Self {
            username_enabled,
            email_enabled,
            phone_enabled,
            entries: WhitelistKind::ALL
                .into_iter()
                .flat_map(|kind| {
                    w.entries(kind).map(move |e| WhitelistEntryFile {
                        kind,
                        value: e.value.clone(),
                        created_at: e.created_at.clone(),
                        updated_at: e.updated_at.clone(),
                    })
                })
                .collect(),
        }
    }

    pub(super) fn into_store(self) -> Whitelists {
        Whitelists::from_parts(
            [
                self.username_enabled,
                self.email_enabled,
                self.phone_enabled,
            ],
            self.entries.into_iter().map(|e| {
                (
                    e.kind,
                    WhitelistEntry {
                        value: e.kind.normalize(&e.value),
                        created_at: e.created_at,
                        updated_at: e.updated_at,
                    },
                )
            }),
        )
    }
}

/// An item of `env` in the data file.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct EnvFile {
    key: String,
    #[serde(default)]
    value: Value,
    created_at: String,
    updated_at: String,
}

impl EnvFile {
    pub(super) fn all(env: &EnvVars) -> Vec<Self> {
        env.iter()
            .map(|r| Self {
                key: r.key.clone(),
                value: r.value.clone(),
                created_at: r.created_at.clone(),
                updated_at: r.updated_at.clone(),
            })
            .collect()
    }

    pub(super) fn into_store(files: Vec<Self>) -> EnvVars {
        EnvVars::from_records(files.into_iter().map(|f| EnvRecord {
            key: f.key,
            value: f.value,
            created_at: f.created_at,
            updated_at: f.updated_at,
        }))
    }
}
