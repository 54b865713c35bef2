//! Resource authorization: `authorizeResource`, `authorizedTargets`, and the
//! conversion of `domain::acl::AuthorizedItem`s into `PaginatedAuthorizedResources`.

use async_graphql::{Context, Enum, InputObject, Object, Result, SimpleObject};

use super::common::CommonMessage;
use super::policies::{
    AuthorizedResource, PaginatedAuthorizedResources, PolicyAssignmentTargetType, ResourceType,
};
use super::{ns, require_admin, shared};
use crate::domain::acl::{ActionsFilter, AuthorizedItem, GrantOpt, GrantTarget};
use crate::domain::{self, paginate};
use crate::store::acl::ResourceKind;

impl From<ResourceKind> for ResourceType {
    fn from(k: ResourceKind) -> Self {
        match k {
            ResourceKind::Data => ResourceType::Data,
            ResourceKind::Api => ResourceType::Api,
            ResourceKind::Menu => ResourceType::Menu,
            ResourceKind::Ui => ResourceType::Ui,
            ResourceKind::Button => ResourceType::Button,
        }
    }
}

impl From<ResourceType> for ResourceKind {
    fn from(k: ResourceType) -> Self {
        match k {
            ResourceType::Data => ResourceKind::Data,
            ResourceType::Api => ResourceKind::Api,
            ResourceType::Menu => ResourceKind::Menu,
            ResourceType::Ui => ResourceKind::Ui,
            ResourceType::Button => ResourceKind::Button,
        }
    }
}

impl PaginatedAuthorizedResources {
    /// All items (the field has no paging arguments).
    pub(crate) fn from_items(items: Vec<AuthorizedItem>) -> Self {
        let list: Vec<AuthorizedResource> = items
            .into_iter()
            .map(|i| AuthorizedResource {
                code: i.code,
                r#type: Some(i.kind.into()),
                actions: Some(i.actions),
                api_identifier: i.api_identifier,
            })
            .collect();
        PaginatedAuthorizedResources {
            total_count: list.len() as i32,
            list,
        }
    }
}

/// A target of `authorizeResource`.
#[derive(InputObject, Debug, Clone)]
pub struct AuthorizeResourceOpt {
    /// USER, ROLE, GROUP or ORG.
    pub target_type: PolicyAssignmentTargetType,
    /// User id, role code, group code or org node id.
    pub target_identifier: String,
    /// Actions granted (may be omitted, e.g. for menus).
    pub actions: Option<Vec<String>>,
}

/// How `authorizedTargets` combines its actions.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum Operator {
    /// Every action.
    And,
    /// Any action.
    Or,
}

/// The actions filter of `authorizedTargets`.
#[derive(InputObject, Debug, Clone)]
pub struct AuthorizedTargetsActionsInput {
    /// AND or OR.
    pub op: Operator,
    /// Actions.
    pub list: Vec<Option<String>>,
}

/// One target holding a grant.
#[derive(SimpleObject, Debug, Clone)]
pub struct ResourcePermissionAssignment {
    /// Target type.
    pub target_type: Option<PolicyAssignmentTargetType>,
    /// User id, role code, group code or org node id.
    pub target_identifier: Option<String>,
    /// Granted actions.
    pub actions: Option<Vec<String>>,
}

/// A page of grant holders.
#[derive(SimpleObject, Debug, Clone)]
pub struct PaginatedAuthorizedTargets {
    /// Items.
    pub list: Option<Vec<Option<ResourcePermissionAssignment>>>,
    /// Total.
    pub total_count: Option<i32>,
}

/// Query fields of resource authorization.
#[derive(Default)]
pub struct AclQuery;

#[Object]
impl AclQuery {
    /// The targets holding a grant on exactly `resource` (of kind `resourceType`) in
    /// `namespace`, optionally of one target type and filtered by actions.
    #[graphql(complexity = "super::unpaged_cost(child_complexity)")]
    async fn authorized_targets(
        &self,
        ctx: &Context<'_>,
        namespace: String,
        resource_type: ResourceType,
        resource: String,
        target_type: Option<PolicyAssignmentTargetType>,
        actions: Option<AuthorizedTargetsActionsInput>,
    ) -> Result<Option<PaginatedAuthorizedTargets>> {
        require_admin(ctx)?;
        let filter = actions.map(|a| {
            let list: Vec<String> = a.list.into_iter().flatten().collect();
            match a.op {
                Operator::And => ActionsFilter::All(list),
                Operator::Or => ActionsFilter::Any(list),
            }
        });
        let store = shared(ctx).store.read();
        let grants = domain::acl::authorized_targets(
            &store,
            &namespace,
            resource_type.into(),
            &resource,
            target_type.map(Into::into),
            filter.as_ref(),
        );
        let (total, list) = paginate(grants, None, Some(1000));
        Ok(Some(PaginatedAuthorizedTargets {
            list: Some(
                list.into_iter()
                    .map(|g| {
                        Some(ResourcePermissionAssignment {
                            target_type: Some(g.target_type.into()),
                            target_identifier: Some(g.target_identifier.clone()),
                            actions: Some(g.actions.clone()),
                        })
                    })
                    .collect(),
            ),
            total_count: Some(total),
        }))
    }
}

/// Mutation fields of resource authorization (management).
#[derive(Default)]
pub struct AclMutation;

#[Object]
impl AclMutation {
    /// Grants `resource` (`books`, `books:*` or `books:1`) to each target of `opts`
    /// with its actions (a repeated grant adds actions). Users, roles and groups must
    /// exist (2004 / 404); org node ids are taken as given.
    async fn authorize_resource(
        &self,
        ctx: &Context<'_>,
        namespace: Option<String>,
        resource_type: Option<ResourceType>,
        resource: Option<String>,
        opts: Option<Vec<Option<AuthorizeResourceOpt>>>,
    ) -> Result<CommonMessage> {
        require_admin(ctx)?;
        let opts = opts
            .unwrap_or_default()
            .into_iter()
            .flatten()
            .map(|o| GrantOpt {
                target: GrantTarget::new(o.target_type.into(), o.target_identifier),
                actions: o.actions.unwrap_or_default(),
            })
            .collect();
        domain::acl::authorize(
            shared(ctx),
            &ns(&namespace),
            resource.as_deref(),
            resource_type.map(Into::into),
            opts,
        )?;
        Ok(CommonMessage::ok("授权成功"))
    }
}
