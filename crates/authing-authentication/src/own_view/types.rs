//! What the logged-in user sees of themself: roles, departments, organizations,
//! resources, applications, security level.

use serde::Deserialize;

/// A role of the logged-in user ([`list_roles`](crate::AuthenticationClient::list_roles)).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct UserRole {
    /// Role id (absent from the parent).
    #[serde(default)]
    pub id: Option<String>,
    /// Role code, unique within its namespace.
    pub code: String,
    /// Permission group (namespace) code.
    #[serde(default)]
    pub namespace: Option<String>,
    /// Resource name `arn:cn:authing:{pool}:role:{id}`.
    #[serde(default)]
    pub arn: Option<String>,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// Creation time.
    #[serde(default)]
    pub created_at: Option<String>,
    /// Last update time.
    #[serde(default)]
    pub updated_at: Option<String>,
    /// Parent role (its own parent is not selected).
    #[serde(default)]
    pub parent: Option<Box<UserRole>>,
}

/// An organization node (department).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DepartmentNode {
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
    /// Whether it is the root node of its organization.
    #[serde(default)]
    pub root: Option<bool>,
    /// Depth below the root.
    #[serde(default)]
    pub depth: Option<i64>,
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

/// A department of the logged-in user
/// ([`list_departments`](crate::AuthenticationClient::list_departments)).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct UserDepartment {
    /// The department.
    pub department: DepartmentNode,
    /// Whether it is the user's main department.
    #[serde(default)]
    pub is_main_department: bool,
    /// When the user joined it.
    #[serde(default)]
    pub joined_at: Option<String>,
}

/// A resource the logged-in user may act on, directly or through roles, groups and
/// departments ([`list_authorized_resources`](crate::AuthenticationClient::list_authorized_resources)).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct UserAuthorizedResource {
    /// Resource code (`books:1`, `books:*`, ...).
    pub code: String,
    /// Kind of resource (`DATA`, `API`, `MENU`, `UI`, `BUTTON`).
    #[serde(rename = "type", default)]
    pub resource_type: Option<String>,
    /// Actions granted.
    #[serde(default)]
    pub actions: Option<Vec<String>>,
}

/// One step of an organization path of the logged-in user
/// ([`list_orgs`](crate::AuthenticationClient::list_orgs)): first the organization,
/// then its nodes from the root down to the user's department (`type` `"org"` or
/// `"node"` on the wire).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
#[non_exhaustive]
pub enum OrgPathStep {
    /// The organization.
    Org(OrgSummary),
    /// A node on the way to the user's department (the last one is the department).
    Node(Box<DepartmentNode>),
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
    pub fn as_node(&self) -> Option<&DepartmentNode> {
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
    /// Creation time.
    #[serde(default)]
    pub created_at: Option<String>,
    /// Last update time.
    #[serde(default)]
    pub updated_at: Option<String>,
}

/// An application the logged-in user may use
/// ([`list_applications`](crate::AuthenticationClient::list_applications)).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct UserApplication {
    /// Application (app) id.
    pub id: String,
    /// Name.
    #[serde(default)]
    pub name: Option<String>,
    /// Logo URL.
    #[serde(default)]
    pub logo: Option<String>,
    /// Second-level domain of the application.
    #[serde(default)]
    pub domain: Option<String>,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// Protocol (`oidc`, `oauth`, `saml`, `cas`, ...).
    #[serde(default)]
    pub protocol: Option<String>,
    /// Creation time.
    #[serde(default)]
    pub created_at: Option<String>,
    /// Last update time.
    #[serde(default)]
    pub updated_at: Option<String>,
}

/// The security level of the logged-in user's account
/// ([`get_security_level`](crate::AuthenticationClient::get_security_level)).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SecurityLevel {
    /// Overall score (0 to 100).
    #[serde(default)]
    pub score: Option<i64>,
    /// Whether an email is bound.
    #[serde(default)]
    pub email: Option<bool>,
    /// Whether a phone is bound.
    #[serde(default)]
    pub phone: Option<bool>,
    /// Whether a password is set.
    #[serde(default)]
    pub password: Option<bool>,
    /// The password's level (1 low, 2 middle, 3 high; see
    /// [`PasswordSecurityLevel`](crate::PasswordSecurityLevel)), when known.
    #[serde(default)]
    pub password_security_level: Option<i64>,
    /// Whether MFA is on.
    #[serde(default)]
    pub mfa: Option<bool>,
}
