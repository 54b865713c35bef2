//! The data file: a versioned JSON snapshot with its own serde record types.
//!
//! Version 2 (written): `{format, version: 2, pool, settings, clockOffsetMs, users,
//! roles (with their members), policies, assignments, customFields, customValues,
//! revokedTokens, keptSessions, orgs, groups (with their members), namespaces, resources,
//! grants, whitelist, env, archivedUsers, principals}`; `pool.managementSecret` signs management tokens
//! (generated when missing); `applications` (optional) holds the pool's applications
//! (OIDC clients: id, secret, redirect URIs). Version 1 (read, see [`v1`]) is migrated to
//! version 2 on load.

mod apps;
mod authz;
mod lifecycle;
mod orgs;
mod pool_admin;
mod records;
mod v1;

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::acl::Acl;
use super::apps::AppRecord;
use super::custom::CustomData;
use super::groups::Groups;
use super::policies::Policies;
use super::roles::{RoleRecord, Roles};
use super::sessions::Sessions;
use super::users::Users;
use super::{Data, PoolSettings, Store};
use crate::error::EmulatorError;
use crate::shared::PoolIds;
use authz::{GrantFile, GroupFile, NamespaceFile, ResourceFile};
use pool_admin::{EnvFile, WhitelistFile};
use records::{AssignmentFile, PolicyFile, RoleFile, UdfFile, UdvFile, UserFile};

const FORMAT: &str = "authing-emulator";
/// Version of the data-file format written.
pub(crate) const SNAPSHOT_VERSION: u32 = 2;

/// Version 2, as written.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SnapshotV2 {
    format: String,
    version: u32,
    pool: PoolIds,
    settings: PoolSettings,
    clock_offset_ms: i64,
    #[serde(default)]
    users: Vec<UserFile>,
    #[serde(default)]
    roles: Vec<RoleFile>,
    #[serde(default)]
    policies: Vec<PolicyFile>,
    #[serde(default)]
    assignments: Vec<AssignmentFile>,
    #[serde(default)]
    custom_fields: Vec<UdfFile>,
    #[serde(default)]
    custom_values: Vec<UdvFile>,
    #[serde(default)]
    revoked_tokens: Vec<String>,
    /// Sessions kept valid across a password change: session id → user token epoch.
    #[serde(default)]
    kept_sessions: BTreeMap<String, u32>,
    /// Organizations with their nodes, members and node roles.
    #[serde(default)]
    orgs: Vec<orgs::OrgFile>,
    /// Groups with their member user ids.
    #[serde(default)]
    groups: Vec<GroupFile>,
    /// Namespaces (permission groups); `default` is added on load when missing.
    #[serde(default)]
    namespaces: Vec<NamespaceFile>,
    /// Resource definitions.
    #[serde(default)]
    resources: Vec<ResourceFile>,
    /// Resource grants (`authorizeResource`).
    #[serde(default)]
    grants: Vec<GrantFile>,
    /// Applications (OIDC / OAuth clients); older files have none.
    #[serde(default)]
    applications: Vec<apps::AppFile>,
    /// Registration whitelists (switches and entries).
    #[serde(default)]
    whitelist: WhitelistFile,
    /// Environment variables.
    #[serde(default)]
    env: Vec<EnvFile>,
    /// Management data of the applications (agreements, access policies,
    /// programmatic access accounts, active users).
    #[serde(default)]
    application_admin: crate::store::app_admin::AppAdmin,
    /// Deleted users, without secrets, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    archived_users: Vec<UserFile>,
    /// Principal authentication results.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    principals: Vec<lifecycle::PrincipalFile>,
    /// Bound TOTP authenticators (secrets: the file is private).
    #[serde(default)]
    mfa: crate::store::mfa::MfaFile,
}

/// What a data file holds.
pub(crate) struct Loaded {
    pub pool: PoolIds,
    pub settings: PoolSettings,
    pub clock_offset_ms: i64,
    pub data: Data,
    pub apps: Vec<AppRecord>,
}

fn into_loaded(s: SnapshotV2) -> Loaded {
    let mut members = Vec::new();
    let roles: Vec<RoleRecord> = s
        .roles
        .into_iter()
        .map(|mut r| {
            members.push((r.id.clone(), r.members.take().unwrap_or_default()));
            r.into()
        })
        .collect();
    let mut group_members = Vec::new();
    let groups: Vec<_> = s
        .groups
        .into_iter()
        .map(|g| {
            let (g, members) = g.into_parts();
            group_members.push((g.id.clone(), members));
            g
        })
        .collect();
    Loaded {
        pool: s.pool,
        settings: s.settings,
        clock_offset_ms: s.clock_offset_ms,
        apps: s.applications.into_iter().map(Into::into).collect(),
        data: Data {
            users: Users::from_records(s.users.into_iter().map(Into::into)),
            roles: Roles::from_parts(roles, members),
            policies: Policies::from_parts(
                s.policies.into_iter().map(Into::into).collect(),
                s.assignments.into_iter().map(Into::into).collect(),
            ),
            custom: CustomData::from_parts(
                s.custom_fields.into_iter().map(Into::into).collect(),
                s.custom_values
                    .into_iter()
                    .map(|v| ((v.target_type, v.target_id), v.values)),
            ),
            sessions: Sessions::from_parts(s.revoked_tokens, s.kept_sessions),
            orgs: orgs::from_files(s.orgs),
            groups: Groups::from_parts(groups, group_members),
            acl: Acl::from_parts(
                s.namespaces.into_iter().map(Into::into).collect(),
                s.resources.into_iter().map(Into::into).collect(),
                s.grants.into_iter().map(Into::into).collect(),
            ),
            whitelist: s.whitelist.into_store(),
            env: EnvFile::into_store(s.env),
            app_admin: s.application_admin,
            archive: lifecycle::archive_from(s.archived_users),
            principals: lifecycle::principals_from(s.principals),
            mfa: s.mfa.into_store(),
            ..Default::default()
        },
    }
}

/// Parses a data file's text (version 1 or 2).
pub(crate) fn parse(text: &str) -> Result<Loaded, String> {
    #[derive(Deserialize)]
    struct Head {
        format: String,
        version: u32,
    }
    let head: Head = serde_json::from_str(text).map_err(|e| e.to_string())?;
    if head.format != FORMAT || !(1..=SNAPSHOT_VERSION).contains(&head.version) {
        return Err(format!(
            "unsupported format {:?} version {} (expected \"{FORMAT}\" version 1 to {SNAPSHOT_VERSION})",
            head.format, head.version
        ));
    }
    let v2 = if head.version == 1 {
        serde_json::from_str::<v1::SnapshotV1>(text)
            .map_err(|e| e.to_string())?
            .migrate()?
    } else {
        serde_json::from_str::<SnapshotV2>(text).map_err(|e| e.to_string())?
    };
    Ok(into_loaded(v2))
}

pub(crate) fn load(path: &Path) -> Result<Option<Loaded>, EmulatorError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(EmulatorError::DataFile {
                path: path.display().to_string(),
                source,
            });
        }
    };
    parse(&text)
        .map(Some)
        .map_err(|message| EmulatorError::DataFormat {
            path: path.display().to_string(),
            message,
        })
}

/// The version-2 JSON of a store.
pub(crate) fn to_json(
    pool: &PoolIds,
    store: &Store,
    clock_offset_ms: i64,
) -> Result<String, serde_json::Error> {
    let roles = store.roles();
    let snap = SnapshotV2 {
        format: FORMAT.into(),
        version: SNAPSHOT_VERSION,
        pool: pool.clone(),
        settings: store.settings().clone(),
        clock_offset_ms,
        users: store.users().iter().map(Into::into).collect(),
        roles: roles
            .iter()
            .map(|r| RoleFile {
                id: r.id.clone(),
                namespace: r.namespace.clone(),
                code: r.code.clone(),
                arn: r.arn.clone(),
                description: r.description.clone(),
                is_system: r.is_system,
                created_at: r.created_at.clone(),
                updated_at: r.updated_at.clone(),
                parent_code: r.parent_code.clone(),
                created_ms: r.created_ms,
                members: Some(roles.members(&r.id).to_vec()),
            })
            .collect(),
        policies: store.policies().iter().map(Into::into).collect(),
        assignments: store.policies().assignments().map(Into::into).collect(),
        custom_fields: store
            .custom()
            .fields()
            .map(|f| UdfFile {
                target_type: f.target_type,
                data_type: f.data_type,
                key: f.key.clone(),
                label: f.label.clone(),
                options: f.options.clone(),
            })
            .collect(),
        custom_values: store
            .custom()
            .all_values()
            .map(|((tt, id), values)| UdvFile {
                target_type: *tt,
                target_id: id.clone(),
                values: values.clone(),
            })
            .collect(),
        revoked_tokens: store.sessions().revoked().cloned().collect(),
        kept_sessions: store
            .sessions()
            .kept()
            .map(|(k, v)| (k.clone(), *v))
            .collect(),
        orgs: orgs::to_files(store.orgs()),
        groups: store
            .groups()
            .iter()
            .map(|g| GroupFile::new(g, store.groups().members(&g.id)))
            .collect(),
        namespaces: store.acl().namespaces().map(Into::into).collect(),
        resources: store.acl().resources().map(Into::into).collect(),
        grants: store.acl().grants().map(Into::into).collect(),
        applications: store.apps().iter().map(Into::into).collect(),
        whitelist: WhitelistFile::new(store.whitelist()),
        env: EnvFile::all(store.env()),
        application_admin: store.app_admin().clone(),
        archived_users: lifecycle::archived_files(store),
        principals: lifecycle::principal_files(store),
        mfa: crate::store::mfa::MfaFile::new(store.mfa()),
    };
    serde_json::to_string_pretty(&snap)
}

#[cfg(test)]
mod tests {
    #[test]
    fn rejects_unknown_versions() {
        let e = super::parse(r#"{"format": "authing-emulator", "version": 3}"#)
            .err()
            .unwrap();
        assert!(e.contains("version 3"), "{e}");
    }
}
