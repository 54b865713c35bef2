//! `client.org()`: members, roles and resources of nodes; import and export.

use authing_core::__private::{RestRequest, non_blank, non_empty_list, paginate};
use authing_core::models::{CommonMessage, Paginated, User};
use authing_core::{Error, Result};
use futures_util::Stream;
use serde::Deserialize;
use serde_json::{Value, json};

use super::OrgClient;
use super::ops::*;
use super::types::{ExportedNode, ListMembersOptions, OrgImportNode};
use crate::acl::{AuthorizedResource, ResourceType, WithAuthorizedResources, authorized_or};
use crate::models::Role;
use crate::roles::{ASSIGN_ROLE, REVOKE_ROLE, RoleAssignmentVars};
use authing_core::models::Node;

/// SDK-local code of "department not found" (the Python SDK raises 500 too).
const NODE_NOT_FOUND: i64 = 500;

#[derive(Deserialize)]
struct NodeUsers {
    users: Option<Paginated<User>>,
}

#[derive(Deserialize)]
struct NodeRoles {
    roles: Option<Paginated<Role>>,
}

impl<'a> OrgClient<'a> {
    /// Adds users to a node (`mutation addMember`); returns the node.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// client.org().add_members("NODE_ID", ["5f7ddfe62ba819802422362e"]).await?;
    /// # Ok(()) }
    /// ```
    pub async fn add_members<I, S>(&self, node_id: &str, user_ids: I) -> Result<Node>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.member_op(&ADD_MEMBER, node_id, user_ids).await
    }

    /// Removes users from a node (`mutation removeMember`); returns the node.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// client.org().delete_members("NODE_ID", ["5f7ddfe62ba819802422362e"]).await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_members<I, S>(&self, node_id: &str, user_ids: I) -> Result<Node>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.member_op(&REMOVE_MEMBER, node_id, user_ids).await
    }

    async fn member_op<I, S>(
        &self,
        op: &authing_core::Operation,
        node_id: &str,
        user_ids: I,
    ) -> Result<Node>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        non_blank("node_id", node_id)?;
        let ids = non_empty_list("user_ids", user_ids)?;
        let vars = MemberVars {
            nodeId: node_id,
            userIds: &ids,
        };
        self.client.graphql(op, &vars).await
    }

    /// The members of a node (`query nodeByIdWithMembers`), optionally with those of
    /// its sub-departments. An unknown node is an [`Error::Api`] with code 500
    /// ("department not found", as the Python SDK raises).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::management::ListMembersOptions;
    /// let everyone = client
    ///     .org()
    ///     .list_members("NODE_ID", &ListMembersOptions { include_children_nodes: Some(true), ..Default::default() })
    ///     .await?;
    /// # let _ = everyone; Ok(()) }
    /// ```
    pub async fn list_members(
        &self,
        node_id: &str,
        options: &ListMembersOptions,
    ) -> Result<Paginated<User>> {
        non_blank("node_id", node_id)?;
        let (page, limit) = crate::client::paging(options.page, options.limit)?;
        let vars = MembersVars {
            id: node_id,
            page,
            limit,
            includeChildrenNodes: options.include_children_nodes,
        };
        let node: Option<NodeUsers> = self.client.graphql(&NODE_BY_ID_WITH_MEMBERS, &vars).await?;
        match node {
            Some(n) => Ok(n.users.unwrap_or_else(Paginated::empty)),
            None => Err(node_not_found()),
        }
    }

    /// Every member of a node, page after page from `options.page` (see
    /// [`list_members`](Self::list_members)). Pages are fetched lazily.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::futures_util::TryStreamExt;
    /// let all: Vec<_> = client.org().list_members_stream("NODE_ID", &Default::default()).try_collect().await?;
    /// # let _ = all; Ok(()) }
    /// ```
    pub fn list_members_stream(
        &self,
        node_id: &str,
        options: &ListMembersOptions,
    ) -> impl Stream<Item = Result<User>> + 'a {
        let (org, node_id, options) = (*self, node_id.to_owned(), options.clone());
        paginate(options.page, options.limit, move |page| {
            let options = ListMembersOptions {
                page,
                ..options.clone()
            };
            let node_id = node_id.clone();
            async move { org.list_members(&node_id, &options).await }
        })
    }

    /// Moves users from one node to another (`mutation moveMembers`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// client.org().move_members(["5f7ddfe62ba819802422362e"], "TARGET_NODE_ID", "SOURCE_NODE_ID").await?;
    /// # Ok(()) }
    /// ```
    pub async fn move_members<I, S>(
        &self,
        user_ids: I,
        target_node_id: &str,
        source_node_id: &str,
    ) -> Result<CommonMessage>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let ids = non_empty_list("user_ids", user_ids)?;
        non_blank("target_node_id", target_node_id)?;
        non_blank("source_node_id", source_node_id)?;
        let vars = MoveMembersVars {
            userIds: &ids,
            sourceNodeId: source_node_id,
            targetNodeId: target_node_id,
        };
        self.client.nullable_message(&MOVE_MEMBERS, &vars).await
    }

    /// Sets the user's main department (`mutation setMainDepartment`); `None` clears
    /// it.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// client.org().set_main_department("5f7ddfe62ba819802422362e", Some("NODE_ID")).await?;
    /// # Ok(()) }
    /// ```
    pub async fn set_main_department(
        &self,
        user_id: &str,
        department_id: Option<&str>,
    ) -> Result<CommonMessage> {
        non_blank("user_id", user_id)?;
        let vars = MainDepartmentVars {
            userId: user_id,
            departmentId: department_id,
        };
        self.client.message(&SET_MAIN_DEPARTMENT, &vars).await
    }

    /// Grants roles (by code) to a node: its members hold them
    /// (`mutation assignRole` with `nodeCodes` = the node id).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// client.org().add_roles("NODE_ID", ["editor"], None).await?;
    /// # Ok(()) }
    /// ```
    pub async fn add_roles<I, S>(
        &self,
        node_id: &str,
        role_codes: I,
        namespace: Option<&str>,
    ) -> Result<CommonMessage>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.role_op(&ASSIGN_ROLE, node_id, role_codes, namespace)
            .await
    }

    /// Revokes roles (by code) from a node (`mutation revokeRole` with `nodeCodes`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// client.org().remove_roles("NODE_ID", ["editor"], None).await?;
    /// # Ok(()) }
    /// ```
    pub async fn remove_roles<I, S>(
        &self,
        node_id: &str,
        role_codes: I,
        namespace: Option<&str>,
    ) -> Result<CommonMessage>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.role_op(&REVOKE_ROLE, node_id, role_codes, namespace)
            .await
    }

    async fn role_op<I, S>(
        &self,
        op: &authing_core::Operation,
        node_id: &str,
        role_codes: I,
        namespace: Option<&str>,
    ) -> Result<CommonMessage>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        non_blank("node_id", node_id)?;
        let codes = non_empty_list("role_codes", role_codes)?;
        let nodes = [node_id.to_owned()];
        let vars = RoleAssignmentVars {
            namespace,
            roleCodes: &codes,
            userIds: None,
            nodeCodes: Some(&nodes),
        };
        self.client.nullable_message(op, &vars).await
    }

    /// The roles granted to a node (`query getNodeRoles`). An unknown node is an
    /// [`Error::Api`] with code 500.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let roles = client.org().list_roles("NODE_ID", None).await?;
    /// # let _ = roles; Ok(()) }
    /// ```
    pub async fn list_roles(
        &self,
        node_id: &str,
        namespace: Option<&str>,
    ) -> Result<Paginated<Role>> {
        non_blank("node_id", node_id)?;
        let vars = NodeRolesVars {
            id: node_id,
            namespace,
        };
        let node: Option<NodeRoles> = self.client.graphql(&GET_NODE_ROLES, &vars).await?;
        match node {
            Some(n) => Ok(n.roles.unwrap_or_else(Paginated::empty)),
            None => Err(node_not_found()),
        }
    }

    /// The resources granted to a node (`query listNodeByIdAuthorizedResources`). An
    /// unknown node is an [`Error::Api`] with code 500.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let page = client.org().list_authorized_resources("NODE_ID", Some("books-app"), None).await?;
    /// # let _ = page; Ok(()) }
    /// ```
    pub async fn list_authorized_resources(
        &self,
        node_id: &str,
        namespace: Option<&str>,
        resource_type: Option<ResourceType>,
    ) -> Result<Paginated<AuthorizedResource>> {
        non_blank("node_id", node_id)?;
        let vars = NodeResourcesVars {
            id: node_id,
            namespace,
            resourceType: resource_type.as_ref().map(ResourceType::as_str),
        };
        let node: Option<WithAuthorizedResources> = self
            .client
            .graphql(&LIST_NODE_BY_ID_AUTHORIZED_RESOURCES, &vars)
            .await?;
        authorized_or(node, NODE_NOT_FOUND, "department")
    }

    /// The resources granted to the node with this code in an organization
    /// (`query listNodeByCodeAuthorizedResources`). An unknown node is an
    /// [`Error::Api`] with code 500.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let page = client.org().list_authorized_resources_by_code("ORG_ID", "dev", Some("books-app"), None).await?;
    /// # let _ = page; Ok(()) }
    /// ```
    pub async fn list_authorized_resources_by_code(
        &self,
        org_id: &str,
        code: &str,
        namespace: Option<&str>,
        resource_type: Option<ResourceType>,
    ) -> Result<Paginated<AuthorizedResource>> {
        non_blank("org_id", org_id)?;
        non_blank("code", code)?;
        let vars = NodeCodeResourcesVars {
            orgId: org_id,
            code,
            namespace,
            resourceType: resource_type.as_ref().map(ResourceType::as_str),
        };
        let node: Option<WithAuthorizedResources> = self
            .client
            .graphql(&LIST_NODE_BY_CODE_AUTHORIZED_RESOURCES, &vars)
            .await?;
        authorized_or(node, NODE_NOT_FOUND, "department")
    }

    /// Imports an organization from a tree (`POST /api/v2/orgs/import` with
    /// `{"filetype": "json", "file": <tree>}`): the root becomes the organization.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::management::OrgImportNode;
    /// let tree = OrgImportNode::new("Feifan Tech")
    ///     .with_code("feifan")
    ///     .with_child(OrgImportNode::new("R&D").with_code("dev"));
    /// client.org().import_by_json(&tree).await?;
    /// # Ok(()) }
    /// ```
    pub async fn import_by_json(&self, tree: &OrgImportNode) -> Result<()> {
        check_import(tree)?;
        let body = json!({"filetype": "json", "file": tree});
        let _: Value = self
            .client
            .rest(RestRequest::post("/api/v2/orgs/import", body))
            .await?;
        Ok(())
    }

    /// Every organization as a nested tree with members (`GET /api/v2/orgs/export`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// for org in client.org().export_all().await? {
    ///     println!("{}: {} departments", org.name, org.children.len());
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn export_all(&self) -> Result<Vec<ExportedNode>> {
        let all: Option<Vec<ExportedNode>> = self
            .client
            .rest(RestRequest::get("/api/v2/orgs/export"))
            .await?;
        Ok(all.unwrap_or_default())
    }

    /// One organization as a nested tree with members
    /// (`GET /api/v2/orgs/export?org_id=`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::management::OrgImportNode;
    /// let exported = client.org().export_by_org_id("ORG_ID").await?;
    /// let copy = OrgImportNode::from(&exported); // ready to import elsewhere
    /// # let _ = copy; Ok(()) }
    /// ```
    pub async fn export_by_org_id(&self, org_id: &str) -> Result<ExportedNode> {
        non_blank("org_id", org_id)?;
        let req = RestRequest::get("/api/v2/orgs/export").query("org_id", org_id);
        let tree: Option<ExportedNode> = self.client.rest(req).await?;
        tree.ok_or_else(|| Error::Decode {
            status: 200,
            reason: "`/api/v2/orgs/export` returned no organization".into(),
            excerpt: String::new(),
        })
    }
}

fn node_not_found() -> Error {
    Error::api(
        NODE_NOT_FOUND,
        "department not found (the service answered null)",
        200,
    )
}

/// Every node of an import tree has a name (checked iteratively: no recursion on
/// input).
fn check_import(tree: &OrgImportNode) -> Result<()> {
    let mut stack = vec![tree];
    while let Some(n) = stack.pop() {
        non_blank("name", &n.name)?;
        stack.extend(n.children.iter());
    }
    Ok(())
}
