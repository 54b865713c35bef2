//! `client.applications()`: access policies, agreements and programmatic access
//! accounts.

use authing_core::__private::{Method, RestRequest, non_blank};
use authing_core::models::Paginated;
use authing_core::{Error, Result};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{
    ACCOUNTS_PATH, AccessPolicy, AccessPolicyTargets, Agreement, Application, ApplicationsClient,
    CreateAgreementInput, DefaultStrategy, ModifyAgreementInput, PolicyAssignmentTargetType,
    ProgrammaticAccessAccount, app_path, request,
};
use crate::client::ListOptions;

/// `list_agreement`'s `data`: `{list, totalCount}` or a bare list.
#[derive(Deserialize)]
#[serde(untagged)]
enum AgreementList {
    Page {
        #[serde(default, deserialize_with = "crate::acl::types::null_as_empty")]
        list: Vec<Agreement>,
    },
    Bare(Vec<Agreement>),
}

impl ApplicationsClient<'_> {
    async fn policy(&self, app_id: &str, action: &str, t: &AccessPolicyTargets) -> Result<()> {
        let path = format!("{}/authorization/{action}", app_path(app_id)?);
        if !matches!(
            t.target_type,
            PolicyAssignmentTargetType::User
                | PolicyAssignmentTargetType::Role
                | PolicyAssignmentTargetType::Group
                | PolicyAssignmentTargetType::Org
        ) {
            return Err(Error::InvalidArgument(
                "target_type must be USER, ROLE, GROUP or ORG".into(),
            ));
        }
        let ids = authing_core::__private::non_empty_list(
            "target_identifiers",
            t.target_identifiers.iter(),
        )?;
        let body = json!({
            "targetType": t.target_type,
            "targetIdentifiers": ids,
            "namespace": t.namespace.as_deref().unwrap_or(app_id),
            "inheritByChildren": t.inherit_by_children,
        });
        let _: Value = self.client.rest(RestRequest::post(path, body)).await?;
        Ok(())
    }

    /// The access policy records of an application
    /// (`GET /api/v2/applications/{appId}/authorization/records?page=&limit=`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let page = client.applications().get_access_policies("60b4a1c2d3e4f5a6b7c8d9e0", &Default::default()).await?;
    /// # let _ = page; Ok(()) }
    /// ```
    pub async fn get_access_policies(
        &self,
        app_id: &str,
        options: &ListOptions,
    ) -> Result<Paginated<AccessPolicy>> {
        self.page(
            format!("{}/authorization/records", app_path(app_id)?),
            options,
        )
        .await
    }

    /// Switches on the access policy records of the targets
    /// (`POST .../authorization/enable-effect`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::management::{AccessPolicyTargets, PolicyAssignmentTargetType};
    /// let t = AccessPolicyTargets::new(PolicyAssignmentTargetType::User, ["5f7ddfe62ba819802422362e"]);
    /// client.applications().enable_application_access_policies("60b4a1c2d3e4f5a6b7c8d9e0", &t).await?;
    /// # Ok(()) }
    /// ```
    pub async fn enable_application_access_policies(
        &self,
        app_id: &str,
        targets: &AccessPolicyTargets,
    ) -> Result<()> {
        self.policy(app_id, "enable-effect", targets).await
    }

    /// Switches off the access policy records of the targets (they no longer count)
    /// (`POST .../authorization/disable-effect`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::management::{AccessPolicyTargets, PolicyAssignmentTargetType};
    /// let t = AccessPolicyTargets::new(PolicyAssignmentTargetType::Role, ["editor"]);
    /// client.applications().disable_application_access_policies("60b4a1c2d3e4f5a6b7c8d9e0", &t).await?;
    /// # Ok(()) }
    /// ```
    pub async fn disable_application_access_policies(
        &self,
        app_id: &str,
        targets: &AccessPolicyTargets,
    ) -> Result<()> {
        self.policy(app_id, "disable-effect", targets).await
    }

    /// Deletes the access policy records of the targets
    /// (`POST .../authorization/revoke`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::management::{AccessPolicyTargets, PolicyAssignmentTargetType};
    /// let t = AccessPolicyTargets::new(PolicyAssignmentTargetType::Group, ["readers"]);
    /// client.applications().delete_application_access_policies("60b4a1c2d3e4f5a6b7c8d9e0", &t).await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_application_access_policies(
        &self,
        app_id: &str,
        targets: &AccessPolicyTargets,
    ) -> Result<()> {
        self.policy(app_id, "revoke", targets).await
    }

    /// Allows the targets to sign in to the application
    /// (`POST .../authorization/allow`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::management::{AccessPolicyTargets, PolicyAssignmentTargetType};
    /// let t = AccessPolicyTargets::new(PolicyAssignmentTargetType::Group, ["readers"]);
    /// client.applications().allow_access_application("60b4a1c2d3e4f5a6b7c8d9e0", &t).await?;
    /// # Ok(()) }
    /// ```
    pub async fn allow_access_application(
        &self,
        app_id: &str,
        targets: &AccessPolicyTargets,
    ) -> Result<()> {
        self.policy(app_id, "allow", targets).await
    }

    /// Denies the targets access to the application (a deny record wins over an
    /// allow one) (`POST .../authorization/deny`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::management::{AccessPolicyTargets, PolicyAssignmentTargetType};
    /// let t = AccessPolicyTargets::new(PolicyAssignmentTargetType::User, ["5f7ddfe62ba819802422362e"]);
    /// client.applications().deny_access_application("60b4a1c2d3e4f5a6b7c8d9e0", &t).await?;
    /// # Ok(()) }
    /// ```
    pub async fn deny_access_application(
        &self,
        app_id: &str,
        targets: &AccessPolicyTargets,
    ) -> Result<()> {
        self.policy(app_id, "deny", targets).await
    }

    /// Sets who may sign in when no record names them
    /// (`POST /api/v2/applications/{appId}` `{permissionStrategy: {defaultStrategy}}`).
    /// [`DefaultStrategy::Unknown`] is an [`Error::InvalidArgument`].
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::management::DefaultStrategy;
    /// let app = client
    ///     .applications()
    ///     .update_default_application_access_policy("60b4a1c2d3e4f5a6b7c8d9e0", DefaultStrategy::DenyAll)
    ///     .await?;
    /// # let _ = app; Ok(()) }
    /// ```
    pub async fn update_default_application_access_policy(
        &self,
        app_id: &str,
        default_strategy: DefaultStrategy,
    ) -> Result<Application> {
        if let DefaultStrategy::Unknown(s) = &default_strategy {
            return Err(Error::InvalidArgument(format!(
                "default_strategy must be ALLOW_ALL or DENY_ALL, not {s:?}"
            )));
        }
        let body = json!({"permissionStrategy": {"defaultStrategy": default_strategy}});
        self.client
            .rest(RestRequest::post(app_path(app_id)?, body))
            .await
    }

    /// Adds an agreement (`POST /api/v2/applications/{appId}/agreements`
    /// `{title, required, lang}`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::management::CreateAgreementInput;
    /// let a = client
    ///     .applications()
    ///     .create_agreement("60b4a1c2d3e4f5a6b7c8d9e0", &CreateAgreementInput::new("Terms of use"))
    ///     .await?;
    /// println!("agreement {}", a.id);
    /// # Ok(()) }
    /// ```
    pub async fn create_agreement(
        &self,
        app_id: &str,
        input: &CreateAgreementInput,
    ) -> Result<Agreement> {
        non_blank("title", &input.title)?;
        let body = json!({"title": input.title, "required": input.required, "lang": input.lang});
        let path = format!("{}/agreements", app_path(app_id)?);
        self.client.rest(RestRequest::post(path, body)).await
    }

    /// The agreements of an application, in display order
    /// (`GET /api/v2/applications/{appId}/agreements`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// for a in client.applications().list_agreement("60b4a1c2d3e4f5a6b7c8d9e0").await? {
    ///     println!("{} {}", a.id, a.title);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn list_agreement(&self, app_id: &str) -> Result<Vec<Agreement>> {
        let path = format!("{}/agreements", app_path(app_id)?);
        let list: Option<AgreementList> = self.client.rest(RestRequest::get(path)).await?;
        Ok(match list {
            Some(AgreementList::Page { list }) | Some(AgreementList::Bare(list)) => list,
            None => Vec::new(),
        })
    }

    /// Changes an agreement (`PUT /api/v2/applications/{appId}/agreements/{id}`);
    /// only the `Some` fields are sent.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// use authing::management::ModifyAgreementInput;
    /// let input = ModifyAgreementInput { title: Some("Terms v2".into()), ..Default::default() };
    /// let a = client.applications().modify_agreement("60b4a1c2d3e4f5a6b7c8d9e0", 12, &input).await?;
    /// # let _ = a; Ok(()) }
    /// ```
    pub async fn modify_agreement(
        &self,
        app_id: &str,
        agreement_id: i64,
        input: &ModifyAgreementInput,
    ) -> Result<Agreement> {
        if input.title.as_deref().is_some_and(|t| t.trim().is_empty()) {
            return Err(Error::InvalidArgument("title must not be empty".into()));
        }
        let body = serde_json::to_value(input)
            .map_err(|e| Error::InvalidArgument(format!("cannot serialize request: {e}")))?;
        let path = format!("{}/agreements/{agreement_id}", app_path(app_id)?);
        self.client
            .rest(request(Method::Put, path, Some(body)))
            .await
    }

    /// Deletes an agreement (`DELETE /api/v2/applications/{appId}/agreements/{id}`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// client.applications().delete_agreement("60b4a1c2d3e4f5a6b7c8d9e0", 12).await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_agreement(&self, app_id: &str, agreement_id: i64) -> Result<()> {
        let path = format!("{}/agreements/{agreement_id}", app_path(app_id)?);
        let _: Value = self
            .client
            .rest(request(Method::Delete, path, None))
            .await?;
        Ok(())
    }

    /// Puts the agreements in this order
    /// (`POST /api/v2/applications/{appId}/agreements/sort` `{ids}`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// client.applications().sort_agreement("60b4a1c2d3e4f5a6b7c8d9e0", &[14, 12, 13]).await?;
    /// # Ok(()) }
    /// ```
    pub async fn sort_agreement(&self, app_id: &str, order: &[i64]) -> Result<()> {
        if order.is_empty() {
            return Err(Error::InvalidArgument("order must not be empty".into()));
        }
        let path = format!("{}/agreements/sort", app_path(app_id)?);
        let _: Value = self
            .client
            .rest(RestRequest::post(path, json!({"ids": order})))
            .await?;
        Ok(())
    }

    /// The programmatic access accounts of an application
    /// (`GET /api/v2/applications/{appId}/programmatic-access-accounts?page=&limit=`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let page = client.applications().programmatic_access_account_list("60b4a1c2d3e4f5a6b7c8d9e0", &Default::default()).await?;
    /// # let _ = page; Ok(()) }
    /// ```
    pub async fn programmatic_access_account_list(
        &self,
        app_id: &str,
        options: &ListOptions,
    ) -> Result<Paginated<ProgrammaticAccessAccount>> {
        self.page(
            format!("{}/programmatic-access-accounts", app_path(app_id)?),
            options,
        )
        .await
    }

    /// Creates a programmatic access account
    /// (`POST .../programmatic-access-accounts` `{tokenLifetime, remarks}`); its
    /// tokens live `token_lifetime` seconds (default 600, as in the Python SDK).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let acc = client
    ///     .applications()
    ///     .create_programmatic_access_account("60b4a1c2d3e4f5a6b7c8d9e0", Some("ci robot"), None)
    ///     .await?;
    /// println!("client_id {}", acc.id);
    /// # Ok(()) }
    /// ```
    pub async fn create_programmatic_access_account(
        &self,
        app_id: &str,
        remarks: Option<&str>,
        token_lifetime: Option<u32>,
    ) -> Result<ProgrammaticAccessAccount> {
        let lifetime = token_lifetime.unwrap_or(600);
        if lifetime == 0 {
            return Err(Error::InvalidArgument(
                "token_lifetime must be at least 1 second".into(),
            ));
        }
        let path = format!("{}/programmatic-access-accounts", app_path(app_id)?);
        let body = json!({"tokenLifetime": lifetime, "remarks": remarks});
        self.client.rest(RestRequest::post(path, body)).await
    }

    async fn patch_account(&self, id: &str, body: Value) -> Result<ProgrammaticAccessAccount> {
        non_blank("id", id)?;
        self.client
            .rest(request(Method::Patch, ACCOUNTS_PATH.into(), Some(body)))
            .await
    }

    /// Lets an account obtain tokens again
    /// (`PATCH /api/v2/applications/programmatic-access-accounts` `{id, enabled: true}`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// client.applications().enable_programmatic_access_account("60b4a1c2d3e4f5a6b7c8d9f1").await?;
    /// # Ok(()) }
    /// ```
    pub async fn enable_programmatic_access_account(
        &self,
        id: &str,
    ) -> Result<ProgrammaticAccessAccount> {
        self.patch_account(id, json!({"id": id, "enabled": true}))
            .await
    }

    /// Stops an account from obtaining tokens (`{id, enabled: false}`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// client.applications().disable_programmatic_access_account("60b4a1c2d3e4f5a6b7c8d9f1").await?;
    /// # Ok(()) }
    /// ```
    pub async fn disable_programmatic_access_account(
        &self,
        id: &str,
    ) -> Result<ProgrammaticAccessAccount> {
        self.patch_account(id, json!({"id": id, "enabled": false}))
            .await
    }

    /// Gives an account a new secret (`{id, secret}`): `secret`, or one the service
    /// generates when `None`. The answer carries the new secret; the old one stops
    /// working.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let acc = client
    ///     .applications()
    ///     .refresh_programmatic_access_account_secret("60b4a1c2d3e4f5a6b7c8d9f1", None)
    ///     .await?;
    /// # let _ = acc.secret; Ok(()) }
    /// ```
    pub async fn refresh_programmatic_access_account_secret(
        &self,
        id: &str,
        secret: Option<&str>,
    ) -> Result<ProgrammaticAccessAccount> {
        if let Some(s) = secret {
            non_blank("secret", s)?;
        }
        self.patch_account(id, json!({"id": id, "secret": secret}))
            .await
    }

    /// Deletes an account
    /// (`DELETE /api/v2/applications/programmatic-access-accounts?id=`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// client.applications().delete_programmatic_access_account("60b4a1c2d3e4f5a6b7c8d9f1").await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_programmatic_access_account(&self, id: &str) -> Result<()> {
        non_blank("id", id)?;
        let mut req = request(Method::Delete, ACCOUNTS_PATH.into(), None);
        req.query.push(("id".into(), id.into()));
        let _: Value = self.client.rest(req).await?;
        Ok(())
    }
}
