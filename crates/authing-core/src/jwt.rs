//! Reading the claims of a token without verifying it: the one helper both clients use.
//!
//! The clients only need the lifetime (`iat`, `exp`) and the user id of tokens they
//! hold; the service verifies signatures (and `ManagementClient::check_login_status`
//! verifies user tokens with `jsonwebtoken`). Only base64 and JSON are used, so this
//! works on `wasm32`. A payload with or without base64 padding is accepted; numeric
//! claims may be integers, floats or numeric strings; anything else is `None`.

use base64::Engine as _;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use serde_json::Value;

const URL_SAFE_ANY_PADDING: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// The decoded payload of a JWT, or `None` when `token` is not a JWT.
pub fn payload(token: &str) -> Option<Value> {
    let mut parts = token.split('.');
    let (_header, body, _sig) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let bytes = URL_SAFE_ANY_PADDING.decode(body).ok()?;
    let v: Value = serde_json::from_slice(&bytes).ok()?;
    v.is_object().then_some(v)
}

/// The numeric claim `name` (seconds since the epoch for `exp` and `iat`).
fn seconds(token: &str, name: &str) -> Option<i64> {
    let claims = payload(token)?;
    match claims.get(name)? {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// The `exp` claim (seconds since the epoch).
pub fn exp(token: &str) -> Option<i64> {
    seconds(token, "exp")
}

/// The `iat` claim (seconds since the epoch).
pub fn iat(token: &str) -> Option<i64> {
    seconds(token, "iat")
}

/// The user id carried by an Authing user token: `data.id` (user-pool tokens) or
/// `sub` (OIDC tokens).
pub fn user_id(token: &str) -> Option<String> {
    let claims = payload(token)?;
    let id = claims
        .get("data")
        .and_then(|d| d.get("id"))
        .or_else(|| claims.get("sub"))?;
    id.as_str().filter(|s| !s.is_empty()).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::{URL_SAFE, URL_SAFE_NO_PAD};

    fn jwt(claims: &Value) -> String {
        format!(
            "{}.{}.sig",
            URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        )
    }

    #[test]
    fn reads_exp_and_user_id() {
        let t = jwt(
            &serde_json::json!({"data": {"id": "u1"}, "sub": "s", "exp": 1_700_000_000, "iat": 5}),
        );
        assert_eq!(exp(&t), Some(1_700_000_000));
        assert_eq!(iat(&t), Some(5));
        assert_eq!(user_id(&t).as_deref(), Some("u1"));
        let t = jwt(&serde_json::json!({"sub": "u2", "exp": 1.7e9}));
        assert_eq!(exp(&t), Some(1_700_000_000));
        assert_eq!(user_id(&t).as_deref(), Some("u2"));
    }

    #[test]
    fn padded_payload_is_accepted() {
        let body = URL_SAFE.encode(br#"{"exp":50}"#);
        assert!(body.ends_with('='));
        assert_eq!(exp(&format!("h.{body}.s")), Some(50));
    }

    #[test]
    fn garbage_is_none() {
        for t in [
            "",
            "abc",
            "a.b",
            "a.b.c.d",
            "a.!!!.c",
            "a.bnVsbA.c",
            "eyJ.eyJ.x",
        ] {
            assert_eq!(exp(t), None, "{t}");
            assert_eq!(user_id(t), None, "{t}");
        }
        let t = jwt(&serde_json::json!({"exp": "soon", "data": {"id": 3}}));
        assert_eq!(exp(&t), None);
        assert_eq!(user_id(&t), None);
    }
}
