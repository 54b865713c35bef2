//! The data file: a versioned JSON snapshot with its own serde record types.
//!
//! Version 2 (written): `{format, version: 2, pool, settings, clockOffsetMs, users,
//! roles (with their members), policies, assignments, customFields, customValues,
//! revokedTokens}`. Version 1 (read and migrated): the same records nested in `data`,
//! users and roles as maps keyed by id, members in `roleMembers`, custom values keyed by
//! `"{TARGET_TYPE}:{id}"`.

use std::path::Path;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::custom::{CustomData, UdfDataType, UdfRecord, UdfTargetType, Values};
use super::policies::{
    AssignmentRecord, Condition, Policies, PolicyEffect, PolicyRecord, Statement, TargetType,
};
use super::roles::{RoleRecord, Roles};
use super::sessions::Sessions;
use super::users::{Identity, UserRecord, UserStatus, Users};
use super::{Data, PoolSettings, Store};
use crate::error::EmulatorError;
use crate::shared::PoolIds;

const FORMAT: &str = "authing-emulator";
/// Version of the data-file format written.
pub(crate) const SNAPSHOT_VERSION: u32 = 2;

#[derive(Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct IdentityFile {
    openid: Option<String>,
    user_id_in_idp: Option<String>,
    user_id: Option<String>,
    ext_idp_id: Option<String>,
    is_social: Option<bool>,
    provider: Option<String>,
    user_pool_id: Option<String>,
    refresh_token: Option<String>,
    access_token: Option<String>,
    connection_id: Option<String>,
    r#type: Option<String>,
}

impl From<IdentityFile> for Identity {
    fn from(i: IdentityFile) -> Self {
        Identity {
            openid: i.openid,
            user_id_in_idp: i.user_id_in_idp,
            user_id: i.user_id,
            ext_idp_id: i.ext_idp_id,
            is_social: i.is_social,
            provider: i.provider,
            user_pool_id: i.user_pool_id,
            refresh_token: i.refresh_token,
            access_token: i.access_token,
            connection_id: i.connection_id,
            r#type: i.r#type,
        }
    }
}

impl From<Identity> for IdentityFile {
    fn from(i: Identity) -> Self {
        IdentityFile {
            openid: i.openid,
            user_id_in_idp: i.user_id_in_idp,
            user_id: i.user_id,
            ext_idp_id: i.ext_idp_id,
            is_social: i.is_social,
            provider: i.provider,
            user_pool_id: i.user_pool_id,
            refresh_token: i.refresh_token,
            access_token: i.access_token,
            connection_id: i.connection_id,
            r#type: i.r#type,
        }
    }
}

/// A user in the file (versions 1 and 2 alike).
#[derive(Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct UserFile {
    id: String,
    arn: String,
    status: Option<UserStatus>,
    user_pool_id: String,
    username: Option<String>,
    email: Option<String>,
    email_verified: Option<bool>,
    phone: Option<String>,
    phone_verified: Option<bool>,
    unionid: Option<String>,
    openid: Option<String>,
    nickname: Option<String>,
    register_source: Option<Vec<String>>,
    photo: Option<String>,
    oauth: Option<String>,
    token_expired_at: Option<String>,
    logins_count: Option<i32>,
    last_login: Option<String>,
    #[serde(rename = "lastIP")]
    last_ip: Option<String>,
    signed_up: Option<String>,
    blocked: Option<bool>,
    is_deleted: Option<bool>,
    device: Option<String>,
    browser: Option<String>,
    company: Option<String>,
    name: Option<String>,
    given_name: Option<String>,
    family_name: Option<String>,
    middle_name: Option<String>,
    profile: Option<String>,
    preferred_username: Option<String>,
    website: Option<String>,
    gender: Option<String>,
    birthdate: Option<String>,
    zoneinfo: Option<String>,
    locale: Option<String>,
    address: Option<String>,
    formatted: Option<String>,
    street_address: Option<String>,
    locality: Option<String>,
    region: Option<String>,
    postal_code: Option<String>,
    city: Option<String>,
    province: Option<String>,
    country: Option<String>,
    created_at: Option<String>,
    updated_at: Option<String>,
    external_id: Option<String>,
    phone_country_code: Option<String>,
    main_department_id: Option<String>,
    main_department_code: Option<String>,
    #[serde(default, rename = "identities")]
    identities_list: Vec<IdentityFile>,
    #[serde(default)]
    password_hash: Option<String>,
    #[serde(default)]
    token_epoch: u32,
    #[serde(default)]
    created_ms: i64,
    #[serde(default)]
    updated_ms: i64,
}

impl From<UserFile> for UserRecord {
    fn from(u: UserFile) -> Self {
        UserRecord {
            id: u.id,
            arn: u.arn,
            status: u.status,
            user_pool_id: u.user_pool_id,
            username: u.username,
            email: u.email,
            email_verified: u.email_verified,
            phone: u.phone,
            phone_verified: u.phone_verified,
            unionid: u.unionid,
            openid: u.openid,
            nickname: u.nickname,
            register_source: u.register_source,
            photo: u.photo,
            oauth: u.oauth,
            token_expired_at: u.token_expired_at,
            logins_count: u.logins_count,
            last_login: u.last_login,
            last_ip: u.last_ip,
            signed_up: u.signed_up,
            blocked: u.blocked,
            is_deleted: u.is_deleted,
            device: u.device,
            browser: u.browser,
            company: u.company,
            name: u.name,
            given_name: u.given_name,
            family_name: u.family_name,
            middle_name: u.middle_name,
            profile: u.profile,
            preferred_username: u.preferred_username,
            website: u.website,
            gender: u.gender,
            birthdate: u.birthdate,
            zoneinfo: u.zoneinfo,
            locale: u.locale,
            address: u.address,
            formatted: u.formatted,
            street_address: u.street_address,
            locality: u.locality,
            region: u.region,
            postal_code: u.postal_code,
            city: u.city,
            province: u.province,
            country: u.country,
            created_at: u.created_at,
            updated_at: u.updated_at,
            external_id: u.external_id,
            phone_country_code: u.phone_country_code,
            main_department_id: u.main_department_id,
            main_department_code: u.main_department_code,
            identities_list: u.identities_list.into_iter().map(Into::into).collect(),
            password_hash: u.password_hash,
            token_epoch: u.token_epoch,
            created_ms: u.created_ms,
            updated_ms: u.updated_ms,
        }
    }
}

impl From<&UserRecord> for UserFile {
    fn from(u: &UserRecord) -> Self {
        UserFile {
            id: u.id.clone(),
            arn: u.arn.clone(),
            status: u.status.clone(),
            user_pool_id: u.user_pool_id.clone(),
            username: u.username.clone(),
            email: u.email.clone(),
            email_verified: u.email_verified.clone(),
            phone: u.phone.clone(),
            phone_verified: u.phone_verified.clone(),
            unionid: u.unionid.clone(),
            openid: u.openid.clone(),
            nickname: u.nickname.clone(),
            register_source: u.register_source.clone(),
            photo: u.photo.clone(),
            oauth: u.oauth.clone(),
            token_expired_at: u.token_expired_at.clone(),
            logins_count: u.logins_count.clone(),
            last_login: u.last_login.clone(),
            last_ip: u.last_ip.clone(),
            signed_up: u.signed_up.clone(),
            blocked: u.blocked.clone(),
            is_deleted: u.is_deleted.clone(),
            device: u.device.clone(),
            browser: u.browser.clone(),
            company: u.company.clone(),
            name: u.name.clone(),
            given_name: u.given_name.clone(),
            family_name: u.family_name.clone(),
            middle_name: u.middle_name.clone(),
            profile: u.profile.clone(),
            preferred_username: u.preferred_username.clone(),
            website: u.website.clone(),
            gender: u.gender.clone(),
            birthdate: u.birthdate.clone(),
            zoneinfo: u.zoneinfo.clone(),
            locale: u.locale.clone(),
            address: u.address.clone(),
            formatted: u.formatted.clone(),
            street_address: u.street_address.clone(),
            locality: u.locality.clone(),
            region: u.region.clone(),
            postal_code: u.postal_code.clone(),
            city: u.city.clone(),
            province: u.province.clone(),
            country: u.country.clone(),
            created_at: u.created_at.clone(),
            updated_at: u.updated_at.clone(),
            external_id: u.external_id.clone(),
            phone_country_code: u.phone_country_code.clone(),
            main_department_id: u.main_department_id.clone(),
            main_department_code: u.main_department_code.clone(),
            identities_list: u.identities_list.iter().cloned().map(Into::into).collect(),
            password_hash: u.password_hash.clone(),
            token_epoch: u.token_epoch,
            created_ms: u.created_ms,
            updated_ms: u.updated_ms,
        }
    }
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RoleFile {
    id: String,
    namespace: String,
    code: String,
    arn: String,
    description: Option<String>,
    is_system: Option<bool>,
    created_at: Option<String>,
    updated_at: Option<String>,
    parent_code: Option<String>,
    #[serde(default)]
    created_ms: i64,
    /// Member user ids (version 2 only; version 1 keeps them in `roleMembers`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    members: Option<Vec<String>>,
}

impl From<RoleFile> for RoleRecord {
    fn from(r: RoleFile) -> Self {
        RoleRecord {
            id: r.id,
            namespace: r.namespace,
            code: r.code,
            arn: r.arn,
            description: r.description,
            is_system: r.is_system,
            created_at: r.created_at,
            updated_at: r.updated_at,
            parent_code: r.parent_code,
            created_ms: r.created_ms,
        }
    }
}

#[derive(Serialize, Deserialize)]
struct ConditionFile {
    param: String,
    operator: String,
    value: Value,
}

#[derive(Serialize, Deserialize)]
struct StatementFile {
    resource: String,
    actions: Vec<String>,
    effect: Option<PolicyEffect>,
    condition: Option<Vec<ConditionFile>>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PolicyFile {
    namespace: String,
    code: String,
    is_default: bool,
    description: Option<String>,
    statements: Vec<StatementFile>,
    created_at: Option<String>,
    updated_at: Option<String>,
    #[serde(default)]
    created_ms: i64,
}

impl From<PolicyFile> for PolicyRecord {
    fn from(p: PolicyFile) -> Self {
        PolicyRecord {
            namespace: p.namespace,
            code: p.code,
            is_default: p.is_default,
            description: p.description,
            statements: p
                .statements
                .into_iter()
                .map(|s| Statement {
                    resource: s.resource,
                    actions: s.actions,
                    effect: s.effect,
                    condition: s.condition.map(|c| {
                        c.into_iter()
                            .map(|c| Condition {
                                param: c.param,
                                operator: c.operator,
                                value: c.value,
                            })
                            .collect()
                    }),
                })
                .collect(),
            created_at: p.created_at,
            updated_at: p.updated_at,
            created_ms: p.created_ms,
        }
    }
}

impl From<&PolicyRecord> for PolicyFile {
    fn from(p: &PolicyRecord) -> Self {
        PolicyFile {
            namespace: p.namespace.clone(),
            code: p.code.clone(),
            is_default: p.is_default,
            description: p.description.clone(),
            statements: p
                .statements
                .iter()
                .map(|s| StatementFile {
                    resource: s.resource.clone(),
                    actions: s.actions.clone(),
                    effect: s.effect,
                    condition: s.condition.as_ref().map(|c| {
                        c.iter()
                            .map(|c| ConditionFile {
                                param: c.param.clone(),
                                operator: c.operator.clone(),
                                value: c.value.clone(),
                            })
                            .collect()
                    }),
                })
                .collect(),
            created_at: p.created_at.clone(),
            updated_at: p.updated_at.clone(),
            created_ms: p.created_ms,
        }
    }
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct AssignmentFile {
    code: String,
    target_type: TargetType,
    target_identifier: String,
    namespace: String,
    enabled: bool,
    #[serde(default)]
    inherit_by_children: bool,
}

impl From<AssignmentFile> for AssignmentRecord {
    fn from(a: AssignmentFile) -> Self {
        AssignmentRecord {
            code: a.code,
            target_type: a.target_type,
            target_identifier: a.target_identifier,
            namespace: a.namespace,
            enabled: a.enabled,
            inherit_by_children: a.inherit_by_children,
        }
    }
}

impl From<&AssignmentRecord> for AssignmentFile {
    fn from(a: &AssignmentRecord) -> Self {
        AssignmentFile {
            code: a.code.clone(),
            target_type: a.target_type,
            target_identifier: a.target_identifier.clone(),
            namespace: a.namespace.clone(),
            enabled: a.enabled,
            inherit_by_children: a.inherit_by_children,
        }
    }
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct UdfFile {
    target_type: UdfTargetType,
    data_type: UdfDataType,
    key: String,
    label: Option<String>,
    options: Option<String>,
}

impl From<UdfFile> for UdfRecord {
    fn from(f: UdfFile) -> Self {
        UdfRecord {
            target_type: f.target_type,
            data_type: f.data_type,
            key: f.key,
            label: f.label,
            options: f.options,
        }
    }
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct UdvFile {
    target_type: UdfTargetType,
    target_id: String,
    values: Values,
}

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
}

/// Version 1 (the format before the store was split by domain).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SnapshotV1 {
    pool: PoolIds,
    settings: PoolSettings,
    clock_offset_ms: i64,
    data: DataV1,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct DataV1 {
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
struct UserV1 {
    #[serde(flatten)]
    user: UserFile,
    #[serde(default)]
    identities_list: Vec<IdentityFile>,
}

impl SnapshotV1 {
    fn migrate(self) -> Result<SnapshotV2, String> {
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
        Ok(SnapshotV2 {
            format: FORMAT.into(),
            version: SNAPSHOT_VERSION,
            pool: self.pool,
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
        })
    }
}

/// What a data file holds.
pub(crate) struct Loaded {
    pub pool: PoolIds,
    pub settings: PoolSettings,
    pub clock_offset_ms: i64,
    pub data: Data,
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
    Loaded {
        pool: s.pool,
        settings: s.settings,
        clock_offset_ms: s.clock_offset_ms,
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
            sessions: Sessions::from_revoked(s.revoked_tokens),
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
        serde_json::from_str::<SnapshotV1>(text)
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
