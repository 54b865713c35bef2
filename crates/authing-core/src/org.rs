//! Organization models shared by both clients: a node (department) of an
//! organization, and the steps of a user's organization path.

use serde::{Deserialize, Serialize};

/// `Node`: a node (department) of an organization (management `org()` calls, and the
/// departments of a user in both clients).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Node {
    /// Node id.
    pub id: String,
    /// Organization id.
    #[serde(default)]
    pub org_id: Option<String>,
    /// Name.
    pub name: String,
    /// Names per language (JSON text).
    #[serde(default)]
    pub name_i18n: Option<String>,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// Descriptions per language (JSON text).
    #[serde(default)]
    pub description_i18n: Option<String>,
    /// Order among its siblings (larger first).
    #[serde(default)]
    pub order: Option<i64>,
    /// Code, unique in the organization.
    #[serde(default)]
    pub code: Option<String>,
    /// Whether it is the root node.
    #[serde(default)]
    pub root: Option<bool>,
    /// Depth below the root (or below the node asked about, for `list_children`).
    #[serde(default)]
    pub depth: Option<i64>,
    /// Ids from the root to this node.
    #[serde(default)]
    pub path: Vec<String>,
    /// Codes from the root to this node.
    #[serde(default)]
    pub code_path: Vec<Option<String>>,
    /// Names from the root to this node.
    #[serde(default)]
    pub name_path: Vec<String>,
    /// Creation time.
    #[serde(default)]
    pub created_at: Option<String>,
    /// Last update time.
    #[serde(default)]
    pub updated_at: Option<String>,
    /// Ids of the child nodes.
    #[serde(default)]
    pub children: Option<Vec<String>>,
}

/// One step of a user's organization path (management `users().list_org`,
/// authentication `list_orgs`): first the organization, then its nodes from the root
/// down to the user's department. The service tells them apart by a `type` member
/// (`"org"` or `"node"`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
#[non_exhaustive]
pub enum OrgPathStep {
    /// The organization the path belongs to.
    Org(OrgSummary),
    /// A node on the way (the last one is the user's department).
    Node(Box<Node>),
    /// A kind of step this SDK does not know yet.
    #[serde(other)]
    Other,
}

impl OrgPathStep {
    /// The id of the organization or node (`None` for [`OrgPathStep::Other`]).
    pub fn id(&self) -> Option<&str> {
        match self {
            OrgPathStep::Org(o) => Some(&o.id),
            OrgPathStep::Node(n) => Some(&n.id),
            OrgPathStep::Other => None,
        }
    }

    /// The node, when this step is one.
    pub fn as_node(&self) -> Option<&Node> {
        match self {
            OrgPathStep::Node(n) => Some(n),
            _ => None,
        }
    }
}

/// The organization at the head of an organization path.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct OrgSummary {
    /// Organization id.
    pub id: String,
    /// Id of its root node.
    #[serde(default)]
    pub root_node_id: Option<String>,
    /// Logo URL.
    #[serde(default)]
    pub logo: Option<String>,
    /// User pool id.
    #[serde(default)]
    pub user_pool_id: Option<String>,
    /// Creation time.
    #[serde(default)]
    pub created_at: Option<String>,
    /// Last update time.
    #[serde(default)]
    pub updated_at: Option<String>,
}
