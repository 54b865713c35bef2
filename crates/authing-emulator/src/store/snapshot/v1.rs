//! Version 1 of the data file (before the store was split by domain): the records
//! nested in `data`, users and roles as maps keyed by id, members in `roleMembers`,
//! custom values keyed by `"{TARGET_TYPE}:{id}"`. Read only, migrated to version 2.

use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::Value;

use super::records::{
    AssignmentFile, IdentityFile, PolicyFile, RoleFile, UdfFile, UdvFile, UserFile,
};
use super::{FORMAT, SNAPSHOT_VERSION, SnapshotV2};
use crate::shared::PoolIds;
use crate::store::PoolSettings;
use crate::store::custom::{UdfTargetType, Values};

/// Version 1 (the format before the store was split by domain).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct SnapshotV1 {
    pool: PoolIds,
    settings: PoolSettings,
    clock_offset_ms: i64,
    data: DataV1,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub(super) struct DataV1 {
    users: IndexMap<String, UserV1>,
    roles: IndexMap<String, RoleFile>,
    role_members: IndexMap<String, Vec<String>>,
    policies: Vec<PolicyFile>,
    assignments: Vec<AssignmentFile>,
    udfs: Vec<UdfFile>,
    udvs: IndexMap<String, Values>,
    revoked_tokens: Vec<String>,
}

/// A version-1 user: the version-2 fields, identities under `identitiesList`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct UserV1 {
    #[serde(flatten)]
    user: UserFile,
    #[serde(default)]
    identities_list: Vec<IdentityFile>,
}

impl SnapshotV1 {
    pub(super) fn migrate(self) -> Result<SnapshotV2, String> {
        let d = self.data;
        let mut members = d.role_members;
        let roles = d
            .roles
            .into_values()
            .map(|mut r| {
                r.members = Some(members.shift_remove(&r.id).unwrap_or_default());
                r
            })
            .collect();
        let mut custom_values = Vec::new();
        for (key, values) in d.udvs {
            let (t, id) = key
                .split_once(':')
                .ok_or_else(|| format!("bad custom-data key {key:?}"))?;
            let target_type: UdfTargetType = serde_json::from_value(Value::String(t.into()))
                .map_err(|e| format!("bad custom-data key {key:?}: {e}"))?;
            custom_values.push(UdvFile {
                target_type,
                target_id: id.to_string(),
                values,
            });
        }
        let mut pool = self.pool;
        if pool.management_secret.is_empty() {
            // version 1 signed management tokens with `jwtSecret`: give them a key of
            // their own (older management tokens stop working, as intended)
            pool.management_secret = crate::crypto::random_hex(32);
        }
        Ok(SnapshotV2 {
            format: FORMAT.into(),
            version: SNAPSHOT_VERSION,
            pool,
            settings: self.settings,
            clock_offset_ms: self.clock_offset_ms,
            users: d
                .users
                .into_values()
                .map(|u| UserFile {
                    identities_list: u.identities_list,
                    ..u.user
                })
                .collect(),
            roles,
            policies: d.policies,
            assignments: d.assignments,
            custom_fields: d.udfs,
            custom_values,
            revoked_tokens: d.revoked_tokens,
            kept_sessions: Default::default(),
            orgs: Vec::new(),
            groups: Vec::new(),
            namespaces: Vec::new(),
            resources: Vec::new(),
            grants: Vec::new(),
            applications: Vec::new(),
            whitelist: Default::default(),
            env: Vec::new(),
            application_admin: Default::default(),
            archived_users: Vec::new(),
            principals: Vec::new(),
            mfa: Default::default(),
        })
    }
}
