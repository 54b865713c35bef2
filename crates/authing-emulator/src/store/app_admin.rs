//! What the management `applications` API keeps beside an application's OIDC record
//! (`store/apps.rs`): identifier, logo, default access strategy, agreements, access
//! policy records, programmatic access accounts and the users who signed in to it.
//!
//! Plain serde records: the data file holds this structure as it is
//! (`applicationAdmin`, every member `#[serde(default)]`). `reset` keeps the
//! configuration (identifier, logo, strategy, agreements, accounts) with the
//! applications and clears what names users (policy records, active users).

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use super::policies::{PolicyEffect, TargetType};

/// `ALLOW_ALL` (default) or `DENY_ALL`: who may sign in to an application when no
/// access policy record names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub(crate) enum DefaultStrategy {
    #[default]
    AllowAll,
    DenyAll,
}

/// An agreement shown at sign-in.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AgreementRecord {
    pub id: i64,
    pub title: String,
    pub required: bool,
    pub lang: String,
    pub created_at: String,
    pub updated_at: String,
}

/// An access policy record: one target allowed or denied.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AccessPolicyRecord {
    pub id: String,
    pub target_type: TargetType,
    pub target_identifier: String,
    pub effect: PolicyEffect,
    pub enabled: bool,
    pub namespace: String,
    pub inherit_by_children: bool,
    pub created_at: String,
    pub updated_at: String,
}

/// A programmatic access account (client credentials of an application).
#[derive(Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AccountRecord {
    pub id: String,
    pub app_id: String,
    pub secret: String,
    pub token_lifetime: i64,
    pub enabled: bool,
    #[serde(default)]
    pub remarks: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

impl std::fmt::Debug for AccountRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccountRecord")
            .field("id", &self.id)
            .field("app_id", &self.app_id)
            .field("enabled", &self.enabled)
            .finish_non_exhaustive()
    }
}

/// The management data of one application.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AppExtra {
    #[serde(default)]
    pub identifier: Option<String>,
    #[serde(default)]
    pub logo: Option<String>,
    #[serde(default)]
    pub default_strategy: DefaultStrategy,
    #[serde(default)]
    pub updated_at: Option<String>,
    /// In display order.
    #[serde(default)]
    pub agreements: Vec<AgreementRecord>,
    #[serde(default)]
    pub policies: Vec<AccessPolicyRecord>,
    /// User id → time of the last sign-in (ISO), most recent last.
    #[serde(default)]
    pub active_users: IndexMap<String, String>,
}

/// Management data of every application, and the programmatic access accounts.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AppAdmin {
    #[serde(default)]
    apps: IndexMap<String, AppExtra>,
    #[serde(default)]
    accounts: IndexMap<String, AccountRecord>,
    #[serde(default)]
    next_agreement_id: i64,
}

impl AppAdmin {
    pub fn get(&self, app_id: &str) -> Option<&AppExtra> {
        self.apps.get(app_id)
    }

    /// The data of an application, created empty when missing.
    pub fn entry(&mut self, app_id: &str) -> &mut AppExtra {
        self.apps.entry(app_id.to_string()).or_default()
    }

    /// Ids of the applications with management data.
    pub fn app_ids(&self) -> impl Iterator<Item = &String> {
        self.apps.keys()
    }

    /// Forgets an application: its data and its accounts.
    pub fn remove_app(&mut self, app_id: &str) {
        self.apps.shift_remove(app_id);
        self.accounts.retain(|_, a| a.app_id != app_id);
    }

    /// The next agreement id (1, 2, ...).
    pub fn next_agreement_id(&mut self) -> i64 {
        self.next_agreement_id += 1;
        self.next_agreement_id
    }

    pub fn accounts(&self) -> impl Iterator<Item = &AccountRecord> {
        self.accounts.values()
    }

    pub fn account(&self, id: &str) -> Option<&AccountRecord> {
        self.accounts.get(id)
    }

    pub fn account_mut(&mut self, id: &str) -> Option<&mut AccountRecord> {
        self.accounts.get_mut(id)
    }

    pub fn insert_account(&mut self, a: AccountRecord) {
        self.accounts.insert(a.id.clone(), a);
    }

    pub fn remove_account(&mut self, id: &str) -> Option<AccountRecord> {
        self.accounts.shift_remove(id)
    }

    /// The same configuration without what names users (for `reset`).
    pub fn without_user_data(mut self) -> Self {
        for extra in self.apps.values_mut() {
            extra.policies.clear();
            extra.active_users.clear();
        }
        self
    }

    /// Forgets a deleted user (active users, USER policy records).
    pub fn remove_user(&mut self, user_id: &str) {
        for extra in self.apps.values_mut() {
            extra.active_users.shift_remove(user_id);
            extra
                .policies
                .retain(|p| !(p.target_type == TargetType::User && p.target_identifier == user_id));
        }
    }
}
