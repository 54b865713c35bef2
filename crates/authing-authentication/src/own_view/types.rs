//! What the logged-in user sees of themself: roles, departments, organizations,
//! resources, applications, security level.

use authing_core::models::Node;
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

/// A department of the logged-in user
/// ([`list_departments`](crate::AuthenticationClient::list_departments)).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct UserDepartment {
    /// The department.
    pub department: Node,
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
