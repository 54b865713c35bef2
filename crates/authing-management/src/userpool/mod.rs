//! `client.userpool()`: the pool's settings.

use authing_core::vars::NoVariables;
use authing_core::{Operation, Result};

use crate::client::ManagementClient;
use crate::models::UserPool;

/// `query userpool`.
pub const USERPOOL: Operation =
    Operation::query("userpool", "userpool", include_str!("userpool.graphql"))
        .with_variables::<NoVariables>();

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
}
