//! `client.udf()`: definitions of custom fields (user-defined fields). A value can be
//! set for a key (e.g. with `AuthenticationClient::set_udv`) only once the key is
//! defined here.

use authing_core::__private::non_blank;
use authing_core::Operation;
use authing_core::Result;
use authing_core::models::{CommonMessage, UdfDataType, UdfTargetType};
use serde::{Deserialize, Serialize};

use crate::client::ManagementClient;

mod value;
pub(crate) mod values;

pub use value::{CustomValue, UdfValue};
pub use values::{
    REMOVE_UDV, SET_UDF_VALUE_BATCH, SET_UDV, SET_UDV_BATCH, UDF_VALUE_BATCH, UDV, UdfValues,
};

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

    /// The custom values of one target (`query udv`), each typed by its field's data
    /// type (Python SDK: `list_udf_value`).
    ///
    /// ```no_run
    /// # async fn run(client: authing::management::ManagementClient) -> authing::Result<()> {
    /// use authing::models::UdfTargetType;
    /// for v in client.udf().list_udf_value(UdfTargetType::User, "60b4a1c2d3e4f5a6b7c8d9e1").await? {
    ///     println!("{} = {}", v.key, v.value);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn list_udf_value(
        &self,
        target_type: UdfTargetType,
        target_id: &str,
    ) -> Result<Vec<CustomValue>> {
        values::list(self.client, target_type, target_id).await
    }

    /// Sets several values of one target (`mutation setUdvBatch`); each value is sent
    /// as its JSON text. Returns the target's values after the change. An empty list
    /// is an `InvalidArgument` (Python SDK: `set_udf_value_batch`).
    ///
    /// ```no_run
    /// # async fn run(client: authing::management::ManagementClient) -> authing::Result<()> {
    /// use authing::management::UdfValue;
    /// use authing::models::UdfTargetType;
    /// let values: [(&str, UdfValue); 2] = [("school", "ucla".into()), ("age", 18.into())];
    /// client.udf().set_udf_value_batch(UdfTargetType::User, "60b4a1c2d3e4f5a6b7c8d9e1", values).await?;
    /// # Ok(()) }
    /// ```
    pub async fn set_udf_value_batch<K, V>(
        &self,
        target_type: UdfTargetType,
        target_id: &str,
        values: impl IntoIterator<Item = (K, V)>,
    ) -> Result<Vec<CustomValue>>
    where
        K: AsRef<str>,
        V: Into<UdfValue>,
    {
        values::set_many(self.client, target_type, target_id, values).await
    }
}
