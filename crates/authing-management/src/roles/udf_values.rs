//! Custom field values of a role (`roles().get_udf_value`, ...). Role custom data is
//! keyed by the role's **id** (`Role::id`), not its code.

use std::collections::BTreeMap;

use authing_core::Result;
use authing_core::models::{CommonMessage, UdfTargetType};

use super::RolesClient;
use crate::udf::values::{self, to_map};
use crate::udf::{CustomValue, UdfValue, UdfValues};

const ROLE: UdfTargetType = UdfTargetType::Role;

impl RolesClient<'_> {
    /// The role's custom values as a map `key → value` (`query udv`, target `ROLE`).
    ///
    /// ```no_run
    /// # async fn run(client: authing::management::ManagementClient) -> authing::Result<()> {
    /// let data = client.roles().get_udf_value("60b4a1c2d3e4f5a6b7c8d9e2").await?;
    /// # let _ = data; Ok(()) }
    /// ```
    pub async fn get_udf_value(&self, role_id: &str) -> Result<UdfValues> {
        Ok(to_map(values::list(self.client, ROLE, role_id).await?))
    }

    /// One custom value of the role (`query udv`); `None` when the key has no value.
    ///
    /// ```no_run
    /// # async fn run(client: authing::management::ManagementClient) -> authing::Result<()> {
    /// let level = client.roles().get_specific_udf_value("60b4a1c2d3e4f5a6b7c8d9e2", "level").await?;
    /// # let _ = level; Ok(()) }
    /// ```
    pub async fn get_specific_udf_value(
        &self,
        role_id: &str,
        key: &str,
    ) -> Result<Option<UdfValue>> {
        authing_core::__private::non_blank("key", key)?;
        let list = values::list(self.client, ROLE, role_id).await?;
        Ok(list.into_iter().find(|v| v.key == key).map(|v| v.value))
    }

    /// The custom values of several roles, by role id (`query udfValueBatch`).
    ///
    /// ```no_run
    /// # async fn run(client: authing::management::ManagementClient) -> authing::Result<()> {
    /// let all = client.roles().get_udf_value_batch(["r1", "r2"]).await?;
    /// # let _ = all; Ok(()) }
    /// ```
    pub async fn get_udf_value_batch<I, S>(
        &self,
        role_ids: I,
    ) -> Result<BTreeMap<String, UdfValues>>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        values::get_batch(self.client, ROLE, role_ids).await
    }

    /// Sets several custom values of the role (`mutation setUdvBatch`). An empty list
    /// is an `InvalidArgument`. Returns the role's values after the change.
    ///
    /// ```no_run
    /// # async fn run(client: authing::management::ManagementClient) -> authing::Result<()> {
    /// use authing::management::UdfValue;
    /// let data: [(&str, UdfValue); 1] = [("level", 3.into())];
    /// client.roles().set_udf_value("60b4a1c2d3e4f5a6b7c8d9e2", data).await?;
    /// # Ok(()) }
    /// ```
    pub async fn set_udf_value<K, V>(
        &self,
        role_id: &str,
        data: impl IntoIterator<Item = (K, V)>,
    ) -> Result<Vec<CustomValue>>
    where
        K: AsRef<str>,
        V: Into<UdfValue>,
    {
        values::set_many(self.client, ROLE, role_id, data).await
    }

    /// Sets custom values of several roles at once (`mutation setUdfValueBatch`):
    /// `{role id: {key: value}}`.
    ///
    /// ```no_run
    /// # async fn run(client: authing::management::ManagementClient) -> authing::Result<()> {
    /// use authing::management::UdfValue;
    /// let r1: Vec<(&str, UdfValue)> = vec![("level", 3.into())];
    /// client.roles().set_udf_value_batch([("r1", r1)]).await?;
    /// # Ok(()) }
    /// ```
    pub async fn set_udf_value_batch<I, M, K, V>(
        &self,
        data: impl IntoIterator<Item = (I, M)>,
    ) -> Result<CommonMessage>
    where
        I: AsRef<str>,
        M: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: Into<UdfValue>,
    {
        values::set_batch(self.client, ROLE, data).await
    }

    /// Removes one custom value of the role (`mutation removeUdv`). Returns the role's
    /// values after the change.
    ///
    /// ```no_run
    /// # async fn run(client: authing::management::ManagementClient) -> authing::Result<()> {
    /// client.roles().remove_udf_value("60b4a1c2d3e4f5a6b7c8d9e2", "level").await?;
    /// # Ok(()) }
    /// ```
    pub async fn remove_udf_value(&self, role_id: &str, key: &str) -> Result<Vec<CustomValue>> {
        values::remove(self.client, ROLE, role_id, key).await
    }
}
