//! `client.roles()`: roles, their users and their policies.

mod udf_values;

use authing_core::__private::{non_blank, non_empty_list, paginate};
use authing_core::models::{CommonMessage, Paginated, User};
use authing_core::{Operation, Result};
use futures_util::Stream;
use serde::Deserialize;

use crate::client::{CodeListVars, CodeVars, ListOptions, ManagementClient, PageVars};
use crate::models::{PolicyAssignment, PolicyAssignmentTargetType, Role};
use crate::policies::{
    ADD_POLICY_ASSIGNMENTS, POLICY_ASSIGNMENTS, PolicyAssignmentsVars, REMOVE_POLICY_ASSIGNMENTS,
};

/// The `RoleFields` fragment: every `Role` field the client reads.
pub(crate) const ROLE_FIELDS: &[&str] = &[include_str!("role_fields.graphql")];

/// `query roles`.
pub const ROLES: Operation = Operation::query("roles", "roles", include_str!("roles.graphql"))
    .with_fragments(ROLE_FIELDS)
    .with_variables::<PageVars<'static>>();
/// `mutation createRole`.
pub const CREATE_ROLE: Operation = Operation::mutation(
    "createRole",
    "createRole",
    include_str!("create_role.graphql"),
)
.with_fragments(ROLE_FIELDS)
.with_variables::<CreateRoleVars<'static>>();
/// `query role`.
pub const ROLE: Operation = Operation::query("role", "role", include_str!("role.graphql"))
    .with_fragments(ROLE_FIELDS)
    .with_variables::<CodeVars<'static>>();
/// `mutation updateRole`.
pub const UPDATE_ROLE: Operation = Operation::mutation(
    "updateRole",
    "updateRole",
    include_str!("update_role.graphql"),
)
.with_fragments(ROLE_FIELDS)
.with_variables::<UpdateRoleVars<'static>>();
/// `mutation deleteRole`.
pub const DELETE_ROLE: Operation = Operation::mutation(
    "deleteRole",
    "deleteRole",
    include_str!("delete_role.graphql"),
)
.with_variables::<CodeVars<'static>>();
/// `mutation deleteRoles`.
pub const DELETE_ROLES: Operation = Operation::mutation(
    "deleteRoles",
    "deleteRoles",
    include_str!("delete_roles.graphql"),
)
.with_variables::<CodeListVars<'static>>();
/// `query roleWithUsers` (root field `role`).
pub const ROLE_WITH_USERS: Operation = Operation::query(
    "roleWithUsers",
    "role",
    include_str!("role_with_users.graphql"),
)
.with_fragments(&[authing_core::models::USER_FIELDS])
.with_variables::<RoleWithUsersVars<'static>>();
/// `mutation assignRole`.
pub const ASSIGN_ROLE: Operation = Operation::mutation(
    "assignRole",
    "assignRole",
    include_str!("assign_role.graphql"),
)
.with_variables::<RoleAssignmentVars<'static>>();
/// `mutation revokeRole`.
pub const REVOKE_ROLE: Operation = Operation::mutation(
    "revokeRole",
    "revokeRole",
    include_str!("revoke_role.graphql"),
)
.with_variables::<RoleAssignmentVars<'static>>();

/// `query listRoleAuthorizedResources` (root field `role`).
pub const LIST_ROLE_AUTHORIZED_RESOURCES: Operation = Operation::query(
    "listRoleAuthorizedResources",
    "role",
    include_str!("list_role_authorized_resources.graphql"),
)
.with_fragments(crate::acl::AUTHORIZED_RESOURCE_FIELDS)
.with_variables::<RoleResourcesVars<'static>>();

authing_core::variables! {
    /// Variables of `listRoleAuthorizedResources`.
    pub(crate) struct RoleResourcesVars<'a> { code: &'a str, namespace: Option<&'a str>, resourceType: Option<&'a str> }
}

authing_core::variables! {
    /// Variables of `createRole`.
    pub(crate) struct CreateRoleVars<'a> {
        namespace: Option<&'a str>,
        code: &'a str,
        description: Option<&'a str>,
        parent: Option<&'a str>,
    }
}

authing_core::variables! {
    /// Variables of `updateRole`.
    pub(crate) struct UpdateRoleVars<'a> {
        code: &'a str,
        description: Option<&'a str>,
        newCode: Option<&'a str>,
        namespace: Option<&'a str>,
    }
}

authing_core::variables! {
    /// Variables of `roleWithUsers`.
    pub(crate) struct RoleWithUsersVars<'a> {
        code: &'a str,
        namespace: Option<&'a str>,
        page: i32,
        limit: i32,
    }
}

authing_core::variables! {
    /// Variables of `assignRole` and `revokeRole` (to users, or to org nodes by id).
    pub(crate) struct RoleAssignmentVars<'a> {
        namespace: Option<&'a str>,
        roleCodes: &'a [String],
        userIds: Option<&'a [String]>,
        nodeCodes: Option<&'a [String]>,
    }
}

/// Options of [`RolesClient::create`].
///
/// ```
/// use authing::management::CreateRoleOptions;
/// let o = CreateRoleOptions { parent: Some("staff".into()), ..Default::default() };
/// # let _ = o;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CreateRoleOptions {
    /// Description.
    pub description: Option<String>,
    /// Code of the parent role.
    pub parent: Option<String>,
    /// Permission group code; `None` for the default one.
    pub namespace: Option<String>,
}

/// Changes made by [`RolesClient::update`]; `None` fields are left unchanged.
///
/// ```
/// use authing::management::UpdateRoleInput;
/// let rename = UpdateRoleInput { new_code: Some("editor".into()), ..Default::default() };
/// # let _ = rename;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UpdateRoleInput {
    /// New description.
    pub description: Option<String>,
    /// New code (renames the role).
    pub new_code: Option<String>,
    /// Permission group of the role; `None` for the default one.
    pub namespace: Option<String>,
}

#[derive(Deserialize)]
struct RoleUsers {
    users: Option<Paginated<User>>,
}

/// Roles of the pool: `client.roles()`. Roles are addressed by code within a
/// namespace (permission group; `None` = the default one).
#[derive(Debug, Clone, Copy)]
pub struct RolesClient<'a> {
    client: &'a ManagementClient,
}

impl ManagementClient {
    /// Roles of the pool.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// let client = authing::management::ManagementClient::builder()
    ///     .user_pool_id("60b4a1c2d3e4f5a6b7c8d9e0")
    ///     .secret("pool-secret")
    ///     .build()?;
    /// let roles = client.roles().list(&Default::default()).await?;
    /// # let _ = roles; Ok(()) }
    /// ```
    pub fn roles(&self) -> RolesClient<'_> {
        RolesClient { client: self }
    }
}

impl<'a> RolesClient<'a> {
    /// Lists roles (`query roles`). Default paging: page 1, 10 items.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::management::ListOptions;
    /// let page = client.roles().list(&ListOptions::new(1, 50).with_namespace("books")).await?;
    /// # let _ = page; Ok(()) }
    /// ```
    pub async fn list(&self, options: &ListOptions) -> Result<Paginated<Role>> {
        let (page, limit) = options.paging()?;
        let vars = PageVars {
            namespace: options.namespace.as_deref(),
            page,
            limit,
        };
        self.client.graphql(&ROLES, &vars).await
    }

    /// Every role, page after page from `options.page` (see [`list`](Self::list)).
    /// Pages are fetched lazily; stop early by dropping the stream.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::futures_util::TryStreamExt;
    /// let all: Vec<_> = client.roles().list_stream(&Default::default()).try_collect().await?;
    /// # let _ = all; Ok(()) }
    /// ```
    pub fn list_stream(&self, options: &ListOptions) -> impl Stream<Item = Result<Role>> + 'a {
        let (roles, options) = (*self, options.clone());
        paginate(options.page, options.limit, move |page| {
            let options = options.at(page);
            async move { roles.list(&options).await }
        })
    }

    /// Creates a role (`mutation createRole`), optionally under a parent role.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::management::CreateRoleOptions;
    /// let role = client
    ///     .roles()
    ///     .create("editor", &CreateRoleOptions {
    ///         description: Some("Edits books".into()),
    ///         parent: Some("staff".into()),
    ///         ..Default::default()
    ///     })
    ///     .await?;
    /// # let _ = role; Ok(()) }
    /// ```
    pub async fn create(&self, code: &str, options: &CreateRoleOptions) -> Result<Role> {
        non_blank("code", code)?;
        let vars = CreateRoleVars {
            namespace: options.namespace.as_deref(),
            code,
            description: options.description.as_deref(),
            parent: options.parent.as_deref(),
        };
        self.client.graphql(&CREATE_ROLE, &vars).await
    }

    /// A role's details (`query role`); `None` when there is no such role.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let role = client.roles().detail("editor", None).await?;
    /// # let _ = role; Ok(()) }
    /// ```
    pub async fn detail(&self, code: &str, namespace: Option<&str>) -> Result<Option<Role>> {
        non_blank("code", code)?;
        self.client
            .graphql(&ROLE, &CodeVars { code, namespace })
            .await
    }

    /// Updates a role (`mutation updateRole`); `new_code` renames it.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::management::UpdateRoleInput;
    /// let role = client
    ///     .roles()
    ///     .update("editor", &UpdateRoleInput { new_code: Some("writer".into()), ..Default::default() })
    ///     .await?;
    /// # let _ = role; Ok(()) }
    /// ```
    pub async fn update(&self, code: &str, input: &UpdateRoleInput) -> Result<Role> {
        non_blank("code", code)?;
        let vars = UpdateRoleVars {
            code,
            description: input.description.as_deref(),
            newCode: input.new_code.as_deref(),
            namespace: input.namespace.as_deref(),
        };
        self.client.graphql(&UPDATE_ROLE, &vars).await
    }

    /// Deletes a role (`mutation deleteRole`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// client.roles().delete("editor", None).await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete(&self, code: &str, namespace: Option<&str>) -> Result<CommonMessage> {
        non_blank("code", code)?;
        self.client
            .message(&DELETE_ROLE, &CodeVars { code, namespace })
            .await
    }

    /// Deletes several roles (`mutation deleteRoles`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// client.roles().delete_many(["editor", "writer"], None).await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_many<I, S>(
        &self,
        codes: I,
        namespace: Option<&str>,
    ) -> Result<CommonMessage>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let codes = non_empty_list("codes", codes)?;
        self.client
            .message(
                &DELETE_ROLES,
                &CodeListVars {
                    codeList: &codes,
                    namespace,
                },
            )
            .await
    }

    /// The users holding the role (`query roleWithUsers`), with custom data. Default
    /// paging: page 1, 10 items. An unknown role gives an empty page (as the official
    /// SDKs do).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let users = client.roles().list_users("editor", &Default::default()).await?;
    /// # let _ = users; Ok(()) }
    /// ```
    pub async fn list_users(&self, code: &str, options: &ListOptions) -> Result<Paginated<User>> {
        non_blank("code", code)?;
        let (page, limit) = options.paging()?;
        let vars = RoleWithUsersVars {
            code,
            namespace: options.namespace.as_deref(),
            page,
            limit,
        };
        let role: Option<RoleUsers> = self.client.graphql(&ROLE_WITH_USERS, &vars).await?;
        Ok(role.and_then(|r| r.users).unwrap_or_else(Paginated::empty))
    }

    /// Every user holding the role, page after page from `options.page` (see
    /// [`list_users`](Self::list_users)). Pages are fetched lazily.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::futures_util::TryStreamExt;
    /// let all: Vec<_> = client.roles().list_users_stream("editor", &Default::default()).try_collect().await?;
    /// # let _ = all; Ok(()) }
    /// ```
    pub fn list_users_stream(
        &self,
        code: &str,
        options: &ListOptions,
    ) -> impl Stream<Item = Result<User>> + 'a {
        let (roles, code, options) = (*self, code.to_owned(), options.clone());
        paginate(options.page, options.limit, move |page| {
            let (options, code) = (options.at(page), code.clone());
            async move { roles.list_users(&code, &options).await }
        })
    }

    /// Grants the role to users (`mutation assignRole`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// client.roles().add_users("editor", ["5f7ddfe62ba819802422362e"], None).await?;
    /// # Ok(()) }
    /// ```
    pub async fn add_users<I, S>(
        &self,
        code: &str,
        user_ids: I,
        namespace: Option<&str>,
    ) -> Result<CommonMessage>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.users_op(&ASSIGN_ROLE, code, user_ids, namespace).await
    }

    /// Revokes the role from users (`mutation revokeRole`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// client.roles().remove_users("editor", ["5f7ddfe62ba819802422362e"], None).await?;
    /// # Ok(()) }
    /// ```
    pub async fn remove_users<I, S>(
        &self,
        code: &str,
        user_ids: I,
        namespace: Option<&str>,
    ) -> Result<CommonMessage>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.users_op(&REVOKE_ROLE, code, user_ids, namespace).await
    }

    async fn users_op<I, S>(
        &self,
        op: &Operation,
        code: &str,
        user_ids: I,
        namespace: Option<&str>,
    ) -> Result<CommonMessage>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        non_blank("code", code)?;
        let ids = non_empty_list("user_ids", user_ids)?;
        let codes = [code.to_owned()];
        let vars = RoleAssignmentVars {
            namespace,
            roleCodes: &codes,
            userIds: Some(&ids),
            nodeCodes: None,
        };
        self.client.nullable_message(op, &vars).await
    }

    /// The policies assigned to the role (`query policyAssignments`, target type
    /// `ROLE`). Default paging: page 1, 10 items.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let page = client.roles().list_policies("editor", &Default::default()).await?;
    /// # let _ = page; Ok(()) }
    /// ```
    pub async fn list_policies(
        &self,
        code: &str,
        options: &ListOptions,
    ) -> Result<Paginated<PolicyAssignment>> {
        non_blank("code", code)?;
        let (page, limit) = options.paging()?;
        let vars = PolicyAssignmentsVars {
            namespace: options.namespace.as_deref(),
            code: None,
            targetType: Some(PolicyAssignmentTargetType::Role),
            targetIdentifier: Some(code),
            page,
            limit,
        };
        self.client.graphql(&POLICY_ASSIGNMENTS, &vars).await
    }

    /// Every policy assigned to the role, page after page from `options.page` (see
    /// [`list_policies`](Self::list_policies)). Pages are fetched lazily.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::futures_util::TryStreamExt;
    /// let all: Vec<_> = client.roles().list_policies_stream("editor", &Default::default()).try_collect().await?;
    /// # let _ = all; Ok(()) }
    /// ```
    pub fn list_policies_stream(
        &self,
        code: &str,
        options: &ListOptions,
    ) -> impl Stream<Item = Result<PolicyAssignment>> + 'a {
        let (roles, code, options) = (*self, code.to_owned(), options.clone());
        paginate(options.page, options.limit, move |page| {
            let (options, code) = (options.at(page), code.clone());
            async move { roles.list_policies(&code, &options).await }
        })
    }

    /// Assigns policies to the role (`mutation addPolicyAssignments`, target type
    /// `ROLE`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// client.roles().add_policies("editor", ["book-writers"], None).await?;
    /// # Ok(()) }
    /// ```
    pub async fn add_policies<I, S>(
        &self,
        code: &str,
        policies: I,
        namespace: Option<&str>,
    ) -> Result<CommonMessage>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        crate::policies::assign_to_one(
            self.client,
            &ADD_POLICY_ASSIGNMENTS,
            "code",
            PolicyAssignmentTargetType::Role,
            code,
            policies,
            namespace,
        )
        .await
    }

    /// Removes policies from the role (`mutation removePolicyAssignments`, target type
    /// `ROLE`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// client.roles().remove_policies("editor", ["book-writers"], None).await?;
    /// # Ok(()) }
    /// ```
    pub async fn remove_policies<I, S>(
        &self,
        code: &str,
        policies: I,
        namespace: Option<&str>,
    ) -> Result<CommonMessage>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        crate::policies::assign_to_one(
            self.client,
            &REMOVE_POLICY_ASSIGNMENTS,
            "code",
            PolicyAssignmentTargetType::Role,
            code,
            policies,
            namespace,
        )
        .await
    }
    /// The resources granted to the role (`query listRoleAuthorizedResources`), in
    /// `namespace` (the role's namespace; `None` for the default one) and optionally of
    /// one kind. An unknown role is an [`Error::Api`](crate::Error::Api) with code 500
    /// ("role not found", as the Python SDK raises).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let page = client.roles().list_authorized_resources("editor", Some("books-app"), None).await?;
    /// for r in page.list { println!("{} {:?}", r.code, r.actions); }
    /// # Ok(()) }
    /// ```
    pub async fn list_authorized_resources(
        &self,
        code: &str,
        namespace: Option<&str>,
        resource_type: Option<crate::acl::ResourceType>,
    ) -> Result<Paginated<crate::acl::AuthorizedResource>> {
        non_blank("code", code)?;
        let vars = RoleResourcesVars {
            code,
            namespace,
            resourceType: resource_type.as_ref().map(crate::acl::ResourceType::as_str),
        };
        let role: Option<crate::acl::WithAuthorizedResources> = self
            .client
            .graphql(&LIST_ROLE_AUTHORIZED_RESOURCES, &vars)
            .await?;
        crate::acl::authorized_or(role, 500, "role")
    }
}
