//! REST endpoints of the account flows and of the user's own view:
//! `POST /api/v2/ldap/verify-user`, `POST /api/v2/ad/verify-user`,
//! `POST /api/v2/users/link`, `POST /api/v2/users/unlink`,
//! `GET /api/v2/users/me/orgs`, `GET /api/v2/users/me/security-level`,
//! `GET /api/v2/users/me/applications/allowed?page=&limit=`.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Serialize;
use serde_json::Value;

use super::users::UserJson;
use super::{bearer, check_pool, err, json_body, ok};
use crate::domain::tokens::Caller;
use crate::domain::{self, tokens};
use crate::error::AuthingError;
use crate::shared::Shared;
use crate::store::accounts::DirectoryKind;

fn str_member(body: &Value, key: &str) -> Result<String, AuthingError> {
    body.get(key)
        .and_then(Value::as_str)
        .map(str::to_string)
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| AuthingError::new(2231, format!("缺少参数 {key} ({key} required)")))
}

fn directory_login(
    shared: &Shared,
    headers: &HeaderMap,
    body: &Bytes,
    kind: DirectoryKind,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        check_pool(shared, headers)?;
        let body = json_body(body)?;
        let username = str_member(&body, "username")?;
        let password = str_member(&body, "password")?;
        let client_ip = body
            .get("clientIp")
            .and_then(Value::as_str)
            .map(str::to_string);
        let l =
            domain::account_flows::directory_login(shared, kind, &username, &password, client_ip)?;
        let store = shared.store.read();
        let mut json = UserJson::new(&store, &l.user, false);
        json.set_token(l.token);
        Ok(ok("登录成功", json))
    };
    run().unwrap_or_else(err)
}

/// `POST /api/v2/ldap/verify-user` `{username, password}` (plain-text password).
pub(crate) async fn ldap_verify(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    directory_login(&shared, &headers, &body, DirectoryKind::Ldap)
}

/// `POST /api/v2/ad/verify-user` `{username, password}` (plain-text password).
pub(crate) async fn ad_verify(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    directory_login(&shared, &headers, &body, DirectoryKind::Ad)
}

/// `POST /api/v2/users/link` `{primaryUserToken, secondaryUserToken}`.
pub(crate) async fn link(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        check_pool(&shared, &headers)?;
        let body = json_body(&body)?;
        let primary = str_member(&body, "primaryUserToken")?;
        let secondary = str_member(&body, "secondaryUserToken")?;
        domain::account_flows::link(&shared, &primary, &secondary)?;
        Ok(ok("绑定成功", Value::Null))
    };
    run().unwrap_or_else(err)
}

/// `POST /api/v2/users/unlink` `{primaryUserToken, provider}`.
pub(crate) async fn unlink(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        check_pool(&shared, &headers)?;
        let body = json_body(&body)?;
        let primary = str_member(&body, "primaryUserToken")?;
        let provider = str_member(&body, "provider")?;
        domain::account_flows::unlink(&shared, &primary, &provider)?;
        Ok(ok("解绑成功", Value::Null))
    };
    run().unwrap_or_else(err)
}

/// The user of the request's user token; no token, a bad one or a management token
/// → 2020 (as `GET /api/v2/users/me`).
fn me(shared: &Shared, headers: &HeaderMap) -> Result<String, AuthingError> {
    check_pool(shared, headers)?;
    let token = bearer(headers).ok_or_else(AuthingError::not_logged_in)?;
    match tokens::check(shared, &token) {
        Ok((Caller::User(id), _)) => Ok(id),
        _ => Err(AuthingError::not_logged_in()),
    }
}

/// `GET /api/v2/users/me/orgs`: the caller's organization paths.
pub(crate) async fn me_orgs(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    let run = || -> Result<Response, AuthingError> {
        let id = me(&shared, &headers)?;
        let store = shared.store.read();
        Ok(ok("获取成功", super::orgs::org_paths(&shared, &store, &id)))
    };
    run().unwrap_or_else(err)
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SecurityLevelJson {
    score: i32,
    email: bool,
    phone: bool,
    password: bool,
    password_security_level: Option<u8>,
    mfa: bool,
}

/// `GET /api/v2/users/me/security-level`.
pub(crate) async fn me_security_level(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        let id = me(&shared, &headers)?;
        let l = domain::account_flows::security_level(&shared.store.read(), &id)?;
        Ok(ok(
            "获取成功",
            SecurityLevelJson {
                score: l.score,
                email: l.email,
                phone: l.phone,
                password: l.password,
                password_security_level: l.password_security_level,
                mfa: l.mfa,
            },
        ))
    };
    run().unwrap_or_else(err)
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AppJson {
    id: String,
    name: String,
    logo: Option<String>,
    domain: Option<String>,
    description: Option<String>,
    created_at: String,
    updated_at: String,
    protocol: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AppPage {
    list: Vec<AppJson>,
    total_count: usize,
}

/// `GET /api/v2/users/me/applications/allowed?page=&limit=`: the pool's applications
/// (every application admits every user of the pool: no access policies emulated),
/// oldest first.
pub(crate) async fn me_applications(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        me(&shared, &headers)?;
        let num = |k: &str| -> Result<Option<i32>, AuthingError> {
            q.get(k)
                .map(|v| {
                    v.parse::<i32>().ok().filter(|n| *n >= 1).ok_or_else(|| {
                        AuthingError::bad_request(format!("{k} must be a positive integer"))
                    })
                })
                .transpose()
        };
        let (page, limit) = (num("page")?, num("limit")?);
        let store = shared.store.read();
        let all: Vec<_> = store.apps().iter().collect();
        let (skip, take) = domain::page_window(page, limit);
        let list = all
            .iter()
            .skip(skip)
            .take(take)
            .map(|a| AppJson {
                id: a.id.clone(),
                name: a.name.clone(),
                logo: None,
                domain: None,
                description: None,
                created_at: a.created_at.clone(),
                updated_at: a.created_at.clone(),
                protocol: "oidc",
            })
            .collect();
        Ok(ok(
            "获取成功",
            AppPage {
                list,
                total_count: all.len(),
            },
        ))
    };
    run().unwrap_or_else(err)
}
