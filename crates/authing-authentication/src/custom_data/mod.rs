//! Custom data (user-defined field values) of the logged-in user.

use serde::Serialize;

use authing_core::__private::non_blank;
use authing_core::models::{UdfTargetType, UserDefinedData};
use authing_core::{Error, Operation, Result};

use crate::client::AuthenticationClient;
use crate::types::CustomDataValue;

/// `query udv`: The custom data values of a target.
pub const UDV: Operation = Operation::query("udv", "udv", include_str!("udv.graphql"))
    .with_variables::<UdvVars<'static>>();

/// `mutation setUdv`: Sets one custom data value.
pub const SET_UDV: Operation =
    Operation::mutation("setUdv", "setUdv", include_str!("set_udv.graphql"))
        .with_variables::<SetUdvVars<'static>>();

/// `mutation removeUdv`: Removes one custom data value.
pub const REMOVE_UDV: Operation =
    Operation::mutation("removeUdv", "removeUdv", include_str!("remove_udv.graphql"))
        .with_variables::<RemoveUdvVars<'static>>();

authing_core::variables! {
    /// Variables of `udv`.
    pub(crate) struct UdvVars<'a> {
        targetType: UdfTargetType,
        targetId: &'a str,
    }
}

authing_core::variables! {
    /// Variables of `setUdv`.
    pub(crate) struct SetUdvVars<'a> {
        targetType: UdfTargetType,
        targetId: &'a str,
        key: &'a str,
        value: &'a str,
    }
}

authing_core::variables! {
    /// Variables of `removeUdv`.
    pub(crate) struct RemoveUdvVars<'a> {
        targetType: UdfTargetType,
        targetId: &'a str,
        key: &'a str,
    }
}

fn decoded(list: Vec<UserDefinedData>) -> Vec<CustomDataValue> {
    list.into_iter().map(CustomDataValue::from).collect()
}

impl AuthenticationClient {
    /// The logged-in user's custom data values (`udv` with target type `USER` and the
    /// user's id), each decoded by its data type. Needs a token.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient) -> authing::authentication::Result<()> {
    /// for v in auth.udv().await? {
    ///     println!("{} = {}", v.key, v.value);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn udv(&self) -> Result<Vec<CustomDataValue>> {
        let token = self.require_token()?;
        let id = self.current_user_id(&token).await?;
        let list: Vec<UserDefinedData> = self
            .graphql(
                &UDV,
                &UdvVars {
                    targetType: UdfTargetType::User,
                    targetId: &id,
                },
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
    /// # async fn demo(auth: authing::authentication::AuthenticationClient) -> authing::authentication::Result<()> {
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
            .graphql(
                &SET_UDV,
                &SetUdvVars {
                    targetType: UdfTargetType::User,
                    targetId: &id,
                    key,
                    value: &text,
                },
                Some(&token),
            )
            .await?;
        Ok(decoded(list.unwrap_or_default()))
    }

    /// Removes one custom data value of the logged-in user (`removeUdv`). Returns the
    /// user's values after the change, decoded. Needs a token.
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient) -> authing::authentication::Result<()> {
    /// let left = auth.remove_udv("school").await?;
    /// assert!(left.iter().all(|v| v.key != "school"));
    /// # Ok(()) }
    /// ```
    pub async fn remove_udv(&self, key: &str) -> Result<Vec<CustomDataValue>> {
        let token = self.require_token()?;
        non_blank("key", key)?;
        let id = self.current_user_id(&token).await?;
        let list: Option<Vec<UserDefinedData>> = self
            .graphql(
                &REMOVE_UDV,
                &RemoveUdvVars {
                    targetType: UdfTargetType::User,
                    targetId: &id,
                    key,
                },
                Some(&token),
            )
            .await?;
        Ok(decoded(list.unwrap_or_default()))
    }
}
