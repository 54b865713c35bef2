//! `client.users()`: groups, departments, organizations, authorized resources and
//! permission checks of a user.

use authing_core::__private::{RestRequest, non_blank, non_empty_list};
use authing_core::models::{CommonMessage, Paginated};
use authing_core::{Error, Operation, Result, codes};
use serde::Deserialize;
use serde_json::json;

use super::UsersClient;
use crate::acl::{
    AUTHORIZED_RESOURCE_FIELDS, AuthorizedResource, ResourcePermission, ResourceType,
    WithAuthorizedResources, authorized_or,
};
use crate::client::path_segment;
use crate::groups::{ADD_USER_TO_GROUP, GROUP_FIELDS, Group, REMOVE_USER_FROM_GROUP};
use crate::org::UserDepartment;
use authing_core::models::OrgPathStep;

/// `query getUserGroups` (root field `user`).
pub const GET_USER_GROUPS: Operation = Operation::query(
    "getUserGroups",
    "user",
    include_str!("get_user_groups.graphql"),
)
.with_fragments(GROUP_FIELDS)
.with_variables::<UserIdVars<'static>>();
/// `query getUserDepartments` (root field `user`).
pub const GET_USER_DEPARTMENTS: Operation = Operation::query(
    "getUserDepartments",
    "user",
    include_str!("get_user_departments.graphql"),
)
.with_fragments(crate::org::NODE)
.with_variables::<UserDepartmentsVars<'static>>();
/// `query listUserAuthorizedResources` (root field `user`).
pub const LIST_USER_AUTHORIZED_RESOURCES: Operation = Operation::query(
    "listUserAuthorizedResources",
    "user",
    include_str!("list_user_authorized_resources.graphql"),
)
.with_fragments(AUTHORIZED_RESOURCE_FIELDS)
.with_variables::<UserResourcesVars<'static>>();

authing_core::variables! {
    /// Variables of `getUserGroups`.
    pub(crate) struct UserIdVars<'a> { id: &'a str }
}
authing_core::variables! {
    /// Variables of `getUserDepartments`.
    pub(crate) struct UserDepartmentsVars<'a> { id: &'a str, orgId: Option<&'a str> }
}
authing_core::variables! {
    /// Variables of `listUserAuthorizedResources`.
    pub(crate) struct UserResourcesVars<'a> {
        id: &'a str,
        namespace: Option<&'a str>,
        resourceType: Option<&'a str>,
    }
}

#[derive(Deserialize)]
struct UserGroups {
    groups: Option<Paginated<Group>>,
}

#[derive(Deserialize)]
struct UserDepartments {
    departments: Option<Paginated<UserDepartment>>,
}

fn user_not_found() -> Error {
    Error::api(
        codes::USER_NOT_FOUND,
        "user not found (the service answered null)",
        200,
    )
}

impl UsersClient<'_> {
    /// The groups the user belongs to (`query getUserGroups`). An unknown user is an
    /// [`Error::Api`] with code 2004.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let groups = client.users().list_groups("5f7ddfe62ba819802422362e").await?;
    /// # let _ = groups; Ok(()) }
    /// ```
    pub async fn list_groups(&self, user_id: &str) -> Result<Paginated<Group>> {
        non_blank("user_id", user_id)?;
        let user: Option<UserGroups> = self
            .client
            .graphql(&GET_USER_GROUPS, &UserIdVars { id: user_id })
            .await?;
        let user = user.ok_or_else(user_not_found)?;
        Ok(user.groups.unwrap_or_else(Paginated::empty))
    }

    /// Adds the user to a group (`mutation addUserToGroup`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// client.users().add_group("5f7ddfe62ba819802422362e", "readers").await?;
    /// # Ok(()) }
    /// ```
    pub async fn add_group(&self, user_id: &str, group_code: &str) -> Result<CommonMessage> {
        non_blank("user_id", user_id)?;
        self.client
            .groups()
            .users_op(&ADD_USER_TO_GROUP, group_code, [user_id])
            .await
    }

    /// Removes the user from a group (`mutation removeUserFromGroup`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// client.users().remove_group("5f7ddfe62ba819802422362e", "readers").await?;
    /// # Ok(()) }
    /// ```
    pub async fn remove_group(&self, user_id: &str, group_code: &str) -> Result<CommonMessage> {
        non_blank("user_id", user_id)?;
        self.client
            .groups()
            .users_op(&REMOVE_USER_FROM_GROUP, group_code, [user_id])
            .await
    }

    /// The user's organizations: for each department the user belongs to, its path:
    /// the organization, then the nodes from the root down to the department
    /// (`GET /api/v2/users/{id}/orgs`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// for path in client.users().list_org("5f7ddfe62ba819802422362e").await? {
    ///     let names: Vec<_> = path
    ///         .iter()
    ///         .filter_map(|step| step.as_node())
    ///         .map(|n| n.name.as_str())
    ///         .collect();
    ///     println!("{}", names.join(" / "));
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn list_org(&self, user_id: &str) -> Result<Vec<Vec<OrgPathStep>>> {
        non_blank("user_id", user_id)?;
        let path = format!("/api/v2/users/{}/orgs", path_segment(user_id));
        let paths: Option<Vec<Vec<OrgPathStep>>> = self.client.rest(RestRequest::get(path)).await?;
        Ok(paths.unwrap_or_default())
    }

    /// The departments the user belongs to, optionally only in one organization
    /// (`query getUserDepartments`). An unknown user is an [`Error::Api`] with code
    /// 2004.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let page = client.users().list_department("5f7ddfe62ba819802422362e", None).await?;
    /// for d in page.list { println!("{} main={}", d.department.name, d.is_main_department); }
    /// # Ok(()) }
    /// ```
    pub async fn list_department(
        &self,
        user_id: &str,
        org_id: Option<&str>,
    ) -> Result<Paginated<UserDepartment>> {
        non_blank("user_id", user_id)?;
        let vars = UserDepartmentsVars {
            id: user_id,
            orgId: org_id,
        };
        let user: Option<UserDepartments> =
            self.client.graphql(&GET_USER_DEPARTMENTS, &vars).await?;
        let user = user.ok_or_else(user_not_found)?;
        Ok(user.departments.unwrap_or_else(Paginated::empty))
    }

    /// Every resource the user may act on — granted directly or through roles,
    /// groups and departments — in `namespace` (`None`: the service's default) and
    /// optionally of one kind (`query listUserAuthorizedResources`). An unknown user
    /// is an [`Error::Api`] with code 2004.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::management::ResourceType;
    /// let menus = client
    ///     .users()
    ///     .list_authorized_resources("5f7ddfe62ba819802422362e", Some("books-app"), Some(ResourceType::Menu))
    ///     .await?;
    /// # let _ = menus; Ok(()) }
    /// ```
    pub async fn list_authorized_resources(
        &self,
        user_id: &str,
        namespace: Option<&str>,
        resource_type: Option<ResourceType>,
    ) -> Result<Paginated<AuthorizedResource>> {
        non_blank("user_id", user_id)?;
        let vars = UserResourcesVars {
            id: user_id,
            namespace,
            resourceType: resource_type.as_ref().map(ResourceType::as_str),
        };
        let user: Option<WithAuthorizedResources> = self
            .client
            .graphql(&LIST_USER_AUTHORIZED_RESOURCES, &vars)
            .await?;
        authorized_or(user, codes::USER_NOT_FOUND, "user")
    }

    /// The instances of resource kind `resource` (e.g. `books` → `books:1`,
    /// `books:2`) the user holds in `namespace`, with their actions
    /// (`POST /api/v2/acl/get-authorized-resources-of-resource-kind`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let books = client
    ///     .users()
    ///     .list_authorized_resources_of_resource_kind("5f7ddfe62ba819802422362e", "books-app", "books")
    ///     .await?;
    /// # let _ = books; Ok(()) }
    /// ```
    pub async fn list_authorized_resources_of_resource_kind(
        &self,
        user_id: &str,
        namespace: &str,
        resource: &str,
    ) -> Result<Vec<ResourcePermission>> {
        non_blank("user_id", user_id)?;
        non_blank("namespace", namespace)?;
        non_blank("resource", resource)?;
        let body = json!({"userId": user_id, "namespace": namespace, "resource": resource});
        let req = RestRequest::post(
            "/api/v2/acl/get-authorized-resources-of-resource-kind",
            body,
        );
        let list: Option<Vec<ResourcePermission>> = self.client.rest(req).await?;
        Ok(list.unwrap_or_default())
    }

    /// For each of `resources` (in order) that the user may act on in `namespace`,
    /// the resource and its allowed actions
    /// (`POST /api/v2/acl/check-resource-permission-batch`). A grant on `books:*`
    /// covers `books:1`; a grant on `books:1` does not cover `books:2` or `books:*`.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let allowed = client
    ///     .users()
    ///     .check_resource_permission_batch("5f7ddfe62ba819802422362e", "books-app", ["books:1", "books:2"])
    ///     .await?;
    /// # let _ = allowed; Ok(()) }
    /// ```
    pub async fn check_resource_permission_batch<I, S>(
        &self,
        user_id: &str,
        namespace: &str,
        resources: I,
    ) -> Result<Vec<ResourcePermission>>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        non_blank("user_id", user_id)?;
        non_blank("namespace", namespace)?;
        let resources = non_empty_list("resources", resources)?;
        let body = json!({"userId": user_id, "namespace": namespace, "resources": resources});
        let req = RestRequest::post("/api/v2/acl/check-resource-permission-batch", body);
        let list: Option<Vec<ResourcePermission>> = self.client.rest(req).await?;
        Ok(list.unwrap_or_default())
    }

    /// Whether the user holds role `role_code` in `namespace`
    /// (`GET /api/v2/users/{id}/has-role?code=&namespace=`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let editor = client.users().has_role("5f7ddfe62ba819802422362e", "editor", None).await?;
    /// # let _ = editor; Ok(()) }
    /// ```
    pub async fn has_role(
        &self,
        user_id: &str,
        role_code: &str,
        namespace: Option<&str>,
    ) -> Result<bool> {
        non_blank("user_id", user_id)?;
        non_blank("role_code", role_code)?;
        let mut req = RestRequest::get(format!("/api/v2/users/{}/has-role", path_segment(user_id)))
            .query("code", role_code);
        if let Some(ns) = namespace {
            req = req.query("namespace", ns);
        }
        let has: Option<bool> = self.client.rest(req).await?;
        Ok(has.unwrap_or(false))
    }
}
