//! Typed claims: id token, access token, user info, introspection.
//!
//! Standard claims are `Option`s read leniently (a number sent as a string, a bool as
//! `"true"`; a value of another type becomes `None`); every other claim is kept in
//! `extra`.

use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

/// Lenient readers of claim values.
pub(crate) mod lenient {
    use super::*;

    pub(crate) fn int<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
        Ok(match Value::deserialize(d)? {
            Value::Number(n) => n.as_i64().or_else(|| {
                n.as_f64()
                    .filter(|f| f.is_finite() && f.abs() < 9.0e15)
                    .map(|f| f as i64)
            }),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        })
    }

    pub(crate) fn uint<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
        Ok(int(d)?.and_then(|i| u64::try_from(i).ok()))
    }

    pub(crate) fn boolean<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
        Ok(match Value::deserialize(d)? {
            Value::Bool(b) => Some(b),
            Value::String(s) => s.parse().ok(),
            _ => None,
        })
    }

    pub(crate) fn string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        Ok(match Value::deserialize(d)? {
            Value::String(s) => Some(s),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
    }

    /// `aud`: one string or a list of strings.
    pub(crate) fn audience<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
        Ok(match Value::deserialize(d)? {
            Value::String(s) => vec![s],
            Value::Array(a) => a
                .into_iter()
                .filter_map(|v| match v {
                    Value::String(s) => Some(s),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        })
    }
}

/// Declares a claims struct: the given fields, then the OIDC profile claims
/// (OIDC Core §5.1), then `extra`.
macro_rules! claims_struct {
    ($(#[$meta:meta])* $name:ident { $($(#[$fmeta:meta])* $field:ident : $ty:ty = $de:literal,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, Deserialize)]
        #[non_exhaustive]
        pub struct $name {
            $($(#[$fmeta])* #[serde(default, deserialize_with = $de)] pub $field: $ty,)*
            /// `sub`: the user id.
            #[serde(default, deserialize_with = "lenient::string")]
            pub sub: Option<String>,
            /// `name`.
            #[serde(default, deserialize_with = "lenient::string")]
            pub name: Option<String>,
            /// `given_name`.
            #[serde(default, deserialize_with = "lenient::string")]
            pub given_name: Option<String>,
            /// `family_name`.
            #[serde(default, deserialize_with = "lenient::string")]
            pub family_name: Option<String>,
            /// `middle_name`.
            #[serde(default, deserialize_with = "lenient::string")]
            pub middle_name: Option<String>,
            /// `nickname`.
            #[serde(default, deserialize_with = "lenient::string")]
            pub nickname: Option<String>,
            /// `preferred_username`.
            #[serde(default, deserialize_with = "lenient::string")]
            pub preferred_username: Option<String>,
            /// `profile` (URL).
            #[serde(default, deserialize_with = "lenient::string")]
            pub profile: Option<String>,
            /// `picture` (URL).
            #[serde(default, deserialize_with = "lenient::string")]
            pub picture: Option<String>,
            /// `website`.
            #[serde(default, deserialize_with = "lenient::string")]
            pub website: Option<String>,
            /// `email`.
            #[serde(default, deserialize_with = "lenient::string")]
            pub email: Option<String>,
            /// `email_verified`.
            #[serde(default, deserialize_with = "lenient::boolean")]
            pub email_verified: Option<bool>,
            /// `gender` (Authing: `M`, `F`, `U`).
            #[serde(default, deserialize_with = "lenient::string")]
            pub gender: Option<String>,
            /// `birthdate`.
            #[serde(default, deserialize_with = "lenient::string")]
            pub birthdate: Option<String>,
            /// `zoneinfo`.
            #[serde(default, deserialize_with = "lenient::string")]
            pub zoneinfo: Option<String>,
            /// `locale`.
            #[serde(default, deserialize_with = "lenient::string")]
            pub locale: Option<String>,
            /// `phone_number`.
            #[serde(default, deserialize_with = "lenient::string")]
            pub phone_number: Option<String>,
            /// `phone_number_verified`.
            #[serde(default, deserialize_with = "lenient::boolean")]
            pub phone_number_verified: Option<bool>,
            /// `address` (an object: `formatted`, `country`, `region`, ...).
            #[serde(default)]
            pub address: Option<Value>,
            /// `updated_at` (seconds, or a date string on some servers).
            #[serde(default)]
            pub updated_at: Option<Value>,
            /// Every other claim (Authing's `data`, `userpool_id`, ...).
            #[serde(flatten)]
            pub extra: Map<String, Value>,
        }
    };
}

claims_struct! {
    /// The claims of a verified OIDC id token
    /// ([`verify_id_token`](crate::AuthenticationClient::verify_id_token)).
    ///
    /// ```no_run
    /// # async fn demo(auth: authing::authentication::AuthenticationClient, id_token: &str) -> authing::authentication::Result<()> {
    /// let claims = auth.verify_id_token(id_token, Some("the-nonce")).await?;
    /// println!("user {:?} <{:?}>", claims.sub, claims.email);
    /// # Ok(()) }
    /// ```
    IdTokenClaims {
        /// `iss`: `{appHost}/oidc`.
        iss: Option<String> = "lenient::string",
        /// `aud`: the audiences (the app id).
        aud: Vec<String> = "lenient::audience",
        /// `exp` (seconds since the epoch).
        exp: Option<i64> = "lenient::int",
        /// `iat` (seconds since the epoch).
        iat: Option<i64> = "lenient::int",
        /// `nbf` (seconds since the epoch).
        nbf: Option<i64> = "lenient::int",
        /// `auth_time` (seconds since the epoch).
        auth_time: Option<i64> = "lenient::int",
        /// `nonce`, from the authorize URL.
        nonce: Option<String> = "lenient::string",
        /// `at_hash`.
        at_hash: Option<String> = "lenient::string",
        /// `azp`.
        azp: Option<String> = "lenient::string",
    }
}

claims_struct! {
    /// The answer of the userinfo endpoint
    /// ([`get_user_info_by_access_token`](crate::AuthenticationClient::get_user_info_by_access_token)).
    UserInfo {}
}

/// The claims of a verified access token
/// ([`verify_access_token`](crate::AuthenticationClient::verify_access_token)).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct AccessTokenClaims {
    /// `iss`: `{appHost}/oidc`.
    #[serde(default, deserialize_with = "lenient::string")]
    pub iss: Option<String>,
    /// `sub`: the user id (absent for client-credentials tokens).
    #[serde(default, deserialize_with = "lenient::string")]
    pub sub: Option<String>,
    /// `aud`: the audiences (the app id).
    #[serde(default, deserialize_with = "lenient::audience")]
    pub aud: Vec<String>,
    /// `exp` (seconds since the epoch).
    #[serde(default, deserialize_with = "lenient::int")]
    pub exp: Option<i64>,
    /// `iat` (seconds since the epoch).
    #[serde(default, deserialize_with = "lenient::int")]
    pub iat: Option<i64>,
    /// `nbf` (seconds since the epoch).
    #[serde(default, deserialize_with = "lenient::int")]
    pub nbf: Option<i64>,
    /// `jti`.
    #[serde(default, deserialize_with = "lenient::string")]
    pub jti: Option<String>,
    /// `scope` (space-separated).
    #[serde(default, deserialize_with = "lenient::string")]
    pub scope: Option<String>,
    /// `client_id` / `azp`.
    #[serde(default, deserialize_with = "lenient::string", alias = "azp")]
    pub client_id: Option<String>,
    /// Every other claim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The answer of the introspection endpoint (RFC 7662)
/// ([`introspect_token`](crate::AuthenticationClient::introspect_token)).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Introspection {
    /// Whether the token is active (valid, not expired, not revoked).
    #[serde(default, deserialize_with = "lenient_bool_default")]
    pub active: bool,
    /// `sub`.
    #[serde(default, deserialize_with = "lenient::string")]
    pub sub: Option<String>,
    /// `client_id`.
    #[serde(default, deserialize_with = "lenient::string")]
    pub client_id: Option<String>,
    /// `scope`.
    #[serde(default, deserialize_with = "lenient::string")]
    pub scope: Option<String>,
    /// `token_type`.
    #[serde(default, deserialize_with = "lenient::string")]
    pub token_type: Option<String>,
    /// `exp`.
    #[serde(default, deserialize_with = "lenient::int")]
    pub exp: Option<i64>,
    /// `iat`.
    #[serde(default, deserialize_with = "lenient::int")]
    pub iat: Option<i64>,
    /// `iss`.
    #[serde(default, deserialize_with = "lenient::string")]
    pub iss: Option<String>,
    /// `aud`.
    #[serde(default, deserialize_with = "lenient::audience")]
    pub aud: Vec<String>,
    /// Every other member.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

fn lenient_bool_default<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(lenient::boolean(d)?.unwrap_or(false))
}

/// What [`validate_token`](crate::AuthenticationClient::validate_token) checks.
#[derive(Clone)]
#[non_exhaustive]
pub enum ValidateTokenInput<'a> {
    /// An id token (`?id_token=`).
    IdToken(&'a str),
    /// An access token (`?access_token=`).
    AccessToken(&'a str),
}

impl std::fmt::Debug for ValidateTokenInput<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::IdToken(_) => "IdToken([redacted])",
            Self::AccessToken(_) => "AccessToken([redacted])",
        })
    }
}

/// The claims the service returned for a valid token
/// ([`validate_token`](crate::AuthenticationClient::validate_token)).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ValidatedToken {
    /// The claims of an id token.
    IdToken(Box<IdTokenClaims>),
    /// The claims of an access token.
    AccessToken(Box<AccessTokenClaims>),
}

impl ValidatedToken {
    /// The `sub` claim (the user id).
    pub fn sub(&self) -> Option<&str> {
        match self {
            Self::IdToken(c) => c.sub.as_deref(),
            Self::AccessToken(c) => c.sub.as_deref(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claims_are_read_leniently() {
        let c: IdTokenClaims = serde_json::from_value(serde_json::json!({
            "sub": "u1", "aud": "app1", "exp": "1700000000", "iat": 1.7e9,
            "email_verified": "true", "phone_number_verified": 3, "name": null,
            "data": {"id": "u1"}, "userpool_id": "p1"
        }))
        .unwrap();
        assert_eq!(c.sub.as_deref(), Some("u1"));
        assert_eq!(c.aud, ["app1"]);
        assert_eq!(c.exp, Some(1_700_000_000));
        assert_eq!(c.iat, Some(1_700_000_000));
        assert_eq!(c.email_verified, Some(true));
        assert_eq!(c.phone_number_verified, None);
        assert_eq!(c.name, None);
        assert_eq!(c.extra["userpool_id"], "p1");
        assert!(!c.extra.contains_key("sub"));
        let a: AccessTokenClaims =
            serde_json::from_value(serde_json::json!({"aud": ["a", 1, "b"], "azp": "c"})).unwrap();
        assert_eq!(a.aud, ["a", "b"]);
        assert_eq!(a.client_id.as_deref(), Some("c"));
    }
}
