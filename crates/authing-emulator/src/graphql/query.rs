//! Root query fields.

use async_graphql::{Context, Object, Result};

use super::types::*;
use super::{Caller, caller, check_token, issue_management_token, require_admin, shared};
use crate::error::AuthingError;
use crate::state::paginate;

/// Root `Query`.
pub struct Query;

pub(crate) fn sort_users(mut users: Vec<User>, sort: Option<SortByEnum>) -> Vec<User> {
    match sort.unwrap_or(SortByEnum::CreatedatDesc) {
        SortByEnum::CreatedatDesc => users.reverse(),
        SortByEnum::CreatedatAsc => {}
        SortByEnum::UpdatedatDesc => {
            users.reverse();
            users.sort_by_key(|u| std::cmp::Reverse(u.updated_ms));
        }
        SortByEnum::UpdatedatAsc => users.sort_by_key(|u| u.updated_ms),
    }
    users
}

fn ns(namespace: &Option<String>) -> &str {
    namespace.as_deref().unwrap_or("default")
}

#[Object]
impl Query {
    /// Management token for `userPoolId` + `secret` (unauthenticated).
    async fn access_token(
        &self,
        ctx: &Context<'_>,
        user_pool_id: String,
        secret: String,
    ) -> Result<AccessTokenRes> {
        let sh = shared(ctx);
        if user_pool_id != sh.ids.user_pool_id {
            return Err(AuthingError::pool_not_found().into());
        }
        if secret != sh.ids.secret {
            return Err(AuthingError::new(1001, "用户池密钥错误 (wrong user pool secret)").into());
        }
        let (token, iat, exp) = issue_management_token(sh);
        Ok(AccessTokenRes {
            access_token: Some(token),
            exp: Some(exp),
            iat: Some(iat),
        })
    }

    /// Users of the pool, paged (management).
    async fn users(
        &self,
        ctx: &Context<'_>,
        page: Option<i32>,
        limit: Option<i32>,
        sort_by: Option<SortByEnum>,
        exclude_users_in_org: Option<bool>,
    ) -> Result<PaginatedUsers> {
        let _ = exclude_users_in_org;
        require_admin(ctx)?;
        let sh = shared(ctx);
        let page = page.filter(|p| *p >= 1).unwrap_or(1) as usize;
        let limit = limit.filter(|l| *l >= 1).unwrap_or(10).min(1000) as usize;
        let store = sh.store.read();
        let total = store.users.len();
        let list: Vec<User> = match sort_by.unwrap_or(SortByEnum::CreatedatDesc) {
            // fast paths: insertion order is creation order
            SortByEnum::CreatedatDesc => store
                .users
                .values()
                .rev()
                .skip((page - 1) * limit)
                .take(limit)
                .cloned()
                .collect(),
            SortByEnum::CreatedatAsc => store
                .users
                .values()
                .skip((page - 1) * limit)
                .take(limit)
                .cloned()
                .collect(),
            other => {
                let all = sort_users(store.users.values().cloned().collect(), Some(other));
                paginate(all, Some(page as i32), Some(limit as i32)).1
            }
        };
        Ok(PaginatedUsers {
            total_count: total as i32,
            list,
        })
    }

    /// One user by id, or the bearer's user when `id` is omitted. Unknown id → null.
    async fn user(&self, ctx: &Context<'_>, id: Option<String>) -> Result<Option<User>> {
        let sh = shared(ctx);
        let target = match (caller(ctx)?, id) {
            (Caller::User(me), None) => me,
            (Caller::User(me), Some(id)) if id == me => me,
            (Caller::User(_), Some(_)) => return Err(AuthingError::no_permission().into()),
            (Caller::Admin, Some(id)) => id,
            (Caller::Admin, None) => {
                return Err(
                    AuthingError::bad_request("id is required with a management token").into(),
                );
            }
        };
        Ok(sh.store.read().user(&target).cloned())
    }

    /// Users by ids / usernames / phones / emails / externalIds (≤ 80).
    async fn user_batch(
        &self,
        ctx: &Context<'_>,
        ids: Vec<String>,
        #[graphql(name = "type")] r#type: Option<String>,
    ) -> Result<Vec<User>> {
        require_admin(ctx)?;
        if ids.len() > 80 {
            return Err(AuthingError::new(
                2030,
                "一次最多查询 80 个用户 (at most 80 ids per batch)",
            )
            .into());
        }
        let store = shared(ctx).store.read();
        let kind = r#type.unwrap_or_else(|| "id".into());
        let mut out = Vec::new();
        for i in &ids {
            let u = match kind.as_str() {
                "id" => store.user(i),
                "username" => store.user_by_username(i),
                "email" => store.user_by_email(i),
                "phone" => store.user_by_phone(i),
                "externalId" => store.user_by_external_id(i),
                other => {
                    return Err(AuthingError::bad_request(format!(
                        "unsupported type {other:?} (id, username, email, phone, externalId)"
                    ))
                    .into());
                }
            };
            if let Some(u) = u {
                if !out.iter().any(|x: &User| x.id == u.id) {
                    out.push(u.clone());
                }
            }
        }
        Ok(out)
    }

    /// Fuzzy, case-insensitive search over the default (or given) fields.
    #[allow(clippy::too_many_arguments)]
    async fn search_user(
        &self,
        ctx: &Context<'_>,
        query: String,
        fields: Option<Vec<Option<String>>>,
        page: Option<i32>,
        limit: Option<i32>,
        department_opts: Option<Vec<Option<SearchUserDepartmentOpt>>>,
        group_opts: Option<Vec<Option<SearchUserGroupOpt>>>,
        role_opts: Option<Vec<Option<SearchUserRoleOpt>>>,
    ) -> Result<PaginatedUsers> {
        let _ = (department_opts, group_opts);
        require_admin(ctx)?;
        let q = query.to_lowercase();
        let fields: Vec<String> = fields
            .map(|f| f.into_iter().flatten().collect())
            .filter(|f: &Vec<String>| !f.is_empty())
            .unwrap_or_else(|| {
                [
                    "username",
                    "nickname",
                    "email",
                    "phone",
                    "company",
                    "name",
                    "givenName",
                    "familyName",
                    "middleName",
                    "profile",
                    "preferredUsername",
                ]
                .iter()
                .map(|s| s.to_string())
                .collect()
            });
        let store = shared(ctx).store.read();
        let role_filter: Vec<String> = role_opts
            .unwrap_or_default()
            .into_iter()
            .flatten()
            .filter_map(|o| {
                let ns = o.namespace.unwrap_or_else(|| "default".into());
                store.role_id(&ns, &o.code)
            })
            .collect();
        let matches: Vec<User> = store
            .users
            .values()
            .rev()
            .filter(|u| {
                fields.iter().any(|f| {
                    let v = match f.as_str() {
                        "username" => &u.username,
                        "nickname" => &u.nickname,
                        "email" => &u.email,
                        "phone" => &u.phone,
                        "company" => &u.company,
                        "name" => &u.name,
                        "givenName" => &u.given_name,
                        "familyName" => &u.family_name,
                        "middleName" => &u.middle_name,
                        "profile" => &u.profile,
                        "preferredUsername" => &u.preferred_username,
                        "externalId" => &u.external_id,
                        "id" => return u.id.to_lowercase().contains(&q),
                        _ => return false,
                    };
                    v.as_deref().is_some_and(|v| v.to_lowercase().contains(&q))
                })
            })
            .filter(|u| {
                role_filter.is_empty()
                    || role_filter.iter().any(|rid| {
                        store
                            .role_members
                            .get(rid)
                            .is_some_and(|m| m.contains(&u.id))
                    })
            })
            .cloned()
            .collect();
        let (total, list) = paginate(matches, page, limit);
        Ok(PaginatedUsers {
            total_count: total,
            list,
        })
    }

    /// Exact lookup (email case-insensitive, username case-sensitive).
    async fn find_user(
        &self,
        ctx: &Context<'_>,
        email: Option<String>,
        phone: Option<String>,
        username: Option<String>,
        external_id: Option<String>,
        identity: Option<FindUserByIdentityInput>,
    ) -> Result<Option<User>> {
        require_admin(ctx)?;
        let store = shared(ctx).store.read();
        let found = if let Some(e) = email {
            store.user_by_email(&e)
        } else if let Some(p) = phone {
            store.user_by_phone(&p)
        } else if let Some(u) = username {
            store.user_by_username(&u)
        } else if let Some(x) = external_id {
            store.user_by_external_id(&x)
        } else if let Some(i) = identity {
            store.users.values().find(|u| {
                u.identities_list.iter().any(|id| {
                    (i.user_id_in_idp.is_none() || id.user_id_in_idp == i.user_id_in_idp)
                        && (i.provider.is_none() || id.provider == i.provider)
                })
            })
        } else {
            None
        };
        Ok(found.cloned())
    }

    /// Whether a user with any of the given identifiers exists (no token needed).
    async fn is_user_exists(
        &self,
        ctx: &Context<'_>,
        email: Option<String>,
        phone: Option<String>,
        username: Option<String>,
        external_id: Option<String>,
    ) -> Result<Option<bool>> {
        let store = shared(ctx).store.read();
        let exists = email.is_some_and(|e| store.user_by_email(&e).is_some())
            || phone.is_some_and(|p| store.user_by_phone(&p).is_some())
            || username.is_some_and(|u| store.user_by_username(&u).is_some())
            || external_id.is_some_and(|x| store.user_by_external_id(&x).is_some());
        Ok(Some(exists))
    }

    /// Roles, paged; all namespaces when `namespace` is null.
    async fn roles(
        &self,
        ctx: &Context<'_>,
        namespace: Option<String>,
        page: Option<i32>,
        limit: Option<i32>,
        sort_by: Option<SortByEnum>,
    ) -> Result<PaginatedRoles> {
        require_admin(ctx)?;
        let store = shared(ctx).store.read();
        let mut all: Vec<Role> = store
            .roles
            .values()
            .filter(|r| namespace.as_deref().is_none_or(|n| r.namespace == n))
            .cloned()
            .collect();
        if matches!(
            sort_by.unwrap_or(SortByEnum::CreatedatDesc),
            SortByEnum::CreatedatDesc | SortByEnum::UpdatedatDesc
        ) {
            all.reverse();
        }
        let (total, list) = paginate(all, page, limit);
        Ok(PaginatedRoles {
            total_count: total,
            list,
        })
    }

    /// One role (namespace `default` when null) or null.
    async fn role(
        &self,
        ctx: &Context<'_>,
        code: String,
        namespace: Option<String>,
    ) -> Result<Option<Role>> {
        require_admin(ctx)?;
        Ok(shared(ctx)
            .store
            .read()
            .role(ns(&namespace), &code)
            .cloned())
    }

    /// Policies, paged; built-in policies hidden unless `excludeDefault: false`.
    async fn policies(
        &self,
        ctx: &Context<'_>,
        page: Option<i32>,
        limit: Option<i32>,
        namespace: Option<String>,
        exclude_default: Option<bool>,
    ) -> Result<PaginatedPolicies> {
        require_admin(ctx)?;
        let exclude = exclude_default.unwrap_or(true);
        let store = shared(ctx).store.read();
        let all: Vec<Policy> = store
            .policies
            .iter()
            .rev()
            .filter(|p| namespace.as_deref().is_none_or(|n| p.namespace == n))
            .filter(|p| !(exclude && p.is_default))
            .cloned()
            .collect();
        let (total, list) = paginate(all, page, limit);
        Ok(PaginatedPolicies {
            total_count: total,
            list,
        })
    }

    /// One policy or null.
    async fn policy(
        &self,
        ctx: &Context<'_>,
        code: String,
        namespace: Option<String>,
    ) -> Result<Option<Policy>> {
        require_admin(ctx)?;
        Ok(shared(ctx)
            .store
            .read()
            .policy(ns(&namespace), &code)
            .cloned())
    }

    /// Assignments filtered by policy code and/or target.
    #[allow(clippy::too_many_arguments)]
    async fn policy_assignments(
        &self,
        ctx: &Context<'_>,
        namespace: Option<String>,
        code: Option<String>,
        target_type: Option<PolicyAssignmentTargetType>,
        target_identifier: Option<String>,
        page: Option<i32>,
        limit: Option<i32>,
    ) -> Result<PaginatedPolicyAssignments> {
        require_admin(ctx)?;
        let store = shared(ctx).store.read();
        let all: Vec<PolicyAssignment> = store
            .assignments
            .iter()
            .filter(|a| namespace.as_deref().is_none_or(|n| a.namespace == n))
            .filter(|a| code.as_deref().is_none_or(|c| a.code == c))
            .filter(|a| target_type.is_none_or(|t| a.target_type == t))
            .filter(|a| {
                target_identifier
                    .as_deref()
                    .is_none_or(|t| a.target_identifier == t)
            })
            .cloned()
            .collect();
        let (total, list) = paginate(all, page, limit);
        Ok(PaginatedPolicyAssignments {
            total_count: total,
            list,
        })
    }

    /// Whether the user may perform `action` on `resource` (DENY wins).
    async fn is_action_allowed(
        &self,
        ctx: &Context<'_>,
        resource: String,
        action: String,
        user_id: String,
        namespace: Option<String>,
    ) -> Result<bool> {
        require_admin(ctx)?;
        let store = shared(ctx).store.read();
        if store.user(&user_id).is_none() {
            return Err(AuthingError::user_not_found().into());
        }
        Ok(store
            .evaluate(&user_id, &resource, &action, ns(&namespace))
            .0)
    }

    /// Whether a DENY statement matches.
    async fn is_action_denied(
        &self,
        ctx: &Context<'_>,
        resource: String,
        action: String,
        user_id: String,
        namespace: Option<String>,
    ) -> Result<bool> {
        require_admin(ctx)?;
        let store = shared(ctx).store.read();
        if store.user(&user_id).is_none() {
            return Err(AuthingError::user_not_found().into());
        }
        Ok(store
            .evaluate(&user_id, &resource, &action, ns(&namespace))
            .1)
    }

    /// Resources granted to a target (USER id or ROLE code).
    async fn authorized_resources(
        &self,
        ctx: &Context<'_>,
        target_type: Option<PolicyAssignmentTargetType>,
        target_identifier: Option<String>,
        namespace: Option<String>,
        resource_type: Option<String>,
    ) -> Result<Option<PaginatedAuthorizedResources>> {
        require_admin(ctx)?;
        let store = shared(ctx).store.read();
        let namespace = ns(&namespace).to_string();
        let (Some(tt), Some(ti)) = (target_type, target_identifier) else {
            return Err(
                AuthingError::new(2231, "targetType and targetIdentifier are required").into(),
            );
        };
        let targets = if tt == PolicyAssignmentTargetType::User {
            store.user_targets(&ti, &namespace)
        } else {
            vec![(tt, ti)]
        };
        let list = store.authorized_resources(&targets, &namespace, resource_type.as_deref());
        Ok(Some(PaginatedAuthorizedResources {
            total_count: list.len() as i32,
            list,
        }))
    }

    /// The user pool (management).
    async fn userpool(&self, ctx: &Context<'_>) -> Result<UserPool> {
        require_admin(ctx)?;
        let sh = shared(ctx);
        let s = sh.store.read().settings.clone();
        Ok(UserPool {
            id: sh.ids.user_pool_id.clone(),
            name: s.name,
            domain: s.domain,
            description: Some("Authing emulator user pool".into()),
            secret: sh.ids.secret.clone(),
            jwt_secret: sh.ids.jwt_secret.clone(),
            owner_id: Some(sh.ids.owner_id.clone()),
            userpool_types: Some(vec![]),
            logo: "https://files.authing.co/authing-console/default-userpool-logo.ico".into(),
            created_at: Some(s.created_at.clone()),
            updated_at: Some(s.created_at),
            email_verified_default: s.email_verified_default,
            send_welcome_email: false,
            register_disabled: s.register_disabled,
            app_sso_enabled: false,
            show_wx_qr_code_when_register_disabled: Some(false),
            allowed_origins: Some(String::new()),
            token_expires_after: Some(s.token_expires_after),
            is_deleted: Some(false),
            frequent_register_check: Some(Default::default()),
            login_fail_check: Some(Default::default()),
            login_password_fail_check: Some(Default::default()),
            login_fail_strategy: Some("captcha".into()),
            change_phone_strategy: Some(ChangePhoneStrategy {
                verify_old_phone: Some(s.verify_old_phone),
            }),
            change_email_strategy: Some(ChangeEmailStrategy {
                verify_old_email: Some(s.verify_old_email),
            }),
            qrcode_login_strategy: Some(Default::default()),
            app2_wxapp_login_strategy: Some(Default::default()),
            whitelist: Some(RegisterWhiteListConfig {
                phone_enabled: Some(false),
                email_enabled: Some(false),
                username_enabled: Some(false),
            }),
            custom_sms_provider: Some(Default::default()),
            package_type: Some(1),
            use_custom_user_store: Some(false),
            login_require_email_verified: Some(false),
            verify_code_length: Some(6),
            password_update_policy: Some(Default::default()),
        })
    }

    /// Status of a user token (argument, else the bearer). Never raises for a bad token.
    async fn check_login_status(
        &self,
        ctx: &Context<'_>,
        token: Option<String>,
    ) -> Result<Option<JwtTokenStatus>> {
        let sh = shared(ctx);
        let token = token
            .filter(|t| !t.trim().is_empty())
            .or_else(|| ctx.data_unchecked::<super::RequestInfo>().bearer.clone());
        let Some(token) = token else {
            let e = AuthingError::not_logged_in();
            return Ok(Some(JwtTokenStatus {
                code: Some(e.code),
                message: Some(e.message),
                status: Some(false),
                exp: None,
                iat: None,
                data: None,
            }));
        };
        Ok(Some(match check_token(sh, &token) {
            Ok((Caller::User(id), claims)) => JwtTokenStatus {
                code: Some(200),
                message: Some("已登录".into()),
                status: Some(true),
                exp: Some(claims.exp),
                iat: Some(claims.iat),
                data: Some(JwtTokenStatusDetail {
                    arn: Some(sh.arn_user(&id)),
                    id: Some(id),
                    user_pool_id: Some(sh.ids.user_pool_id.clone()),
                }),
            },
            Ok((Caller::Admin, _)) => {
                let e = AuthingError::token_invalid();
                JwtTokenStatus {
                    code: Some(e.code),
                    message: Some(e.message),
                    status: Some(false),
                    exp: None,
                    iat: None,
                    data: None,
                }
            }
            Err(e) => JwtTokenStatus {
                code: Some(e.code),
                message: Some(e.message),
                status: Some(false),
                exp: None,
                iat: None,
                data: None,
            },
        }))
    }

    /// The pool's rule: any non-empty password is valid.
    async fn check_password_strength(&self, password: String) -> CheckPasswordStrengthResult {
        if password.is_empty() {
            CheckPasswordStrengthResult {
                valid: false,
                message: Some("密码不能为空 (password must not be empty)".into()),
            }
        } else {
            CheckPasswordStrengthResult {
                valid: true,
                message: Some("密码验证成功".into()),
            }
        }
    }

    /// Values of one target (management, or a user reading their own USER values).
    async fn udv(
        &self,
        ctx: &Context<'_>,
        target_type: UdfTargetType,
        target_id: String,
    ) -> Result<Vec<UserDefinedData>> {
        super::mutation::require_udv_access(ctx, target_type, &target_id)?;
        Ok(shared(ctx).store.read().udv_list(target_type, &target_id))
    }

    /// Field definitions of a target type.
    async fn udf(
        &self,
        ctx: &Context<'_>,
        target_type: UdfTargetType,
    ) -> Result<Vec<UserDefinedField>> {
        caller(ctx)?;
        Ok(shared(ctx)
            .store
            .read()
            .udfs
            .iter()
            .filter(|f| f.target_type == target_type)
            .cloned()
            .collect())
    }

    /// Values of several targets.
    async fn udf_value_batch(
        &self,
        ctx: &Context<'_>,
        target_type: UdfTargetType,
        target_ids: Vec<Option<String>>,
    ) -> Result<Vec<UserDefinedDataMap>> {
        require_admin(ctx)?;
        let store = shared(ctx).store.read();
        Ok(target_ids
            .into_iter()
            .flatten()
            .map(|id| UserDefinedDataMap {
                data: store.udv_list(target_type, &id),
                target_id: id,
            })
            .collect())
    }
}
