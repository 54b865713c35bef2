//! REST endpoints under `/api/v2` (and the management `GET /logout`), with Authing's
//! `{code, message, data}` envelope. Business errors answer HTTP 200 with the code in
//! the body. Every answer is an explicit response type listing exactly its public
//! fields.

pub(crate) mod account_flows;
pub(crate) mod acl;
pub(crate) mod analysis;
pub(crate) mod app_extras;
pub(crate) mod applications;
pub(crate) mod auth;
pub(crate) mod env;
pub(crate) mod mfa;
pub(crate) mod namespaces;
pub(crate) mod orgs;
pub(crate) mod principal;
pub(crate) mod qrcode;
pub(crate) mod resources;
pub(crate) mod userpool;
pub(crate) mod users;

use std::collections::HashMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::Request;
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::{Value, json};

use crate::domain::tokens::{self, Caller};
use crate::error::{AuthingError, Lang};
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
    let t = match (v.get(..7), v.get(7..)) {
        (Some(scheme), Some(rest)) if scheme.eq_ignore_ascii_case("bearer ") => rest.trim(),
        _ => v,
    };
    (!t.is_empty()).then(|| t.to_string())
}

/// `{code: 200, message, data}`.
pub(crate) fn ok(message: &str, data: impl Serialize) -> Response {
    Json(json!({"code": 200, "message": message, "data": data})).into_response()
}

/// `{code, message, data}` with HTTP 200, the message in Chinese; [`localize`] turns it
/// into the language of the request.
pub(crate) fn err(e: AuthingError) -> Response {
    let mut resp = envelope(&e.clone().localized(Lang::Zh));
    resp.extensions_mut().insert(Untranslated(e));
    resp
}

fn envelope(e: &AuthingError) -> Response {
    Json(json!({"code": e.code, "message": e.message, "data": e.data})).into_response()
}

/// Whether `resp` is an [`err`] answer (a business error), before [`localize`].
pub(crate) fn is_business_error(resp: &Response) -> bool {
    resp.extensions().get::<Untranslated>().is_some()
}

/// The business error behind an [`err`] answer, for [`localize`].
#[derive(Clone)]
struct Untranslated(AuthingError);

/// Middleware: a REST business error answers in the language of `x-authing-lang`
/// (Chinese by default, English for `en-US`).
pub(crate) async fn localize(req: Request, next: Next) -> Response {
    let lang = Lang::from_headers(req.headers());
    let mut resp = next.run(req).await;
    if lang == Lang::Zh {
        return resp;
    }
    match resp.extensions_mut().remove::<Untranslated>() {
        Some(Untranslated(e)) => {
            let mut localized = envelope(&e.localized(lang));
            *localized.status_mut() = resp.status();
            localized
        }
        None => resp,
    }
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
