//! Typed custom-field values: [`UdfValue`] and [`CustomValue`].
//!
//! Values travel as JSON text (`"\"ucla\""`, `"18"`, `"true"`, `"{\"a\":1}"`) and come
//! back as text that is read by the field's data type (catalog §7.4).

use std::fmt;

use authing_core::models::{UdfDataType, UserDefinedData};
use serde_json::Value;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// A custom field value, typed by the field's data type (`STRING`, `NUMBER`,
/// `BOOLEAN`, `DATETIME`, `OBJECT`).
///
/// Build one with `From` (`"ucla".into()`, `18.into()`, `true.into()`,
/// `serde_json::json!({..}).into()`, an [`OffsetDateTime`]); read one with the
/// `as_*` accessors.
///
/// ```
/// use authing::management::UdfValue;
/// let age: UdfValue = 18.into();
/// assert_eq!(age.to_json_text(), "18");
/// assert_eq!(UdfValue::from("ucla").to_json_text(), "\"ucla\"");
/// assert_eq!(UdfValue::from(true).as_bool(), Some(true));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum UdfValue {
    /// A `STRING` value (also what a value that does not parse as its type becomes).
    String(String),
    /// A `NUMBER` value.
    Number(f64),
    /// A `BOOLEAN` value.
    Boolean(bool),
    /// A `DATETIME` value (sent as RFC 3339 text, as the Python SDK does; read from
    /// epoch milliseconds or RFC 3339 text).
    Datetime(OffsetDateTime),
    /// An `OBJECT` value (any JSON).
    Object(Value),
}

impl UdfValue {
    /// The JSON text sent on the wire (`json.dumps` of the value in the Python SDK).
    /// Whole numbers are written without a fraction (`18`, not `18.0`).
    pub fn to_json_text(&self) -> String {
        match self {
            Self::String(s) => Value::String(s.clone()).to_string(),
            Self::Number(n) => number_text(*n),
            Self::Boolean(b) => b.to_string(),
            Self::Datetime(t) => {
                let text = t
                    .format(&Rfc3339)
                    .unwrap_or_else(|_| (t.unix_timestamp() * 1000).to_string());
                Value::String(text).to_string()
            }
            Self::Object(v) => v.to_string(),
        }
    }

    /// Reads the text of a value (`UserDefinedData.value`) by its field's data type, as
    /// the official SDKs do: `NUMBER`, `BOOLEAN` and `OBJECT` are JSON, `STRING` is
    /// plain text (a JSON string is unquoted), `DATETIME` is epoch milliseconds or a
    /// date text. Text that does not fit its type is kept as [`UdfValue::String`].
    ///
    /// ```
    /// use authing::management::UdfValue;
    /// use authing::models::UdfDataType;
    /// assert_eq!(UdfValue::decode(&UdfDataType::Number, "18"), UdfValue::Number(18.0));
    /// assert_eq!(UdfValue::decode(&UdfDataType::String, "ucla"), UdfValue::from("ucla"));
    /// let t = UdfValue::decode(&UdfDataType::Datetime, "1700000000000");
    /// assert_eq!(t.as_datetime().map(|t| t.unix_timestamp()), Some(1_700_000_000));
    /// ```
    pub fn decode(data_type: &UdfDataType, text: &str) -> Self {
        let fallback = || Self::String(text.to_owned());
        match data_type {
            UdfDataType::Number => match serde_json::from_str::<Value>(text.trim()) {
                Ok(Value::Number(n)) => n.as_f64().map_or_else(fallback, Self::Number),
                Ok(Value::String(s)) => s.trim().parse().map_or_else(|_| fallback(), Self::Number),
                _ => fallback(),
            },
            UdfDataType::Boolean => match text.trim() {
                "true" => Self::Boolean(true),
                "false" => Self::Boolean(false),
                _ => fallback(),
            },
            UdfDataType::Object => {
                serde_json::from_str(text).map_or_else(|_| fallback(), Self::Object)
            }
            UdfDataType::Datetime => decode_datetime(text).map_or_else(fallback, Self::Datetime),
            _ => Self::String(
                serde_json::from_str::<String>(text).unwrap_or_else(|_| text.to_owned()),
            ),
        }
    }

    /// The data type this value fits.
    pub fn data_type(&self) -> UdfDataType {
        match self {
            Self::String(_) => UdfDataType::String,
            Self::Number(_) => UdfDataType::Number,
            Self::Boolean(_) => UdfDataType::Boolean,
            Self::Datetime(_) => UdfDataType::Datetime,
            Self::Object(_) => UdfDataType::Object,
        }
    }

    /// The string of a `STRING` value.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::String(s) => Some(s),
            _ => None,
        }
    }

    /// The number of a `NUMBER` value.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Self::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// The boolean of a `BOOLEAN` value.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Self::Boolean(b) => Some(*b),
            _ => None,
        }
    }

    /// The time of a `DATETIME` value.
    pub fn as_datetime(&self) -> Option<OffsetDateTime> {
        match self {
            Self::Datetime(t) => Some(*t),
            _ => None,
        }
    }

    /// The JSON of an `OBJECT` value.
    pub fn as_object(&self) -> Option<&Value> {
        match self {
            Self::Object(v) => Some(v),
            _ => None,
        }
    }
}

fn number_text(n: f64) -> String {
    if n.is_finite() && n.fract() == 0.0 && n.abs() < 9_007_199_254_740_992.0 {
        // exact: |n| < 2^53
        format!("{}", n as i64)
    } else {
        // NaN and infinities have no JSON form: serde_json writes `null`
        Value::from(n).to_string()
    }
}

fn decode_datetime(text: &str) -> Option<OffsetDateTime> {
    let t = text.trim();
    if let Ok(ms) = t.parse::<i64>() {
        return OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).ok();
    }
    let unquoted = serde_json::from_str::<String>(t).unwrap_or_else(|_| t.to_owned());
    if let Ok(ms) = unquoted.trim().parse::<i64>() {
        return OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).ok();
    }
    OffsetDateTime::parse(unquoted.trim(), &Rfc3339).ok()
}

impl fmt::Display for UdfValue {
    /// The JSON text of the value (see [`UdfValue::to_json_text`]).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_json_text())
    }
}

impl From<&str> for UdfValue {
    fn from(v: &str) -> Self {
        Self::String(v.to_owned())
    }
}

impl From<String> for UdfValue {
    fn from(v: String) -> Self {
        Self::String(v)
    }
}

impl From<&String> for UdfValue {
    fn from(v: &String) -> Self {
        Self::String(v.clone())
    }
}

impl From<f64> for UdfValue {
    fn from(v: f64) -> Self {
        Self::Number(v)
    }
}

impl From<f32> for UdfValue {
    fn from(v: f32) -> Self {
        Self::Number(f64::from(v))
    }
}

impl From<i32> for UdfValue {
    fn from(v: i32) -> Self {
        Self::Number(f64::from(v))
    }
}

impl From<u32> for UdfValue {
    fn from(v: u32) -> Self {
        Self::Number(f64::from(v))
    }
}

impl From<i64> for UdfValue {
    /// Exact up to 2^53 in magnitude (the range of a JSON number in JavaScript).
    fn from(v: i64) -> Self {
        Self::Number(v as f64)
    }
}

impl From<bool> for UdfValue {
    fn from(v: bool) -> Self {
        Self::Boolean(v)
    }
}

impl From<OffsetDateTime> for UdfValue {
    fn from(v: OffsetDateTime) -> Self {
        Self::Datetime(v)
    }
}

impl From<Value> for UdfValue {
    /// A JSON object or array is an `OBJECT` value; a string, number or boolean the
    /// value of that type; `null` the empty string.
    fn from(v: Value) -> Self {
        match v {
            Value::String(s) => Self::String(s),
            Value::Bool(b) => Self::Boolean(b),
            Value::Number(n) => n
                .as_f64()
                .map_or_else(|| Self::Object(Value::Number(n)), Self::Number),
            Value::Null => Self::String(String::new()),
            other => Self::Object(other),
        }
    }
}

/// A custom field value of a target (`UserDefinedData`) with its value decoded by the
/// field's data type.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct CustomValue {
    /// Field key.
    pub key: String,
    /// Field data type.
    pub data_type: UdfDataType,
    /// The value, typed by `data_type`.
    pub value: UdfValue,
    /// Field label.
    pub label: Option<String>,
}

impl From<UserDefinedData> for CustomValue {
    fn from(d: UserDefinedData) -> Self {
        let value = UdfValue::decode(&d.data_type, &d.value);
        Self {
            key: d.key,
            data_type: d.data_type,
            value,
            label: d.label,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_text_per_type() {
        assert_eq!(UdfValue::from("ucla").to_json_text(), r#""ucla""#);
        assert_eq!(UdfValue::from(18).to_json_text(), "18");
        assert_eq!(UdfValue::from(1.5).to_json_text(), "1.5");
        assert_eq!(UdfValue::from(false).to_json_text(), "false");
        assert_eq!(
            UdfValue::from(json!({"favorColor": "red"})).to_json_text(),
            r#"{"favorColor":"red"}"#
        );
        let t = OffsetDateTime::from_unix_timestamp(1_700_000_000).unwrap();
        assert_eq!(
            UdfValue::from(t).to_json_text(),
            r#""2023-11-14T22:13:20Z""#
        );
    }

    #[test]
    fn decoding_per_type() {
        assert_eq!(
            UdfValue::decode(&UdfDataType::String, "ucla"),
            "ucla".into()
        );
        assert_eq!(
            UdfValue::decode(&UdfDataType::String, r#""ucla""#),
            "ucla".into()
        );
        assert_eq!(UdfValue::decode(&UdfDataType::Number, "18"), 18.into());
        assert_eq!(UdfValue::decode(&UdfDataType::Boolean, "true"), true.into());
        assert_eq!(
            UdfValue::decode(&UdfDataType::Object, r#"{"a":[1]}"#),
            UdfValue::Object(json!({"a": [1]}))
        );
        let t = OffsetDateTime::from_unix_timestamp(1_700_000_000).unwrap();
        assert_eq!(
            UdfValue::decode(&UdfDataType::Datetime, "1700000000000"),
            t.into()
        );
        assert_eq!(
            UdfValue::decode(&UdfDataType::Datetime, "2023-11-14T22:13:20Z"),
            t.into()
        );
        assert_eq!(
            UdfValue::decode(&UdfDataType::Datetime, r#""2023-11-14T22:13:20Z""#),
            t.into()
        );
        // what does not fit its type stays text, never a panic
        assert_eq!(UdfValue::decode(&UdfDataType::Number, "abc"), "abc".into());
        assert_eq!(UdfValue::decode(&UdfDataType::Boolean, "yes"), "yes".into());
        assert_eq!(
            UdfValue::decode(&UdfDataType::Datetime, "soon"),
            "soon".into()
        );
        assert_eq!(
            UdfValue::decode(&UdfDataType::Datetime, "99999999999999999"),
            "99999999999999999".into()
        );
    }

    #[test]
    fn round_trip_through_text() {
        let t = OffsetDateTime::from_unix_timestamp(1_600_000_000).unwrap();
        for v in [
            UdfValue::from(-3.25),
            UdfValue::from(true),
            UdfValue::from(t),
            UdfValue::from(json!({"k": "v"})),
        ] {
            let dt = v.data_type();
            assert_eq!(UdfValue::decode(&dt, &v.to_json_text()), v);
        }
    }
}
