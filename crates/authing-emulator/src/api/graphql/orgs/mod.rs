//! Organizations (management): `createOrg`, `deleteOrg`, `orgs`, `org`, `addNode`,
//! `addNodeV2`, `updateNode`, `deleteNode`, `moveNode`, `nodeById`, `nodeByCode`,
//! `isRootNode`, `childrenNodes`, `rootNode`, `searchNodes`, `addMember`,
//! `removeMember`, `moveMembers`, `setMainDepartment`.
//!
//! `Node.authorizedResources` is not served here (resource authorization wires it).

mod types;

use async_graphql::{Context, Object, Result};

pub use types::*;

use super::common::{CommonMessage, SortByEnum};
use super::{require_admin, shared};
use crate::domain::orgs::{self, NewNode, NodeRef};
use crate::domain::paginate;

fn node_of(ctx: &Context<'_>, id: &str) -> Result<Node> {
    let store = shared(ctx).store.read();
    let n = store
        .orgs()
        .node(id)
        .ok_or_else(|| orgs::node_not_found(id))?;
    Ok(Node::new(&store, n))
}

fn org_of(ctx: &Context<'_>, id: &str) -> Result<Org> {
    let store = shared(ctx).store.read();
    let o = store
        .orgs()
        .get(id)
        .ok_or_else(|| orgs::org_not_found(id))?;
    Ok(Org::from(o))
}

/// Query fields of organizations.
#[derive(Default)]
pub struct OrgsQuery;

#[Object]
impl OrgsQuery {
    /// One node by id, or null.
    async fn node_by_id(&self, ctx: &Context<'_>, id: String) -> Result<Option<Node>> {
        require_admin(ctx)?;
        let store = shared(ctx).store.read();
        Ok(store.orgs().node(&id).map(|n| Node::new(&store, n)))
    }

    /// One node by its code in an org, or null (unknown org → 404).
    async fn node_by_code(
        &self,
        ctx: &Context<'_>,
        org_id: String,
        code: String,
    ) -> Result<Option<Node>> {
        require_admin(ctx)?;
        let store = shared(ctx).store.read();
        store
            .orgs()
            .get(&org_id)
            .ok_or_else(|| orgs::org_not_found(&org_id))?;
        Ok(store
            .orgs()
            .node_by_code(&org_id, &code)
            .map(|n| Node::new(&store, n)))
    }

    /// One org (unknown → 404).
    async fn org(&self, ctx: &Context<'_>, id: String) -> Result<Org> {
        require_admin(ctx)?;
        org_of(ctx, &id)
    }

    /// Orgs of the pool, paged.
    #[graphql(complexity = "super::list_cost(limit, child_complexity)")]
    async fn orgs(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 1)] page: Option<i32>,
        #[graphql(default = 10)] limit: Option<i32>,
        #[graphql(default_with = "Some(SortByEnum::CreatedatDesc)")] sort_by: Option<SortByEnum>,
    ) -> Result<PaginatedOrgs> {
        require_admin(ctx)?;
        let newest_first = matches!(
            sort_by.unwrap_or(SortByEnum::CreatedatDesc),
            SortByEnum::CreatedatDesc | SortByEnum::UpdatedatDesc
        );
        let store = shared(ctx).store.read();
        let (total, list) = paginate(orgs::list(&store, newest_first), page, limit);
        Ok(PaginatedOrgs {
            total_count: total,
            list: list.into_iter().map(Org::from).collect(),
        })
    }

    /// Direct children of a node (unknown → 404; `orgId` is deprecated and ignored).
    #[graphql(complexity = "super::unpaged_cost(child_complexity)")]
    async fn children_nodes(
        &self,
        ctx: &Context<'_>,
        org_id: Option<String>,
        node_id: String,
    ) -> Result<Vec<Node>> {
        let _ = org_id;
        require_admin(ctx)?;
        let store = shared(ctx).store.read();
        store
            .orgs()
            .node(&node_id)
            .ok_or_else(|| orgs::node_not_found(&node_id))?;
        Ok(store
            .orgs()
            .children(&node_id)
            .into_iter()
            .map(|n| Node::new(&store, n))
            .collect())
    }

    /// The root node of an org (unknown → 404).
    async fn root_node(&self, ctx: &Context<'_>, org_id: String) -> Result<Node> {
        require_admin(ctx)?;
        let root = org_of(ctx, &org_id)?.root_node_id;
        node_of(ctx, &root)
    }

    /// Whether a node is the root of the org (unknown org or node → 404).
    async fn is_root_node(
        &self,
        ctx: &Context<'_>,
        node_id: String,
        org_id: String,
    ) -> Result<Option<bool>> {
        require_admin(ctx)?;
        let store = shared(ctx).store.read();
        let org = store
            .orgs()
            .get(&org_id)
            .ok_or_else(|| orgs::org_not_found(&org_id))?;
        match store.orgs().node(&node_id) {
            Some(n) if n.org_id == org_id => Ok(Some(org.root_node_id == node_id)),
            _ => Err(orgs::node_not_found(&node_id).into()),
        }
    }

    /// Nodes whose name or code contains `keyword` (case-insensitive).
    #[graphql(complexity = "super::unpaged_cost(child_complexity)")]
    async fn search_nodes(&self, ctx: &Context<'_>, keyword: String) -> Result<Vec<Node>> {
        require_admin(ctx)?;
        let store = shared(ctx).store.read();
        Ok(orgs::search_nodes(&store, &keyword)
            .into_iter()
            .map(|n| Node::new(&store, n))
            .collect())
    }
}

/// Mutation fields of organizations (management).
#[derive(Default)]
pub struct OrgsMutation;

#[Object]
impl OrgsMutation {
    /// Creates an org and its root node (the org's name and code).
    async fn create_org(
        &self,
        ctx: &Context<'_>,
        name: String,
        code: Option<String>,
        description: Option<String>,
        tenant_id: Option<String>,
    ) -> Result<Org> {
        require_admin(ctx)?;
        let o = orgs::create_org(shared(ctx), name, code, description, tenant_id)?;
        Ok(Org::from(&o))
    }

    /// Deletes an org and its tree (unknown → 404).
    async fn delete_org(&self, ctx: &Context<'_>, id: String) -> Result<CommonMessage> {
        require_admin(ctx)?;
        orgs::delete_org(shared(ctx), &id)?;
        Ok(CommonMessage::ok("删除组织机构成功"))
    }

    /// Adds a node (under the root without `parentNodeId`); returns the org.
    #[allow(clippy::too_many_arguments)]
    async fn add_node(
        &self,
        ctx: &Context<'_>,
        org_id: String,
        parent_node_id: Option<String>,
        name: String,
        #[graphql(name = "nameI18n")] name_i18n: Option<String>,
        description: Option<String>,
        #[graphql(name = "descriptionI18n")] description_i18n: Option<String>,
        order: Option<i32>,
        code: Option<String>,
    ) -> Result<Org> {
        require_admin(ctx)?;
        let n = NewNode {
            name,
            name_i18n,
            description,
            description_i18n,
            order,
            code,
        };
        orgs::add_node(shared(ctx), &org_id, parent_node_id, n)?;
        org_of(ctx, &org_id)
    }

    /// Adds a node (under the root without `parentNodeId`); returns the node.
    #[graphql(name = "addNodeV2")]
    #[allow(clippy::too_many_arguments)]
    async fn add_node_v2(
        &self,
        ctx: &Context<'_>,
        org_id: String,
        parent_node_id: Option<String>,
        name: String,
        #[graphql(name = "nameI18n")] name_i18n: Option<String>,
        description: Option<String>,
        #[graphql(name = "descriptionI18n")] description_i18n: Option<String>,
        order: Option<i32>,
        code: Option<String>,
    ) -> Result<Node> {
        require_admin(ctx)?;
        let n = NewNode {
            name,
            name_i18n,
            description,
            description_i18n,
            order,
            code,
        };
        let node = orgs::add_node(shared(ctx), &org_id, parent_node_id, n)?;
        node_of(ctx, &node.id)
    }

    /// Changes a node's name, code (unique in the org, else 409) and description.
    async fn update_node(
        &self,
        ctx: &Context<'_>,
        id: String,
        name: Option<String>,
        code: Option<String>,
        description: Option<String>,
    ) -> Result<Node> {
        require_admin(ctx)?;
        orgs::update_node(shared(ctx), &id, name, code, description)?;
        node_of(ctx, &id)
    }

    /// Deletes a node with its descendants and their memberships.
    async fn delete_node(
        &self,
        ctx: &Context<'_>,
        org_id: String,
        node_id: String,
    ) -> Result<CommonMessage> {
        require_admin(ctx)?;
        orgs::delete_node(shared(ctx), &org_id, &node_id)?;
        Ok(CommonMessage::ok("删除成功"))
    }

    /// Moves a node under another node of the org (no cycles; the root stays).
    async fn move_node(
        &self,
        ctx: &Context<'_>,
        org_id: String,
        node_id: String,
        target_parent_id: String,
    ) -> Result<Org> {
        require_admin(ctx)?;
        orgs::move_node(shared(ctx), &org_id, &node_id, &target_parent_id)?;
        org_of(ctx, &org_id)
    }

    /// Adds users to a node (`nodeId`, or `orgId` + `nodeCode`); returns the node.
    async fn add_member(
        &self,
        ctx: &Context<'_>,
        node_id: Option<String>,
        org_id: Option<String>,
        node_code: Option<String>,
        user_ids: Vec<String>,
        #[graphql(default_with = "Some(false)")] is_leader: Option<bool>,
    ) -> Result<Node> {
        require_admin(ctx)?;
        let r = NodeRef::from_args(node_id, org_id, node_code)?;
        let id = orgs::add_members(shared(ctx), &r, &user_ids, is_leader.unwrap_or(false))?;
        node_of(ctx, &id)
    }

    /// Takes users out of a node; returns the node.
    async fn remove_member(
        &self,
        ctx: &Context<'_>,
        node_id: Option<String>,
        org_id: Option<String>,
        node_code: Option<String>,
        user_ids: Vec<String>,
    ) -> Result<Node> {
        require_admin(ctx)?;
        let r = NodeRef::from_args(node_id, org_id, node_code)?;
        let id = orgs::remove_members(shared(ctx), &r, &user_ids)?;
        node_of(ctx, &id)
    }

    /// Moves users from one node to another.
    async fn move_members(
        &self,
        ctx: &Context<'_>,
        user_ids: Vec<String>,
        source_node_id: String,
        target_node_id: String,
    ) -> Result<Option<CommonMessage>> {
        require_admin(ctx)?;
        orgs::move_members(shared(ctx), &user_ids, &source_node_id, &target_node_id)?;
        Ok(Some(CommonMessage::ok("移动成员成功")))
    }

    /// Sets the user's main department (one of their departments); null clears it.
    async fn set_main_department(
        &self,
        ctx: &Context<'_>,
        user_id: String,
        department_id: Option<String>,
    ) -> Result<CommonMessage> {
        require_admin(ctx)?;
        orgs::set_main_department(shared(ctx), &user_id, department_id.as_deref())?;
        Ok(CommonMessage::ok("设置主部门成功"))
    }
}
