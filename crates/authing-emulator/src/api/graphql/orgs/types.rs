//! Output types of organizations: `Org`, `Node`, `PaginatedOrgs`, `UserDepartment`,
//! `PaginatedDepartments`.

use async_graphql::{ComplexObject, Context, Result, SimpleObject};

use super::super::common::SortByEnum;
use super::super::policies::PaginatedAuthorizedResources;
use super::super::roles::{PaginatedRoles, Role};
use super::super::users::PaginatedUsers;
use super::super::{may_read_user, shared};
use crate::domain::acl::GrantTarget;
use crate::domain::users::UserSort;
use crate::domain::{self, orgs, paginate};
use crate::store::Store;
use crate::store::orgs::{MemberRecord, NodeRecord, OrgRecord};
use crate::store::policies::TargetType;

/// An organization.
#[derive(SimpleObject, Debug, Clone)]
#[graphql(complex)]
pub struct Org {
    /// Id.
    pub id: String,
    /// Tenant id.
    pub tenant_id: Option<String>,
    #[graphql(skip)]
    pub root_node_id: String,
}

impl From<&OrgRecord> for Org {
    fn from(o: &OrgRecord) -> Self {
        Org {
            id: o.id.clone(),
            tenant_id: o.tenant_id.clone(),
            root_node_id: o.root_node_id.clone(),
        }
    }
}

#[ComplexObject]
impl Org {
    /// The root node (named and coded as the org).
    async fn root_node(&self, ctx: &Context<'_>) -> Result<Node> {
        let store = shared(ctx).store.read();
        let n = store
            .orgs()
            .node(&self.root_node_id)
            .ok_or_else(|| orgs::node_not_found(&self.root_node_id))?;
        Ok(Node::new(&store, n))
    }

    /// Every node of the org, the root first, each parent before its children.
    #[graphql(complexity = "crate::api::graphql::unpaged_cost(child_complexity)")]
    async fn nodes(&self, ctx: &Context<'_>) -> Vec<Node> {
        let store = shared(ctx).store.read();
        store
            .orgs()
            .subtree(&self.root_node_id)
            .into_iter()
            .map(|n| Node::new(&store, n))
            .collect()
    }
}

/// A node (department) of an org.
#[derive(SimpleObject, Debug, Clone)]
#[graphql(complex)]
pub struct Node {
    /// Id.
    pub id: String,
    /// Org id.
    pub org_id: Option<String>,
    /// Name.
    pub name: String,
    /// Names per language (JSON text).
    #[graphql(name = "nameI18n")]
    pub name_i18n: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Descriptions per language (JSON text).
    #[graphql(name = "descriptionI18n")]
    pub description_i18n: Option<String>,
    /// Order among its siblings.
    pub order: Option<i32>,
    /// Code, unique in the org.
    pub code: Option<String>,
    /// Root node?
    pub root: Option<bool>,
    /// Distance from the root (root: 0).
    pub depth: Option<i32>,
    /// Ids of the ancestry, root first, this node last.
    pub path: Vec<String>,
    /// Codes of the ancestry.
    pub code_path: Vec<Option<String>>,
    /// Names of the ancestry.
    pub name_path: Vec<String>,
    /// Created at.
    pub created_at: Option<String>,
    /// Updated at.
    pub updated_at: Option<String>,
    /// Ids of the child nodes.
    pub children: Option<Vec<String>>,
}

impl Node {
    /// The GraphQL form of a stored node (ancestry and children read from `store`).
    pub(crate) fn new(store: &Store, n: &NodeRecord) -> Self {
        let ancestry = store.orgs().ancestry(&n.id);
        Node {
            id: n.id.clone(),
            org_id: Some(n.org_id.clone()),
            name: n.name.clone(),
            name_i18n: n.name_i18n.clone(),
            description: n.description.clone(),
            description_i18n: n.description_i18n.clone(),
            order: n.order,
            code: n.code.clone(),
            root: Some(n.parent_id.is_none()),
            depth: Some(ancestry.len().saturating_sub(1) as i32),
            path: ancestry.iter().map(|a| a.id.clone()).collect(),
            code_path: ancestry.iter().map(|a| a.code.clone()).collect(),
            name_path: ancestry.iter().map(|a| a.name.clone()).collect(),
            created_at: n.created_at.clone(),
            updated_at: n.updated_at.clone(),
            children: Some(
                store
                    .orgs()
                    .children(&n.id)
                    .into_iter()
                    .map(|c| c.id.clone())
                    .collect(),
            ),
        }
    }
}

#[ComplexObject]
impl Node {
    /// Members of the node; with `includeChildrenNodes` (default true) also of its
    /// sub-nodes, each user once. With a user token: 1001 when it lists anyone else.
    #[graphql(complexity = "crate::api::graphql::list_cost(limit, child_complexity)")]
    async fn users(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 1)] page: Option<i32>,
        #[graphql(default = 10)] limit: Option<i32>,
        #[graphql(default_with = "Some(SortByEnum::CreatedatDesc)")] sort_by: Option<SortByEnum>,
        #[graphql(default_with = "Some(true)")] include_children_nodes: Option<bool>,
    ) -> Result<PaginatedUsers> {
        let store = shared(ctx).store.read();
        let all = orgs::node_users(
            &store,
            &self.id,
            include_children_nodes.unwrap_or(true),
            user_sort(sort_by),
        );
        for u in &all {
            may_read_user(ctx, &u.id)?;
        }
        let (total, list) = paginate(all, page, limit);
        Ok(PaginatedUsers::new(total, list))
    }

    /// Roles of the node: given to it or to an ancestor (each once), in `namespace` or all.
    #[graphql(complexity = "crate::api::graphql::unpaged_cost(child_complexity)")]
    async fn roles(&self, ctx: &Context<'_>, namespace: Option<String>) -> Option<PaginatedRoles> {
        let store = shared(ctx).store.read();
        let list: Vec<Role> = orgs::node_roles(&store, &self.id, namespace.as_deref())
            .into_iter()
            .map(Role::from)
            .collect();
        Some(PaginatedRoles {
            total_count: list.len() as i32,
            list,
        })
    }

    /// Resources granted to this node (`authorizeResource` with `targetType: ORG`), in
    /// `namespace` or all, optionally of one resource type. Members of the node and of
    /// its sub-nodes hold them too (see `domain::acl::user_targets`).
    #[graphql(complexity = "crate::api::graphql::unpaged_cost(child_complexity)")]
    async fn authorized_resources(
        &self,
        ctx: &Context<'_>,
        namespace: Option<String>,
        resource_type: Option<String>,
    ) -> Option<PaginatedAuthorizedResources> {
        let store = shared(ctx).store.read();
        Some(PaginatedAuthorizedResources::from_items(
            domain::acl::authorized_resources(
                &store,
                &GrantTarget::new(TargetType::Org, self.id.clone()),
                namespace.as_deref(),
                resource_type.as_deref(),
            ),
        ))
    }
}

pub(crate) fn user_sort(s: Option<SortByEnum>) -> UserSort {
    match s.unwrap_or(SortByEnum::CreatedatDesc) {
        SortByEnum::CreatedatDesc => UserSort::CreatedDesc,
        SortByEnum::CreatedatAsc => UserSort::CreatedAsc,
        SortByEnum::UpdatedatDesc => UserSort::UpdatedDesc,
        SortByEnum::UpdatedatAsc => UserSort::UpdatedAsc,
    }
}

/// A page of orgs.
#[derive(SimpleObject, Debug, Clone)]
pub struct PaginatedOrgs {
    /// Total.
    pub total_count: i32,
    /// Items.
    pub list: Vec<Org>,
}

/// A department of a user.
#[derive(SimpleObject, Debug, Clone)]
pub struct UserDepartment {
    /// The node.
    pub department: Node,
    /// The user's main department?
    pub is_main_department: bool,
    /// When the user joined it.
    pub joined_at: Option<String>,
}

impl UserDepartment {
    pub(crate) fn new(store: &Store, n: &NodeRecord, m: &MemberRecord, main: bool) -> Self {
        UserDepartment {
            department: Node::new(store, n),
            is_main_department: main,
            joined_at: m.joined_at.clone(),
        }
    }
}

/// The departments of a user.
#[derive(SimpleObject, Debug, Clone)]
pub struct PaginatedDepartments {
    /// Items.
    pub list: Vec<UserDepartment>,
    /// Total.
    pub total_count: i32,
}

impl PaginatedDepartments {
    /// A user's departments in `org_id` (all orgs when `None`).
    pub(crate) fn of_user(store: &Store, user_id: &str, org_id: Option<&str>) -> Self {
        let list: Vec<UserDepartment> = orgs::departments_of(store, user_id, org_id)
            .into_iter()
            .map(|(n, m, main)| UserDepartment::new(store, n, m, main))
            .collect();
        PaginatedDepartments {
            total_count: list.len() as i32,
            list,
        }
    }
}
