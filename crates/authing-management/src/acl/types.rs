//! Models and inputs of resource authorization: resource types, grants, namespaces,
//! resources and what a target was granted.

use authing_core::models::Paginated;
use authing_core::{Error, Result, string_enum};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use crate::models::PolicyAssignmentTargetType;

string_enum! {
    /// `ResourceType`: the kind of a resource.
    ResourceType {
        /// Data (`books:1`, `books:*`).
        Data = "DATA",
        /// An API.
        Api = "API",
        /// A menu entry.
        Menu = "MENU",
        /// A UI element.
        Ui = "UI",
        /// A button.
        Button = "BUTTON",
    }
}

string_enum! {
    /// `Operator`: how [`ActionsFilter::list`] combines.
    Operator {
        /// Every action is required.
        And = "AND",
        /// Any action suffices.
        Or = "OR",
    }
}

/// Who a resource is granted to (`targetType` + `targetIdentifier`).
///
/// ```
/// use authing::management::AuthorizeTarget;
/// let t = AuthorizeTarget::Role("editor".into());
/// assert_eq!(t.identifier(), "editor");
/// assert_eq!(t.target_type().as_str(), "ROLE");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AuthorizeTarget {
    /// A user, by id.
    User(String),
    /// A role, by code.
    Role(String),
    /// A group, by code.
    Group(String),
    /// An organization node (department), by node id.
    Org(String),
}

impl AuthorizeTarget {
    /// The wire `targetType`.
    ///
    /// ```
    /// use authing::management::{AuthorizeTarget, PolicyAssignmentTargetType};
    /// assert_eq!(AuthorizeTarget::Org("n1".into()).target_type(), PolicyAssignmentTargetType::Org);
    /// ```
    pub fn target_type(&self) -> PolicyAssignmentTargetType {
        match self {
            Self::User(_) => PolicyAssignmentTargetType::User,
            Self::Role(_) => PolicyAssignmentTargetType::Role,
            Self::Group(_) => PolicyAssignmentTargetType::Group,
            Self::Org(_) => PolicyAssignmentTargetType::Org,
        }
    }

    /// The user id, role code, group code or node id.
    ///
    /// ```
    /// assert_eq!(authing::management::AuthorizeTarget::User("u1".into()).identifier(), "u1");
    /// ```
    pub fn identifier(&self) -> &str {
        match self {
            Self::User(s) | Self::Role(s) | Self::Group(s) | Self::Org(s) => s,
        }
    }

    pub(crate) fn check(&self) -> Result<()> {
        authing_core::__private::non_blank("target identifier", self.identifier())
    }
}

/// One grant of [`AclClient::authorize_resource`](crate::AclClient::authorize_resource)
/// (`AuthorizeResourceOpt`): a target and, optionally, the actions it may perform
/// (`None` for resources without actions, e.g. menus).
///
/// ```
/// use authing::management::{AuthorizeResourceOpt, AuthorizeTarget};
/// let grant = AuthorizeResourceOpt::new(AuthorizeTarget::Group("staff".into()))
///     .with_actions(["books:read", "books:edit"]);
/// assert_eq!(grant.actions.as_deref().map(<[_]>::len), Some(2));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct AuthorizeResourceOpt {
    /// Who is granted.
    pub target: AuthorizeTarget,
    /// Actions granted; `None` sends no `actions`.
    pub actions: Option<Vec<String>>,
}

impl AuthorizeResourceOpt {
    /// A grant to `target` without actions.
    ///
    /// ```
    /// use authing::management::{AuthorizeResourceOpt, AuthorizeTarget};
    /// let g = AuthorizeResourceOpt::new(AuthorizeTarget::User("u1".into()));
    /// assert!(g.actions.is_none());
    /// ```
    pub fn new(target: AuthorizeTarget) -> Self {
        Self {
            target,
            actions: None,
        }
    }

    /// The same grant with these actions.
    ///
    /// ```
    /// use authing::management::{AuthorizeResourceOpt, AuthorizeTarget};
    /// let g = AuthorizeResourceOpt::new(AuthorizeTarget::Role("editor".into())).with_actions(["books:*"]);
    /// assert_eq!(g.actions, Some(vec!["books:*".to_owned()]));
    /// ```
    pub fn with_actions<I, S>(mut self, actions: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.actions = Some(actions.into_iter().map(Into::into).collect());
        self
    }
}

/// `AuthorizedTargetsActionsInput`: keep only targets holding all (`And`) or any
/// (`Or`) of these actions.
///
/// ```
/// use authing::management::{ActionsFilter, Operator};
/// let f = ActionsFilter::new(Operator::Or, ["books:read", "books:edit"]);
/// assert_eq!(f.list.len(), 2);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ActionsFilter {
    /// How the actions combine.
    pub op: Operator,
    /// The actions.
    pub list: Vec<String>,
}

impl ActionsFilter {
    /// A filter on `list` combined with `op`.
    ///
    /// ```
    /// let f = authing::management::ActionsFilter::new(authing::management::Operator::And, ["a"]);
    /// # let _ = f;
    /// ```
    pub fn new<I, S>(op: Operator, list: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self {
            op,
            list: list.into_iter().map(Into::into).collect(),
        }
    }
}

/// Filters of [`AclClient::get_authorized_targets`](crate::AclClient::get_authorized_targets).
///
/// ```
/// use authing::management::{AuthorizedTargetsOptions, PolicyAssignmentTargetType};
/// let o = AuthorizedTargetsOptions { target_type: Some(PolicyAssignmentTargetType::Role), ..Default::default() };
/// # let _ = o;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuthorizedTargetsOptions {
    /// Only targets of this kind.
    pub target_type: Option<PolicyAssignmentTargetType>,
    /// Only targets holding these actions.
    pub actions: Option<ActionsFilter>,
}

/// `AuthorizedResource`: a resource a target may act on (directly or, for users,
/// through roles, groups and departments).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AuthorizedResource {
    /// Resource code (`books:1`, `books:*`, `menu_a`).
    pub code: String,
    /// Kind of resource.
    #[serde(rename = "type", default)]
    pub resource_type: Option<ResourceType>,
    /// Actions granted (`None` for resources without actions).
    #[serde(default)]
    pub actions: Option<Vec<String>>,
}

/// `ResourcePermissionAssignment`: one target holding a resource.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ResourcePermissionAssignment {
    /// Kind of target.
    #[serde(default)]
    pub target_type: Option<PolicyAssignmentTargetType>,
    /// User id, role code, group code or node id.
    #[serde(default)]
    pub target_identifier: Option<String>,
    /// Actions held.
    #[serde(default)]
    pub actions: Option<Vec<String>>,
}

/// A resource and the actions a user may perform on it (answers of
/// `check_resource_permission_batch` and `list_authorized_resources_of_resource_kind`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ResourcePermission {
    /// Resource code.
    pub code: String,
    /// Actions allowed.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub actions: Vec<String>,
}

/// A resource namespace (permission group), from `/api/v2/resource-namespace`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ResourceNamespace {
    /// Numeric id (used by `update_namespace` and `delete_namespace`).
    #[serde(deserialize_with = "int_or_string")]
    pub id: i64,
    /// Code (what other methods call `namespace`).
    pub code: String,
    /// Display name.
    pub name: String,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// Status.
    #[serde(default)]
    pub status: Option<i64>,
    /// Application the namespace belongs to, if any.
    #[serde(default)]
    pub app_id: Option<String>,
    /// Name of that application.
    #[serde(default)]
    pub app_name: Option<String>,
}

/// Changes made by [`AclClient::update_namespace`](crate::AclClient::update_namespace);
/// `None` fields are left unchanged.
///
/// ```
/// use authing::management::UpdateNamespaceInput;
/// let u = UpdateNamespaceInput { name: Some("Books".into()), ..Default::default() };
/// # let _ = u;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct UpdateNamespaceInput {
    /// New code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// New name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// New description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// An action a resource supports.
///
/// ```
/// let a = authing::management::ResourceAction::new("books:read").with_description("read a book");
/// assert_eq!(a.description.as_deref(), Some("read a book"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct ResourceAction {
    /// Action name (`books:read`).
    pub name: String,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl ResourceAction {
    /// An action without description.
    ///
    /// ```
    /// let a = authing::management::ResourceAction::new("books:read");
    /// assert_eq!(a.name, "books:read");
    /// ```
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            description: None,
        }
    }

    /// The same action with a description.
    ///
    /// ```
    /// let a = authing::management::ResourceAction::new("a").with_description("d");
    /// # let _ = a;
    /// ```
    pub fn with_description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }
}

/// A resource of a namespace, from `/api/v2/resources`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Resource {
    /// Id.
    #[serde(deserialize_with = "string_or_int")]
    pub id: String,
    /// User pool.
    #[serde(default)]
    pub user_pool_id: Option<String>,
    /// Code, unique in its namespace (`books`).
    pub code: String,
    /// Kind of resource.
    #[serde(rename = "type", default)]
    pub resource_type: Option<ResourceType>,
    /// Supported actions.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub actions: Vec<ResourceAction>,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// Id of its namespace.
    #[serde(default)]
    pub namespace_id: Option<Value>,
    /// API identifier (API resources).
    #[serde(default)]
    pub api_identifier: Option<String>,
    /// Creation time.
    #[serde(default)]
    pub created_at: Option<String>,
    /// Last update time.
    #[serde(default)]
    pub updated_at: Option<String>,
}

/// A new resource for [`AclClient::create_resource`](crate::AclClient::create_resource).
///
/// ```
/// use authing::management::{CreateResourceInput, ResourceAction, ResourceType};
/// let r = CreateResourceInput::new("books", ResourceType::Data)
///     .with_actions([ResourceAction::new("books:read"), ResourceAction::new("books:edit")]);
/// assert_eq!(r.actions.len(), 2);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CreateResourceInput {
    /// Code, unique in the namespace.
    pub code: String,
    /// Kind.
    pub resource_type: ResourceType,
    /// Supported actions.
    pub actions: Vec<ResourceAction>,
    /// Description.
    pub description: Option<String>,
    /// API identifier (API resources).
    pub api_identifier: Option<String>,
}

impl CreateResourceInput {
    /// A resource `code` of kind `resource_type`, without actions.
    ///
    /// ```
    /// use authing::management::{CreateResourceInput, ResourceType};
    /// let r = CreateResourceInput::new("menu_a", ResourceType::Menu);
    /// assert!(r.actions.is_empty());
    /// ```
    pub fn new(code: impl Into<String>, resource_type: ResourceType) -> Self {
        Self {
            code: code.into(),
            resource_type,
            actions: Vec::new(),
            description: None,
            api_identifier: None,
        }
    }

    /// The same resource with these actions.
    ///
    /// ```
    /// use authing::management::{CreateResourceInput, ResourceAction, ResourceType};
    /// let r = CreateResourceInput::new("books", ResourceType::Data).with_actions([ResourceAction::new("books:read")]);
    /// # let _ = r;
    /// ```
    pub fn with_actions(mut self, actions: impl IntoIterator<Item = ResourceAction>) -> Self {
        self.actions = actions.into_iter().collect();
        self
    }

    /// The same resource with a description.
    ///
    /// ```
    /// use authing::management::{CreateResourceInput, ResourceType};
    /// let r = CreateResourceInput::new("books", ResourceType::Data).with_description("Books");
    /// # let _ = r;
    /// ```
    pub fn with_description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }
}

/// Changes made by [`AclClient::update_resource`](crate::AclClient::update_resource);
/// `None` fields are left unchanged.
///
/// ```
/// use authing::management::{ResourceAction, UpdateResourceInput};
/// let u = UpdateResourceInput { actions: Some(vec![ResourceAction::new("books:read")]), ..Default::default() };
/// # let _ = u;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UpdateResourceInput {
    /// New kind.
    pub resource_type: Option<ResourceType>,
    /// New actions (replace the old ones).
    pub actions: Option<Vec<ResourceAction>>,
    /// New description.
    pub description: Option<String>,
    /// New API identifier.
    pub api_identifier: Option<String>,
}

/// Options of [`AclClient::list_resources`](crate::AclClient::list_resources): paging
/// (page 1, 10 items by default) and an optional kind.
///
/// ```
/// use authing::management::{ListResourcesOptions, ResourceType};
/// let o = ListResourcesOptions { resource_type: Some(ResourceType::Menu), ..Default::default() };
/// assert_eq!((o.page, o.limit), (1, 10));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListResourcesOptions {
    /// Page number, starting at 1.
    pub page: u32,
    /// Items per page.
    pub limit: u32,
    /// Only resources of this kind.
    pub resource_type: Option<ResourceType>,
}

impl Default for ListResourcesOptions {
    fn default() -> Self {
        Self {
            page: 1,
            limit: 10,
            resource_type: None,
        }
    }
}

/// A REST page: `{list, totalCount}` (or `total`).
#[derive(Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
pub(crate) struct RestPage<T> {
    #[serde(default = "Vec::new", deserialize_with = "null_as_empty")]
    list: Vec<T>,
    #[serde(default, rename = "totalCount")]
    total_count: Option<i64>,
    /// Some answers carry `total` instead (P4 reads it), some both.
    #[serde(default)]
    total: Option<i64>,
}

impl<T> RestPage<T> {
    pub(crate) fn into_page(self) -> Paginated<T> {
        let total = self
            .total_count
            .or(self.total)
            .unwrap_or_else(|| i64::try_from(self.list.len()).unwrap_or(i64::MAX));
        Paginated::new(total, self.list)
    }
}

/// `PaginatedAuthorizedTargets`: nullable list of nullable items, nullable count.
#[derive(Deserialize)]
pub(crate) struct RawTargets {
    #[serde(default)]
    list: Option<Vec<Option<ResourcePermissionAssignment>>>,
    #[serde(default, rename = "totalCount")]
    total_count: Option<i64>,
}

impl RawTargets {
    pub(crate) fn into_page(self) -> Paginated<ResourcePermissionAssignment> {
        let list: Vec<_> = self
            .list
            .unwrap_or_default()
            .into_iter()
            .flatten()
            .collect();
        let total = self
            .total_count
            .unwrap_or_else(|| i64::try_from(list.len()).unwrap_or(i64::MAX));
        Paginated::new(total, list)
    }
}

pub(crate) fn null_as_empty<'de, D, T>(d: D) -> std::result::Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

pub(crate) fn int_or_string<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<i64, D::Error> {
    match Value::deserialize(d)? {
        Value::Number(n) => n
            .as_i64()
            .ok_or_else(|| serde::de::Error::custom("id is not an integer")),
        Value::String(s) => s
            .parse()
            .map_err(|_| serde::de::Error::custom("id is not an integer")),
        _ => Err(serde::de::Error::custom("id is not an integer")),
    }
}

fn string_or_int<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<String, D::Error> {
    match Value::deserialize(d)? {
        Value::Number(n) => Ok(n.to_string()),
        Value::String(s) => Ok(s),
        _ => Err(serde::de::Error::custom(
            "id is neither a string nor a number",
        )),
    }
}

/// Checks the actions of a grant: none blank.
pub(crate) fn check_actions(actions: Option<&[String]>) -> Result<()> {
    if actions.is_some_and(|a| a.iter().any(|s| s.trim().is_empty())) {
        return Err(Error::InvalidArgument("actions must not be empty".into()));
    }
    Ok(())
}

authing_core::gql_named!(
    ResourceType => "ResourceType",
    Operator => "Operator",
);
