//! Models shared by the management and authentication clients: users, paging,
//! messages, custom data and tokens.
//!
//! Field names are the snake_case forms of the GraphQL fields. Nullable fields are
//! `Option`; fields the server adds later are ignored; enums keep an `Unknown` variant.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

pub use crate::org::{Node, OrgPathStep, OrgSummary};
pub use crate::user_lookup::UserLookup;

/// The `UserFields` fragment (every `User` field the SDK reads). Operations returning a
/// user select `...UserFields` and add this with
/// [`Operation::with_fragments`](crate::Operation::with_fragments).
pub const USER_FIELDS: &str = include_str!("graphql/user_fields.graphql");

/// Defines a string enum of the schema with an `Unknown(String)` variant that keeps
/// values added to the service later.
#[macro_export]
macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $wire:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A value this SDK version does not know.
            Unknown(String),
        }

        impl $name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)+
                    Self::Unknown(s) => s,
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(match s {
                    $($wire => Self::$variant,)+
                    other => Self::Unknown(other.to_owned()),
                })
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <::std::borrow::Cow<'de, str>>::deserialize(d)?;
                Ok(s.parse().unwrap_or_else(|e: ::std::convert::Infallible| match e {}))
            }
        }
    };
}

/// A string that must never be printed: tokens and password fields. `Debug` shows
/// `[redacted]`; read it with [`Sensitive::expose`].
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Sensitive(String);

impl Sensitive {
    /// Wraps a value.
    pub fn new(v: impl Into<String>) -> Self {
        Self(v.into())
    }

    /// The value. Do not log it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The value, consuming the wrapper.
    pub fn into_inner(self) -> String {
        self.0
    }
}

impl fmt::Debug for Sensitive {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl From<&str> for Sensitive {
    fn from(s: &str) -> Self {
        Self(s.to_owned())
    }
}

impl From<String> for Sensitive {
    fn from(s: String) -> Self {
        Self(s)
    }
}

impl Serialize for Sensitive {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Sensitive {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Self)
    }
}

string_enum! {
    /// `UserStatus` of the schema.
    UserStatus {
        /// Suspended.
        Suspended = "Suspended",
        /// Resigned.
        Resigned = "Resigned",
        /// Active.
        Activated = "Activated",
        /// Archived.
        Archived = "Archived",
    }
}

string_enum! {
    /// `UDFDataType`: the type of a custom (user-defined) field.
    UdfDataType {
        /// Text.
        String = "STRING",
        /// Number.
        Number = "NUMBER",
        /// Date and time.
        Datetime = "DATETIME",
        /// Boolean.
        Boolean = "BOOLEAN",
        /// JSON object.
        Object = "OBJECT",
    }
}

string_enum! {
    /// `UDFTargetType`: what a custom field belongs to.
    UdfTargetType {
        /// Org node.
        Node = "NODE",
        /// Organization.
        Org = "ORG",
        /// User.
        User = "USER",
        /// User pool.
        Userpool = "USERPOOL",
        /// Role.
        Role = "ROLE",
        /// Permission.
        Permission = "PERMISSION",
        /// Application.
        Application = "APPLICATION",
    }
}

/// A page of results: `totalCount` and `list`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Paginated<T> {
    /// Total number of items on the server.
    #[serde(default)]
    pub total_count: i64,
    /// The items of this page.
    #[serde(default = "Vec::new")]
    pub list: Vec<T>,
}

impl<T> Paginated<T> {
    /// A page with these items and this total.
    pub fn new(total_count: i64, list: Vec<T>) -> Self {
        Self { total_count, list }
    }

    /// An empty page (`totalCount: 0`).
    pub fn empty() -> Self {
        Self::new(0, Vec::new())
    }
}

/// `CommonMessage`: the answer of many mutations.
///
/// Both clients apply one rule to it: only `code == 200` is a success, so an answer
/// whose `code` is present and different is an [`Error::Api`](crate::Error::Api) with
/// that code and message; a message without a code is returned as is; and a `null`
/// answer (where the schema allows one) is a success returned as
/// `CommonMessage::new(200, "")`. An `Ok` message therefore has code 200 or none.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, Default)]
#[non_exhaustive]
pub struct CommonMessage {
    /// Human-readable message.
    #[serde(default)]
    pub message: Option<String>,
    /// Business status code; `200` on success.
    #[serde(default)]
    pub code: Option<i64>,
}

impl CommonMessage {
    /// A message with this code and text.
    pub fn new(code: i64, message: impl Into<String>) -> Self {
        Self {
            message: Some(message.into()),
            code: Some(code),
        }
    }

    /// `true` when `code` is 200.
    pub fn is_ok(&self) -> bool {
        self.code == Some(200)
    }
}

/// `Identity`: a linked identity-provider account of a user.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, Default)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Identity {
    /// OpenID at the provider.
    pub openid: Option<String>,
    /// User id at the provider.
    pub user_id_in_idp: Option<String>,
    /// Authing user id.
    pub user_id: Option<String>,
    /// Connection id.
    pub connection_id: Option<String>,
    /// Social (vs enterprise) identity.
    pub is_social: Option<bool>,
    /// Provider name.
    pub provider: Option<String>,
    /// Identity type.
    #[serde(rename = "type")]
    pub identity_type: Option<String>,
    /// User pool id.
    pub user_pool_id: Option<String>,
}

/// `UserCustomData`: a custom field value returned inline with a user.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct UserCustomData {
    /// Field key.
    pub key: String,
    /// Value as text.
    #[serde(default)]
    pub value: Option<String>,
    /// Field label.
    #[serde(default)]
    pub label: Option<String>,
    /// Field data type.
    pub data_type: UdfDataType,
}

impl UserCustomData {
    /// The value decoded according to its data type (see [`decode_udv_value`]).
    pub fn decoded(&self) -> Value {
        self.value
            .as_deref()
            .map_or(Value::Null, |v| decode_udv_value(&self.data_type, v))
    }
}

/// `UserDefinedData`: a custom field value (`udv`, `setUdv`, `removeUdv`).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct UserDefinedData {
    /// Field key.
    pub key: String,
    /// Field data type.
    pub data_type: UdfDataType,
    /// Value as text.
    #[serde(default)]
    pub value: String,
    /// Field label.
    #[serde(default)]
    pub label: Option<String>,
}

impl UserDefinedData {
    /// The value decoded according to its data type (see [`decode_udv_value`]).
    pub fn decoded(&self) -> Value {
        decode_udv_value(&self.data_type, &self.value)
    }
}

/// Decodes the text of a custom field value by its data type, as the official SDKs
/// do: `NUMBER`, `BOOLEAN` and `OBJECT` are JSON-parsed; `STRING` is kept as a string;
/// `DATETIME` becomes a number of epoch milliseconds when numeric, else the string.
/// A value that does not parse is returned as a string.
pub fn decode_udv_value(data_type: &UdfDataType, text: &str) -> Value {
    match data_type {
        UdfDataType::Number | UdfDataType::Boolean | UdfDataType::Object => {
            serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_owned()))
        }
        UdfDataType::Datetime => text
            .trim()
            .parse::<i64>()
            .map(Value::from)
            .unwrap_or_else(|_| {
                serde_json::from_str::<String>(text)
                    .map(Value::String)
                    .unwrap_or_else(|_| Value::String(text.to_owned()))
            }),
        UdfDataType::String | UdfDataType::Unknown(_) => {
            Value::String(serde_json::from_str::<String>(text).unwrap_or_else(|_| text.to_owned()))
        }
    }
}

/// `User`: an end user of the pool. `token` and `password` are [`Sensitive`].
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, Default)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct User {
    /// User id.
    pub id: String,
    /// Resource name `arn:cn:authing:{pool}:user:{id}`.
    #[serde(default)]
    pub arn: Option<String>,
    /// Account status.
    pub status: Option<UserStatus>,
    /// User pool id.
    pub user_pool_id: Option<String>,
    /// Username.
    pub username: Option<String>,
    /// Email address.
    pub email: Option<String>,
    /// Whether the email is verified.
    pub email_verified: Option<bool>,
    /// Phone number.
    pub phone: Option<String>,
    /// Whether the phone is verified.
    pub phone_verified: Option<bool>,
    /// WeChat union id.
    pub unionid: Option<String>,
    /// OpenID.
    pub openid: Option<String>,
    /// Linked identities.
    pub identities: Option<Vec<Option<Identity>>>,
    /// Nickname.
    pub nickname: Option<String>,
    /// Registration sources.
    pub register_source: Option<Vec<String>>,
    /// Avatar URL.
    pub photo: Option<String>,
    /// Password field (the service returns `null`).
    pub password: Option<Sensitive>,
    /// OAuth data.
    pub oauth: Option<String>,
    /// The user's token, after a login or with `generate_token`.
    pub token: Option<Sensitive>,
    /// When the token expires.
    pub token_expired_at: Option<String>,
    /// Number of logins.
    pub logins_count: Option<i64>,
    /// Time of the last login.
    pub last_login: Option<String>,
    /// IP of the last login.
    #[serde(rename = "lastIP")]
    pub last_ip: Option<String>,
    /// Registration time.
    pub signed_up: Option<String>,
    /// Whether the account is blocked.
    pub blocked: Option<bool>,
    /// Whether the account is deleted.
    pub is_deleted: Option<bool>,
    /// Device.
    pub device: Option<String>,
    /// Browser.
    pub browser: Option<String>,
    /// Company.
    pub company: Option<String>,
    /// Full name.
    pub name: Option<String>,
    /// Given name.
    pub given_name: Option<String>,
    /// Family name.
    pub family_name: Option<String>,
    /// Middle name.
    pub middle_name: Option<String>,
    /// Profile URL.
    pub profile: Option<String>,
    /// Preferred username.
    pub preferred_username: Option<String>,
    /// Website.
    pub website: Option<String>,
    /// Gender (`M`, `F`, `U`).
    pub gender: Option<String>,
    /// Birth date.
    pub birthdate: Option<String>,
    /// Time zone.
    pub zoneinfo: Option<String>,
    /// Locale.
    pub locale: Option<String>,
    /// Address.
    pub address: Option<String>,
    /// Formatted address.
    pub formatted: Option<String>,
    /// Street address.
    pub street_address: Option<String>,
    /// Locality.
    pub locality: Option<String>,
    /// Region.
    pub region: Option<String>,
    /// Postal code.
    pub postal_code: Option<String>,
    /// City.
    pub city: Option<String>,
    /// Province.
    pub province: Option<String>,
    /// Country.
    pub country: Option<String>,
    /// Creation time.
    pub created_at: Option<String>,
    /// Last update time.
    pub updated_at: Option<String>,
    /// External id.
    pub external_id: Option<String>,
    /// Custom data, when selected.
    pub custom_data: Option<Vec<Option<UserCustomData>>>,
}

/// `RefreshToken`: a new user token.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct RefreshedToken {
    /// The token.
    pub token: Option<Sensitive>,
    /// Issued at (seconds since the epoch).
    pub iat: Option<i64>,
    /// Expires at (seconds since the epoch).
    pub exp: Option<i64>,
}

/// `JWTTokenStatusDetail`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct JwtTokenStatusDetail {
    /// User id.
    pub id: Option<String>,
    /// User pool id.
    pub user_pool_id: Option<String>,
    /// User ARN.
    pub arn: Option<String>,
}

/// `JWTTokenStatus`: the answer of `checkLoginStatus`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, Default)]
#[non_exhaustive]
pub struct JwtTokenStatus {
    /// `200` when logged in, else e.g. 2206 (expired) or 2207 (invalid).
    pub code: Option<i64>,
    /// Message.
    pub message: Option<String>,
    /// `true` when the token is valid.
    pub status: Option<bool>,
    /// Expiry (seconds).
    pub exp: Option<i64>,
    /// Issued at (seconds).
    pub iat: Option<i64>,
    /// The token's user.
    pub data: Option<JwtTokenStatusDetail>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn user_from_readme_json_and_debug_redacts() {
        let user: User = serde_json::from_value(json!({
            "id": "5f7ddfe62ba819802422362e",
            "arn": "arn:cn:authing:5f7a993eb9b49dcd5c021e40:user:5f7ddfe62ba819802422362e",
            "userPoolId": "5f7a993eb9b49dcd5c021e40",
            "username": "nhxcpzmklk",
            "email": null,
            "emailVerified": false,
            "registerSource": ["import:manual"],
            "password": "a56f21e5659428f9b353be4ed667fc05",
            "token": "eyJhbGciOiJIUzI1NiJ9.e30.sig",
            "lastIP": "127.0.0.1",
            "gender": "U",
            "status": "Reactivated",
            "someNewField": {"x": 1}
        }))
        .unwrap();
        assert_eq!(user.username.as_deref(), Some("nhxcpzmklk"));
        assert_eq!(user.last_ip.as_deref(), Some("127.0.0.1"));
        assert_eq!(user.status, Some(UserStatus::Unknown("Reactivated".into())));
        assert_eq!(
            user.token.as_ref().unwrap().expose(),
            "eyJhbGciOiJIUzI1NiJ9.e30.sig"
        );
        let d = format!("{user:?}");
        assert!(!d.contains("eyJhbGci"), "{d}");
        assert!(!d.contains("a56f21e5659428f9b353be4ed667fc05"), "{d}");
    }

    #[test]
    fn udv_values_decode_by_type() {
        assert_eq!(decode_udv_value(&UdfDataType::Number, "18"), json!(18));
        assert_eq!(decode_udv_value(&UdfDataType::Boolean, "true"), json!(true));
        assert_eq!(
            decode_udv_value(&UdfDataType::Object, r#"{"a":1}"#),
            json!({"a": 1})
        );
        assert_eq!(
            decode_udv_value(&UdfDataType::String, "ucla"),
            json!("ucla")
        );
        assert_eq!(
            decode_udv_value(&UdfDataType::String, "\"ucla\""),
            json!("ucla")
        );
        assert_eq!(
            decode_udv_value(&UdfDataType::Datetime, "1602756997950"),
            json!(1602756997950_i64)
        );
        assert_eq!(
            decode_udv_value(&UdfDataType::Number, "oops"),
            json!("oops")
        );
    }

    #[test]
    fn enums_round_trip() {
        assert_eq!(UdfDataType::Number.as_str(), "NUMBER");
        let v: UdfDataType = serde_json::from_value(json!("FLOAT")).unwrap();
        assert_eq!(v, UdfDataType::Unknown("FLOAT".into()));
        assert_eq!(serde_json::to_value(&v).unwrap(), json!("FLOAT"));
    }
}
