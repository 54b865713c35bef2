//! `client.org()`: organizations and their nodes (departments); members, roles and
//! resources of nodes, import and export (in `members.rs`).

use authing_core::__private::{non_blank, paginate};
use authing_core::Result;
use authing_core::models::{CommonMessage, Paginated};
use futures_util::Stream;

use crate::client::{ListOptions, ManagementClient};

mod members;
mod ops;
pub(crate) mod types;

pub use authing_core::models::Node;
pub use ops::*;
use ops::{
    AddNodeVars, CreateOrgVars, IdVars, MoveNodeVars, NodeIdVars, OrgIdVars, OrgNodeVars,
    PagingVars, UpdateNodeVars,
};
pub use types::{
    CreateNodeOptions, ExportedNode, ListMembersOptions, NodeTree, Org, OrgImportNode,
    UpdateNodeInput, UserDepartment,
};

/// Organizations of the pool: `client.org()`. Nodes are addressed by id.
#[derive(Debug, Clone, Copy)]
pub struct OrgClient<'a> {
    client: &'a ManagementClient,
}

impl ManagementClient {
    /// Organizations and departments.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// let client = authing::management::ManagementClient::builder()
    ///     .user_pool_id("60b4a1c2d3e4f5a6b7c8d9e0")
    ///     .secret("pool-secret")
    ///     .build()?;
    /// let org = client.org().create("Feifan Tech", Some("feifan"), None).await?;
    /// let dev = client.org().create_node(&org.id, &org.root_node.id, "R&D", &Default::default()).await?;
    /// # let _ = dev; Ok(()) }
    /// ```
    pub fn org(&self) -> OrgClient<'_> {
        OrgClient { client: self }
    }
}

impl<'a> OrgClient<'a> {
    /// Creates an organization and its root node, which takes the organization's
    /// name and code (`mutation createOrg`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let org = client.org().create("Feifan Tech", Some("feifan"), Some("our company")).await?;
    /// assert_eq!(org.nodes.len(), 1);
    /// # Ok(()) }
    /// ```
    pub async fn create(
        &self,
        name: &str,
        code: Option<&str>,
        description: Option<&str>,
    ) -> Result<Org> {
        non_blank("name", name)?;
        let vars = CreateOrgVars {
            name,
            code,
            description,
        };
        self.client.graphql(&CREATE_ORG, &vars).await
    }

    /// Deletes an organization (`mutation deleteOrg`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// client.org().delete_by_id("60b4a1c2d3e4f5a6b7c8d9e0").await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_by_id(&self, org_id: &str) -> Result<CommonMessage> {
        non_blank("org_id", org_id)?;
        self.client
            .message(&DELETE_ORG, &IdVars { id: org_id })
            .await
    }

    /// Lists organizations (`query orgs`). Default paging: page 1, 10 items;
    /// `options.namespace` is not used. [`Org::tree`] gives each one as a tree.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let page = client.org().list(&Default::default()).await?;
    /// let trees: Vec<_> = page.list.iter().map(|o| o.tree()).collect();
    /// # let _ = trees; Ok(()) }
    /// ```
    pub async fn list(&self, options: &ListOptions) -> Result<Paginated<Org>> {
        let (page, limit) = options.paging()?;
        self.client
            .graphql(&ORGS, &PagingVars { page, limit })
            .await
    }

    /// Every organization, page after page from `options.page` (see
    /// [`list`](Self::list)). Pages are fetched lazily.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::futures_util::TryStreamExt;
    /// let all: Vec<_> = client.org().list_stream(&Default::default()).try_collect().await?;
    /// # let _ = all; Ok(()) }
    /// ```
    pub fn list_stream(&self, options: &ListOptions) -> impl Stream<Item = Result<Org>> + 'a {
        let (org, options) = (*self, options.clone());
        paginate(options.page, options.limit, move |page| {
            let options = options.at(page);
            async move { org.list(&options).await }
        })
    }

    /// An organization with all its nodes (`query org`); `None` when the service
    /// answers `null`. See [`Org::tree`].
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let org = client.org().find_by_id("60b4a1c2d3e4f5a6b7c8d9e0").await?;
    /// # let _ = org; Ok(()) }
    /// ```
    pub async fn find_by_id(&self, org_id: &str) -> Result<Option<Org>> {
        non_blank("org_id", org_id)?;
        self.client.graphql(&ORG, &IdVars { id: org_id }).await
    }

    /// Adds a node under `parent_node_id` (`mutation addNodeV2`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::management::CreateNodeOptions;
    /// let dev = client
    ///     .org()
    ///     .create_node("ORG_ID", "ROOT_NODE_ID", "R&D", &CreateNodeOptions { code: Some("dev".into()), ..Default::default() })
    ///     .await?;
    /// # let _ = dev; Ok(()) }
    /// ```
    pub async fn create_node(
        &self,
        org_id: &str,
        parent_node_id: &str,
        name: &str,
        options: &CreateNodeOptions,
    ) -> Result<Node> {
        non_blank("org_id", org_id)?;
        non_blank("parent_node_id", parent_node_id)?;
        non_blank("name", name)?;
        let vars = AddNodeVars {
            orgId: org_id,
            parentNodeId: parent_node_id,
            name,
            nameI18n: options.name_i18n.as_deref(),
            description: options.description.as_deref(),
            descriptionI18n: options.description_i18n.as_deref(),
            order: options.order,
            code: options.code.as_deref(),
        };
        self.client.graphql(&ADD_NODE_V2, &vars).await
    }

    /// A node by id (`query nodeById`); `None` when there is none.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let node = client.org().get_node_by_id("NODE_ID").await?;
    /// # let _ = node; Ok(()) }
    /// ```
    pub async fn get_node_by_id(&self, node_id: &str) -> Result<Option<Node>> {
        non_blank("node_id", node_id)?;
        self.client
            .graphql(&NODE_BY_ID, &IdVars { id: node_id })
            .await
    }

    /// Renames or re-codes a node (`mutation updateNode`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::management::UpdateNodeInput;
    /// let node = client
    ///     .org()
    ///     .update_node("NODE_ID", &UpdateNodeInput { name: Some("Research".into()), ..Default::default() })
    ///     .await?;
    /// # let _ = node; Ok(()) }
    /// ```
    pub async fn update_node(&self, node_id: &str, input: &UpdateNodeInput) -> Result<Node> {
        non_blank("node_id", node_id)?;
        let vars = UpdateNodeVars {
            id: node_id,
            name: input.name.as_deref(),
            code: input.code.as_deref(),
            description: input.description.as_deref(),
        };
        self.client.graphql(&UPDATE_NODE, &vars).await
    }

    /// Deletes a node and its sub-tree (`mutation deleteNode`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// client.org().delete_node("ORG_ID", "NODE_ID").await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_node(&self, org_id: &str, node_id: &str) -> Result<CommonMessage> {
        non_blank("org_id", org_id)?;
        non_blank("node_id", node_id)?;
        let vars = OrgNodeVars {
            orgId: org_id,
            nodeId: node_id,
        };
        self.client.message(&DELETE_NODE, &vars).await
    }

    /// Moves a node (with its sub-tree) under `target_parent_id` (`mutation
    /// moveNode`); returns the organization as it is now.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let org = client.org().move_node("ORG_ID", "NODE_ID", "NEW_PARENT_ID").await?;
    /// # let _ = org; Ok(()) }
    /// ```
    pub async fn move_node(
        &self,
        org_id: &str,
        node_id: &str,
        target_parent_id: &str,
    ) -> Result<Org> {
        non_blank("org_id", org_id)?;
        non_blank("node_id", node_id)?;
        non_blank("target_parent_id", target_parent_id)?;
        let vars = MoveNodeVars {
            orgId: org_id,
            nodeId: node_id,
            targetParentId: target_parent_id,
        };
        self.client.graphql(&MOVE_NODE, &vars).await
    }

    /// Whether the node is the organization's root (`query isRootNode`); a `null`
    /// answer is `false`.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let root = client.org().is_root_node("ORG_ID", "NODE_ID").await?;
    /// # let _ = root; Ok(()) }
    /// ```
    pub async fn is_root_node(&self, org_id: &str, node_id: &str) -> Result<bool> {
        non_blank("org_id", org_id)?;
        non_blank("node_id", node_id)?;
        let vars = OrgNodeVars {
            orgId: org_id,
            nodeId: node_id,
        };
        let root: Option<bool> = self.client.graphql(&IS_ROOT_NODE, &vars).await?;
        Ok(root.unwrap_or(false))
    }

    /// The direct children of a node (`query childrenNodes`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let children = client.org().list_children("NODE_ID").await?;
    /// # let _ = children; Ok(()) }
    /// ```
    pub async fn list_children(&self, node_id: &str) -> Result<Vec<Node>> {
        non_blank("node_id", node_id)?;
        self.client
            .graphql(&CHILDREN_NODES, &NodeIdVars { nodeId: node_id })
            .await
    }

    /// The root node of an organization (`query rootNode`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let root = client.org().root_node("ORG_ID").await?;
    /// # let _ = root; Ok(()) }
    /// ```
    pub async fn root_node(&self, org_id: &str) -> Result<Node> {
        non_blank("org_id", org_id)?;
        self.client
            .graphql(&ROOT_NODE, &OrgIdVars { orgId: org_id })
            .await
    }

    /// Nodes whose name matches `keyword`, in every organization
    /// (`query searchNodes`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let found = client.org().search_nodes("R&D").await?;
    /// # let _ = found; Ok(()) }
    /// ```
    pub async fn search_nodes(&self, keyword: &str) -> Result<Vec<Node>> {
        non_blank("keyword", keyword)?;
        self.client
            .graphql(&SEARCH_NODES, &ops::KeywordVars { keyword })
            .await
    }
}
