//! `client.acl()`: grants and permission checks.

use authing_core::__private::non_blank;
use authing_core::models::CommonMessage;
use authing_core::{Error, Operation, Result};

use crate::client::ManagementClient;

authing_core::variables! {
    /// Variables of `allow`.
    pub(crate) struct AllowVars<'a> {
        resource: &'a str,
        action: &'a str,
        userId: Option<&'a str>,
        roleCode: Option<&'a str>,
        namespace: Option<&'a str>,
    }
}

authing_core::variables! {
    /// Variables of `isActionAllowed` and `isActionDenied`.
    pub(crate) struct ActionCheckVars<'a> {
        resource: &'a str,
        action: &'a str,
        userId: &'a str,
        namespace: Option<&'a str>,
    }
}

/// `mutation allow`.
pub const ALLOW: Operation = Operation::mutation("allow", "allow", include_str!("allow.graphql"))
    .with_variables::<AllowVars<'static>>();
/// `query isActionAllowed`.
pub const IS_ACTION_ALLOWED: Operation = Operation::query(
    "isActionAllowed",
    "isActionAllowed",
    include_str!("is_action_allowed.graphql"),
)
.with_variables::<ActionCheckVars<'static>>();
/// `query isActionDenied`.
pub const IS_ACTION_DENIED: Operation = Operation::query(
    "isActionDenied",
    "isActionDenied",
    include_str!("is_action_denied.graphql"),
)
.with_variables::<ActionCheckVars<'static>>();

/// Who [`AclClient::allow`] grants to: a user, a role, or both. At least one is
/// required.
///
/// ```
/// use authing::management::AllowOptions;
/// let to_user = AllowOptions::user("5f7ddfe62ba819802422362e");
/// let to_role = AllowOptions::role("editor").with_namespace("books");
/// # let _ = (to_user, to_role);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AllowOptions {
    /// User id.
    pub user_id: Option<String>,
    /// Role code.
    pub role_code: Option<String>,
    /// Permission group code; `None` for the default one.
    pub namespace: Option<String>,
}

impl AllowOptions {
    /// Grant to a user.
    ///
    /// ```
    /// let to = authing::management::AllowOptions::user("5f7ddfe62ba819802422362e");
    /// assert!(to.role_code.is_none());
    /// ```
    pub fn user(user_id: impl Into<String>) -> Self {
        Self {
            user_id: Some(user_id.into()),
            ..Self::default()
        }
    }

    /// Grant to a role.
    ///
    /// ```
    /// let to = authing::management::AllowOptions::role("editor");
    /// assert_eq!(to.role_code.as_deref(), Some("editor"));
    /// ```
    pub fn role(role_code: impl Into<String>) -> Self {
        Self {
            role_code: Some(role_code.into()),
            ..Self::default()
        }
    }

    /// The same grant in namespace `namespace`.
    ///
    /// ```
    /// let to = authing::management::AllowOptions::role("editor").with_namespace("books");
    /// assert_eq!(to.namespace.as_deref(), Some("books"));
    /// ```
    pub fn with_namespace(mut self, namespace: impl Into<String>) -> Self {
        self.namespace = Some(namespace.into());
        self
    }
}

/// Access control: `client.acl()`.
#[derive(Debug, Clone, Copy)]
pub struct AclClient<'a> {
    client: &'a ManagementClient,
}

impl ManagementClient {
    /// Access control: grants and checks.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// let client = authing::management::ManagementClient::builder()
    ///     .user_pool_id("60b4a1c2d3e4f5a6b7c8d9e0")
    ///     .secret("pool-secret")
    ///     .build()?;
    /// let ok = client.acl().is_allowed("5f7ddfe62ba819802422362e", "books:read", "books:1", None).await?;
    /// # let _ = ok; Ok(()) }
    /// ```
    pub fn acl(&self) -> AclClient<'_> {
        AclClient { client: self }
    }
}

impl AclClient<'_> {
    /// Allows `action` on `resource` (`<type>:<id>` or `<type>:*`) to a user and/or a
    /// role (`mutation allow`). Neither is an [`Error::InvalidArgument`], before any
    /// request.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::management::AllowOptions;
    /// client
    ///     .acl()
    ///     .allow("books:123", "books:edit", &AllowOptions::user("5f7ddfe62ba819802422362e"))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn allow(
        &self,
        resource: &str,
        action: &str,
        to: &AllowOptions,
    ) -> Result<CommonMessage> {
        non_blank("resource", resource)?;
        non_blank("action", action)?;
        let given = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.trim().is_empty());
        if !given(&to.user_id) && !given(&to.role_code) {
            return Err(Error::InvalidArgument(
                "allow needs a user_id or a role_code".into(),
            ));
        }
        let vars = AllowVars {
            resource,
            action,
            userId: to.user_id.as_deref(),
            roleCode: to.role_code.as_deref(),
            namespace: to.namespace.as_deref(),
        };
        self.client.message(&ALLOW, &vars).await
    }

    /// Whether the user may perform `action` on `resource` (`query isActionAllowed`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let allowed = client
    ///     .acl()
    ///     .is_allowed("5f7ddfe62ba819802422362e", "books:edit", "books:123", None)
    ///     .await?;
    /// # let _ = allowed; Ok(()) }
    /// ```
    pub async fn is_allowed(
        &self,
        user_id: &str,
        action: &str,
        resource: &str,
        namespace: Option<&str>,
    ) -> Result<bool> {
        self.check(&IS_ACTION_ALLOWED, user_id, action, resource, namespace)
            .await
    }

    /// Whether the user is explicitly denied `action` on `resource`
    /// (`query isActionDenied`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let denied = client
    ///     .acl()
    ///     .is_denied("5f7ddfe62ba819802422362e", "books:delete", "books:123", None)
    ///     .await?;
    /// # let _ = denied; Ok(()) }
    /// ```
    pub async fn is_denied(
        &self,
        user_id: &str,
        action: &str,
        resource: &str,
        namespace: Option<&str>,
    ) -> Result<bool> {
        self.check(&IS_ACTION_DENIED, user_id, action, resource, namespace)
            .await
    }

    async fn check(
        &self,
        op: &Operation,
        user_id: &str,
        action: &str,
        resource: &str,
        namespace: Option<&str>,
    ) -> Result<bool> {
        non_blank("user_id", user_id)?;
        non_blank("action", action)?;
        non_blank("resource", resource)?;
        let vars = ActionCheckVars {
            resource,
            action,
            userId: user_id,
            namespace,
        };
        self.client.graphql(op, &vars).await
    }
}
