//! Custom field values (UDV) of any target: the operations, and the calls shared by
//! `udf()`, `users()` and `roles()`.

use std::collections::BTreeMap;

use authing_core::__private::{non_blank, non_empty_list};
use authing_core::models::{CommonMessage, UdfTargetType, UserDefinedData};
use authing_core::{Error, Operation, Result};
use serde::{Deserialize, Serialize};

use super::value::{CustomValue, UdfValue};
use crate::client::ManagementClient;

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

authing_core::input_object! {
    /// `UserDefinedDataInput`: one key and its JSON text.
    pub(crate) struct UdvInput<'a> as "UserDefinedDataInput" {
        key: &'a str,
        value: String,
    }
}

authing_core::variables! {
    /// Variables of `setUdvBatch`.
    pub(crate) struct SetUdvBatchVars<'a> {
        targetType: UdfTargetType,
        targetId: &'a str,
        udvList: Vec<UdvInput<'a>>,
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

authing_core::variables! {
    /// Variables of `udfValueBatch`.
    pub(crate) struct UdfValueBatchVars {
        targetType: UdfTargetType,
        targetIds: Vec<String>,
    }
}

/// The JSON text of a value sent where the schema declares the `Object` scalar
/// (`SetUdfValueBatchInput.value`): the official SDKs send a JSON string there.
#[derive(Serialize)]
#[serde(transparent)]
pub(crate) struct ObjectText(pub(crate) String);

authing_core::gql_named!(ObjectText => "Object");

authing_core::input_object! {
    /// `SetUdfValueBatchInput`: one value of one target.
    pub(crate) struct SetUdfValueBatchInput as "SetUdfValueBatchInput" {
        targetId: String,
        key: String,
        value: ObjectText,
    }
}

authing_core::variables! {
    /// Variables of `setUdfValueBatch`.
    pub(crate) struct SetUdfValueBatchVars {
        targetType: UdfTargetType,
        input: Vec<SetUdfValueBatchInput>,
    }
}

/// `query udv`.
pub const UDV: Operation = Operation::query("udv", "udv", include_str!("udv.graphql"))
    .with_variables::<UdvVars<'static>>();
/// `mutation setUdv`.
pub const SET_UDV: Operation =
    Operation::mutation("setUdv", "setUdv", include_str!("set_udv.graphql"))
        .with_variables::<SetUdvVars<'static>>();
/// `mutation setUdvBatch`.
pub const SET_UDV_BATCH: Operation = Operation::mutation(
    "setUdvBatch",
    "setUdvBatch",
    include_str!("set_udv_batch.graphql"),
)
.with_variables::<SetUdvBatchVars<'static>>();
/// `mutation removeUdv`.
pub const REMOVE_UDV: Operation =
    Operation::mutation("removeUdv", "removeUdv", include_str!("remove_udv.graphql"))
        .with_variables::<RemoveUdvVars<'static>>();
/// `query udfValueBatch`.
pub const UDF_VALUE_BATCH: Operation = Operation::query(
    "udfValueBatch",
    "udfValueBatch",
    include_str!("udf_value_batch.graphql"),
)
.with_variables::<UdfValueBatchVars>();
/// `mutation setUdfValueBatch`.
pub const SET_UDF_VALUE_BATCH: Operation = Operation::mutation(
    "setUdfValueBatch",
    "setUdfValueBatch",
    include_str!("set_udf_value_batch.graphql"),
)
.with_variables::<SetUdfValueBatchVars>();

/// Values of one target by key.
pub type UdfValues = BTreeMap<String, UdfValue>;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UserDefinedDataMap {
    target_id: String,
    #[serde(default)]
    data: Vec<UserDefinedData>,
}

fn typed(list: Vec<UserDefinedData>) -> Vec<CustomValue> {
    list.into_iter().map(CustomValue::from).collect()
}

pub(crate) fn to_map(list: Vec<CustomValue>) -> UdfValues {
    list.into_iter().map(|v| (v.key, v.value)).collect()
}

/// `udv`: the values of one target.
pub(crate) async fn list(
    client: &ManagementClient,
    target_type: UdfTargetType,
    target_id: &str,
) -> Result<Vec<CustomValue>> {
    non_blank("target_id", target_id)?;
    let vars = UdvVars {
        targetType: target_type,
        targetId: target_id,
    };
    let list: Vec<UserDefinedData> = client.graphql(&UDV, &vars).await?;
    Ok(typed(list))
}

/// `setUdv`: one value; the target's values after the change.
pub(crate) async fn set_one(
    client: &ManagementClient,
    target_type: UdfTargetType,
    target_id: &str,
    key: &str,
    value: &UdfValue,
) -> Result<Vec<CustomValue>> {
    non_blank("target_id", target_id)?;
    non_blank("key", key)?;
    let text = value.to_json_text();
    let vars = SetUdvVars {
        targetType: target_type,
        targetId: target_id,
        key,
        value: &text,
    };
    let list: Option<Vec<UserDefinedData>> = client.graphql(&SET_UDV, &vars).await?;
    Ok(typed(list.unwrap_or_default()))
}

/// `setUdvBatch`: several values of one target; the target's values after the change.
/// An empty list is refused before any request.
pub(crate) async fn set_many<K, V>(
    client: &ManagementClient,
    target_type: UdfTargetType,
    target_id: &str,
    data: impl IntoIterator<Item = (K, V)>,
) -> Result<Vec<CustomValue>>
where
    K: AsRef<str>,
    V: Into<UdfValue>,
{
    non_blank("target_id", target_id)?;
    let items: Vec<(K, String)> = data
        .into_iter()
        .map(|(k, v)| (k, v.into().to_json_text()))
        .collect();
    if items.is_empty() {
        return Err(Error::InvalidArgument("data must not be empty".into()));
    }
    for (k, _) in &items {
        non_blank("key", k.as_ref())?;
    }
    let vars = SetUdvBatchVars {
        targetType: target_type,
        targetId: target_id,
        udvList: items
            .iter()
            .map(|(k, v)| UdvInput {
                key: k.as_ref(),
                value: v.clone(),
            })
            .collect(),
    };
    let list: Option<Vec<UserDefinedData>> = client.graphql(&SET_UDV_BATCH, &vars).await?;
    Ok(typed(list.unwrap_or_default()))
}

/// `removeUdv`: the target's values after the change.
pub(crate) async fn remove(
    client: &ManagementClient,
    target_type: UdfTargetType,
    target_id: &str,
    key: &str,
) -> Result<Vec<CustomValue>> {
    non_blank("target_id", target_id)?;
    non_blank("key", key)?;
    let vars = RemoveUdvVars {
        targetType: target_type,
        targetId: target_id,
        key,
    };
    let list: Option<Vec<UserDefinedData>> = client.graphql(&REMOVE_UDV, &vars).await?;
    Ok(typed(list.unwrap_or_default()))
}

/// `udfValueBatch`: the values of several targets, by target id.
pub(crate) async fn get_batch<I, S>(
    client: &ManagementClient,
    target_type: UdfTargetType,
    target_ids: I,
) -> Result<BTreeMap<String, UdfValues>>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let ids = non_empty_list("target_ids", target_ids)?;
    let vars = UdfValueBatchVars {
        targetType: target_type,
        targetIds: ids,
    };
    let maps: Vec<UserDefinedDataMap> = client.graphql(&UDF_VALUE_BATCH, &vars).await?;
    Ok(maps
        .into_iter()
        .map(|m| (m.target_id, to_map(typed(m.data))))
        .collect())
}

/// `setUdfValueBatch`: values of several targets (`{target id: {key: value}}`).
pub(crate) async fn set_batch<I, M, K, V>(
    client: &ManagementClient,
    target_type: UdfTargetType,
    data: impl IntoIterator<Item = (I, M)>,
) -> Result<CommonMessage>
where
    I: AsRef<str>,
    M: IntoIterator<Item = (K, V)>,
    K: AsRef<str>,
    V: Into<UdfValue>,
{
    let mut input = Vec::new();
    for (id, values) in data {
        non_blank("target id", id.as_ref())?;
        for (k, v) in values {
            non_blank("key", k.as_ref())?;
            input.push(SetUdfValueBatchInput {
                targetId: id.as_ref().to_owned(),
                key: k.as_ref().to_owned(),
                value: ObjectText(v.into().to_json_text()),
            });
        }
    }
    if input.is_empty() {
        return Err(Error::InvalidArgument("data must not be empty".into()));
    }
    let vars = SetUdfValueBatchVars {
        targetType: target_type,
        input,
    };
    client.nullable_message(&SET_UDF_VALUE_BATCH, &vars).await
}
