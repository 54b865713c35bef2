//! The logged-in user's own view: roles, departments, organizations, authorized
//! resources, applications and security level. Every method needs a token and only
//! ever answers about the token's user.

mod types;

use authing_core::futures_util::Stream;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use authing_core::__private::{RestRequest, non_blank, paginate};
use authing_core::models::{Paginated, Sensitive};
use authing_core::{Error, Operation, Result, codes};

use authing_core::models::OrgPathStep;

use crate::client::AuthenticationClient;

pub use types::{SecurityLevel, UserApplication, UserAuthorizedResource, UserDepartment, UserRole};

/// `query getUserRoles`: The roles of a user (`user(id) { roles }`).
pub const GET_USER_ROLES: Operation = Operation::query(
    "getUserRoles",
    "user",
    include_str!("get_user_roles.graphql"),
)
.with_variables::<UserRolesVars<'static>>();

/// `query getUserDepartments`: The departments of a user (`user(id) { departments }`).
pub const GET_USER_DEPARTMENTS: Operation = Operation::query(
    "getUserDepartments",
    "user",
    include_str!("get_user_departments.graphql"),
)
.with_variables::<UserDepartmentsVars<'static>>();

/// `query listUserAuthorizedResources`: The resources a user may act on
/// (`user(id) { authorizedResources }`).
pub const LIST_USER_AUTHORIZED_RESOURCES: Operation = Operation::query(
    "listUserAuthorizedResources",
    "user",
    include_str!("list_user_authorized_resources.graphql"),
)
.with_variables::<UserResourcesVars<'static>>();

authing_core::variables! {
    /// Variables of `getUserRoles`.
    pub(crate) struct UserRolesVars<'a> {
        id: &'a str,
        namespace: Option<&'a str>,
    }
}

authing_core::variables! {
    /// Variables of `getUserDepartments`.
    pub(crate) struct UserDepartmentsVars<'a> {
        id: &'a str,
        orgId: Option<&'a str>,
    }
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
struct RolesOf {
    roles: Option<Paginated<UserRole>>,
}

#[derive(Deserialize)]
struct DepartmentsOf {
    departments: Option<Paginated<UserDepartment>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ResourcesOf {
    authorized_resources: Option<Paginated<UserAuthorizedResource>>,
}

/// The page of `GET /api/v2/users/me/applications/allowed`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AppPage {
    #[serde(default)]
    list: Vec<UserApplication>,
    #[serde(default)]
    total_count: Option<i64>,
    #[serde(default)]
    total: Option<i64>,
}

impl AuthenticationClient {
    /// The held token and the id of its user.
    async fn own_id(&self) -> Result<(Sensitive, String)> {
        let token = self.require_token()?;
        let id = self.current_user_id(&token).await?;
        Ok((token, id))
    }

    /// Sends a `user(id) { … }` query for the session's user and returns the object
    /// (`null` = the token's user does not exist, code 2004).
    async fn own_user_query<V, T>(&self, op: &Operation, vars: &V, token: &Sensitive) -> Result<T>
    where
        V: authing_core::vars::Variables,
        T: DeserializeOwned,
    {
        let found: Option<T> = self.graphql(op, vars, Some(token)).await?;
        found.ok_or_else(|| {
            Error::api(
                codes::USER_NOT_FOUND,
                format!(
                    "`{}` answered null: the token's user does not exist",
                    op.name
                ),
                200,
            )
        })
    }

    /// The logged-in user's roles (`getUserRoles`), in `namespace` or in every
    /// namespace. Needs a token.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient) -> authing::authentication::Result<()> {
    /// let roles = auth.list_roles(None).await?;
    /// for r in &roles.list { println!("{}", r.code); }
    /// # Ok(()) }
    /// ```
    pub async fn list_roles(&self, namespace: Option<&str>) -> Result<Paginated<UserRole>> {
        let (token, id) = self.own_id().await?;
        let vars = UserRolesVars { id: &id, namespace };
        let of: RolesOf = self.own_user_query(&GET_USER_ROLES, &vars, &token).await?;
        Ok(of.roles.unwrap_or_else(Paginated::empty))
    }

    /// Whether the logged-in user has the role `code` (in `namespace`, or in any
    /// namespace), checked on the answer of [`list_roles`](Self::list_roles). Needs a
    /// token.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient) -> authing::authentication::Result<()> {
    /// if auth.has_role("admin", None).await? { println!("admin"); }
    /// # Ok(()) }
    /// ```
    pub async fn has_role(&self, code: &str, namespace: Option<&str>) -> Result<bool> {
        non_blank("code", code)?;
        let roles = self.list_roles(namespace).await?;
        Ok(roles.list.iter().any(|r| r.code == code))
    }

    /// The logged-in user's departments (`getUserDepartments`). Needs a token.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient) -> authing::authentication::Result<()> {
    /// let deps = auth.list_departments().await?;
    /// let main = deps.list.iter().find(|d| d.is_main_department);
    /// # let _ = main; Ok(()) }
    /// ```
    pub async fn list_departments(&self) -> Result<Paginated<UserDepartment>> {
        let (token, id) = self.own_id().await?;
        let vars = UserDepartmentsVars {
            id: &id,
            orgId: None,
        };
        let of: DepartmentsOf = self
            .own_user_query(&GET_USER_DEPARTMENTS, &vars, &token)
            .await?;
        Ok(of.departments.unwrap_or_else(Paginated::empty))
    }

    /// The resources of `namespace` the logged-in user may act on, directly or through
    /// roles, groups and departments (`listUserAuthorizedResources`), optionally only
    /// of `resource_type` (`DATA`, `API`, `MENU`, `UI`, `BUTTON`). Needs a token.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient) -> authing::authentication::Result<()> {
    /// let res = auth.list_authorized_resources("default", None).await?;
    /// for r in &res.list { println!("{} {:?}", r.code, r.actions); }
    /// # Ok(()) }
    /// ```
    pub async fn list_authorized_resources(
        &self,
        namespace: &str,
        resource_type: Option<&str>,
    ) -> Result<Paginated<UserAuthorizedResource>> {
        non_blank("namespace", namespace)?;
        if let Some(t) = resource_type {
            non_blank("resource_type", t)?;
        }
        let (token, id) = self.own_id().await?;
        let vars = UserResourcesVars {
            id: &id,
            namespace: Some(namespace),
            resourceType: resource_type,
        };
        let of: ResourcesOf = self
            .own_user_query(&LIST_USER_AUTHORIZED_RESOURCES, &vars, &token)
            .await?;
        Ok(of.authorized_resources.unwrap_or_else(Paginated::empty))
    }

    /// The logged-in user's organization paths (`GET /api/v2/users/me/orgs`): one per
    /// department, each `[organization, root node, …, department]`. Needs a token.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient) -> authing::authentication::Result<()> {
    /// for path in auth.list_orgs().await? {
    ///     let names: Vec<_> = path.iter().filter_map(|s| s.as_node()).map(|n| n.name.as_str()).collect();
    ///     println!("{}", names.join(" / "));
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn list_orgs(&self) -> Result<Vec<Vec<OrgPathStep>>> {
        let data: Option<Vec<Vec<OrgPathStep>>> = self
            .me_rest(RestRequest::get("/api/v2/users/me/orgs"))
            .await?;
        Ok(data.unwrap_or_default())
    }

    /// One page of the applications the logged-in user may use
    /// (`GET /api/v2/users/me/applications/allowed?page=&limit=`; `page` from 1).
    /// Needs a token.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient) -> authing::authentication::Result<()> {
    /// let apps = auth.list_applications(1, 10).await?;
    /// println!("{} applications", apps.total_count);
    /// # Ok(()) }
    /// ```
    pub async fn list_applications(
        &self,
        page: u32,
        limit: u32,
    ) -> Result<Paginated<UserApplication>> {
        if page == 0 || limit == 0 {
            return Err(Error::InvalidArgument("page and limit start at 1".into()));
        }
        let req = RestRequest::get("/api/v2/users/me/applications/allowed")
            .query("page", page.to_string())
            .query("limit", limit.to_string());
        let data: Option<AppPage> = self.me_rest(req).await?;
        let page = data.unwrap_or(AppPage {
            list: Vec::new(),
            total_count: None,
            total: None,
        });
        let total = page
            .total_count
            .or(page.total)
            .unwrap_or(page.list.len() as i64);
        Ok(Paginated::new(total, page.list))
    }

    /// Every application the logged-in user may use, as a lazy stream of pages of
    /// `limit` (see [`list_applications`](Self::list_applications)).
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient) -> authing::authentication::Result<()> {
    /// use authing::futures_util::TryStreamExt;
    /// let all: Vec<_> = auth.list_applications_stream(50).try_collect().await?;
    /// # let _ = all; Ok(()) }
    /// ```
    pub fn list_applications_stream(
        &self,
        limit: u32,
    ) -> impl Stream<Item = Result<UserApplication>> + '_ {
        paginate(1, limit, move |page| self.list_applications(page, limit))
    }

    /// The security level of the logged-in user's account
    /// (`GET /api/v2/users/me/security-level`). Needs a token.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient) -> authing::authentication::Result<()> {
    /// let level = auth.get_security_level().await?;
    /// println!("score {:?}", level.score);
    /// # Ok(()) }
    /// ```
    pub async fn get_security_level(&self) -> Result<SecurityLevel> {
        let data: Option<SecurityLevel> = self
            .me_rest(RestRequest::get("/api/v2/users/me/security-level"))
            .await?;
        data.ok_or_else(|| Error::Decode {
            status: 200,
            reason: "`/api/v2/users/me/security-level` answered without data".into(),
            excerpt: String::new(),
        })
    }

    async fn me_rest<T: DeserializeOwned>(&self, req: RestRequest) -> Result<Option<T>> {
        let token: Sensitive = self.require_token()?;
        let env = self
            .transport()
            .rest::<Option<T>>(req, Some(token.expose()))
            .await?;
        Ok(env.data)
    }
}
