//! Custom data: field definitions (UDF) and values (UDV), their type checks and text form.

use serde_json::Value;

use crate::error::AuthingError;
use crate::shared::Shared;
use crate::store::Store;
use crate::store::custom::{UdfDataType, UdfRecord, UdfTargetType};

/// A value as the APIs show it.
pub(crate) struct UdvItem {
    pub key: String,
    pub data_type: UdfDataType,
    /// STRING plain, others JSON text.
    pub value: String,
    pub label: Option<String>,
}

/// Parses a value sent as JSON text; text that is not JSON is taken as a plain string.
pub(crate) fn parse_udv_text(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_string()))
}

/// Text form of a stored value: STRING plain, others JSON text.
pub(crate) fn udv_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Checks a decoded value against the field's data type.
fn check_udv(key: &str, dt: UdfDataType, v: Value) -> Result<Value, AuthingError> {
    let ok = match dt {
        UdfDataType::String => v.is_string(),
        UdfDataType::Number => v.is_number(),
        UdfDataType::Boolean => v.is_boolean(),
        UdfDataType::Object => v.is_object() || v.is_array(),
        // epoch milliseconds (a number or its digits) or an ISO-8601 date text
        UdfDataType::Datetime => match &v {
            Value::Number(_) => true,
            Value::String(t) => {
                let t = t.trim();
                (!t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()))
                    || crate::clock::parse_iso(t).is_some()
            }
            _ => false,
        },
    };
    if ok {
        Ok(v)
    } else {
        Err(AuthingError::bad_request(format!(
            "自定义字段 {key} 的值类型错误 (value of `{key}` is not of type {dt:?})"
        )))
    }
}

/// Validates a batch of `(key, value)` for one target type without storing anything:
/// undefined key → 404, wrong type → 400.
pub(crate) fn check_udv_batch(
    store: &Store,
    target_type: UdfTargetType,
    items: Vec<(String, Value)>,
) -> Result<Vec<(String, Value)>, AuthingError> {
    items
        .into_iter()
        .map(|(k, v)| {
            let f = store.custom().field(target_type, &k).ok_or_else(|| {
                AuthingError::not_found(format!(
                    "自定义字段 {k} 不存在，请先调用 setUdf 定义 (UDF key `{k}` is not defined)"
                ))
            })?;
            let v = check_udv(&k, f.data_type, v)?;
            Ok((k, v))
        })
        .collect()
}

/// The values of one target, with their field's type and label.
pub(crate) fn values(store: &Store, target_type: UdfTargetType, target_id: &str) -> Vec<UdvItem> {
    let Some(values) = store.custom().values(target_type, target_id) else {
        return vec![];
    };
    values
        .iter()
        .map(|(k, v)| {
            let f = store.custom().field(target_type, k);
            UdvItem {
                key: k.clone(),
                data_type: f.map(|f| f.data_type).unwrap_or(UdfDataType::String),
                value: udv_text(v),
                label: f.and_then(|f| f.label.clone()),
            }
        })
        .collect()
}

/// USER targets must be users, ROLE targets role ids.
fn check_target(
    sh: &Shared,
    target_type: UdfTargetType,
    target_id: &str,
) -> Result<(), AuthingError> {
    let store = sh.store.read();
    match target_type {
        UdfTargetType::User if store.users().get(target_id).is_none() => {
            Err(AuthingError::user_not_found())
        }
        UdfTargetType::Role if store.roles().get(target_id).is_none() => {
            Err(AuthingError::not_found(format!(
                "角色不存在 (no role with id {target_id:?}; ROLE custom data is keyed by role id)"
            )))
        }
        _ => Ok(()),
    }
}

/// Defines (or redefines) a field.
pub(crate) fn set_field(sh: &Shared, f: UdfRecord) -> Result<UdfRecord, AuthingError> {
    if f.key.trim().is_empty() {
        return Err(AuthingError::bad_request("key must not be empty"));
    }
    sh.store.write().custom_mut().set_field(f.clone());
    Ok(f)
}

/// Removes a field definition and its values (unknown key → 404).
pub(crate) fn remove_field(
    sh: &Shared,
    target_type: UdfTargetType,
    key: &str,
) -> Result<(), AuthingError> {
    let mut store = sh.store.write();
    if store.custom().field(target_type, key).is_none() {
        return Err(AuthingError::not_found(format!(
            "自定义字段 {key} 不存在 (UDF key not defined)"
        )));
    }
    store.custom_mut().remove_field(target_type, key);
    Ok(())
}

/// Sets values of one target (all or nothing) and returns all its values.
pub(crate) fn set_values(
    sh: &Shared,
    target_type: UdfTargetType,
    target_id: &str,
    items: Vec<(String, Value)>,
) -> Result<Vec<UdvItem>, AuthingError> {
    check_target(sh, target_type, target_id)?;
    let mut store = sh.store.write();
    let items = check_udv_batch(&store, target_type, items)?;
    store.custom_mut().set_values(target_type, target_id, items);
    Ok(values(&store, target_type, target_id))
}

/// Sets one value on each of several targets (all or nothing).
pub(crate) fn set_values_of_targets(
    sh: &Shared,
    target_type: UdfTargetType,
    input: Vec<(String, String, Value)>,
) -> Result<(), AuthingError> {
    for (id, _, _) in &input {
        check_target(sh, target_type, id)?;
    }
    let mut store = sh.store.write();
    let mut checked = Vec::new();
    for (id, key, v) in input {
        let items = check_udv_batch(&store, target_type, vec![(key, v)])?;
        checked.push((id, items));
    }
    for (id, items) in checked {
        store.custom_mut().set_values(target_type, &id, items);
    }
    Ok(())
}

/// Removes one value; returns the target's remaining values.
pub(crate) fn remove_value(
    sh: &Shared,
    target_type: UdfTargetType,
    target_id: &str,
    key: &str,
) -> Vec<UdvItem> {
    let mut store = sh.store.write();
    store.custom_mut().remove_value(target_type, target_id, key);
    values(&store, target_type, target_id)
}
