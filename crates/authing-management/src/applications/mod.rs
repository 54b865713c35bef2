//! `client.applications()`: the pool's applications (the same applications the OIDC
//! provider serves), their resources, access policies, agreements and programmatic
//! access accounts. Everything goes over REST (`/api/v2/applications...`).

mod types;

use authing_core::__private::{Method, RestRequest, non_blank, paginate};
use authing_core::Result;
use authing_core::models::{Paginated, User};
use futures_util::Stream;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::acl::types::RestPage;
use crate::acl::{CreateResourceInput, ListResourcesOptions, Resource, UpdateResourceInput};
use crate::client::{ListOptions, ManagementClient, path_segment};
use crate::models::PolicyAssignmentTargetType;

pub use types::{
    AccessPolicy, AccessPolicyTargets, Agreement, Application, CreateAgreementInput,
    CreateApplicationInput, DefaultStrategy, ModifyAgreementInput, PermissionStrategy,
    ProgrammaticAccessAccount,
};

/// Applications: `client.applications()`.
#[derive(Debug, Clone, Copy)]
pub struct ApplicationsClient<'a> {
    client: &'a ManagementClient,
}

impl ManagementClient {
    /// The pool's applications, their resources, access policies, agreements and
    /// programmatic access accounts.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let apps = client.applications().list(&Default::default()).await?;
    /// println!("{} applications", apps.total_count);
    /// # Ok(()) }
    /// ```
    pub fn applications(&self) -> ApplicationsClient<'_> {
        ApplicationsClient { client: self }
    }
}

fn request(method: Method, path: String, body: Option<Value>) -> RestRequest {
    RestRequest {
        method,
        path,
        query: Vec::new(),
        body,
    }
}

fn app_path(app_id: &str) -> Result<String> {
    non_blank("app_id", app_id)?;
    Ok(format!("/api/v2/applications/{}", path_segment(app_id)))
}

const ACCOUNTS_PATH: &str = "/api/v2/applications/programmatic-access-accounts";

impl<'a> ApplicationsClient<'a> {
    async fn page<T: DeserializeOwned>(
        &self,
        path: String,
        options: &ListOptions,
    ) -> Result<Paginated<T>> {
        let (page, limit) = options.paging()?;
        let req = RestRequest::get(path)
            .query("page", page.to_string())
            .query("limit", limit.to_string());
        let page: RestPage<T> = self.client.rest(req).await?;
        Ok(page.into_page())
    }

    /// Lists the applications (`GET /api/v2/applications?page=&limit=`); default
    /// paging: page 1, 10 items (`options.namespace` is not used).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::management::ListOptions;
    /// let page = client.applications().list(&ListOptions::new(1, 50)).await?;
    /// for app in &page.list { println!("{} {:?}", app.id, app.name); }
    /// # Ok(()) }
    /// ```
    pub async fn list(&self, options: &ListOptions) -> Result<Paginated<Application>> {
        self.page("/api/v2/applications".into(), options).await
    }

    /// Every application, page after page from `options.page` (see
    /// [`list`](Self::list)); pages are fetched lazily.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::futures_util::TryStreamExt;
    /// let all: Vec<_> = client.applications().list_stream(&Default::default()).try_collect().await?;
    /// # let _ = all; Ok(()) }
    /// ```
    pub fn list_stream(
        &self,
        options: &ListOptions,
    ) -> impl Stream<Item = Result<Application>> + 'a {
        let (apps, options) = (*self, options.clone());
        paginate(options.page, options.limit, move |page| {
            let options = options.at(page);
            async move { apps.list(&options).await }
        })
    }

    /// Creates an application (`POST /api/v2/applications`
    /// `{name, identifier, redirectUris, logo}`). It is an OIDC client of the pool at
    /// once: its `id` and `secret` are the `client_id` and `client_secret`.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::management::CreateApplicationInput;
    /// let app = client
    ///     .applications()
    ///     .create(&CreateApplicationInput::new("Books", "books", ["https://books.example.com/cb"]))
    ///     .await?;
    /// println!("client_id {}", app.id);
    /// # Ok(()) }
    /// ```
    pub async fn create(&self, input: &CreateApplicationInput) -> Result<Application> {
        non_blank("name", &input.name)?;
        non_blank("identifier", &input.identifier)?;
        let body = json!({
            "name": input.name,
            "identifier": input.identifier,
            "redirectUris": input.redirect_uris,
            "logo": input.logo,
        });
        self.client
            .rest(RestRequest::post("/api/v2/applications", body))
            .await
    }

    /// Deletes an application (`DELETE /api/v2/applications/{appId}`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// client.applications().delete("60b4a1c2d3e4f5a6b7c8d9e0").await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete(&self, app_id: &str) -> Result<()> {
        let _: Value = self
            .client
            .rest(request(Method::Delete, app_path(app_id)?, None))
            .await?;
        Ok(())
    }

    /// An application by id (`GET /api/v2/applications/{appId}`); `None` when there
    /// is none (`data: null` or code 2011).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// if let Some(app) = client.applications().find_by_id("60b4a1c2d3e4f5a6b7c8d9e0").await? {
    ///     println!("{:?}", app.redirect_uris);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn find_by_id(&self, app_id: &str) -> Result<Option<Application>> {
        match self.client.rest(RestRequest::get(app_path(app_id)?)).await {
            Err(e) if e.code() == Some(2011) => Ok(None),
            other => other,
        }
    }

    /// Gives an application a new secret
    /// (`PATCH /api/v2/application/{appId}/refresh-secret`); the old one stops working.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let app = client.applications().refresh_application_secret("60b4a1c2d3e4f5a6b7c8d9e0").await?;
    /// let new_secret = app.secret.expect("the new secret");
    /// # let _ = new_secret; Ok(()) }
    /// ```
    pub async fn refresh_application_secret(&self, app_id: &str) -> Result<Application> {
        non_blank("app_id", app_id)?;
        let path = format!(
            "/api/v2/application/{}/refresh-secret",
            path_segment(app_id)
        );
        self.client.rest(request(Method::Patch, path, None)).await
    }

    /// The users who signed in to an application
    /// (`GET /api/v2/applications/{appId}/active-users?page=&limit=`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let users = client.applications().active_users("60b4a1c2d3e4f5a6b7c8d9e0", &Default::default()).await?;
    /// # let _ = users; Ok(()) }
    /// ```
    pub async fn active_users(
        &self,
        app_id: &str,
        options: &ListOptions,
    ) -> Result<Paginated<User>> {
        self.page(format!("{}/active-users", app_path(app_id)?), options)
            .await
    }

    /// Every active user of an application, page after page (see
    /// [`active_users`](Self::active_users)).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::futures_util::TryStreamExt;
    /// let all: Vec<_> = client.applications().active_users_stream("60b4a1c2d3e4f5a6b7c8d9e0", &Default::default()).try_collect().await?;
    /// # let _ = all; Ok(()) }
    /// ```
    pub fn active_users_stream(
        &self,
        app_id: &str,
        options: &ListOptions,
    ) -> impl Stream<Item = Result<User>> + 'a {
        let (apps, app_id, options) = (*self, app_id.to_owned(), options.clone());
        paginate(options.page, options.limit, move |page| {
            let (options, app_id) = (options.at(page), app_id.clone());
            async move { apps.active_users(&app_id, &options).await }
        })
    }

    /// The resources of an application: the acl resources of the namespace named
    /// after its id (see [`AclClient::list_resources`](crate::AclClient::list_resources)).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let page = client.applications().list_resources("60b4a1c2d3e4f5a6b7c8d9e0", &Default::default()).await?;
    /// # let _ = page; Ok(()) }
    /// ```
    pub async fn list_resources(
        &self,
        app_id: &str,
        options: &ListResourcesOptions,
    ) -> Result<Paginated<Resource>> {
        non_blank("app_id", app_id)?;
        self.client.acl().list_resources(app_id, options).await
    }

    /// Creates a resource of an application (`POST /api/v2/resources` with
    /// `namespace = appId`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::management::{CreateResourceInput, ResourceAction, ResourceType};
    /// let r = client
    ///     .applications()
    ///     .create_resource("60b4a1c2d3e4f5a6b7c8d9e0", &CreateResourceInput::new("books", ResourceType::Data)
    ///         .with_actions([ResourceAction::new("books:read")]))
    ///     .await?;
    /// # let _ = r; Ok(()) }
    /// ```
    pub async fn create_resource(
        &self,
        app_id: &str,
        input: &CreateResourceInput,
    ) -> Result<Resource> {
        non_blank("app_id", app_id)?;
        self.client.acl().create_resource(app_id, input).await
    }

    /// Updates resource `code` of an application (`POST /api/v2/resources/{code}`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::management::UpdateResourceInput;
    /// let input = UpdateResourceInput { description: Some("All books".into()), ..Default::default() };
    /// let r = client.applications().update_resource("60b4a1c2d3e4f5a6b7c8d9e0", "books", &input).await?;
    /// # let _ = r; Ok(()) }
    /// ```
    pub async fn update_resource(
        &self,
        app_id: &str,
        code: &str,
        input: &UpdateResourceInput,
    ) -> Result<Resource> {
        non_blank("app_id", app_id)?;
        self.client.acl().update_resource(app_id, code, input).await
    }

    /// Deletes resource `code` of an application (`DELETE /api/v2/resources/{code}`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// client.applications().delete_resource("60b4a1c2d3e4f5a6b7c8d9e0", "books").await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_resource(&self, app_id: &str, code: &str) -> Result<()> {
        non_blank("app_id", app_id)?;
        self.client.acl().delete_resource(app_id, code).await
    }
}

mod extras;
