//! Custom field values of a user (`users().list_udv`, `set_udv`, ...): typed by the
//! field's data type on the way in and out (see [`UdfValue`]).

use std::collections::BTreeMap;

use authing_core::Result;
use authing_core::models::{CommonMessage, UdfTargetType};

use super::UsersClient;
use crate::udf::values::{self, to_map};
use crate::udf::{CustomValue, UdfValue, UdfValues};

const USER: UdfTargetType = UdfTargetType::User;

impl UsersClient<'_> {
    /// The user's custom values (`query udv`, target `USER`), typed by data type.
    ///
    /// ```no_run
    /// # async fn run(client: authing::management::ManagementClient) -> authing::Result<()> {
    /// for v in client.users().list_udv("60b4a1c2d3e4f5a6b7c8d9e1").await? {
    ///     println!("{}: {:?}", v.key, v.value);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn list_udv(&self, user_id: &str) -> Result<Vec<CustomValue>> {
        values::list(self.client, USER, user_id).await
    }

    /// The user's custom values as a map `key → value` (`query udv`).
    ///
    /// ```no_run
    /// # async fn run(client: authing::management::ManagementClient) -> authing::Result<()> {
    /// let data = client.users().get_udf_value("60b4a1c2d3e4f5a6b7c8d9e1").await?;
    /// let age = data.get("age").and_then(|v| v.as_f64());
    /// # let _ = age; Ok(()) }
    /// ```
    pub async fn get_udf_value(&self, user_id: &str) -> Result<UdfValues> {
        Ok(to_map(values::list(self.client, USER, user_id).await?))
    }

    /// The custom values of several users, by user id (`query udfValueBatch`).
    ///
    /// ```no_run
    /// # async fn run(client: authing::management::ManagementClient) -> authing::Result<()> {
    /// let all = client.users().get_udf_value_batch(["u1", "u2"]).await?;
    /// # let _ = all; Ok(()) }
    /// ```
    pub async fn get_udf_value_batch<I, S>(
        &self,
        user_ids: I,
    ) -> Result<BTreeMap<String, UdfValues>>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        values::get_batch(self.client, USER, user_ids).await
    }

    /// Sets one custom value of the user (`mutation setUdv`); the value is sent as its
    /// JSON text and must fit the field's data type. Returns the user's values after
    /// the change.
    ///
    /// ```no_run
    /// # async fn run(client: authing::management::ManagementClient) -> authing::Result<()> {
    /// client.users().set_udv("60b4a1c2d3e4f5a6b7c8d9e1", "age", 18).await?;
    /// client.users().set_udv("60b4a1c2d3e4f5a6b7c8d9e1", "school", "ucla").await?;
    /// # Ok(()) }
    /// ```
    pub async fn set_udv(
        &self,
        user_id: &str,
        key: &str,
        value: impl Into<UdfValue>,
    ) -> Result<Vec<CustomValue>> {
        values::set_one(self.client, USER, user_id, key, &value.into()).await
    }

    /// Sets several custom values of the user (`mutation setUdvBatch`). An empty list
    /// is an `InvalidArgument`. Returns the user's values after the change.
    ///
    /// ```no_run
    /// # async fn run(client: authing::management::ManagementClient) -> authing::Result<()> {
    /// use authing::management::UdfValue;
    /// let data: [(&str, UdfValue); 2] = [("school", "ucla".into()), ("age", 18.into())];
    /// client.users().set_udf_value("60b4a1c2d3e4f5a6b7c8d9e1", data).await?;
    /// # Ok(()) }
    /// ```
    pub async fn set_udf_value<K, V>(
        &self,
        user_id: &str,
        data: impl IntoIterator<Item = (K, V)>,
    ) -> Result<Vec<CustomValue>>
    where
        K: AsRef<str>,
        V: Into<UdfValue>,
    {
        values::set_many(self.client, USER, user_id, data).await
    }

    /// Sets custom values of several users at once (`mutation setUdfValueBatch`):
    /// `{user id: {key: value}}`.
    ///
    /// ```no_run
    /// # async fn run(client: authing::management::ManagementClient) -> authing::Result<()> {
    /// use authing::management::UdfValue;
    /// let u1: Vec<(&str, UdfValue)> = vec![("age", 18.into())];
    /// let u2: Vec<(&str, UdfValue)> = vec![("age", 21.into()), ("school", "mit".into())];
    /// client.users().set_udf_value_batch([("u1", u1), ("u2", u2)]).await?;
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
        values::set_batch(self.client, USER, data).await
    }

    /// Removes one custom value of the user (`mutation removeUdv`). Returns the user's
    /// values after the change.
    ///
    /// ```no_run
    /// # async fn run(client: authing::management::ManagementClient) -> authing::Result<()> {
    /// let left = client.users().remove_udv("60b4a1c2d3e4f5a6b7c8d9e1", "age").await?;
    /// assert!(left.iter().all(|v| v.key != "age"));
    /// # Ok(()) }
    /// ```
    pub async fn remove_udv(&self, user_id: &str, key: &str) -> Result<Vec<CustomValue>> {
        values::remove(self.client, USER, user_id, key).await
    }
}
