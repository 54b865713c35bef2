//! The in-memory store of one emulated user pool: records and indexes per domain,
//! plain Rust (no GraphQL or REST types), and the versioned data file.
//!
//! Fields are private: data changes only through methods, which keep the indexes
//! right. Changes that span domains (deleting a user or a role, renaming a role, org
//! changes that touch users' main departments) are methods of [`Store`] itself.

pub(crate) mod accounts;
pub(crate) mod acl;
pub(crate) mod app_admin;
pub(crate) mod apps;
pub(crate) mod archive;
pub(crate) mod audit;
pub(crate) mod codes;
pub(crate) mod custom;
pub(crate) mod env;
pub(crate) mod groups;
pub(crate) mod mfa;
pub(crate) mod oidc;
pub(crate) mod orgs;
pub(crate) mod policies;
pub(crate) mod principal;
pub(crate) mod roles;
pub(crate) mod scan_login;
pub(crate) mod sessions;
pub(crate) mod snapshot;
pub(crate) mod users;
pub(crate) mod whitelist;

use serde::{Deserialize, Serialize};

use accounts::AccountFlows;
use acl::Acl;
use app_admin::AppAdmin;
use apps::Apps;
use archive::Archive;
use codes::Outbox;
use custom::{CustomData, UdfTargetType};
use env::EnvVars;
use groups::{GroupRecord, Groups};
use mfa::{Mfa, MfaSettings};
use oidc::OidcState;
use orgs::Orgs;
use policies::{Policies, TargetType};
use principal::Principals;
use roles::{RoleRecord, Roles};
use scan_login::ScanLogin;
use sessions::Sessions;
use users::{UserRecord, Users};
use whitelist::Whitelists;

/// Mutable pool settings.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PoolSettings {
    pub name: String,
    pub domain: String,
    pub created_at: String,
    pub token_expires_after: i32,
    pub register_disabled: bool,
    pub email_verified_default: bool,
    pub verify_old_phone: bool,
    pub verify_old_email: bool,
    /// Least time between two codes sent to one recipient (default 60 s).
    #[serde(default = "default_code_resend_interval_ms")]
    pub code_resend_interval_ms: i64,
    /// Set by `updateUserpool` (absent from older data files).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_origins: Option<String>,
    #[serde(default)]
    pub send_welcome_email: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    /// The pool's SMS / email MFA switches (absent from older data files).
    #[serde(default)]
    pub mfa: MfaSettings,
}

/// Authing's resend interval of verification codes: 60 s.
pub(crate) const DEFAULT_CODE_RESEND_INTERVAL_MS: i64 = 60_000;

fn default_code_resend_interval_ms() -> i64 {
    DEFAULT_CODE_RESEND_INTERVAL_MS
}

impl PoolSettings {
    /// Least time between two codes sent to one recipient, in milliseconds.
    pub fn code_resend_interval_ms(&self) -> i64 {
        self.code_resend_interval_ms
    }
}

/// Everything `reset` clears.
#[derive(Debug, Default)]
pub(crate) struct Data {
    pub(super) users: Users,
    pub(super) roles: Roles,
    pub(super) policies: Policies,
    pub(super) custom: CustomData,
    pub(super) sessions: Sessions,
    pub(super) orgs: Orgs,
    pub(super) groups: Groups,
    pub(super) acl: Acl,
    /// Authorization codes, grants, provider login sessions (in memory only).
    pub(super) oidc: OidcState,
    pub(super) whitelist: Whitelists,
    pub(super) env: EnvVars,
    /// Management data of the applications (kept by `reset` without its user data).
    pub(super) app_admin: AppAdmin,
    /// CAS service tickets and QR codes (in memory only).
    pub(super) scan_login: ScanLogin,
    /// Deleted users without their secrets.
    pub(super) archive: Archive,
    /// Principal authentication results.
    pub(super) principals: Principals,
    /// TOTP authenticators and MFA tickets.
    pub(super) mfa: Mfa,
    /// Pending password resets, reset tokens, LDAP / AD directories (in memory only).
    pub(super) accounts: AccountFlows,
}

/// The store of one pool.
pub(crate) struct Store {
    settings: PoolSettings,
    data: Data,
    outbox: Outbox,
    /// Applications: pool configuration, kept by `reset`.
    apps: Apps,
}

impl Store {
    pub fn new(settings: PoolSettings, data: Data) -> Self {
        Self {
            settings,
            data,
            outbox: Outbox::default(),
            apps: Apps::default(),
        }
    }

    /// The store with these applications (from the data file).
    pub fn with_apps(mut self, apps: Vec<apps::AppRecord>) -> Self {
        self.apps = Apps::from_records(apps);
        self
    }

    /// Clears everything except the pool settings and the applications.
    pub fn reset(&mut self) {
        let admin = std::mem::take(&mut self.data.app_admin).without_user_data();
        self.data = Data::default();
        self.data.app_admin = admin;
        self.restore_app_namespaces();
        self.outbox = Outbox::default();
    }

    pub fn settings(&self) -> &PoolSettings {
        &self.settings
    }

    pub fn settings_mut(&mut self) -> &mut PoolSettings {
        &mut self.settings
    }

    pub fn users(&self) -> &Users {
        &self.data.users
    }

    /// Users; every change keeps the uniqueness indexes right.
    pub fn users_mut(&mut self) -> &mut Users {
        &mut self.data.users
    }

    pub fn roles(&self) -> &Roles {
        &self.data.roles
    }

    pub fn roles_mut(&mut self) -> &mut Roles {
        &mut self.data.roles
    }

    pub fn policies(&self) -> &Policies {
        &self.data.policies
    }

    pub fn policies_mut(&mut self) -> &mut Policies {
        &mut self.data.policies
    }

    pub fn custom(&self) -> &CustomData {
        &self.data.custom
    }

    pub fn custom_mut(&mut self) -> &mut CustomData {
        &mut self.data.custom
    }

    pub fn sessions(&self) -> &Sessions {
        &self.data.sessions
    }

    pub fn sessions_mut(&mut self) -> &mut Sessions {
        &mut self.data.sessions
    }

    pub fn orgs(&self) -> &Orgs {
        &self.data.orgs
    }

    /// Orgs; changes that touch users (memberships, main departments) are methods of
    /// `Store` in `orgs.rs`.
    pub fn orgs_mut(&mut self) -> &mut Orgs {
        &mut self.data.orgs
    }

    pub fn groups(&self) -> &Groups {
        &self.data.groups
    }

    pub fn groups_mut(&mut self) -> &mut Groups {
        &mut self.data.groups
    }

    /// Namespaces, resources and grants.
    pub fn acl(&self) -> &Acl {
        &self.data.acl
    }

    pub fn acl_mut(&mut self) -> &mut Acl {
        &mut self.data.acl
    }

    pub fn apps(&self) -> &Apps {
        &self.apps
    }

    pub fn apps_mut(&mut self) -> &mut Apps {
        &mut self.apps
    }

    /// Management data of the applications (`applications` API).
    pub fn app_admin(&self) -> &AppAdmin {
        &self.data.app_admin
    }

    pub fn app_admin_mut(&mut self) -> &mut AppAdmin {
        &mut self.data.app_admin
    }

    /// The resource namespace (code = app id) of every application with management
    /// data, created again when missing (after `reset`).
    pub fn restore_app_namespaces(&mut self) {
        let ids: Vec<String> = self.data.app_admin.app_ids().cloned().collect();
        for id in ids {
            if self.data.acl.namespace(&id).is_none() {
                let name = self
                    .apps
                    .get(&id)
                    .map(|a| a.name.clone())
                    .unwrap_or_default();
                self.data.acl.insert_namespace(id, name, None, 0);
            }
        }
    }

    pub fn oidc(&self) -> &OidcState {
        &self.data.oidc
    }

    pub fn oidc_mut(&mut self) -> &mut OidcState {
        &mut self.data.oidc
    }

    pub fn scan_login_mut(&mut self) -> &mut ScanLogin {
        &mut self.data.scan_login
    }

    pub fn whitelist(&self) -> &Whitelists {
        &self.data.whitelist
    }

    pub fn whitelist_mut(&mut self) -> &mut Whitelists {
        &mut self.data.whitelist
    }

    /// TOTP authenticators and MFA tickets.
    pub fn mfa(&self) -> &Mfa {
        &self.data.mfa
    }

    pub fn mfa_mut(&mut self) -> &mut Mfa {
        &mut self.data.mfa
    }

    pub fn env(&self) -> &EnvVars {
        &self.data.env
    }

    pub fn env_mut(&mut self) -> &mut EnvVars {
        &mut self.data.env
    }

    /// Deleted users (`archivedUsers`).
    pub fn archive(&self) -> &Archive {
        &self.data.archive
    }

    pub fn principals(&self) -> &Principals {
        &self.data.principals
    }

    pub fn principals_mut(&mut self) -> &mut Principals {
        &mut self.data.principals
    }

    /// Account flows: pending password resets, reset tokens, directories.
    pub fn accounts(&self) -> &AccountFlows {
        &self.data.accounts
    }

    pub fn accounts_mut(&mut self) -> &mut AccountFlows {
        &mut self.data.accounts
    }

    pub fn outbox(&self) -> &Outbox {
        &self.outbox
    }

    pub fn outbox_mut(&mut self) -> &mut Outbox {
        &mut self.outbox
    }

    /// Removes a user and everything attached to it (role and group memberships,
    /// policy assignments, resource grants, custom data, org memberships,
    /// principal authentication) and archives it without its secrets.
    pub fn remove_user(&mut self, id: &str) -> Option<UserRecord> {
        let u = self.data.users.remove(id)?;
        self.data.roles.forget_user(id);
        self.data.groups.forget_user(id);
        self.data.orgs.forget_user(id);
        self.data.acl.forget_target(TargetType::User, id, None);
        self.data.policies.forget_target(TargetType::User, id, None);
        self.data.custom.forget_target(UdfTargetType::User, id);
        self.data.app_admin.remove_user(id);
        self.data.principals.forget_user(id);
        self.data.archive.push(u.clone());
        self.data.mfa.forget_user(id);
        self.data.accounts.forget_user(id);
        Some(u)
    }

    /// Removes a role and everything attached to it.
    pub fn remove_role(&mut self, id: &str) -> Option<RoleRecord> {
        let r = self.data.roles.remove(id)?;
        self.data.orgs.forget_role(id);
        self.data
            .policies
            .forget_target(TargetType::Role, &r.code, Some(&r.namespace));
        self.data
            .acl
            .forget_target(TargetType::Role, &r.code, Some(&r.namespace));
        self.data.custom.forget_target(UdfTargetType::Role, id);
        Some(r)
    }

    /// Removes a group, its members, and its policy assignments and resource grants.
    pub fn remove_group(&mut self, id: &str) -> Option<GroupRecord> {
        let g = self.data.groups.remove(id)?;
        self.data
            .policies
            .forget_target(TargetType::Group, &g.code, None);
        self.data
            .acl
            .forget_target(TargetType::Group, &g.code, None);
        Some(g)
    }

    /// Changes a group; a new code renames its policy assignments and grants too.
    pub fn update_group(
        &mut self,
        id: &str,
        f: impl FnOnce(&mut GroupRecord),
    ) -> Option<&GroupRecord> {
        let old = self.data.groups.get(id)?.code.clone();
        let g = self.data.groups.update(id, f)?;
        if g.code != old {
            self.data
                .policies
                .rename_target(TargetType::Group, &old, &g.code);
            self.data
                .acl
                .rename_target(TargetType::Group, None, &old, &g.code);
        }
        Some(g)
    }

    /// Updates a role; a new code renames its parent links and assignments too.
    pub fn update_role(
        &mut self,
        id: &str,
        new_code: Option<String>,
        description: Option<String>,
        updated_at: String,
    ) -> Option<&RoleRecord> {
        let r = self.data.roles.get(id)?;
        if let Some(nc) = &new_code {
            let (ns, old) = (r.namespace.clone(), r.code.clone());
            self.data.policies.rename_role(&ns, &old, nc);
            self.data
                .acl
                .rename_target(TargetType::Role, Some(&ns), &old, nc);
        }
        self.data
            .roles
            .update(id, new_code, description, updated_at)
    }
}
