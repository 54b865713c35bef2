//! Custom data: field definitions (`udf`, `setUdf`, `removeUdf`) and values (`udv`,
//! `udfValueBatch`, `setUdv`, `setUdvBatch`, `setUdfValueBatch`, `removeUdv`).

use async_graphql::{Context, Enum, InputObject, Object, Result, SimpleObject};
use serde_json::Value;

use super::common::{CommonMessage, ObjectScalar};
use super::{caller, require_admin, shared};
use crate::domain::custom::{self as udv, UdvItem, parse_udv_text};
use crate::domain::tokens::{self, Caller};
use crate::error::AuthingError;
use crate::store::custom::{self as rec, UdfRecord};

/// Data type of a user-defined field.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(name = "UDFDataType", remote = "crate::store::custom::UdfDataType")]
pub enum UdfDataType {
    /// Text.
    String,
    /// JSON number.
    Number,
    /// Date/time (epoch ms or a date string).
    Datetime,
    /// true/false.
    Boolean,
    /// JSON object.
    Object,
}

/// Target type of user-defined fields and values.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq, Hash)]
#[graphql(name = "UDFTargetType", remote = "crate::store::custom::UdfTargetType")]
pub enum UdfTargetType {
    /// Org node.
    Node,
    /// Organization.
    Org,
    /// User (target id = user id).
    User,
    /// User pool.
    Userpool,
    /// Role (target id = role id).
    Role,
    /// Permission.
    Permission,
    /// Application.
    Application,
}

/// A user-defined value.
#[derive(SimpleObject, Debug, Clone)]
pub struct UserDefinedData {
    /// Key.
    pub key: String,
    /// Data type.
    pub data_type: UdfDataType,
    /// Value as text (STRING plain, others JSON text).
    pub value: String,
    /// Field label.
    pub label: Option<String>,
}

/// Values of one target in `udfValueBatch`.
#[derive(SimpleObject, Debug, Clone)]
pub struct UserDefinedDataMap {
    /// Target id.
    pub target_id: String,
    /// Its values.
    pub data: Vec<UserDefinedData>,
}

/// A user-defined field definition.
#[derive(SimpleObject, Debug, Clone)]
pub struct UserDefinedField {
    /// Target type.
    pub target_type: UdfTargetType,
    /// Data type.
    pub data_type: UdfDataType,
    /// Key.
    pub key: String,
    /// Label.
    pub label: Option<String>,
    /// Options (JSON text).
    pub options: Option<String>,
}

impl From<UdvItem> for UserDefinedData {
    fn from(d: UdvItem) -> Self {
        UserDefinedData {
            key: d.key,
            data_type: d.data_type.into(),
            value: d.value,
            label: d.label,
        }
    }
}

impl From<&UdfRecord> for UserDefinedField {
    fn from(f: &UdfRecord) -> Self {
        UserDefinedField {
            target_type: f.target_type.into(),
            data_type: f.data_type.into(),
            key: f.key.clone(),
            label: f.label.clone(),
            options: f.options.clone(),
        }
    }
}

fn answer(list: Vec<UdvItem>) -> Vec<UserDefinedData> {
    list.into_iter().map(Into::into).collect()
}

/// A key/value pair of `setUdvBatch`.
#[derive(InputObject, Debug, Clone)]
pub struct UserDefinedDataInput {
    /// Key.
    pub key: String,
    /// Value as JSON text.
    pub value: Option<String>,
}

/// An item of `setUdfValueBatch`.
#[derive(InputObject, Debug, Clone)]
pub struct SetUdfValueBatchInput {
    /// Target id.
    pub target_id: String,
    /// Key.
    pub key: String,
    /// Value (JSON, or JSON text in a string).
    pub value: ObjectScalar,
}

/// Value access: management, or a user on their own USER target.
fn require_access(
    ctx: &Context<'_>,
    target_type: UdfTargetType,
    target_id: &str,
) -> Result<(), AuthingError> {
    match caller(ctx)? {
        Caller::Admin => Ok(()),
        c @ Caller::User(_) if target_type == UdfTargetType::User => {
            tokens::may_read_user(&c, target_id)
        }
        Caller::User(_) => Err(AuthingError::no_permission()),
    }
}

/// Query fields of custom data.
#[derive(Default)]
pub struct CustomDataQuery;

#[Object]
impl CustomDataQuery {
    /// Values of one target (management, or a user reading their own USER values).
    async fn udv(
        &self,
        ctx: &Context<'_>,
        target_type: UdfTargetType,
        target_id: String,
    ) -> Result<Vec<UserDefinedData>> {
        require_access(ctx, target_type, &target_id)?;
        let store = shared(ctx).store.read();
        Ok(answer(udv::values(&store, target_type.into(), &target_id)))
    }

    /// Field definitions of a target type.
    async fn udf(
        &self,
        ctx: &Context<'_>,
        target_type: UdfTargetType,
    ) -> Result<Vec<UserDefinedField>> {
        caller(ctx)?;
        let tt = rec::UdfTargetType::from(target_type);
        Ok(shared(ctx)
            .store
            .read()
            .custom()
            .fields()
            .filter(|f| f.target_type == tt)
            .map(UserDefinedField::from)
            .collect())
    }

    /// Values of several targets.
    async fn udf_value_batch(
        &self,
        ctx: &Context<'_>,
        target_type: UdfTargetType,
        target_ids: Vec<Option<String>>,
    ) -> Result<Vec<UserDefinedDataMap>> {
        require_admin(ctx)?;
        let store = shared(ctx).store.read();
        Ok(target_ids
            .into_iter()
            .flatten()
            .map(|id| UserDefinedDataMap {
                data: answer(udv::values(&store, target_type.into(), &id)),
                target_id: id,
            })
            .collect())
    }
}

/// Mutation fields of custom data.
#[derive(Default)]
pub struct CustomDataMutation;

#[Object]
impl CustomDataMutation {
    /// Defines (or redefines) a custom field.
    async fn set_udf(
        &self,
        ctx: &Context<'_>,
        target_type: UdfTargetType,
        key: String,
        data_type: UdfDataType,
        label: String,
        options: Option<String>,
    ) -> Result<UserDefinedField> {
        require_admin(ctx)?;
        let f = udv::set_field(
            shared(ctx),
            UdfRecord {
                target_type: target_type.into(),
                data_type: data_type.into(),
                key,
                label: Some(label),
                options,
            },
        )?;
        Ok(UserDefinedField::from(&f))
    }

    /// Removes a field definition and its values.
    async fn remove_udf(
        &self,
        ctx: &Context<'_>,
        target_type: UdfTargetType,
        key: String,
    ) -> Result<Option<CommonMessage>> {
        require_admin(ctx)?;
        udv::remove_field(shared(ctx), target_type.into(), &key)?;
        Ok(Some(CommonMessage::ok("删除成功")))
    }

    /// Sets one value (JSON text, checked against the field's type); returns the
    /// target's values. An undefined key fails (404): define it with `setUdf` first.
    async fn set_udv(
        &self,
        ctx: &Context<'_>,
        target_type: UdfTargetType,
        target_id: String,
        key: String,
        value: String,
    ) -> Result<Option<Vec<UserDefinedData>>> {
        require_access(ctx, target_type, &target_id)?;
        let items = vec![(key, parse_udv_text(&value))];
        let list = udv::set_values(shared(ctx), target_type.into(), &target_id, items)?;
        Ok(Some(answer(list)))
    }

    /// Sets several values of one target (all or nothing).
    async fn set_udv_batch(
        &self,
        ctx: &Context<'_>,
        target_type: UdfTargetType,
        target_id: String,
        udv_list: Option<Vec<UserDefinedDataInput>>,
    ) -> Result<Option<Vec<UserDefinedData>>> {
        require_access(ctx, target_type, &target_id)?;
        let items: Vec<(String, Value)> = udv_list
            .unwrap_or_default()
            .into_iter()
            .map(|d| {
                (
                    d.key,
                    d.value
                        .as_deref()
                        .map(parse_udv_text)
                        .unwrap_or(Value::Null),
                )
            })
            .collect();
        let list = udv::set_values(shared(ctx), target_type.into(), &target_id, items)?;
        Ok(Some(answer(list)))
    }

    /// Sets values of several targets (all or nothing).
    async fn set_udf_value_batch(
        &self,
        ctx: &Context<'_>,
        target_type: UdfTargetType,
        input: Vec<SetUdfValueBatchInput>,
    ) -> Result<Option<CommonMessage>> {
        require_admin(ctx)?;
        let items = input
            .into_iter()
            .map(|i| {
                let v = match i.value.0 {
                    Value::String(s) => parse_udv_text(&s),
                    other => other,
                };
                (i.target_id, i.key, v)
            })
            .collect();
        udv::set_values_of_targets(shared(ctx), target_type.into(), items)?;
        Ok(Some(CommonMessage::ok("设置成功")))
    }

    /// Removes one value; returns the target's remaining values.
    async fn remove_udv(
        &self,
        ctx: &Context<'_>,
        target_type: UdfTargetType,
        target_id: String,
        key: String,
    ) -> Result<Option<Vec<UserDefinedData>>> {
        require_access(ctx, target_type, &target_id)?;
        let list = udv::remove_value(shared(ctx), target_type.into(), &target_id, &key);
        Ok(Some(answer(list)))
    }
}
