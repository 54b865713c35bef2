//! `client.groups()`: user groups, their members and their resources.

use authing_core::__private::{non_blank, non_empty_list, paginate};
use authing_core::models::{CommonMessage, Paginated, User};
use authing_core::{Operation, Result};
use futures_util::Stream;
use serde::{Deserialize, Serialize};

use crate::acl::{
    AUTHORIZED_RESOURCE_FIELDS, AuthorizedResource, ResourceType, WithAuthorizedResources,
    authorized_or,
};
use crate::client::{ListOptions, ManagementClient};

/// The `GroupFields` fragment: every `Group` field the client reads.
pub(crate) const GROUP_FIELDS: &[&str] = &[include_str!("group_fields.graphql")];
const WITH_RESOURCES: &[&str] = AUTHORIZED_RESOURCE_FIELDS;

/// `query groups`.
pub const GROUPS: Operation = Operation::query("groups", "groups", include_str!("groups.graphql"))
    .with_fragments(GROUP_FIELDS)
    .with_variables::<GroupsVars<'static>>();
/// `query group`.
pub const GROUP: Operation = Operation::query("group", "group", include_str!("group.graphql"))
    .with_fragments(GROUP_FIELDS)
    .with_variables::<GroupCodeVars<'static>>();
/// `mutation createGroup`.
pub const CREATE_GROUP: Operation = Operation::mutation(
    "createGroup",
    "createGroup",
    include_str!("create_group.graphql"),
)
.with_fragments(GROUP_FIELDS)
.with_variables::<CreateGroupVars<'static>>();
/// `mutation updateGroup`.
pub const UPDATE_GROUP: Operation = Operation::mutation(
    "updateGroup",
    "updateGroup",
    include_str!("update_group.graphql"),
)
.with_fragments(GROUP_FIELDS)
.with_variables::<UpdateGroupVars<'static>>();
/// `mutation deleteGroups`.
pub const DELETE_GROUPS: Operation = Operation::mutation(
    "deleteGroups",
    "deleteGroups",
    include_str!("delete_groups.graphql"),
)
.with_variables::<DeleteGroupsVars<'static>>();
/// `query groupWithUsers` (root field `group`).
pub const GROUP_WITH_USERS: Operation = Operation::query(
    "groupWithUsers",
    "group",
    include_str!("group_with_users.graphql"),
)
.with_fragments(&[authing_core::models::USER_FIELDS])
.with_variables::<GroupWithUsersVars<'static>>();
/// `mutation addUserToGroup`.
pub const ADD_USER_TO_GROUP: Operation = Operation::mutation(
    "addUserToGroup",
    "addUserToGroup",
    include_str!("add_user_to_group.graphql"),
)
.with_variables::<GroupUsersVars<'static>>();
/// `mutation removeUserFromGroup`.
pub const REMOVE_USER_FROM_GROUP: Operation = Operation::mutation(
    "removeUserFromGroup",
    "removeUserFromGroup",
    include_str!("remove_user_from_group.graphql"),
)
.with_variables::<GroupUsersVars<'static>>();
/// `query listGroupAuthorizedResources` (root field `group`).
pub const LIST_GROUP_AUTHORIZED_RESOURCES: Operation = Operation::query(
    "listGroupAuthorizedResources",
    "group",
    include_str!("list_group_authorized_resources.graphql"),
)
.with_fragments(WITH_RESOURCES)
.with_variables::<GroupResourcesVars<'static>>();

authing_core::variables! {
    /// Variables of `groups`.
    pub(crate) struct GroupsVars<'a> {
        userId: Option<&'a str>,
        page: i32,
        limit: i32,
    }
}

authing_core::variables! {
    /// Variables of `group`.
    pub(crate) struct GroupCodeVars<'a> {
        code: &'a str,
    }
}

authing_core::variables! {
    /// Variables of `createGroup`.
    pub(crate) struct CreateGroupVars<'a> {
        code: &'a str,
        name: &'a str,
        description: Option<&'a str>,
    }
}

authing_core::variables! {
    /// Variables of `updateGroup`.
    pub(crate) struct UpdateGroupVars<'a> {
        code: &'a str,
        name: Option<&'a str>,
        description: Option<&'a str>,
        newCode: Option<&'a str>,
    }
}

authing_core::variables! {
    /// Variables of `deleteGroups`.
    pub(crate) struct DeleteGroupsVars<'a> {
        codeList: &'a [String],
    }
}

authing_core::variables! {
    /// Variables of `groupWithUsers`.
    pub(crate) struct GroupWithUsersVars<'a> {
        code: &'a str,
        page: i32,
        limit: i32,
    }
}

authing_core::variables! {
    /// Variables of `addUserToGroup` and `removeUserFromGroup`.
    pub(crate) struct GroupUsersVars<'a> {
        userIds: &'a [String],
        code: &'a str,
    }
}

authing_core::variables! {
    /// Variables of `listGroupAuthorizedResources`.
    pub(crate) struct GroupResourcesVars<'a> {
        code: &'a str,
        namespace: Option<&'a str>,
        resourceType: Option<&'a str>,
    }
}

/// `Group`: a group of users, addressed by `code`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Group {
    /// Code, unique in the pool.
    pub code: String,
    /// Display name.
    pub name: String,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// Creation time.
    #[serde(default)]
    pub created_at: Option<String>,
    /// Last update time.
    #[serde(default)]
    pub updated_at: Option<String>,
}

/// Changes made by [`GroupsClient::update`]; `None` fields are left unchanged.
///
/// ```
/// use authing::management::UpdateGroupInput;
/// let rename = UpdateGroupInput { new_code: Some("readers".into()), ..Default::default() };
/// # let _ = rename;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UpdateGroupInput {
    /// New name.
    pub name: Option<String>,
    /// New description.
    pub description: Option<String>,
    /// New code (the old one becomes unknown).
    pub new_code: Option<String>,
}

#[derive(Deserialize)]
struct GroupUsers {
    users: Option<Paginated<User>>,
}

/// Groups of the pool: `client.groups()`.
#[derive(Debug, Clone, Copy)]
pub struct GroupsClient<'a> {
    client: &'a ManagementClient,
}

impl ManagementClient {
    /// Groups of the pool.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// let client = authing::management::ManagementClient::builder()
    ///     .user_pool_id("60b4a1c2d3e4f5a6b7c8d9e0")
    ///     .secret("pool-secret")
    ///     .build()?;
    /// let groups = client.groups().list(&Default::default()).await?;
    /// # let _ = groups; Ok(()) }
    /// ```
    pub fn groups(&self) -> GroupsClient<'_> {
        GroupsClient { client: self }
    }
}

impl<'a> GroupsClient<'a> {
    /// Lists groups (`query groups`). Default paging: page 1, 10 items; groups have no
    /// namespace (`options.namespace` is not used).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::management::ListOptions;
    /// let page = client.groups().list(&ListOptions::new(1, 50)).await?;
    /// # let _ = page; Ok(()) }
    /// ```
    pub async fn list(&self, options: &ListOptions) -> Result<Paginated<Group>> {
        self.list_of(None, options).await
    }

    pub(crate) async fn list_of(
        &self,
        user_id: Option<&str>,
        options: &ListOptions,
    ) -> Result<Paginated<Group>> {
        let (page, limit) = options.paging()?;
        let vars = GroupsVars {
            userId: user_id,
            page,
            limit,
        };
        self.client.graphql(&GROUPS, &vars).await
    }

    /// Every group, page after page from `options.page` (see [`list`](Self::list)).
    /// Pages are fetched lazily.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::futures_util::TryStreamExt;
    /// let all: Vec<_> = client.groups().list_stream(&Default::default()).try_collect().await?;
    /// # let _ = all; Ok(()) }
    /// ```
    pub fn list_stream(&self, options: &ListOptions) -> impl Stream<Item = Result<Group>> + 'a {
        let (groups, options) = (*self, options.clone());
        paginate(options.page, options.limit, move |page| {
            let options = options.at(page);
            async move { groups.list(&options).await }
        })
    }

    /// Creates a group (`mutation createGroup`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let g = client.groups().create("readers", "Readers", Some("may read")).await?;
    /// # let _ = g; Ok(()) }
    /// ```
    pub async fn create(&self, code: &str, name: &str, description: Option<&str>) -> Result<Group> {
        non_blank("code", code)?;
        non_blank("name", name)?;
        let vars = CreateGroupVars {
            code,
            name,
            description,
        };
        self.client.graphql(&CREATE_GROUP, &vars).await
    }

    /// A group's details (`query group`); `None` when there is no such group.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let g = client.groups().detail("readers").await?;
    /// # let _ = g; Ok(()) }
    /// ```
    pub async fn detail(&self, code: &str) -> Result<Option<Group>> {
        non_blank("code", code)?;
        self.client.graphql(&GROUP, &GroupCodeVars { code }).await
    }

    /// Updates a group (`mutation updateGroup`); `new_code` renames it.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::management::UpdateGroupInput;
    /// let g = client
    ///     .groups()
    ///     .update("readers", &UpdateGroupInput { name: Some("Book readers".into()), ..Default::default() })
    ///     .await?;
    /// # let _ = g; Ok(()) }
    /// ```
    pub async fn update(&self, code: &str, input: &UpdateGroupInput) -> Result<Group> {
        non_blank("code", code)?;
        let vars = UpdateGroupVars {
            code,
            name: input.name.as_deref(),
            description: input.description.as_deref(),
            newCode: input.new_code.as_deref(),
        };
        self.client.graphql(&UPDATE_GROUP, &vars).await
    }

    /// Deletes a group (`mutation deleteGroups` with one code). An unknown code is an
    /// [`Error::Api`](crate::Error::Api).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// client.groups().delete("readers").await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete(&self, code: &str) -> Result<CommonMessage> {
        self.delete_many([code]).await
    }

    /// Deletes several groups (`mutation deleteGroups`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// client.groups().delete_many(["readers", "writers"]).await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_many<I, S>(&self, codes: I) -> Result<CommonMessage>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let codes = non_empty_list("codes", codes)?;
        self.client
            .message(&DELETE_GROUPS, &DeleteGroupsVars { codeList: &codes })
            .await
    }

    /// The group's members (`query groupWithUsers`). Default paging: page 1, 10
    /// items. An unknown group gives an empty page (as the official SDKs do).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let users = client.groups().list_users("readers", &Default::default()).await?;
    /// # let _ = users; Ok(()) }
    /// ```
    pub async fn list_users(&self, code: &str, options: &ListOptions) -> Result<Paginated<User>> {
        non_blank("code", code)?;
        let (page, limit) = options.paging()?;
        let vars = GroupWithUsersVars { code, page, limit };
        let group: Option<GroupUsers> = self.client.graphql(&GROUP_WITH_USERS, &vars).await?;
        Ok(group.and_then(|g| g.users).unwrap_or_else(Paginated::empty))
    }

    /// Every member of the group, page after page from `options.page` (see
    /// [`list_users`](Self::list_users)). Pages are fetched lazily.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::futures_util::TryStreamExt;
    /// let all: Vec<_> = client.groups().list_users_stream("readers", &Default::default()).try_collect().await?;
    /// # let _ = all; Ok(()) }
    /// ```
    pub fn list_users_stream(
        &self,
        code: &str,
        options: &ListOptions,
    ) -> impl Stream<Item = Result<User>> + 'a {
        let (groups, code, options) = (*self, code.to_owned(), options.clone());
        paginate(options.page, options.limit, move |page| {
            let (options, code) = (options.at(page), code.clone());
            async move { groups.list_users(&code, &options).await }
        })
    }

    /// Adds users to the group (`mutation addUserToGroup`). An unknown user id is an
    /// [`Error::Api`](crate::Error::Api).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// client.groups().add_users("readers", ["5f7ddfe62ba819802422362e"]).await?;
    /// # Ok(()) }
    /// ```
    pub async fn add_users<I, S>(&self, code: &str, user_ids: I) -> Result<CommonMessage>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.users_op(&ADD_USER_TO_GROUP, code, user_ids).await
    }

    /// Removes users from the group (`mutation removeUserFromGroup`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// client.groups().remove_users("readers", ["5f7ddfe62ba819802422362e"]).await?;
    /// # Ok(()) }
    /// ```
    pub async fn remove_users<I, S>(&self, code: &str, user_ids: I) -> Result<CommonMessage>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.users_op(&REMOVE_USER_FROM_GROUP, code, user_ids).await
    }

    pub(crate) async fn users_op<I, S>(
        &self,
        op: &Operation,
        code: &str,
        user_ids: I,
    ) -> Result<CommonMessage>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        non_blank("code", code)?;
        let ids = non_empty_list("user_ids", user_ids)?;
        let vars = GroupUsersVars {
            userIds: &ids,
            code,
        };
        self.client.message(op, &vars).await
    }

    /// The resources granted to the group (`query listGroupAuthorizedResources`), in
    /// `namespace` (all namespaces when `None`) and optionally of one kind. An unknown
    /// group is an [`Error::Api`](crate::Error::Api) with code 500 ("group not
    /// found", as the Python SDK raises).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let page = client.groups().list_authorized_resources("readers", Some("books-app"), None).await?;
    /// # let _ = page; Ok(()) }
    /// ```
    pub async fn list_authorized_resources(
        &self,
        code: &str,
        namespace: Option<&str>,
        resource_type: Option<ResourceType>,
    ) -> Result<Paginated<AuthorizedResource>> {
        non_blank("code", code)?;
        let vars = GroupResourcesVars {
            code,
            namespace,
            resourceType: resource_type.as_ref().map(ResourceType::as_str),
        };
        let group: Option<WithAuthorizedResources> = self
            .client
            .graphql(&LIST_GROUP_AUTHORIZED_RESOURCES, &vars)
            .await?;
        authorized_or(group, 500, "group")
    }
}
