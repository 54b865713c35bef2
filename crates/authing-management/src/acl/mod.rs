//! `client.acl()`: grants, permission checks, namespaces, resources and resource
//! authorization.

use authing_core::__private::non_blank;
use authing_core::models::{CommonMessage, Paginated};
use authing_core::{Error, Operation, Result};

use crate::client::ManagementClient;
use crate::models::PolicyAssignmentTargetType;

mod resources;
pub(crate) mod types;

pub use types::{
    ActionsFilter, AuthorizeResourceOpt, AuthorizeTarget, AuthorizedResource,
    AuthorizedTargetsOptions, CreateResourceInput, ListResourcesOptions, Operator, Resource,
    ResourceAction, ResourceNamespace, ResourcePermission, ResourcePermissionAssignment,
    ResourceType, UpdateNamespaceInput, UpdateResourceInput,
};

/// The `AuthorizedResourceFields` fragment, spread by every `authorizedResources` query.
pub(crate) const AUTHORIZED_RESOURCE_FIELDS: &[&str] =
    &[include_str!("authorized_resource_fields.graphql")];

authing_core::input_object! {
    /// `AuthorizeResourceOpt`.
    pub(crate) struct AuthorizeResourceOptVars<'a> as "AuthorizeResourceOpt" {
        targetType: PolicyAssignmentTargetType,
        targetIdentifier: &'a str,
        actions: Option<&'a [String]>,
    }
}

authing_core::input_object! {
    /// `AuthorizedTargetsActionsInput`.
    pub(crate) struct ActionsInputVars<'a> as "AuthorizedTargetsActionsInput" {
        op: Operator,
        list: &'a [String],
    }
}

authing_core::variables! {
    /// Variables of `authorizeResource`.
    pub(crate) struct AuthorizeResourceVars<'a> {
        namespace: &'a str,
        resource: &'a str,
        opts: &'a [AuthorizeResourceOptVars<'a>],
    }
}

authing_core::variables! {
    /// Variables of `authorizedResources`.
    pub(crate) struct AuthorizedResourcesVars<'a> {
        targetType: PolicyAssignmentTargetType,
        targetIdentifier: &'a str,
        namespace: &'a str,
        resourceType: Option<&'a str>,
    }
}

authing_core::variables! {
    /// Variables of `authorizedTargets`.
    pub(crate) struct AuthorizedTargetsVars<'a> {
        namespace: &'a str,
        resourceType: ResourceType,
        resource: &'a str,
        targetType: Option<PolicyAssignmentTargetType>,
        actions: Option<ActionsInputVars<'a>>,
    }
}

/// `mutation authorizeResource`.
pub const AUTHORIZE_RESOURCE: Operation = Operation::mutation(
    "authorizeResource",
    "authorizeResource",
    include_str!("authorize_resource.graphql"),
)
.with_variables::<AuthorizeResourceVars<'static>>();
/// `query authorizedResources`.
pub const AUTHORIZED_RESOURCES: Operation = Operation::query(
    "authorizedResources",
    "authorizedResources",
    include_str!("authorized_resources.graphql"),
)
.with_fragments(AUTHORIZED_RESOURCE_FIELDS)
.with_variables::<AuthorizedResourcesVars<'static>>();
/// `query authorizedTargets`.
pub const AUTHORIZED_TARGETS: Operation = Operation::query(
    "authorizedTargets",
    "authorizedTargets",
    include_str!("authorized_targets.graphql"),
)
.with_variables::<AuthorizedTargetsVars<'static>>();

/// Decodes the `authorizedResources` field of a looked-up object (`user`, `role`,
/// `group`, `nodeById`, `nodeByCode`); a `null` object is `what` not found.
#[derive(serde::Deserialize)]
pub(crate) struct WithAuthorizedResources {
    #[serde(rename = "authorizedResources")]
    authorized_resources: Option<Paginated<AuthorizedResource>>,
}

/// The resources of a looked-up object; `null` object → [`Error::Api`] `code`.
pub(crate) fn authorized_or(
    found: Option<WithAuthorizedResources>,
    code: i64,
    what: &str,
) -> Result<Paginated<AuthorizedResource>> {
    match found {
        Some(o) => Ok(o.authorized_resources.unwrap_or_else(Paginated::empty)),
        None => Err(Error::api(
            code,
            format!("{what} not found (the service answered null)"),
            200,
        )),
    }
}

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

    /// Grants `resource` (a code such as `books`, `books:1`, `books:*` or `menu_a`) in
    /// `namespace` to each target of `opts`, with its actions
    /// (`mutation authorizeResource`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::management::{AuthorizeResourceOpt, AuthorizeTarget};
    /// client
    ///     .acl()
    ///     .authorize_resource("books-app", "books:*", &[
    ///         AuthorizeResourceOpt::new(AuthorizeTarget::Role("editor".into())).with_actions(["books:edit"]),
    ///         AuthorizeResourceOpt::new(AuthorizeTarget::Group("readers".into())).with_actions(["books:read"]),
    ///     ])
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn authorize_resource(
        &self,
        namespace: &str,
        resource: &str,
        opts: &[AuthorizeResourceOpt],
    ) -> Result<CommonMessage> {
        non_blank("namespace", namespace)?;
        non_blank("resource", resource)?;
        if opts.is_empty() {
            return Err(Error::InvalidArgument("opts must not be empty".into()));
        }
        for o in opts {
            o.target.check()?;
            types::check_actions(o.actions.as_deref())?;
        }
        let opts: Vec<_> = opts
            .iter()
            .map(|o| AuthorizeResourceOptVars {
                targetType: o.target.target_type(),
                targetIdentifier: o.target.identifier(),
                actions: o.actions.as_deref(),
            })
            .collect();
        let vars = AuthorizeResourceVars {
            namespace,
            resource,
            opts: &opts,
        };
        self.client.message(&AUTHORIZE_RESOURCE, &vars).await
    }

    /// The resources of `namespace` granted to `target` (`query authorizedResources`),
    /// optionally of one kind.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::management::{AuthorizeTarget, ResourceType};
    /// let page = client
    ///     .acl()
    ///     .list_authorized_resources("books-app", &AuthorizeTarget::Role("editor".into()), Some(ResourceType::Data))
    ///     .await?;
    /// for r in page.list { println!("{} {:?}", r.code, r.actions); }
    /// # Ok(()) }
    /// ```
    pub async fn list_authorized_resources(
        &self,
        namespace: &str,
        target: &AuthorizeTarget,
        resource_type: Option<ResourceType>,
    ) -> Result<Paginated<AuthorizedResource>> {
        non_blank("namespace", namespace)?;
        target.check()?;
        let vars = AuthorizedResourcesVars {
            targetType: target.target_type(),
            targetIdentifier: target.identifier(),
            namespace,
            resourceType: resource_type.as_ref().map(ResourceType::as_str),
        };
        let page: Option<Paginated<AuthorizedResource>> =
            self.client.graphql(&AUTHORIZED_RESOURCES, &vars).await?;
        Ok(page.unwrap_or_else(Paginated::empty))
    }

    /// Who holds `resource` of kind `resource_type` in `namespace`, optionally only
    /// targets of one kind or holding some actions (`query authorizedTargets`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::management::{ActionsFilter, AuthorizedTargetsOptions, Operator, ResourceType};
    /// let holders = client
    ///     .acl()
    ///     .get_authorized_targets("books-app", ResourceType::Data, "books:*", &AuthorizedTargetsOptions {
    ///         actions: Some(ActionsFilter::new(Operator::Or, ["books:edit"])),
    ///         ..Default::default()
    ///     })
    ///     .await?;
    /// # let _ = holders; Ok(()) }
    /// ```
    pub async fn get_authorized_targets(
        &self,
        namespace: &str,
        resource_type: ResourceType,
        resource: &str,
        options: &AuthorizedTargetsOptions,
    ) -> Result<Paginated<ResourcePermissionAssignment>> {
        non_blank("namespace", namespace)?;
        non_blank("resource", resource)?;
        let actions = options.actions.as_ref().map(|a| ActionsInputVars {
            op: a.op.clone(),
            list: &a.list,
        });
        let vars = AuthorizedTargetsVars {
            namespace,
            resourceType: resource_type,
            resource,
            targetType: options.target_type.clone(),
            actions,
        };
        let raw: Option<types::RawTargets> =
            self.client.graphql(&AUTHORIZED_TARGETS, &vars).await?;
        Ok(raw.map_or_else(Paginated::empty, types::RawTargets::into_page))
    }
}
