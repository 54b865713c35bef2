//! `client.userpool()`: the pool's settings and environment variables.

mod types;

use crate::client::path_segment;
use authing_core::__private::{Method, RestRequest, non_blank};
use authing_core::models::CommonMessage;
use authing_core::vars::NoVariables;
use authing_core::{Operation, Result};
use serde_json::{Value, json};

pub use types::*;

use crate::client::ManagementClient;
use crate::models::UserPool;

/// The `UserPoolFields` fragment: every `UserPool` field the client reads.
pub(crate) const USERPOOL_FIELDS: &[&str] = &[include_str!("userpool_fields.graphql")];

/// `query userpool`.
pub const USERPOOL: Operation =
    Operation::query("userpool", "userpool", include_str!("userpool.graphql"))
        .with_fragments(USERPOOL_FIELDS)
        .with_variables::<NoVariables>();

authing_core::variables! {
    /// Variables of `updateUserpool`.
    pub(crate) struct UpdateUserpoolVars<'a> {
        input: &'a UpdateUserpoolInput,
    }
}

/// `mutation updateUserpool`.
pub const UPDATE_USERPOOL: Operation = Operation::mutation(
    "updateUserpool",
    "updateUserpool",
    include_str!("update_userpool.graphql"),
)
.with_fragments(USERPOOL_FIELDS)
.with_variables::<UpdateUserpoolVars<'static>>();

/// Path of the environment variables.
const ENV: &str = "/api/v2/env";

/// The user pool: `client.userpool()`.
#[derive(Debug, Clone, Copy)]
pub struct UserPoolClient<'a> {
    client: &'a ManagementClient,
}

impl ManagementClient {
    /// The user pool's settings.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// let client = authing::management::ManagementClient::builder()
    ///     .user_pool_id("60b4a1c2d3e4f5a6b7c8d9e0")
    ///     .secret("pool-secret")
    ///     .build()?;
    /// let pool = client.userpool().detail().await?;
    /// # let _ = pool; Ok(()) }
    /// ```
    pub fn userpool(&self) -> UserPoolClient<'_> {
        UserPoolClient { client: self }
    }
}

impl UserPoolClient<'_> {
    /// The pool's settings (`query userpool`). `secret` and `jwt_secret` are
    /// redacted in `Debug`.
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// # let client = authing::management::ManagementClient::builder().user_pool_id("...").secret("...").build()?;
    /// let pool = client.userpool().detail().await?;
    /// println!("{} ({})", pool.name, pool.domain);
    /// # Ok(()) }
    /// ```
    pub async fn detail(&self) -> Result<UserPool> {
        self.client.graphql(&USERPOOL, &NoVariables {}).await
    }

    /// Changes pool settings (`mutation updateUserpool`) and returns the pool after
    /// the change.
    ///
    /// ```no_run
    /// # async fn run(client: authing::management::ManagementClient) -> authing::Result<()> {
    /// use authing::management::UpdateUserpoolInput;
    /// let pool = client
    ///     .userpool()
    ///     .update(&UpdateUserpoolInput { token_expires_after: Some(3600), ..Default::default() })
    ///     .await?;
    /// assert_eq!(pool.token_expires_after, Some(3600));
    /// # Ok(()) }
    /// ```
    pub async fn update(&self, input: &UpdateUserpoolInput) -> Result<UserPool> {
        self.client
            .graphql(&UPDATE_USERPOOL, &UpdateUserpoolVars { input })
            .await
    }

    /// The pool's environment variables (`GET /api/v2/env`).
    ///
    /// ```no_run
    /// # async fn run(client: authing::management::ManagementClient) -> authing::Result<()> {
    /// for var in client.userpool().list_env().await? {
    ///     println!("{}", var.key);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn list_env(&self) -> Result<Vec<EnvVar>> {
        let env = self
            .client
            .rest_envelope::<Option<Vec<EnvVar>>>(RestRequest::get(ENV))
            .await?;
        Ok(env.data.unwrap_or_default())
    }

    /// Adds (or replaces) an environment variable (`POST /api/v2/env` with
    /// `{key, value}`); `value` is any JSON. Returns the variable as the service
    /// answers it (as sent when the answer carries no variable).
    ///
    /// ```no_run
    /// # async fn run(client: authing::management::ManagementClient) -> authing::Result<()> {
    /// client.userpool().add_env("LDAP_HOST", "ldap.example.com").await?;
    /// client.userpool().add_env("RETRIES", 3).await?;
    /// # Ok(()) }
    /// ```
    pub async fn add_env(&self, key: &str, value: impl Into<Value>) -> Result<EnvVar> {
        non_blank("key", key)?;
        let value = value.into();
        let body = json!({ "key": key, "value": value });
        let env = self
            .client
            .rest_envelope::<Value>(RestRequest::post(ENV, body))
            .await?;
        // the variable as stored when the service answers it, else as sent
        Ok(serde_json::from_value::<EnvVar>(env.data)
            .ok()
            .filter(|v| v.key == key)
            .unwrap_or_else(|| EnvVar::new(key, value)))
    }

    /// Removes an environment variable (`DELETE /api/v2/env/{key}`).
    ///
    /// ```no_run
    /// # async fn run(client: authing::management::ManagementClient) -> authing::Result<()> {
    /// client.userpool().remove_env("LDAP_HOST").await?;
    /// # Ok(()) }
    /// ```
    pub async fn remove_env(&self, key: &str) -> Result<CommonMessage> {
        non_blank("key", key)?;
        let mut req = RestRequest::get(format!("{ENV}/{}", path_segment(key)));
        req.method = Method::Delete;
        let env = self.client.rest_envelope::<Value>(req).await?;
        Ok(CommonMessage::new(env.code, env.message))
    }
}
