//! GraphQL types of policies, assignments and authorized resources (built from the
//! stored records).

use async_graphql::{ComplexObject, Context, Enum, InputObject, SimpleObject};

use crate::api::graphql::common::ObjectScalar;
use crate::api::graphql::shared;
use crate::domain::paginate;
use crate::store::policies::{AssignmentRecord, Condition, PolicyRecord, Statement};

/// Effect of a policy statement.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "crate::store::policies::PolicyEffect")]
pub enum PolicyEffect {
    /// Grants.
    Allow,
    /// Denies (wins over ALLOW).
    Deny,
}

/// Kind of target a policy is assigned to.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq, Hash)]
#[graphql(remote = "crate::store::policies::TargetType")]
pub enum PolicyAssignmentTargetType {
    /// A user id.
    User,
    /// A role code.
    Role,
    /// A group code.
    Group,
    /// An org node id.
    Org,
    /// A programmatic access key.
    AkSk,
}

/// Kind of an authorized resource.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum ResourceType {
    /// Data.
    Data,
    /// API.
    Api,
    /// Menu.
    Menu,
    /// UI.
    Ui,
    /// Button.
    Button,
}

/// An authorized resource.
#[derive(SimpleObject, Debug, Clone)]
pub struct AuthorizedResource {
    /// Resource code, e.g. `books:123`.
    pub code: String,
    /// Resource type.
    #[graphql(name = "type")]
    pub r#type: Option<ResourceType>,
    /// Allowed actions.
    pub actions: Option<Vec<String>>,
    /// API identifier.
    pub api_identifier: Option<String>,
}

/// A page of authorized resources.
#[derive(SimpleObject, Debug, Clone)]
pub struct PaginatedAuthorizedResources {
    /// Total.
    pub total_count: i32,
    /// Items.
    pub list: Vec<AuthorizedResource>,
}

/// A condition of a statement.
#[derive(SimpleObject, Debug, Clone)]
pub struct PolicyStatementCondition {
    /// Parameter.
    pub param: String,
    /// Operator.
    pub operator: String,
    /// Value.
    pub value: ObjectScalar,
}

/// A statement of a policy.
#[derive(SimpleObject, Debug, Clone)]
pub struct PolicyStatement {
    /// Resource pattern (`type:id`, `type:*`, `*`).
    pub resource: String,
    /// Action patterns.
    pub actions: Vec<String>,
    /// ALLOW (default) or DENY.
    pub effect: Option<PolicyEffect>,
    /// Conditions (stored, not evaluated).
    pub condition: Option<Vec<PolicyStatementCondition>>,
}

/// A policy.
#[derive(SimpleObject, Debug, Clone)]
#[graphql(complex)]
pub struct Policy {
    /// Namespace.
    pub namespace: String,
    /// Code.
    pub code: String,
    /// Built-in?
    pub is_default: bool,
    /// Description.
    pub description: Option<String>,
    /// Statements.
    pub statements: Vec<PolicyStatement>,
    /// Created at.
    pub created_at: Option<String>,
    /// Updated at.
    pub updated_at: Option<String>,
}

impl From<&PolicyRecord> for Policy {
    fn from(p: &PolicyRecord) -> Self {
        Policy {
            namespace: p.namespace.clone(),
            code: p.code.clone(),
            is_default: p.is_default,
            description: p.description.clone(),
            statements: p
                .statements
                .iter()
                .map(|s| PolicyStatement {
                    resource: s.resource.clone(),
                    actions: s.actions.clone(),
                    effect: s.effect.map(Into::into),
                    condition: s.condition.as_ref().map(|c| {
                        c.iter()
                            .map(|c| PolicyStatementCondition {
                                param: c.param.clone(),
                                operator: c.operator.clone(),
                                value: ObjectScalar(c.value.clone()),
                            })
                            .collect()
                    }),
                })
                .collect(),
            created_at: p.created_at.clone(),
            updated_at: p.updated_at.clone(),
        }
    }
}

#[ComplexObject]
impl Policy {
    /// Number of assignments.
    async fn assignments_count(&self, ctx: &Context<'_>) -> i32 {
        let store = shared(ctx).store.read();
        store
            .policies()
            .assignments_of(&self.namespace, &self.code)
            .count() as i32
    }

    /// Assignments of this policy.
    #[graphql(complexity = "crate::api::graphql::list_cost(limit, child_complexity)")]
    async fn assignments(
        &self,
        ctx: &Context<'_>,
        page: Option<i32>,
        limit: Option<i32>,
        namespace: Option<String>,
    ) -> Vec<PolicyAssignment> {
        let _ = namespace;
        let store = shared(ctx).store.read();
        let all = store.policies().assignments_of(&self.namespace, &self.code);
        paginate(all, page, limit)
            .1
            .into_iter()
            .map(PolicyAssignment::from)
            .collect()
    }
}

/// A policy assignment.
#[derive(SimpleObject, Debug, Clone)]
pub struct PolicyAssignment {
    /// Policy code.
    pub code: String,
    /// Target type.
    pub target_type: PolicyAssignmentTargetType,
    /// User id, role code, group code or node id.
    pub target_identifier: String,
}

impl From<&AssignmentRecord> for PolicyAssignment {
    fn from(a: &AssignmentRecord) -> Self {
        PolicyAssignment {
            code: a.code.clone(),
            target_type: a.target_type.into(),
            target_identifier: a.target_identifier.clone(),
        }
    }
}

/// A page of policies.
#[derive(SimpleObject, Debug, Clone)]
pub struct PaginatedPolicies {
    /// Total.
    pub total_count: i32,
    /// Items.
    pub list: Vec<Policy>,
}

/// A page of policy assignments.
#[derive(SimpleObject, Debug, Clone)]
pub struct PaginatedPolicyAssignments {
    /// Total.
    pub total_count: i32,
    /// Items.
    pub list: Vec<PolicyAssignment>,
}

/// A condition of a statement (input).
#[derive(InputObject, Debug, Clone)]
pub struct PolicyStatementConditionInput {
    /// Parameter.
    pub param: String,
    /// Operator.
    pub operator: String,
    /// Value.
    pub value: ObjectScalar,
}

/// A statement (input).
#[derive(InputObject, Debug, Clone)]
pub struct PolicyStatementInput {
    /// Resource pattern.
    pub resource: String,
    /// Actions.
    pub actions: Vec<String>,
    /// Effect (default ALLOW).
    pub effect: Option<PolicyEffect>,
    /// Conditions.
    pub condition: Option<Vec<PolicyStatementConditionInput>>,
}

impl From<PolicyStatementInput> for Statement {
    fn from(s: PolicyStatementInput) -> Self {
        Statement {
            resource: s.resource,
            actions: s.actions,
            effect: s.effect.map(Into::into),
            condition: s.condition.map(|c| {
                c.into_iter()
                    .map(|c| Condition {
                        param: c.param,
                        operator: c.operator,
                        value: c.value.0,
                    })
                    .collect()
            }),
        }
    }
}
