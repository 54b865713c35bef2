//! Models and inputs of `client.org()`: organizations, nodes (departments), trees,
//! exports and imports.

use std::collections::{HashMap, HashSet, VecDeque};

use authing_core::models::{Node, User};
use serde::{Deserialize, Serialize};

/// `Org`: an organization: its root node and all its nodes (a flat list; see
/// [`Org::tree`]).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Org {
    /// Organization id.
    pub id: String,
    /// The root node.
    pub root_node: Node,
    /// Every node, root included.
    #[serde(default)]
    pub nodes: Vec<Node>,
}

/// A node with its sub-trees, built client-side by [`Org::tree`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct NodeTree {
    /// The node.
    pub node: Node,
    /// Its children, in the order of the node's `children` ids.
    pub children: Vec<NodeTree>,
}

impl NodeTree {
    /// Every node of the tree, depth first, the root first.
    ///
    /// ```no_run
    /// # fn f(org: authing::management::Org) {
    /// let names: Vec<&str> = org.tree().iter().map(|n| n.name.as_str()).collect();
    /// # }
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = &Node> {
        let mut stack = vec![self];
        std::iter::from_fn(move || {
            let t = stack.pop()?;
            stack.extend(t.children.iter().rev());
            Some(&t.node)
        })
    }

    /// The sub-tree of the node with this id.
    ///
    /// ```no_run
    /// # fn f(org: authing::management::Org) {
    /// let dev = org.tree().find("60b4a1c2d3e4f5a6b7c8d9e3").map(|t| t.children.len());
    /// # }
    /// ```
    pub fn find(&self, id: &str) -> Option<&NodeTree> {
        let mut stack = vec![self];
        while let Some(t) = stack.pop() {
            if t.node.id == id {
                return Some(t);
            }
            stack.extend(t.children.iter());
        }
        None
    }
}

impl Org {
    /// The organization as a tree, built from the root node and each node's
    /// `children` ids (as the official SDKs' `treeify`). Ids that name no node of
    /// `nodes`, and nodes reached a second time (a cycle), are left out.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// if let Some(org) = client.org().find_by_id("60b4a1c2d3e4f5a6b7c8d9e0").await? {
    ///     let tree = org.tree();
    ///     for dept in &tree.children {
    ///         println!("{} ({} sub-departments)", dept.node.name, dept.children.len());
    ///     }
    /// }
    /// # Ok(()) }
    /// ```
    pub fn tree(&self) -> NodeTree {
        let by_id: HashMap<&str, &Node> = self.nodes.iter().map(|n| (n.id.as_str(), n)).collect();
        let root = by_id
            .get(self.root_node.id.as_str())
            .copied()
            .unwrap_or(&self.root_node);
        // Breadth first: every parent comes before its children.
        let mut order: Vec<(&Node, Option<usize>)> = vec![(root, None)];
        let mut seen: HashSet<&str> = HashSet::from([root.id.as_str()]);
        let mut queue = VecDeque::from([0usize]);
        while let Some(i) = queue.pop_front() {
            let node = order[i].0;
            for child in node.children.iter().flatten() {
                if let Some(c) = by_id.get(child.as_str()) {
                    if seen.insert(c.id.as_str()) {
                        order.push((c, Some(i)));
                        queue.push_back(order.len() - 1);
                    }
                }
            }
        }
        // Bottom-up: attach each node (whose children are complete) to its parent.
        let mut slots: Vec<Option<NodeTree>> = order
            .iter()
            .map(|(n, _)| {
                Some(NodeTree {
                    node: (*n).clone(),
                    children: Vec::new(),
                })
            })
            .collect();
        for i in (1..order.len()).rev() {
            let (Some(parent), Some(mut tree)) = (order[i].1, slots[i].take()) else {
                continue;
            };
            tree.children.reverse();
            if let Some(Some(p)) = slots.get_mut(parent) {
                p.children.push(tree);
            }
        }
        let mut root = slots
            .into_iter()
            .next()
            .flatten()
            .unwrap_or_else(|| NodeTree {
                node: root.clone(),
                children: Vec::new(),
            });
        root.children.reverse();
        root
    }
}

/// `UserDepartment`: a department a user belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct UserDepartment {
    /// The department.
    pub department: Node,
    /// Whether it is the user's main department.
    pub is_main_department: bool,
    /// When the user joined.
    #[serde(default)]
    pub joined_at: Option<String>,
}

/// A node of an exported organization (`GET /api/v2/orgs/export`): the node, its
/// members and its sub-departments, nested.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ExportedNode {
    /// Node id.
    pub id: String,
    /// Organization id.
    #[serde(default)]
    pub org_id: Option<String>,
    /// Name.
    pub name: String,
    /// Names per language.
    #[serde(default)]
    pub name_i18n: Option<String>,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// Descriptions per language.
    #[serde(default)]
    pub description_i18n: Option<String>,
    /// Order among siblings.
    #[serde(default)]
    pub order: Option<i64>,
    /// Code.
    #[serde(default)]
    pub code: Option<String>,
    /// Depth below the root.
    #[serde(default)]
    pub depth: Option<i64>,
    /// Whether it is the root node.
    #[serde(default)]
    pub root: Option<bool>,
    /// Creation time.
    #[serde(default)]
    pub created_at: Option<String>,
    /// Last update time.
    #[serde(default)]
    pub updated_at: Option<String>,
    /// Sub-departments.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub children: Vec<ExportedNode>,
    /// Members of this node.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub members: Vec<User>,
}

/// A node of an organization to import with
/// [`OrgClient::import_by_json`](crate::OrgClient::import_by_json): name, optional
/// code and description, sub-departments.
///
/// ```
/// use authing::management::OrgImportNode;
/// let tree = OrgImportNode::new("Feifan Tech")
///     .with_code("feifan")
///     .with_child(OrgImportNode::new("Operations").with_code("operation"))
///     .with_child(
///         OrgImportNode::new("R&D")
///             .with_code("dev")
///             .with_child(OrgImportNode::new("Backend").with_code("backend")),
///     );
/// assert_eq!(tree.children.len(), 2);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OrgImportNode {
    /// Name.
    pub name: String,
    /// Code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Sub-departments.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<OrgImportNode>,
}

impl OrgImportNode {
    /// A node named `name`, without code, description or children.
    ///
    /// ```
    /// let n = authing::management::OrgImportNode::new("R&D");
    /// assert!(n.code.is_none() && n.children.is_empty());
    /// ```
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            code: None,
            description: None,
            children: Vec::new(),
        }
    }

    /// The same node with a code.
    ///
    /// ```
    /// let n = authing::management::OrgImportNode::new("R&D").with_code("dev");
    /// assert_eq!(n.code.as_deref(), Some("dev"));
    /// ```
    pub fn with_code(mut self, code: impl Into<String>) -> Self {
        self.code = Some(code.into());
        self
    }

    /// The same node with a description.
    ///
    /// ```
    /// let n = authing::management::OrgImportNode::new("R&D").with_description("builds things");
    /// # let _ = n;
    /// ```
    pub fn with_description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// The same node with one more child.
    ///
    /// ```
    /// use authing::management::OrgImportNode;
    /// let n = OrgImportNode::new("R&D").with_child(OrgImportNode::new("Backend"));
    /// assert_eq!(n.children[0].name, "Backend");
    /// ```
    pub fn with_child(mut self, child: OrgImportNode) -> Self {
        self.children.push(child);
        self
    }
}

impl From<&ExportedNode> for OrgImportNode {
    /// The import form of an exported tree (names, codes, descriptions, structure;
    /// members are not carried over).
    fn from(e: &ExportedNode) -> Self {
        Self {
            name: e.name.clone(),
            code: e.code.clone(),
            description: e.description.clone(),
            children: e.children.iter().map(OrgImportNode::from).collect(),
        }
    }
}

/// Options of [`OrgClient::create_node`](crate::OrgClient::create_node).
///
/// ```
/// use authing::management::CreateNodeOptions;
/// let o = CreateNodeOptions { code: Some("dev".into()), order: Some(10), ..Default::default() };
/// # let _ = o;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CreateNodeOptions {
    /// Code, unique in the organization.
    pub code: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Order among siblings (larger first).
    pub order: Option<i32>,
    /// Names per language (JSON text).
    pub name_i18n: Option<String>,
    /// Descriptions per language (JSON text).
    pub description_i18n: Option<String>,
}

/// Changes made by [`OrgClient::update_node`](crate::OrgClient::update_node); `None`
/// fields are left unchanged.
///
/// ```
/// use authing::management::UpdateNodeInput;
/// let u = UpdateNodeInput { name: Some("Research".into()), ..Default::default() };
/// # let _ = u;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UpdateNodeInput {
    /// New name.
    pub name: Option<String>,
    /// New code.
    pub code: Option<String>,
    /// New description.
    pub description: Option<String>,
}

/// Options of [`OrgClient::list_members`](crate::OrgClient::list_members): paging
/// (page 1, 10 items by default) and whether members of sub-departments count.
///
/// ```
/// use authing::management::ListMembersOptions;
/// let o = ListMembersOptions { include_children_nodes: Some(true), ..Default::default() };
/// assert_eq!((o.page, o.limit), (1, 10));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListMembersOptions {
    /// Page number, starting at 1.
    pub page: u32,
    /// Items per page.
    pub limit: u32,
    /// Include the members of sub-departments (`None`: the service's default).
    pub include_children_nodes: Option<bool>,
}

impl Default for ListMembersOptions {
    fn default() -> Self {
        Self {
            page: 1,
            limit: 10,
            include_children_nodes: None,
        }
    }
}

fn null_as_empty<'de, D, T>(d: D) -> std::result::Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn node(id: &str, children: &[&str]) -> serde_json::Value {
        json!({"id": id, "name": id.to_uppercase(), "path": [], "codePath": [], "namePath": [],
               "children": children})
    }

    #[test]
    fn tree_follows_children_ids_and_survives_cycles_and_dangling_ids() {
        let org: Org = serde_json::from_value(json!({
            "id": "o",
            "rootNode": node("r", &["a", "b"]),
            "nodes": [node("r", &["a", "b"]), node("a", &["c", "ghost"]), node("b", &[]),
                      node("c", &["r", "a"])]
        }))
        .unwrap();
        let t = org.tree();
        assert_eq!(t.node.id, "r");
        let kids: Vec<_> = t.children.iter().map(|c| c.node.id.as_str()).collect();
        assert_eq!(kids, ["a", "b"]);
        assert_eq!(t.children[0].children[0].node.id, "c");
        assert!(t.children[0].children[0].children.is_empty());
        let all: Vec<_> = t.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(all, ["r", "a", "c", "b"]);
        assert_eq!(t.find("c").map(|c| c.node.name.as_str()), Some("C"));
        assert!(t.find("ghost").is_none());
    }
}
