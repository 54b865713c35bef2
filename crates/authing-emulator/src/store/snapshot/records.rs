//! Serde record types of the data file (shared by versions 1 and 2), and their
//! conversions from and to the store's records.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::store::custom::{UdfDataType, UdfRecord, UdfTargetType, Values};
use crate::store::policies::{
    AssignmentRecord, Condition, PolicyEffect, PolicyRecord, Statement, TargetType,
};
use crate::store::roles::RoleRecord;
use crate::store::users::{Identity, UserRecord, UserStatus};

#[derive(Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub(super) struct IdentityFile {
    pub(super) openid: Option<String>,
    pub(super) user_id_in_idp: Option<String>,
    pub(super) user_id: Option<String>,
    pub(super) ext_idp_id: Option<String>,
    pub(super) is_social: Option<bool>,
    pub(super) provider: Option<String>,
    pub(super) user_pool_id: Option<String>,
    pub(super) refresh_token: Option<String>,
    pub(super) access_token: Option<String>,
    pub(super) connection_id: Option<String>,
    pub(super) r#type: Option<String>,
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
pub(super) struct UserFile {
    pub(super) id: String,
    pub(super) arn: String,
    pub(super) status: Option<UserStatus>,
    pub(super) user_pool_id: String,
    pub(super) username: Option<String>,
    pub(super) email: Option<String>,
    pub(super) email_verified: Option<bool>,
    pub(super) phone: Option<String>,
    pub(super) phone_verified: Option<bool>,
    pub(super) unionid: Option<String>,
    pub(super) openid: Option<String>,
    pub(super) nickname: Option<String>,
    pub(super) register_source: Option<Vec<String>>,
    pub(super) photo: Option<String>,
    pub(super) oauth: Option<String>,
    pub(super) token_expired_at: Option<String>,
    pub(super) logins_count: Option<i32>,
    pub(super) last_login: Option<String>,
    #[serde(rename = "lastIP")]
    pub(super) last_ip: Option<String>,
    pub(super) signed_up: Option<String>,
    pub(super) blocked: Option<bool>,
    pub(super) is_deleted: Option<bool>,
    pub(super) device: Option<String>,
    pub(super) browser: Option<String>,
    pub(super) company: Option<String>,
    pub(super) name: Option<String>,
    pub(super) given_name: Option<String>,
    pub(super) family_name: Option<String>,
    pub(super) middle_name: Option<String>,
    pub(super) profile: Option<String>,
    pub(super) preferred_username: Option<String>,
    pub(super) website: Option<String>,
    pub(super) gender: Option<String>,
    pub(super) birthdate: Option<String>,
    pub(super) zoneinfo: Option<String>,
    pub(super) locale: Option<String>,
    pub(super) address: Option<String>,
    pub(super) formatted: Option<String>,
    pub(super) street_address: Option<String>,
    pub(super) locality: Option<String>,
    pub(super) region: Option<String>,
    pub(super) postal_code: Option<String>,
    pub(super) city: Option<String>,
    pub(super) province: Option<String>,
    pub(super) country: Option<String>,
    pub(super) created_at: Option<String>,
    pub(super) updated_at: Option<String>,
    pub(super) external_id: Option<String>,
    pub(super) phone_country_code: Option<String>,
    pub(super) main_department_id: Option<String>,
    pub(super) main_department_code: Option<String>,
    #[serde(default, rename = "identities")]
    pub(super) identities_list: Vec<IdentityFile>,
    #[serde(default)]
    pub(super) password_hash: Option<String>,
    #[serde(default)]
    pub(super) token_epoch: u32,
    #[serde(default)]
    pub(super) created_ms: i64,
    #[serde(default)]
    pub(super) updated_ms: i64,
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
            status: u.status,
            user_pool_id: u.user_pool_id.clone(),
            username: u.username.clone(),
            email: u.email.clone(),
            email_verified: u.email_verified,
            phone: u.phone.clone(),
            phone_verified: u.phone_verified,
            unionid: u.unionid.clone(),
            openid: u.openid.clone(),
            nickname: u.nickname.clone(),
            register_source: u.register_source.clone(),
            photo: u.photo.clone(),
            oauth: u.oauth.clone(),
            token_expired_at: u.token_expired_at.clone(),
            logins_count: u.logins_count,
            last_login: u.last_login.clone(),
            last_ip: u.last_ip.clone(),
            signed_up: u.signed_up.clone(),
            blocked: u.blocked,
            is_deleted: u.is_deleted,
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
pub(super) struct RoleFile {
    pub(super) id: String,
    pub(super) namespace: String,
    pub(super) code: String,
    pub(super) arn: String,
    pub(super) description: Option<String>,
    pub(super) is_system: Option<bool>,
    pub(super) created_at: Option<String>,
    pub(super) updated_at: Option<String>,
    pub(super) parent_code: Option<String>,
    #[serde(default)]
    pub(super) created_ms: i64,
    /// Member user ids (version 2 only; version 1 keeps them in `roleMembers`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) members: Option<Vec<String>>,
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
pub(super) struct ConditionFile {
    pub(super) param: String,
    pub(super) operator: String,
    pub(super) value: Value,
}

#[derive(Serialize, Deserialize)]
pub(super) struct StatementFile {
    pub(super) resource: String,
    pub(super) actions: Vec<String>,
    pub(super) effect: Option<PolicyEffect>,
    pub(super) condition: Option<Vec<ConditionFile>>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PolicyFile {
    pub(super) namespace: String,
    pub(super) code: String,
    pub(super) is_default: bool,
    pub(super) description: Option<String>,
    pub(super) statements: Vec<StatementFile>,
    pub(super) created_at: Option<String>,
    pub(super) updated_at: Option<String>,
    #[serde(default)]
    pub(super) created_ms: i64,
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
pub(super) struct AssignmentFile {
    pub(super) code: String,
    pub(super) target_type: TargetType,
    pub(super) target_identifier: String,
    pub(super) namespace: String,
    pub(super) enabled: bool,
    #[serde(default)]
    pub(super) inherit_by_children: bool,
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
pub(super) struct UdfFile {
    pub(super) target_type: UdfTargetType,
    pub(super) data_type: UdfDataType,
    pub(super) key: String,
    pub(super) label: Option<String>,
    pub(super) options: Option<String>,
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
pub(super) struct UdvFile {
    pub(super) target_type: UdfTargetType,
    pub(super) target_id: String,
    pub(super) values: Values,
}
