//! REST endpoints under `/api/v2` (and the management `GET /logout`), with Authing's
//! `{code, message, data}` envelope. Business errors answer HTTP 200 with the code in the body.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::error::AuthingError;
use crate::graphql::types::{UdfTargetType, User};
use crate::graphql::{Caller, check_token};
use crate::state::{Channel, Shared};

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
pub(crate) fn ok(message: &str, data: Value) -> Response {
    Json(json!({"code": 200, "message": message, "data": data})).into_response()
}

/// `{code, message, data}` with HTTP 200.
pub(crate) fn err(e: AuthingError) -> Response {
    Json(json!({"code": e.code, "message": e.message, "data": e.data})).into_response()
}

/// Parses a JSON object body (empty → `{}`).
fn json_body(body: &Bytes) -> Result<Value, AuthingError> {
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

fn admin(shared: &Shared, headers: &HeaderMap) -> Result<(), AuthingError> {
    check_pool(shared, headers)?;
    let token = bearer(headers).ok_or_else(AuthingError::not_logged_in)?;
    match check_token(shared, &token)?.0 {
        Caller::Admin => Ok(()),
        Caller::User(_) => Err(AuthingError::no_permission()),
    }
}

fn truthy(q: &HashMap<String, String>, key: &str) -> bool {
    q.get(key)
        .is_some_and(|v| matches!(v.as_str(), "1" | "true" | "True" | "yes"))
}

/// A user as REST JSON (same field names as GraphQL; `password` and `token` null).
pub(crate) fn user_json(shared: &Shared, u: &User, with_custom_data: bool) -> Value {
    let mut v = serde_json::to_value(u).unwrap_or(Value::Null);
    if let Some(o) = v.as_object_mut() {
        let identities = o.remove("identitiesList").unwrap_or(json!([]));
        o.insert("identities".into(), identities);
        for k in ["passwordHash", "tokenEpoch", "createdMs", "updatedMs"] {
            o.remove(k);
        }
        o.insert("password".into(), Value::Null);
        o.insert(
            "token".into(),
            u.token.clone().map(Value::String).unwrap_or(Value::Null),
        );
        if with_custom_data {
            let list = shared.store.read().udv_list(UdfTargetType::User, &u.id);
            let list: Vec<Value> = list
                .into_iter()
                .map(|d| json!({"key": d.key, "value": d.value, "dataType": d.data_type_name(), "label": d.label}))
                .collect();
            o.insert("customData".into(), Value::Array(list));
        }
    }
    v
}

impl crate::graphql::types::UserDefinedData {
    fn data_type_name(&self) -> &'static str {
        use crate::graphql::types::UdfDataType::*;
        match self.data_type {
            String => "STRING",
            Number => "NUMBER",
            Datetime => "DATETIME",
            Boolean => "BOOLEAN",
            Object => "OBJECT",
        }
    }
}

/// `POST /api/v2/sms/send` `{phone}`: a 6-digit code goes to the outbox.
pub(crate) async fn sms_send(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        check_pool(&shared, &headers)?;
        let v = json_body(&body)?;
        let phone = v
            .get("phone")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .ok_or_else(|| AuthingError::new(2231, "请提供手机号 (phone required)"))?;
        crate::graphql::mutation::send_code(&shared, Channel::Sms, phone, None);
        Ok(ok("发送成功", Value::Null))
    };
    run().unwrap_or_else(err)
}

/// `GET /api/v2/.well-known`: `data.publicKey` is the PEM clients encrypt passwords with.
pub(crate) async fn well_known(State(shared): State<Arc<Shared>>) -> Response {
    ok(
        "获取成功",
        json!({"publicKey": shared.keys.public_pem, "userPoolId": shared.ids.user_pool_id, "appId": shared.ids.app_id}),
    )
}

/// `GET /api/v2/users/me` with a user token.
pub(crate) async fn users_me(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        check_pool(&shared, &headers)?;
        let token = bearer(&headers).ok_or_else(AuthingError::not_logged_in)?;
        let (caller, _) = check_token(&shared, &token)?;
        let Caller::User(id) = caller else {
            return Err(AuthingError::not_logged_in());
        };
        let u = shared
            .store
            .read()
            .user(&id)
            .cloned()
            .ok_or_else(AuthingError::user_not_found)?;
        Ok(ok(
            "获取成功",
            user_json(&shared, &u, truthy(&q, "with_custom_data")),
        ))
    };
    run().unwrap_or_else(err)
}

/// `GET /api/v2/logout`: revokes the bearer's token. Any token problem → 2020.
pub(crate) async fn logout(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    let run = || -> Result<Response, AuthingError> {
        check_pool(&shared, &headers)?;
        let token = bearer(&headers).ok_or_else(AuthingError::not_logged_in)?;
        let (caller, claims) =
            check_token(&shared, &token).map_err(|_| AuthingError::not_logged_in())?;
        if !matches!(caller, Caller::User(_)) {
            return Err(AuthingError::not_logged_in());
        }
        shared
            .store
            .write()
            .data_mut()
            .revoked_tokens
            .insert(claims.jti);
        Ok(ok("退出登录成功", Value::Null))
    };
    run().unwrap_or_else(err)
}

/// `GET /logout?userId=` (management force logout): revokes every token of the user.
pub(crate) async fn force_logout(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        admin(&shared, &headers)?;
        let id = q
            .get("userId")
            .ok_or_else(|| AuthingError::new(2231, "userId required"))?;
        let mut store = shared.store.write();
        let u = store
            .data_mut()
            .users
            .get_mut(id)
            .ok_or_else(AuthingError::user_not_found)?;
        u.token_epoch += 1;
        Ok(ok("强制下线成功", Value::Null))
    };
    run().unwrap_or_else(err)
}

/// The strings of the array member `key` of a JSON body (`None` when it is no array).
fn string_list(v: &Value, key: &str) -> Option<Vec<String>> {
    v.get(key).and_then(Value::as_array).map(|a| {
        a.iter()
            .filter_map(|x| x.as_str().map(str::to_string))
            .collect()
    })
}

/// `POST /api/v2/users/kick` `{userIds}` (management).
pub(crate) async fn kick(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        admin(&shared, &headers)?;
        let v = json_body(&body)?;
        let ids = string_list(&v, "userIds").unwrap_or_default();
        let mut store = shared.store.write();
        for id in ids {
            if let Some(u) = store.data_mut().users.get_mut(&id) {
                u.token_epoch += 1;
            }
        }
        Ok(ok("强制下线成功", Value::Null))
    };
    run().unwrap_or_else(err)
}

/// `GET /api/v2/users/{id}` (management): data is the user or `null`.
pub(crate) async fn user_detail(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        admin(&shared, &headers)?;
        let u = shared.store.read().user(&id).cloned();
        Ok(ok(
            "获取成功",
            u.map(|u| user_json(&shared, &u, truthy(&q, "with_custom_data")))
                .unwrap_or(Value::Null),
        ))
    };
    run().unwrap_or_else(err)
}

/// `GET /api/v2/users/{id}/has-role?code=&namespace=` (management).
pub(crate) async fn has_role(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        admin(&shared, &headers)?;
        let code = q
            .get("code")
            .ok_or_else(|| AuthingError::new(2231, "code required"))?;
        let ns = q.get("namespace").map(String::as_str).unwrap_or("default");
        let store = shared.store.read();
        if store.user(&id).is_none() {
            return Err(AuthingError::user_not_found());
        }
        let has = store
            .roles_of_user(&id, Some(ns))
            .iter()
            .any(|r| &r.code == code);
        Ok(ok("获取成功", Value::Bool(has)))
    };
    run().unwrap_or_else(err)
}

/// `POST /api/v2/users/batch` `{ids, type, withCustomData}` (management).
pub(crate) async fn users_batch(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        admin(&shared, &headers)?;
        let v = json_body(&body)?;
        let ids = string_list(&v, "ids").ok_or_else(|| AuthingError::new(2231, "ids required"))?;
        if ids.len() > 80 {
            return Err(AuthingError::new(
                2030,
                "一次最多查询 80 个用户 (at most 80 ids per batch)",
            ));
        }
        let kind = v.get("type").and_then(Value::as_str).unwrap_or("id");
        let with_cd = v
            .get("withCustomData")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let users: Vec<User> = {
            let store = shared.store.read();
            ids.iter()
                .filter_map(|i| match kind {
                    "username" => store.user_by_username(i),
                    "email" => store.user_by_email(i),
                    "phone" => store.user_by_phone(i),
                    "externalId" => store.user_by_external_id(i),
                    _ => store.user(i),
                })
                .cloned()
                .collect()
        };
        let list: Vec<Value> = users
            .iter()
            .map(|u| user_json(&shared, u, with_cd))
            .collect();
        Ok(ok("获取成功", Value::Array(list)))
    };
    run().unwrap_or_else(err)
}

/// `POST /api/v2/password/check` `{password}` (clear text): the pool's rule is "non-empty".
pub(crate) async fn password_check(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        check_pool(&shared, &headers)?;
        let v = json_body(&body)?;
        let pw = v.get("password").and_then(Value::as_str).unwrap_or("");
        let valid = !pw.is_empty();
        Ok(ok(
            "检查完成",
            json!({"valid": valid, "message": if valid {"密码验证成功"} else {"密码不能为空"}}),
        ))
    };
    run().unwrap_or_else(err)
}

/// `GET /api/v2/userpools/detail` (management).
pub(crate) async fn userpool_detail(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        admin(&shared, &headers)?;
        let s = shared.store.read().settings.clone();
        Ok(ok(
            "获取成功",
            json!({
                "id": shared.ids.user_pool_id,
                "name": s.name,
                "domain": s.domain,
                "secret": shared.ids.secret,
                "jwtSecret": shared.ids.jwt_secret,
                "createdAt": s.created_at,
                "tokenExpiresAfter": s.token_expires_after,
                "registerDisabled": s.register_disabled,
                "whitelist": {"phoneEnabled": false, "emailEnabled": false, "usernameEnabled": false},
            }),
        ))
    };
    run().unwrap_or_else(err)
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
