//! Custom data (user-defined field values) of the logged-in user.

use serde::Serialize;
use serde_json::json;

use authing_core::models::{UdfTargetType, UserDefinedData};
use authing_core::{Error, Result};

use crate::client::{AuthenticationClient, non_blank};
use crate::operations as ops;
use crate::types::CustomDataValue;

fn decoded(list: Vec<UserDefinedData>) -> Vec<CustomDataValue> {
    list.into_iter().map(CustomDataValue::from).collect()
}

impl AuthenticationClient {
    /// The logged-in user's custom data values (`udv` with target type `USER` and the
    /// user's id), each decoded by its data type. Needs a token.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing_authentication::AuthenticationClient) -> authing_authentication::Result<()> {
    /// for v in auth.udv().await? {
    ///     println!("{} = {}", v.key, v.value);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn udv(&self) -> Result<Vec<CustomDataValue>> {
        let token = self.require_token()?;
        let id = self.current_user_id(&token).await?;
        let list: Vec<UserDefinedData> = self
            .send(
                &ops::UDV,
                json!({ "targetType": UdfTargetType::User, "targetId": id }),
                Some(&token),
            )
            .await?;
        Ok(decoded(list))
    }

    /// Sets one custom data value of the logged-in user (`setUdv`). `value` is sent as
    /// its JSON text (`"ucla"` → `"\"ucla\""`, `18` → `"18"`), as the official SDKs do;
    /// the field `key` must be defined in the pool with a matching data type. Returns
    /// the user's values after the change, decoded. Needs a token.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing_authentication::AuthenticationClient) -> authing_authentication::Result<()> {
    /// auth.set_udv("school", "ucla").await?;
    /// auth.set_udv("age", 18).await?;
    /// # Ok(()) }
    /// ```
    pub async fn set_udv(&self, key: &str, value: impl Serialize) -> Result<Vec<CustomDataValue>> {
        let token = self.require_token()?;
        non_blank("key", key)?;
        let text = serde_json::to_string(&value)
            .map_err(|e| Error::InvalidArgument(format!("cannot serialize the value: {e}")))?;
        let id = self.current_user_id(&token).await?;
        let list: Option<Vec<UserDefinedData>> = self
            .send(
                &ops::SET_UDV,
                json!({
                    "targetType": UdfTargetType::User,
                    "targetId": id,
                    "key": key,
                    "value": text,
                }),
                Some(&token),
            )
            .await?;
        Ok(decoded(list.unwrap_or_default()))
    }

    /// Removes one custom data value of the logged-in user (`removeUdv`). Returns the
    /// user's values after the change, decoded. Needs a token.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing_authentication::AuthenticationClient) -> authing_authentication::Result<()> {
    /// let left = auth.remove_udv("school").await?;
    /// assert!(left.iter().all(|v| v.key != "school"));
    /// # Ok(()) }
    /// ```
    pub async fn remove_udv(&self, key: &str) -> Result<Vec<CustomDataValue>> {
        let token = self.require_token()?;
        non_blank("key", key)?;
        let id = self.current_user_id(&token).await?;
        let list: Option<Vec<UserDefinedData>> = self
            .send(
                &ops::REMOVE_UDV,
                json!({ "targetType": UdfTargetType::User, "targetId": id, "key": key }),
                Some(&token),
            )
            .await?;
        Ok(decoded(list.unwrap_or_default()))
    }
}
