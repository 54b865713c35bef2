//! REST endpoints under `/api/v2` (and the management `GET /logout`), with Authing's
//! `{code, message, data}` envelope. Business errors answer HTTP 200 with the code in
//! the body. Every answer is an explicit response type listing exactly its public
//! fields.

pub(crate) mod auth;
pub(crate) mod userpool;
pub(crate) mod users;

use std::collections::HashMap;

use axum::Json;
use axum::body::Bytes;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::{Value, json};

use crate::domain::tokens::{self, Caller};
use crate::error::AuthingError;
use crate::shared::Shared;

/// Resolves the pool of a request: `x-authing-userpool-id` must be the emulator's pool
/// (else 2224); without it, a non-empty `x-authing-app-id` must be the default app (else
/// 2011); no header at all → the emulator's pool.
pub(crate) fn check_pool(shared: &Shared, headers: &HeaderMap) -> Result<(), AuthingError> {
    let get = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    if let Some(pool) = get("x-authing-userpool-id") {
        if pool != shared.ids.user_pool_id {
            return Err(AuthingError::pool_not_found());
        }
        return Ok(());
    }
    if let Some(app) = get("x-authing-app-id") {
        if app != shared.ids.app_id {
            return Err(AuthingError::new(
                2011,
                "应用不存在 (application not found)",
            ));
        }
    }
    Ok(())
}

/// The bearer token of a request (`Bearer <t>` or a bare token).
pub(crate) fn bearer(headers: &HeaderMap) -> Option<String> {
    let v = headers.get("authorization")?.to_str().ok()?.trim();
    let t = if v.len() > 7 && v[..7].eq_ignore_ascii_case("bearer ") {
        v[7..].trim()
    } else {
        v
    };
    (!t.is_empty()).then(|| t.to_string())
}

/// `{code: 200, message, data}`.
pub(crate) fn ok(message: &str, data: impl Serialize) -> Response {
    Json(json!({"code": 200, "message": message, "data": data})).into_response()
}

/// `{code, message, data}` with HTTP 200.
pub(crate) fn err(e: AuthingError) -> Response {
    Json(json!({"code": e.code, "message": e.message, "data": e.data})).into_response()
}

/// Parses a JSON object body (empty → `{}`).
pub(crate) fn json_body(body: &Bytes) -> Result<Value, AuthingError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(json!({}));
    }
    let v: Value = serde_json::from_slice(body).map_err(|e| {
        AuthingError::bad_request(format!("请求体不是合法的 JSON (invalid JSON body: {e})"))
    })?;
    if !v.is_object() {
        return Err(AuthingError::bad_request(
            "request body must be a JSON object",
        ));
    }
    Ok(v)
}

/// Requires the pool headers and a management token.
pub(crate) fn admin(shared: &Shared, headers: &HeaderMap) -> Result<(), AuthingError> {
    check_pool(shared, headers)?;
    let token = bearer(headers).ok_or_else(AuthingError::not_logged_in)?;
    match tokens::check(shared, &token)?.0 {
        Caller::Admin => Ok(()),
        Caller::User(_) => Err(AuthingError::no_permission()),
    }
}

pub(crate) fn truthy(q: &HashMap<String, String>, key: &str) -> bool {
    q.get(key)
        .is_some_and(|v| matches!(v.as_str(), "1" | "true" | "True" | "yes"))
}

/// The strings of the array member `key` of a JSON body (`None` when it is no array).
pub(crate) fn string_list(v: &Value, key: &str) -> Option<Vec<String>> {
    v.get(key).and_then(Value::as_array).map(|a| {
        a.iter()
            .filter_map(|x| x.as_str().map(str::to_string))
            .collect()
    })
}

/// Unknown `/api/v2` path.
pub(crate) async fn not_found(uri: axum::http::Uri) -> Response {
    (
        axum::http::StatusCode::NOT_FOUND,
        Json(json!({
            "code": 404,
            "message": format!("the Authing emulator does not implement {}", uri.path()),
            "data": null
        })),
    )
        .into_response()
}
