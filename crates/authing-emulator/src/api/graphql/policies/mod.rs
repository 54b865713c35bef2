//! Policies: `policies`, `policy`, `policyAssignments`, `isActionAllowed`,
//! `isActionDenied`, `authorizedResources`, policy and assignment mutations, `allow`.

mod types;

use async_graphql::{Context, Object, Result};

pub use types::*;

use super::common::CommonMessage;
use super::{ns, require_admin, shared};
use crate::domain::{self, paginate};
use crate::error::AuthingError;
use crate::store::policies::Statement;

fn statements(s: Vec<PolicyStatementInput>) -> Vec<Statement> {
    s.into_iter().map(Statement::from).collect()
}

/// Query fields of policies.
#[derive(Default)]
pub struct PoliciesQuery;

#[Object]
impl PoliciesQuery {
    /// Policies, paged; built-in policies hidden unless `excludeDefault: false`.
    #[graphql(complexity = "super::list_cost(limit, child_complexity)")]
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
        let all = store
            .policies()
            .iter()
            .rev()
            .filter(|p| namespace.as_deref().is_none_or(|n| p.namespace == n))
            .filter(|p| !(exclude && p.is_default));
        let (total, list) = paginate(all, page, limit);
        Ok(PaginatedPolicies {
            total_count: total,
            list: list.into_iter().map(Policy::from).collect(),
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
            .policies()
            .get(&ns(&namespace), &code)
            .map(Policy::from))
    }

    /// Assignments filtered by policy code and/or target.
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "super::list_cost(limit, child_complexity)")]
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
        let target_type = target_type.map(crate::store::policies::TargetType::from);
        let store = shared(ctx).store.read();
        let all = store
            .policies()
            .assignments()
            .filter(|a| namespace.as_deref().is_none_or(|n| a.namespace == n))
            .filter(|a| code.as_deref().is_none_or(|c| a.code == c))
            .filter(|a| target_type.is_none_or(|t| a.target_type == t))
            .filter(|a| {
                target_identifier
                    .as_deref()
                    .is_none_or(|t| a.target_identifier == t)
            });
        let (total, list) = paginate(all, page, limit);
        Ok(PaginatedPolicyAssignments {
            total_count: total,
            list: list.into_iter().map(PolicyAssignment::from).collect(),
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
        let (allowed, _) =
            domain::policies::evaluate(&store, &user_id, &resource, &action, &ns(&namespace))?;
        Ok(allowed)
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
        let (_, denied) =
            domain::policies::evaluate(&store, &user_id, &resource, &action, &ns(&namespace))?;
        Ok(denied)
    }

    /// Resources granted to a target (USER id, ROLE code, GROUP code, ORG node id);
    /// every namespace when `namespace` is null.
    async fn authorized_resources(
        &self,
        ctx: &Context<'_>,
        target_type: Option<PolicyAssignmentTargetType>,
        target_identifier: Option<String>,
        namespace: Option<String>,
        resource_type: Option<String>,
    ) -> Result<Option<PaginatedAuthorizedResources>> {
        require_admin(ctx)?;
        let (Some(tt), Some(ti)) = (target_type, target_identifier) else {
            return Err(
                AuthingError::new(2231, "targetType and targetIdentifier are required").into(),
            );
        };
        let store = shared(ctx).store.read();
        Ok(Some(PaginatedAuthorizedResources::from_items(
            domain::acl::authorized_resources(
                &store,
                &domain::acl::GrantTarget::new(tt.into(), ti),
                namespace.as_deref(),
                resource_type.as_deref(),
            ),
        )))
    }
}

/// Mutation fields of policies (management).
#[derive(Default)]
pub struct PoliciesMutation;

#[Object]
impl PoliciesMutation {
    /// Creates a policy (409 when the code exists in the namespace).
    async fn create_policy(
        &self,
        ctx: &Context<'_>,
        namespace: Option<String>,
        code: String,
        description: Option<String>,
        statements: Vec<PolicyStatementInput>,
    ) -> Result<Policy> {
        require_admin(ctx)?;
        let p = domain::policies::create(
            shared(ctx),
            ns(&namespace),
            code,
            description,
            self::statements(statements),
        )?;
        Ok(Policy::from(&p))
    }

    /// Updates a policy; `newCode` renames it (assignments follow). Built-in → 400.
    async fn update_policy(
        &self,
        ctx: &Context<'_>,
        namespace: Option<String>,
        code: String,
        description: Option<String>,
        statements: Option<Vec<PolicyStatementInput>>,
        new_code: Option<String>,
    ) -> Result<Policy> {
        require_admin(ctx)?;
        let p = domain::policies::update(
            shared(ctx),
            &ns(&namespace),
            &code,
            description,
            statements.map(self::statements),
            new_code,
        )?;
        Ok(Policy::from(&p))
    }

    /// Deletes a policy and its assignments.
    async fn delete_policy(
        &self,
        ctx: &Context<'_>,
        code: String,
        namespace: Option<String>,
    ) -> Result<CommonMessage> {
        require_admin(ctx)?;
        domain::policies::delete(shared(ctx), &ns(&namespace), &[code])?;
        Ok(CommonMessage::ok("删除成功"))
    }

    /// Deletes policies (all or nothing).
    async fn delete_policies(
        &self,
        ctx: &Context<'_>,
        code_list: Vec<String>,
        namespace: Option<String>,
    ) -> Result<CommonMessage> {
        require_admin(ctx)?;
        domain::policies::delete(shared(ctx), &ns(&namespace), &code_list)?;
        Ok(CommonMessage::ok("删除成功"))
    }

    /// Assigns policies to targets (users and roles must exist).
    async fn add_policy_assignments(
        &self,
        ctx: &Context<'_>,
        policies: Vec<String>,
        target_type: PolicyAssignmentTargetType,
        target_identifiers: Option<Vec<String>>,
        inherit_by_children: Option<bool>,
        namespace: Option<String>,
    ) -> Result<CommonMessage> {
        require_admin(ctx)?;
        domain::policies::assign(
            shared(ctx),
            &ns(&namespace),
            &policies,
            target_type.into(),
            &target_identifiers.unwrap_or_default(),
            inherit_by_children.unwrap_or(false),
        )?;
        Ok(CommonMessage::ok("授权成功"))
    }

    /// Removes assignments.
    async fn remove_policy_assignments(
        &self,
        ctx: &Context<'_>,
        policies: Vec<String>,
        target_type: PolicyAssignmentTargetType,
        target_identifiers: Option<Vec<String>>,
        namespace: Option<String>,
    ) -> Result<CommonMessage> {
        require_admin(ctx)?;
        domain::policies::unassign(
            shared(ctx),
            &ns(&namespace),
            &policies,
            target_type.into(),
            &target_identifiers.unwrap_or_default(),
        );
        Ok(CommonMessage::ok("撤销授权成功"))
    }

    /// Enables one assignment.
    async fn enable_policy_assignment(
        &self,
        ctx: &Context<'_>,
        policy: String,
        target_type: PolicyAssignmentTargetType,
        target_identifier: String,
        namespace: Option<String>,
    ) -> Result<CommonMessage> {
        require_admin(ctx)?;
        domain::policies::set_enabled(
            shared(ctx),
            &ns(&namespace),
            &policy,
            target_type.into(),
            &target_identifier,
            true,
        )?;
        Ok(CommonMessage::ok("启用成功"))
    }

    /// Disables one assignment (the API's own spelling).
    async fn disbale_policy_assignment(
        &self,
        ctx: &Context<'_>,
        policy: String,
        target_type: PolicyAssignmentTargetType,
        target_identifier: String,
        namespace: Option<String>,
    ) -> Result<CommonMessage> {
        require_admin(ctx)?;
        domain::policies::set_enabled(
            shared(ctx),
            &ns(&namespace),
            &policy,
            target_type.into(),
            &target_identifier,
            false,
        )?;
        Ok(CommonMessage::ok("禁用成功"))
    }

    /// Grants `action` on `resource` to users and/or roles through an implicit policy
    /// `allow:{resource}:{action}` (shared by identical grants).
    #[allow(clippy::too_many_arguments)]
    async fn allow(
        &self,
        ctx: &Context<'_>,
        resource: String,
        action: String,
        user_id: Option<String>,
        user_ids: Option<Vec<String>>,
        role_code: Option<String>,
        role_codes: Option<Vec<String>>,
        namespace: Option<String>,
    ) -> Result<CommonMessage> {
        require_admin(ctx)?;
        let users = user_id.into_iter().chain(user_ids.unwrap_or_default());
        let roles = role_code.into_iter().chain(role_codes.unwrap_or_default());
        domain::policies::allow(
            shared(ctx),
            &ns(&namespace),
            &resource,
            &action,
            users.collect(),
            roles.collect(),
        )?;
        Ok(CommonMessage::ok("授权成功"))
    }
}
