//! `client.acl()` over REST: namespaces (`/api/v2/resource-namespace/{pool}`),
//! resources (`/api/v2/resources`) and `revoke-resource`.

use authing_core::__private::{Method, RestRequest, non_blank, paginate};
use authing_core::models::Paginated;
use authing_core::{Error, Result};
use futures_util::Stream;
use serde_json::{Value, json};

use super::AclClient;
use super::types::{
    AuthorizeTarget, CreateResourceInput, ListResourcesOptions, Resource, ResourceNamespace,
    RestPage, UpdateNamespaceInput, UpdateResourceInput,
};
use crate::client::{ListOptions, path_segment};

fn request(method: Method, path: String, body: Option<Value>) -> RestRequest {
    RestRequest {
        method,
        path,
        query: Vec::new(),
        body,
    }
}

impl<'a> AclClient<'a> {
    fn namespaces_path(&self) -> Result<String> {
        Ok(format!(
            "/api/v2/resource-namespace/{}",
            self.client.pool_id()?
        ))
    }

    /// Creates a resource namespace (permission group)
    /// (`POST /api/v2/resource-namespace/{userPoolId}`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let ns = client.acl().create_namespace("books-app", "Books", Some("the books app")).await?;
    /// println!("namespace {} has id {}", ns.code, ns.id);
    /// # Ok(()) }
    /// ```
    pub async fn create_namespace(
        &self,
        code: &str,
        name: &str,
        description: Option<&str>,
    ) -> Result<ResourceNamespace> {
        non_blank("code", code)?;
        non_blank("name", name)?;
        let body = json!({"name": name, "code": code, "description": description});
        self.client
            .rest(RestRequest::post(self.namespaces_path()?, body))
            .await
    }

    /// Updates a namespace by its numeric id
    /// (`PUT /api/v2/resource-namespace/{userPoolId}/{id}`). An unknown id is an
    /// [`Error::Api`] with code 3005.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::management::UpdateNamespaceInput;
    /// let ns = client
    ///     .acl()
    ///     .update_namespace(1706, &UpdateNamespaceInput { name: Some("Library".into()), ..Default::default() })
    ///     .await?;
    /// # let _ = ns; Ok(()) }
    /// ```
    pub async fn update_namespace(
        &self,
        id: i64,
        input: &UpdateNamespaceInput,
    ) -> Result<ResourceNamespace> {
        let body = serde_json::to_value(input)
            .map_err(|e| Error::InvalidArgument(format!("cannot serialize request: {e}")))?;
        let path = format!("{}/{id}", self.namespaces_path()?);
        self.client
            .rest(request(Method::Put, path, Some(body)))
            .await
    }

    /// Lists the namespaces (`GET /api/v2/resource-namespace/{userPoolId}`). Default
    /// paging: page 1, 10 items; `options.namespace` is not used.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let page = client.acl().list_namespaces(&Default::default()).await?;
    /// # let _ = page; Ok(()) }
    /// ```
    pub async fn list_namespaces(
        &self,
        options: &ListOptions,
    ) -> Result<Paginated<ResourceNamespace>> {
        let (page, limit) = options.paging()?;
        let req = RestRequest::get(self.namespaces_path()?)
            .query("page", page.to_string())
            .query("limit", limit.to_string());
        let page: RestPage<ResourceNamespace> = self.client.rest(req).await?;
        Ok(page.into_page())
    }

    /// Every namespace, page after page from `options.page` (see
    /// [`list_namespaces`](Self::list_namespaces)). Pages are fetched lazily.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::futures_util::TryStreamExt;
    /// let all: Vec<_> = client.acl().list_namespaces_stream(&Default::default()).try_collect().await?;
    /// # let _ = all; Ok(()) }
    /// ```
    pub fn list_namespaces_stream(
        &self,
        options: &ListOptions,
    ) -> impl Stream<Item = Result<ResourceNamespace>> + 'a {
        let (acl, options) = (*self, options.clone());
        paginate(options.page, options.limit, move |page| {
            let options = options.at(page);
            async move { acl.list_namespaces(&options).await }
        })
    }

    /// Deletes a namespace by its numeric id
    /// (`DELETE /api/v2/resource-namespace/{userPoolId}/{id}`). An unknown id is an
    /// [`Error::Api`] with code 3003.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// client.acl().delete_namespace(1706).await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_namespace(&self, id: i64) -> Result<()> {
        let path = format!("{}/{id}", self.namespaces_path()?);
        let _: Value = self
            .client
            .rest(request(Method::Delete, path, None))
            .await?;
        Ok(())
    }

    /// Creates a resource in `namespace` (`POST /api/v2/resources`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::management::{CreateResourceInput, ResourceAction, ResourceType};
    /// let books = client
    ///     .acl()
    ///     .create_resource("books-app", &CreateResourceInput::new("books", ResourceType::Data)
    ///         .with_actions([ResourceAction::new("books:read"), ResourceAction::new("books:edit")]))
    ///     .await?;
    /// # let _ = books; Ok(()) }
    /// ```
    pub async fn create_resource(
        &self,
        namespace: &str,
        input: &CreateResourceInput,
    ) -> Result<Resource> {
        non_blank("namespace", namespace)?;
        non_blank("code", &input.code)?;
        let body = json!({
            "code": input.code,
            "type": input.resource_type,
            "actions": input.actions,
            "namespace": namespace,
            "description": input.description,
            "apiIdentifier": input.api_identifier,
        });
        self.client
            .rest(RestRequest::post("/api/v2/resources", body))
            .await
    }

    /// Updates resource `code` of `namespace` (`POST /api/v2/resources/{code}`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::management::UpdateResourceInput;
    /// let r = client
    ///     .acl()
    ///     .update_resource("books-app", "books", &UpdateResourceInput { description: Some("All books".into()), ..Default::default() })
    ///     .await?;
    /// # let _ = r; Ok(()) }
    /// ```
    pub async fn update_resource(
        &self,
        namespace: &str,
        code: &str,
        input: &UpdateResourceInput,
    ) -> Result<Resource> {
        non_blank("namespace", namespace)?;
        non_blank("code", code)?;
        let body = json!({
            "namespace": namespace,
            "type": input.resource_type,
            "actions": input.actions,
            "description": input.description,
            "apiIdentifier": input.api_identifier,
        });
        let path = format!("/api/v2/resources/{}", path_segment(code));
        self.client.rest(RestRequest::post(path, body)).await
    }

    /// Lists the resources of `namespace` (`GET /api/v2/resources`), optionally of
    /// one kind. Default paging: page 1, 10 items.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let page = client.acl().list_resources("books-app", &Default::default()).await?;
    /// # let _ = page; Ok(()) }
    /// ```
    pub async fn list_resources(
        &self,
        namespace: &str,
        options: &ListResourcesOptions,
    ) -> Result<Paginated<Resource>> {
        non_blank("namespace", namespace)?;
        let (page, limit) = crate::client::paging(options.page, options.limit)?;
        let mut req = RestRequest::get("/api/v2/resources").query("namespace", namespace);
        if let Some(t) = &options.resource_type {
            req = req.query("type", t.as_str());
        }
        let req = req
            .query("page", page.to_string())
            .query("limit", limit.to_string());
        let page: RestPage<Resource> = self.client.rest(req).await?;
        Ok(page.into_page())
    }

    /// Every resource of `namespace`, page after page from `options.page` (see
    /// [`list_resources`](Self::list_resources)). Pages are fetched lazily.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::futures_util::TryStreamExt;
    /// let all: Vec<_> = client.acl().list_resources_stream("books-app", &Default::default()).try_collect().await?;
    /// # let _ = all; Ok(()) }
    /// ```
    pub fn list_resources_stream(
        &self,
        namespace: &str,
        options: &ListResourcesOptions,
    ) -> impl Stream<Item = Result<Resource>> + 'a {
        let (acl, namespace, options) = (*self, namespace.to_owned(), options.clone());
        paginate(options.page, options.limit, move |page| {
            let options = ListResourcesOptions {
                page,
                ..options.clone()
            };
            let namespace = namespace.clone();
            async move { acl.list_resources(&namespace, &options).await }
        })
    }

    /// Deletes resource `code` of `namespace` (`DELETE /api/v2/resources/{code}`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// client.acl().delete_resource("books-app", "books").await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_resource(&self, namespace: &str, code: &str) -> Result<()> {
        non_blank("namespace", namespace)?;
        non_blank("code", code)?;
        let mut req = request(
            Method::Delete,
            format!("/api/v2/resources/{}", path_segment(code)),
            None,
        );
        req.query.push(("namespace".into(), namespace.into()));
        let _: Value = self.client.rest(req).await?;
        Ok(())
    }

    /// A resource by id (`GET /api/v2/resources/detail?id=`); `None` when there is
    /// none.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let r = client.acl().get_resource_by_id("60b4a1c2d3e4f5a6b7c8d9e0").await?;
    /// # let _ = r; Ok(()) }
    /// ```
    pub async fn get_resource_by_id(&self, id: &str) -> Result<Option<Resource>> {
        non_blank("id", id)?;
        let req = RestRequest::get("/api/v2/resources/detail").query("id", id);
        self.client.rest(req).await
    }

    /// A resource by namespace and code
    /// (`GET /api/v2/resources/detail?namespace=&code=`); `None` when there is none.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let r = client.acl().get_resource_by_code("books-app", "books").await?;
    /// # let _ = r; Ok(()) }
    /// ```
    pub async fn get_resource_by_code(
        &self,
        namespace: &str,
        code: &str,
    ) -> Result<Option<Resource>> {
        non_blank("namespace", namespace)?;
        non_blank("code", code)?;
        let req = RestRequest::get("/api/v2/resources/detail")
            .query("namespace", namespace)
            .query("code", code);
        self.client.rest(req).await
    }

    /// Revokes `resource` of `namespace` from each target
    /// (`POST /api/v2/acl/revoke-resource`). Revoking `books` also removes grants on
    /// `books:1`; revoking `books:1` leaves a grant on `books` in place.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::management::AuthorizeTarget;
    /// client
    ///     .acl()
    ///     .revoke_resource("books-app", "books:1", &[AuthorizeTarget::User("5f7ddfe62ba819802422362e".into())])
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn revoke_resource(
        &self,
        namespace: &str,
        resource: &str,
        targets: &[AuthorizeTarget],
    ) -> Result<()> {
        non_blank("namespace", namespace)?;
        non_blank("resource", resource)?;
        if targets.is_empty() {
            return Err(Error::InvalidArgument("targets must not be empty".into()));
        }
        let mut opts = Vec::with_capacity(targets.len());
        for t in targets {
            t.check()?;
            opts.push(json!({"targetType": t.target_type(), "targetIdentifier": t.identifier()}));
        }
        let body = json!({"namespace": namespace, "resource": resource, "opts": opts});
        let _: Value = self
            .client
            .rest(RestRequest::post("/api/v2/acl/revoke-resource", body))
            .await?;
        Ok(())
    }
}
