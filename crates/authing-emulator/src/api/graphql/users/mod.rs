//! Users: `users`, `user`, `userBatch`, `searchUser`, `findUser`, `isUserExists`,
//! `createUser`, `updateUser`, `deleteUser(s)`.

mod page;
mod types;

use async_graphql::{Context, Object, Result};

pub use types::*;

use super::common::{CommonMessage, SortByEnum};
use super::{require_admin, shared, target_user};
use crate::domain;
use crate::domain::users::{FindUser, NewIdentity, NewUser, UserKey, UserSort, UserUpdate};
use crate::error::AuthingError;

fn sort(s: Option<SortByEnum>) -> UserSort {
    match s.unwrap_or(SortByEnum::CreatedatDesc) {
        SortByEnum::CreatedatDesc => UserSort::CreatedDesc,
        SortByEnum::CreatedatAsc => UserSort::CreatedAsc,
        SortByEnum::UpdatedatDesc => UserSort::UpdatedDesc,
        SortByEnum::UpdatedatAsc => UserSort::UpdatedAsc,
    }
}

/// Query fields of users.
#[derive(Default)]
pub struct UsersQuery;

#[Object]
impl UsersQuery {
    /// Users of the pool, paged (management).
    #[graphql(complexity = "super::list_cost(limit, child_complexity)")]
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
        let store = shared(ctx).store.read();
        let (total, list) = domain::users::list(&store, page, limit, sort(sort_by));
        Ok(PaginatedUsers::new(total as i32, list))
    }

    /// One user by id, or the bearer's user when `id` is omitted. Unknown id → null.
    async fn user(&self, ctx: &Context<'_>, id: Option<String>) -> Result<Option<User>> {
        let (target, _) = target_user(ctx, id)?;
        Ok(shared(ctx)
            .store
            .read()
            .users()
            .get(&target)
            .map(User::from))
    }

    /// Users by ids / usernames / phones / emails / externalIds (≤ 80).
    #[graphql(complexity = "super::cap_cost(ids.len().max(1).saturating_mul(child_complexity))")]
    async fn user_batch(
        &self,
        ctx: &Context<'_>,
        ids: Vec<String>,
        #[graphql(name = "type")] r#type: Option<String>,
    ) -> Result<Vec<User>> {
        require_admin(ctx)?;
        domain::users::check_batch_size(ids.len(), "查询")?;
        let kind = r#type.unwrap_or_else(|| "id".into());
        let Some(key) = UserKey::parse(&kind) else {
            if ids.is_empty() {
                return Ok(vec![]);
            }
            return Err(AuthingError::bad_request(format!(
                "unsupported type {kind:?} (id, username, email, phone, externalId)"
            ))
            .into());
        };
        let store = shared(ctx).store.read();
        let mut out: Vec<User> = Vec::new();
        for i in &ids {
            if let Some(u) = domain::users::find_by(&store, key, i) {
                if !out.iter().any(|x| x.id == u.id) {
                    out.push(User::from(u));
                }
            }
        }
        Ok(out)
    }

    /// Fuzzy, case-insensitive search over the default (or given) fields.
    #[graphql(complexity = "super::list_cost(limit, child_complexity)")]
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
        let fields: Vec<String> = fields
            .map(|f| f.into_iter().flatten().collect())
            .unwrap_or_default();
        let roles: Vec<(String, String)> = role_opts
            .unwrap_or_default()
            .into_iter()
            .flatten()
            .map(|o| (o.namespace.unwrap_or_else(|| "default".into()), o.code))
            .collect();
        let store = shared(ctx).store.read();
        let (total, list) = domain::users::search(&store, &query, fields, roles, page, limit);
        Ok(PaginatedUsers::new(total, list))
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
        let f = FindUser {
            email,
            phone,
            username,
            external_id,
            identity: identity.map(|i| (i.user_id_in_idp, i.provider)),
        };
        let store = shared(ctx).store.read();
        Ok(domain::users::find(&store, f).map(User::from))
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
        let f = FindUser {
            email,
            phone,
            username,
            external_id,
            identity: None,
        };
        Ok(Some(domain::users::exists(&shared(ctx).store.read(), f)))
    }
}

/// Mutation fields of users (management, and `updateUser` for the user themself).
#[derive(Default)]
pub struct UsersMutation;

#[Object]
impl UsersMutation {
    /// Creates a user (management). Needs at least one identifier.
    async fn create_user(
        &self,
        ctx: &Context<'_>,
        user_info: CreateUserInput,
        keep_password: Option<bool>,
        reset_password_on_first_login: Option<bool>,
        params: Option<String>,
        identity: Option<CreateUserIdentityInput>,
    ) -> Result<User> {
        let _ = keep_password;
        require_admin(ctx)?;
        let i = user_info;
        let new = NewUser {
            profile: i.profile_fields(),
            username: i.username,
            email: i.email,
            email_verified: i.email_verified,
            phone: i.phone,
            phone_verified: i.phone_verified,
            unionid: i.unionid,
            openid: i.openid,
            password: i.password,
            register_source: i.register_source,
            oauth: i.oauth,
            logins_count: i.logins_count,
            last_login: i.last_login,
            last_ip: i.last_ip,
            signed_up: i.signed_up,
            blocked: i.blocked,
            is_deleted: i.is_deleted,
            external_id: i.external_id,
        };
        let identity = identity.map(|id| NewIdentity {
            provider: id.provider,
            user_id_in_idp: id.user_id_in_idp,
            openid: id.openid,
            is_social: id.is_social,
            connection_id: id.connection_id,
            access_token: id.access_token,
            refresh_token: id.refresh_token,
        });
        let u = domain::users::create(shared(ctx), new, identity, params.as_deref())?;
        if reset_password_on_first_login == Some(true) {
            domain::account_flows::require_reset(
                shared(ctx),
                &u.id,
                crate::store::accounts::ResetKind::FirstLogin,
            )?;
        }
        Ok(User::from(&u))
    }

    /// Updates a user. Management: any user, any field. User token: only themself (id
    /// omitted or their own), not email (2225), phone (2226) or password/verification flags (2018).
    async fn update_user(
        &self,
        ctx: &Context<'_>,
        id: Option<String>,
        input: UpdateUserInput,
        email_token: Option<String>,
        phone_token: Option<String>,
    ) -> Result<User> {
        let _ = (email_token, phone_token);
        let (target, admin) = target_user(ctx, id)?;
        let i = input;
        let update = UserUpdate {
            profile: i.profile_fields(),
            email: i.email,
            unionid: i.unionid,
            openid: i.openid,
            email_verified: i.email_verified,
            phone: i.phone,
            phone_verified: i.phone_verified,
            username: i.username,
            password: i.password,
            oauth: i.oauth,
            token_expired_at: i.token_expired_at,
            logins_count: i.logins_count,
            last_login: i.last_login,
            last_ip: i.last_ip,
            blocked: i.blocked,
            city: i.city,
            province: i.province,
            external_id: i.external_id,
            phone_country_code: i.phone_country_code,
            main_department_id: i.main_department_id,
            main_department_code: i.main_department_code,
        };
        let u = domain::users::update(shared(ctx), &target, admin, update)?;
        if admin {
            Ok(User::from(&u))
        } else {
            Ok(super::account::own(ctx, &u))
        }
    }

    /// Deletes a user (management). Unknown id → 2004.
    async fn delete_user(&self, ctx: &Context<'_>, id: String) -> Result<Option<CommonMessage>> {
        require_admin(ctx)?;
        domain::users::delete(shared(ctx), &[id])?;
        Ok(Some(CommonMessage::ok("删除成功")))
    }

    /// Deletes users (management, all or nothing). Any unknown id → 2004.
    async fn delete_users(
        &self,
        ctx: &Context<'_>,
        ids: Vec<String>,
    ) -> Result<Option<CommonMessage>> {
        require_admin(ctx)?;
        domain::users::check_batch_size(ids.len(), "操作")?;
        domain::users::delete(shared(ctx), &ids)?;
        Ok(Some(CommonMessage::ok("删除成功")))
    }
}
