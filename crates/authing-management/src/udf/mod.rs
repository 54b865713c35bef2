//! `client.udf()`: definitions of custom fields (user-defined fields). A value can be
//! set for a key (e.g. with `AuthenticationClient::set_udv`) only once the key is
//! defined here.

use authing_core::__private::non_blank;
use authing_core::Operation;
use authing_core::Result;
use authing_core::models::{CommonMessage, UdfDataType, UdfTargetType};
use serde::{Deserialize, Serialize};

use crate::client::ManagementClient;

authing_core::variables! {
    /// Variables of `setUdf`.
    pub(crate) struct SetUdfVars<'a> {
        targetType: UdfTargetType,
        key: &'a str,
        dataType: UdfDataType,
        label: &'a str,
        options: Option<&'a str>,
    }
}

authing_core::variables! {
    /// Variables of `udf`.
    pub(crate) struct UdfVars {
        targetType: UdfTargetType,
    }
}

authing_core::variables! {
    /// Variables of `removeUdf`.
    pub(crate) struct RemoveUdfVars<'a> {
        targetType: UdfTargetType,
        key: &'a str,
    }
}

/// `mutation setUdf`.
pub const SET_UDF: Operation =
    Operation::mutation("setUdf", "setUdf", include_str!("set_udf.graphql"))
        .with_variables::<SetUdfVars<'static>>();
/// `query udf`.
pub const UDF: Operation =
    Operation::query("udf", "udf", include_str!("udf.graphql")).with_variables::<UdfVars>();
/// `mutation removeUdf`.
pub const REMOVE_UDF: Operation =
    Operation::mutation("removeUdf", "removeUdf", include_str!("remove_udf.graphql"))
        .with_variables::<RemoveUdfVars<'static>>();

/// `UserDefinedField`: the definition of a custom field.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct UserDefinedField {
    /// What the field belongs to (users, roles, ...).
    pub target_type: UdfTargetType,
    /// The type of its values.
    pub data_type: UdfDataType,
    /// Field key.
    pub key: String,
    /// Display label.
    #[serde(default)]
    pub label: Option<String>,
    /// Extra options (JSON text), if any.
    #[serde(default)]
    pub options: Option<String>,
}

/// Custom field definitions: `client.udf()`.
#[derive(Debug, Clone, Copy)]
pub struct UdfClient<'a> {
    client: &'a ManagementClient,
}

impl ManagementClient {
    /// Custom field definitions (Python SDK: `management.udf`).
    ///
    /// ```no_run
    /// # async fn run() -> authing::Result<()> {
    /// use authing::models::{UdfDataType, UdfTargetType};
    /// let client = authing::management::ManagementClient::builder()
    ///     .user_pool_id("60b4a1c2d3e4f5a6b7c8d9e0")
    ///     .secret("pool-secret")
    ///     .build()?;
    /// client.udf().set(UdfTargetType::User, "school", UdfDataType::String, "School").await?;
    /// # Ok(()) }
    /// ```
    pub fn udf(&self) -> UdfClient<'_> {
        UdfClient { client: self }
    }
}

impl UdfClient<'_> {
    /// Defines (or redefines) the field `key` of `target_type` (`mutation setUdf`).
    ///
    /// ```no_run
    /// # async fn run(client: authing::management::ManagementClient) -> authing::Result<()> {
    /// use authing::models::{UdfDataType, UdfTargetType};
    /// let field = client.udf().set(UdfTargetType::User, "age", UdfDataType::Number, "Age").await?;
    /// assert_eq!(field.key, "age");
    /// # Ok(()) }
    /// ```
    pub async fn set(
        &self,
        target_type: UdfTargetType,
        key: &str,
        data_type: UdfDataType,
        label: &str,
    ) -> Result<UserDefinedField> {
        non_blank("key", key)?;
        non_blank("label", label)?;
        let vars = SetUdfVars {
            targetType: target_type,
            key,
            dataType: data_type,
            label,
            options: None,
        };
        self.client.graphql(&SET_UDF, &vars).await
    }

    /// The fields defined for `target_type` (`query udf`).
    ///
    /// ```no_run
    /// # async fn run(client: authing::management::ManagementClient) -> authing::Result<()> {
    /// use authing::models::UdfTargetType;
    /// for f in client.udf().list(UdfTargetType::User).await? {
    ///     println!("{} ({})", f.key, f.data_type);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn list(&self, target_type: UdfTargetType) -> Result<Vec<UserDefinedField>> {
        self.client
            .graphql(
                &UDF,
                &UdfVars {
                    targetType: target_type,
                },
            )
            .await
    }

    /// Removes the definition of `key` (`mutation removeUdf`).
    ///
    /// ```no_run
    /// # async fn run(client: authing::management::ManagementClient) -> authing::Result<()> {
    /// use authing::models::UdfTargetType;
    /// client.udf().remove(UdfTargetType::User, "age").await?;
    /// # Ok(()) }
    /// ```
    pub async fn remove(&self, target_type: UdfTargetType, key: &str) -> Result<CommonMessage> {
        non_blank("key", key)?;
        self.client
            .nullable_message(
                &REMOVE_UDF,
                &RemoveUdfVars {
                    targetType: target_type,
                    key,
                },
            )
            .await
    }
}
