//! Custom fields (UDF definitions) and custom values (UDV) per target.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Data type of a custom field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub(crate) enum UdfDataType {
    String,
    Number,
    Datetime,
    Boolean,
    Object,
}

impl UdfDataType {
    /// Authing's name of the type (`STRING`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Self::String => "STRING",
            Self::Number => "NUMBER",
            Self::Datetime => "DATETIME",
            Self::Boolean => "BOOLEAN",
            Self::Object => "OBJECT",
        }
    }
}

/// Target type of custom fields and values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub(crate) enum UdfTargetType {
    Node,
    Org,
    User,
    Userpool,
    Role,
    Permission,
    Application,
}

/// A custom field definition.
#[derive(Debug, Clone)]
pub(crate) struct UdfRecord {
    pub target_type: UdfTargetType,
    pub data_type: UdfDataType,
    pub key: String,
    pub label: Option<String>,
    /// Options (JSON text).
    pub options: Option<String>,
}

/// Values of one target, key → JSON value, in setting order.
pub(crate) type Values = IndexMap<String, Value>;

/// Field definitions and values.
#[derive(Debug, Default)]
pub(crate) struct CustomData {
    fields: Vec<UdfRecord>,
    values: IndexMap<(UdfTargetType, String), Values>,
}

impl CustomData {
    pub(super) fn from_parts(
        fields: Vec<UdfRecord>,
        values: impl IntoIterator<Item = ((UdfTargetType, String), Values)>,
    ) -> Self {
        Self {
            fields,
            values: values.into_iter().collect(),
        }
    }

    /// Every field definition, in definition order.
    pub fn fields(&self) -> std::slice::Iter<'_, UdfRecord> {
        self.fields.iter()
    }

    pub fn field(&self, target_type: UdfTargetType, key: &str) -> Option<&UdfRecord> {
        self.fields
            .iter()
            .find(|f| f.target_type == target_type && f.key == key)
    }

    /// Values of one target.
    pub fn values(&self, target_type: UdfTargetType, target_id: &str) -> Option<&Values> {
        self.values.get(&(target_type, target_id.to_string()))
    }

    /// Every target's values, for persistence.
    pub fn all_values(&self) -> impl Iterator<Item = (&(UdfTargetType, String), &Values)> {
        self.values.iter()
    }

    /// Defines or redefines a field.
    pub fn set_field(&mut self, f: UdfRecord) {
        match self
            .fields
            .iter_mut()
            .find(|x| x.target_type == f.target_type && x.key == f.key)
        {
            Some(existing) => *existing = f,
            None => self.fields.push(f),
        }
    }

    /// Removes a field definition and its values on every target.
    pub fn remove_field(&mut self, target_type: UdfTargetType, key: &str) {
        self.fields
            .retain(|f| !(f.target_type == target_type && f.key == key));
        for ((tt, _), values) in self.values.iter_mut() {
            if *tt == target_type {
                values.shift_remove(key);
            }
        }
    }

    /// Stores checked values of one target.
    pub fn set_values(
        &mut self,
        target_type: UdfTargetType,
        target_id: &str,
        items: Vec<(String, Value)>,
    ) {
        let entry = self
            .values
            .entry((target_type, target_id.to_string()))
            .or_default();
        for (k, v) in items {
            entry.insert(k, v);
        }
    }

    pub fn remove_value(&mut self, target_type: UdfTargetType, target_id: &str, key: &str) {
        if let Some(values) = self.values.get_mut(&(target_type, target_id.to_string())) {
            values.shift_remove(key);
        }
    }

    /// Drops the values of a deleted target.
    pub(super) fn forget_target(&mut self, target_type: UdfTargetType, target_id: &str) {
        self.values
            .shift_remove(&(target_type, target_id.to_string()));
    }
}
