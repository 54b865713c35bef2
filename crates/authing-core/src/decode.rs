//! Decoding of GraphQL and REST responses into typed values or typed errors.
//!
//! These functions never panic, whatever the bytes: every malformed body becomes an
//! [`Error::Decode`] carrying the HTTP status and a short, secret-free excerpt.

use std::collections::HashMap;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use serde_json::value::RawValue;

use crate::error::{ApiError, Error, Result, codes, excerpt, redact};

/// The members of a JSON object, rejecting a key that appears twice.
struct UniqueKeys<'a>(HashMap<String, &'a RawValue>);

impl<'de: 'a, 'a> Deserialize<'de> for UniqueKeys<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for V<'a> {
            type Value = UniqueKeys<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<Self::Value, A::Error> {
                let mut m = HashMap::new();
                while let Some((k, v)) = map.next_entry::<String, &'de RawValue>()? {
                    if m.insert(k, v).is_some() {
                        return Err(serde::de::Error::custom("duplicate key"));
                    }
                }
                Ok(UniqueKeys(m))
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}

/// The `{code, message, data}` envelope of Authing's REST API.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Envelope<T> {
    /// `200` on success.
    pub code: i64,
    /// The server's message (e.g. `发送成功`).
    pub message: String,
    /// The payload.
    pub data: T,
}

#[derive(Deserialize)]
struct RawGraphqlResponse<'a> {
    #[serde(borrow, default)]
    data: Option<&'a RawValue>,
    #[serde(default)]
    errors: Option<Vec<RawGraphqlError>>,
}

#[derive(Deserialize)]
struct RawGraphqlError {
    #[serde(default)]
    message: Value,
    #[serde(default)]
    extensions: Option<Value>,
}

#[derive(Deserialize)]
struct RawEnvelope<'a> {
    #[serde(default)]
    code: Option<Value>,
    #[serde(default)]
    message: Option<Value>,
    #[serde(borrow, default)]
    data: Option<&'a RawValue>,
}

fn decode_err(status: u16, reason: impl Into<String>, body: &[u8], secrets: &[&str]) -> Error {
    // serde's messages quote values from the body: they are redacted like the excerpt.
    let reason: String = redact(&reason.into(), secrets).chars().take(300).collect();
    Error::Decode {
        status,
        reason,
        excerpt: excerpt(body, secrets),
    }
}

fn as_code(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn as_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn graphql_error(e: &RawGraphqlError, status: u16, secrets: &[&str]) -> ApiError {
    let ext_code = e
        .extensions
        .as_ref()
        .and_then(|x| x.get("code"))
        .and_then(as_code);
    match &e.message {
        Value::Object(m) => {
            let code = m
                .get("code")
                .and_then(as_code)
                .or(ext_code)
                .unwrap_or(codes::GRAPHQL_ERROR);
            let message = redact(&m.get("message").map(as_text).unwrap_or_default(), secrets);
            let mut err = ApiError::new(code, message, status);
            err.data = m.get("data").filter(|d| !d.is_null()).cloned();
            err
        }
        // Standard GraphQL servers may echo variable values in the message.
        other => ApiError::new(
            ext_code.unwrap_or(codes::GRAPHQL_ERROR),
            redact(&as_text(other), secrets),
            status,
        ),
    }
}

/// Decodes a GraphQL response body: the first entry of `errors` becomes an
/// [`Error::Api`] (whether its `message` is Authing's `{code, message, data}` object or
/// a plain string), otherwise `data.<root_field>` is deserialized into `T`.
///
/// `secrets` are strings that must not appear in error excerpts.
pub fn decode_graphql<T: DeserializeOwned>(
    status: u16,
    body: &[u8],
    root_field: &str,
    secrets: &[&str],
) -> Result<T> {
    if let Some(v) = fast::decode::<T>(body, root_field) {
        return Ok(v);
    }
    decode_graphql_careful(status, body, root_field, secrets)
}

/// [`decode_graphql`] without its single-pass fast path: the reference the fast path
/// must agree with (property tests compare both).
pub fn decode_graphql_careful<T: DeserializeOwned>(
    status: u16,
    body: &[u8],
    root_field: &str,
    secrets: &[&str],
) -> Result<T> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(decode_err(status, "empty body", body, secrets));
    }
    let raw: RawGraphqlResponse<'_> = serde_json::from_slice(body).map_err(|e| {
        decode_err(
            status,
            format!("not a GraphQL JSON response ({e})"),
            body,
            secrets,
        )
    })?;
    if let Some(first) = raw.errors.as_deref().and_then(<[_]>::first) {
        return Err(graphql_error(first, status, secrets).into());
    }
    let data = match raw.data {
        Some(d) if d.get() != "null" => d,
        _ => {
            // Some gateways answer non-GraphQL JSON such as {"code":403,"message":..}.
            if let Ok(env) = serde_json::from_slice::<RawEnvelope<'_>>(body) {
                if let Some(code) = env.code.as_ref().and_then(as_code) {
                    // A proxy may echo the request: redacted like the REST decoder.
                    let msg = redact(
                        &env.message.as_ref().map(as_text).unwrap_or_default(),
                        secrets,
                    );
                    return Err(Error::api(code, msg, status));
                }
            }
            return Err(decode_err(
                status,
                "response has neither data nor errors",
                body,
                secrets,
            ));
        }
    };
    let fields: UniqueKeys<'_> = serde_json::from_str(data.get()).map_err(|e| {
        decode_err(
            status,
            format!("`data` is not an object ({e})"),
            body,
            secrets,
        )
    })?;
    let value = fields.0.get(root_field).map_or("null", |v| v.get());
    serde_json::from_str(value).map_err(|e| {
        decode_err(
            status,
            format!("field `{root_field}` does not have the expected shape ({e})"),
            body,
            secrets,
        )
    })
}

/// The common case in one pass: `{"data": {"<root>": ...}}` with no errors. Anything
/// else (errors, a missing root, a shape mismatch) returns `None` and is decoded by the
/// careful path, which reports precisely what was wrong.
mod fast {
    use std::fmt;
    use std::marker::PhantomData;

    use serde::Deserializer;
    use serde::de::{DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, Visitor};

    pub(super) fn decode<T: DeserializeOwned>(body: &[u8], root: &str) -> Option<T> {
        let mut de = serde_json::Deserializer::from_slice(body);
        let out = Top::<T> {
            root,
            _t: PhantomData,
        }
        .deserialize(&mut de)
        .ok()??;
        de.end().ok()?;
        Some(out)
    }

    struct Top<'a, T> {
        root: &'a str,
        _t: PhantomData<T>,
    }

    impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for Top<'_, T> {
        type Value = Option<T>;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_map(self)
        }
    }

    impl<'de, T: DeserializeOwned> Visitor<'de> for Top<'_, T> {
        type Value = Option<T>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a GraphQL response object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut found = None;
            let mut seen_data = false;
            while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                match key.as_ref() {
                    "data" => {
                        if std::mem::replace(&mut seen_data, true) {
                            // Duplicate `data`: the careful path reports it.
                            return Err(serde::de::Error::custom("duplicate `data`"));
                        }
                        found = map.next_value_seed(Data::<T> {
                            root: self.root,
                            _t: PhantomData,
                        })?
                    }
                    "errors" => {
                        // Any error at all: let the careful path report it.
                        let errors = map.next_value::<Option<Vec<IgnoredAny>>>()?;
                        if errors.is_some_and(|e| !e.is_empty()) {
                            return Ok(None);
                        }
                    }
                    _ => {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
            }
            Ok(found)
        }
    }

    struct Data<'a, T> {
        root: &'a str,
        _t: PhantomData<T>,
    }

    impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for Data<'_, T> {
        type Value = Option<T>;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_option(self)
        }
    }

    impl<'de, T: DeserializeOwned> Visitor<'de> for Data<'_, T> {
        type Value = Option<T>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("the `data` object")
        }
        fn visit_none<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_map(self)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut found = None;
            while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                if key == self.root {
                    if found.is_some() {
                        return Err(serde::de::Error::custom("duplicate root field"));
                    }
                    found = Some(map.next_value::<T>()?);
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            Ok(found)
        }
    }
}

/// Decodes a REST `{code, message, data}` envelope: `code != 200` becomes an
/// [`Error::Api`]; otherwise `data` (missing = `null`) is deserialized into `T`.
pub fn decode_rest<T: DeserializeOwned>(
    status: u16,
    body: &[u8],
    secrets: &[&str],
) -> Result<Envelope<T>> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(decode_err(status, "empty body", body, secrets));
    }
    let env: RawEnvelope<'_> = serde_json::from_slice(body)
        .map_err(|e| decode_err(status, format!("not a JSON envelope ({e})"), body, secrets))?;
    let code = env.code.as_ref().and_then(as_code).ok_or_else(|| {
        decode_err(
            status,
            "not an Authing envelope: no numeric `code`",
            body,
            secrets,
        )
    })?;
    let message = redact(
        &env.message.as_ref().map(as_text).unwrap_or_default(),
        secrets,
    );
    if code != codes::OK {
        let mut err = ApiError::new(code, message, status);
        err.data = env
            .data
            .and_then(|d| serde_json::from_str::<Value>(d.get()).ok())
            .filter(|d| !d.is_null());
        return Err(err.into());
    }
    let raw = env.data.map_or("null", |d| d.get());
    let data = serde_json::from_str(raw).map_err(|e| {
        decode_err(
            status,
            format!("`data` does not have the expected shape ({e})"),
            body,
            secrets,
        )
    })?;
    Ok(Envelope {
        code,
        message,
        data,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Page {
        #[serde(rename = "totalCount")]
        total_count: i64,
    }

    #[test]
    fn graphql_ok_and_null() {
        let p: Page =
            decode_graphql(200, br#"{"data":{"users":{"totalCount":3}}}"#, "users", &[]).unwrap();
        assert_eq!(p.total_count, 3);
        let n: Option<Page> =
            decode_graphql(200, br#"{"data":{"user":null}}"#, "user", &[]).unwrap();
        assert!(n.is_none());
        let e = decode_graphql::<Page>(200, br#"{"data":{"user":null}}"#, "user", &[]).unwrap_err();
        assert!(matches!(e, Error::Decode { .. }), "{e}");
    }

    #[test]
    fn graphql_error_shapes() {
        let e = decode_graphql::<Page>(
            200,
            br#"{"errors":[{"message":{"code":2004,"message":"user not found","data":null}}],"data":null}"#,
            "user",
            &[],
        )
        .unwrap_err();
        assert!(e.is_user_not_found());
        let e = decode_graphql::<Page>(
            400,
            br#"{"errors":[{"message":"Cannot query field \"x\" on type \"Query\"."}]}"#,
            "x",
            &[],
        )
        .unwrap_err();
        let api = e.as_api().unwrap();
        assert_eq!(api.code, codes::GRAPHQL_ERROR);
        assert_eq!(api.http_status, 400);
        assert!(api.message.contains("Cannot query field"));
    }

    #[test]
    fn errors_win_wherever_they_stand() {
        let e = decode_graphql::<Page>(
            200,
            br#"{"data":{"users":{"totalCount":1}},"errors":[{"message":{"code":2004,"message":"x"}}]}"#,
            "users",
            &[],
        )
        .unwrap_err();
        assert!(e.is_user_not_found());
        let p: Page = decode_graphql(
            200,
            br#"{"errors":[],"extensions":{},"data":{"other":1,"users":{"totalCount":2}}}"#,
            "users",
            &[],
        )
        .unwrap();
        assert_eq!(p.total_count, 2);
        let e = decode_graphql::<Page>(
            200,
            br#"{"data":{"users":{"totalCount":"x"}}}"#,
            "users",
            &[],
        )
        .unwrap_err();
        assert!(
            matches!(e, Error::Decode { ref reason, .. } if reason.contains("users")),
            "{e}"
        );
        let e = decode_graphql::<Page>(
            200,
            br#"{"data":{"users":{"totalCount":1}}} trailing"#,
            "users",
            &[],
        )
        .unwrap_err();
        assert!(matches!(e, Error::Decode { .. }), "{e}");
    }

    #[test]
    fn duplicate_keys_are_decode_errors_not_a_guess() {
        for body in [
            &br#"{"data":null,"data":{"users":{"totalCount":1}}}"#[..],
            &br#"{"data":{"users":{"totalCount":1},"users":{"totalCount":2}}}"#[..],
        ] {
            let e = decode_graphql::<Page>(200, body, "users", &[]).unwrap_err();
            assert!(matches!(e, Error::Decode { .. }), "{e}");
        }
    }

    #[test]
    fn decode_reason_is_redacted() {
        let body = br#"{"data":{"users":{"totalCount":"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.signature-part"}}}"#;
        let e = decode_graphql::<Page>(200, body, "users", &[]).unwrap_err();
        let shown = format!("{e} {e:?}");
        assert!(!shown.contains("eyJ"), "{shown}");
    }

    #[test]
    fn gateway_messages_are_redacted() {
        let secret = "pool-secret-0123456789";
        let body = format!(
            r#"{{"code":403,"message":"denied: {{\"secret\":\"{secret}\",\"t\":\"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.signature-part\"}}"}}"#
        );
        let e = decode_graphql::<Page>(403, body.as_bytes(), "users", &[secret]).unwrap_err();
        assert_eq!(e.code(), Some(403));
        let shown = format!("{e} {e:?}");
        assert!(!shown.contains(secret), "{shown}");
        assert!(!shown.contains("eyJ"), "{shown}");
        assert!(shown.contains("denied"), "{shown}");
    }

    #[test]
    fn rest_envelope() {
        let env: Envelope<Option<Value>> =
            decode_rest(200, br#"{"code":200,"message":"ok"}"#, &[]).unwrap();
        assert_eq!(env.message, "ok");
        assert!(env.data.is_none());
        let e = decode_rest::<Value>(200, br#"{"code":2020,"message":"not logged in"}"#, &[])
            .unwrap_err();
        assert!(e.is_not_logged_in());
        let e = decode_rest::<Value>(502, b"<html>Bad Gateway</html>", &[]).unwrap_err();
        assert_eq!(e.http_status(), Some(502));
    }
}
