//! Roles: the `Role` type, `roles`, `role`, `createRole`, `updateRole`, `deleteRole(s)`,
//! `assignRole`, `revokeRole`.

use async_graphql::{ComplexObject, Context, Object, Result, SimpleObject};

use super::common::{CommonMessage, SortByEnum};
use super::policies::PaginatedAuthorizedResources;
use super::users::PaginatedUsers;
use super::{may_read_user, ns, require_admin, shared};
use crate::domain::{self, paginate};
use crate::store::policies::TargetType;
use crate::store::roles::RoleRecord;

/// A role.
#[derive(SimpleObject, Debug, Clone)]
#[graphql(complex)]
pub struct Role {
    /// Id.
    pub id: String,
    /// Namespace (permission group code), default `default`.
    pub namespace: String,
    /// Code, unique in the namespace.
    pub code: String,
    /// arn.
    pub arn: String,
    /// Description.
    pub description: Option<String>,
    /// Built-in role?
    pub is_system: Option<bool>,
    /// Created at.
    pub created_at: Option<String>,
    /// Updated at.
    pub updated_at: Option<String>,
    /// Parent role code (same namespace).
    #[graphql(skip)]
    pub parent_code: Option<String>,
}

impl From<&RoleRecord> for Role {
    fn from(r: &RoleRecord) -> Self {
        Role {
            id: r.id.clone(),
            namespace: r.namespace.clone(),
            code: r.code.clone(),
            arn: r.arn.clone(),
            description: r.description.clone(),
            is_system: r.is_system,
            created_at: r.created_at.clone(),
            updated_at: r.updated_at.clone(),
            parent_code: r.parent_code.clone(),
        }
    }
}

#[ComplexObject]
impl Role {
    /// Users holding this role (with a user token: 1001 when it lists anyone else).
    #[graphql(complexity = "super::list_cost(limit, child_complexity)")]
    async fn users(
        &self,
        ctx: &Context<'_>,
        page: Option<i32>,
        limit: Option<i32>,
    ) -> Result<PaginatedUsers> {
        let store = shared(ctx).store.read();
        let ids = store.roles().members(&self.id);
        for id in ids {
            may_read_user(ctx, id)?;
        }
        let members = ids.iter().filter_map(|id| store.users().get(id));
        let (total, list) = paginate(members, page, limit);
        Ok(PaginatedUsers::new(total, list))
    }

    /// Resources granted to this role.
    #[graphql(complexity = "crate::api::graphql::unpaged_cost(child_complexity)")]
    async fn authorized_resources(
        &self,
        ctx: &Context<'_>,
        resource_type: Option<String>,
    ) -> Option<PaginatedAuthorizedResources> {
        let store = shared(ctx).store.read();
        Some(PaginatedAuthorizedResources::from_items(
            domain::acl::authorized_resources(
                &store,
                &domain::acl::GrantTarget::new(TargetType::Role, self.code.clone()),
                Some(&self.namespace),
                resource_type.as_deref(),
            ),
        ))
    }

    /// Parent role.
    async fn parent(&self, ctx: &Context<'_>) -> Option<Role> {
        let code = self.parent_code.as_ref()?;
        shared(ctx)
            .store
            .read()
            .roles()
            .find(&self.namespace, code)
            .map(Role::from)
    }
}

/// A page of roles.
#[derive(SimpleObject, Debug, Clone)]
pub struct PaginatedRoles {
    /// Total.
    pub total_count: i32,
    /// Items.
    pub list: Vec<Role>,
}

/// Query fields of roles.
#[derive(Default)]
pub struct RolesQuery;

#[Object]
impl RolesQuery {
    /// Roles, paged; all namespaces when `namespace` is null.
    #[graphql(complexity = "super::list_cost(limit, child_complexity)")]
    async fn roles(
        &self,
        ctx: &Context<'_>,
        namespace: Option<String>,
        page: Option<i32>,
        limit: Option<i32>,
        sort_by: Option<SortByEnum>,
    ) -> Result<PaginatedRoles> {
        require_admin(ctx)?;
        let newest_first = matches!(
            sort_by.unwrap_or(SortByEnum::CreatedatDesc),
            SortByEnum::CreatedatDesc | SortByEnum::UpdatedatDesc
        );
        let store = shared(ctx).store.read();
        let all = domain::roles::list(&store, namespace.as_deref(), newest_first);
        let (total, list) = paginate(all, page, limit);
        Ok(PaginatedRoles {
            total_count: total,
            list: list.into_iter().map(Role::from).collect(),
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
            .roles()
            .find(&ns(&namespace), &code)
            .map(Role::from))
    }
}

/// `roleCode` and `roleCodes` together.
fn codes(role_code: Option<String>, role_codes: Option<Vec<Option<String>>>) -> Vec<String> {
    role_code
        .into_iter()
        .chain(role_codes.unwrap_or_default().into_iter().flatten())
        .collect()
}

/// Mutation fields of roles (management).
#[derive(Default)]
pub struct RolesMutation;

#[Object]
impl RolesMutation {
    /// Creates a role (code unique in its namespace, else 409).
    async fn create_role(
        &self,
        ctx: &Context<'_>,
        namespace: Option<String>,
        code: String,
        description: Option<String>,
        parent: Option<String>,
    ) -> Result<Role> {
        require_admin(ctx)?;
        let r = domain::roles::create(shared(ctx), ns(&namespace), code, description, parent)?;
        Ok(Role::from(&r))
    }

    /// Updates a role; `newCode` renames it (assignments follow).
    async fn update_role(
        &self,
        ctx: &Context<'_>,
        code: String,
        description: Option<String>,
        new_code: Option<String>,
        namespace: Option<String>,
    ) -> Result<Role> {
        require_admin(ctx)?;
        let r = domain::roles::update(shared(ctx), &ns(&namespace), &code, description, new_code)?;
        Ok(Role::from(&r))
    }

    /// Deletes a role. Unknown → 404; built-in → 400.
    async fn delete_role(
        &self,
        ctx: &Context<'_>,
        code: String,
        namespace: Option<String>,
    ) -> Result<CommonMessage> {
        require_admin(ctx)?;
        domain::roles::delete(shared(ctx), &ns(&namespace), &[code])?;
        Ok(CommonMessage::ok("删除成功"))
    }

    /// Deletes roles (all or nothing).
    async fn delete_roles(
        &self,
        ctx: &Context<'_>,
        code_list: Vec<String>,
        namespace: Option<String>,
    ) -> Result<CommonMessage> {
        require_admin(ctx)?;
        domain::roles::delete(shared(ctx), &ns(&namespace), &code_list)?;
        Ok(CommonMessage::ok("删除成功"))
    }

    /// Gives roles to users and org nodes (`nodeCodes`: node ids or codes; group codes
    /// are accepted and ignored).
    #[allow(clippy::too_many_arguments)]
    async fn assign_role(
        &self,
        ctx: &Context<'_>,
        namespace: Option<String>,
        role_code: Option<String>,
        role_codes: Option<Vec<Option<String>>>,
        user_ids: Option<Vec<String>>,
        group_codes: Option<Vec<String>>,
        node_codes: Option<Vec<String>>,
    ) -> Result<Option<CommonMessage>> {
        let _ = group_codes;
        require_admin(ctx)?;
        domain::roles::assign(
            shared(ctx),
            &ns(&namespace),
            &codes(role_code, role_codes),
            &user_ids.unwrap_or_default(),
            &node_codes.unwrap_or_default(),
        )?;
        Ok(Some(CommonMessage::ok("授权成功")))
    }

    /// Takes roles away from users and org nodes.
    #[allow(clippy::too_many_arguments)]
    async fn revoke_role(
        &self,
        ctx: &Context<'_>,
        namespace: Option<String>,
        role_code: Option<String>,
        role_codes: Option<Vec<Option<String>>>,
        user_ids: Option<Vec<String>>,
        group_codes: Option<Vec<String>>,
        node_codes: Option<Vec<String>>,
    ) -> Result<Option<CommonMessage>> {
        let _ = group_codes;
        require_admin(ctx)?;
        domain::roles::revoke(
            shared(ctx),
            &ns(&namespace),
            &codes(role_code, role_codes),
            &user_ids.unwrap_or_default(),
            &node_codes.unwrap_or_default(),
        )?;
        Ok(Some(CommonMessage::ok("撤销成功")))
    }
}
