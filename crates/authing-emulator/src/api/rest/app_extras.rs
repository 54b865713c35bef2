//! REST agreements (`/api/v2/applications/{appId}/agreements[/{id}|/sort]`) and
//! programmatic access accounts (`/api/v2/applications/{appId}/programmatic-access-accounts`,
//! `PATCH|DELETE /api/v2/applications/programmatic-access-accounts`). Management only.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Serialize;
use serde_json::Value;

use super::applications::{Page, num, text};
use super::{admin, err, json_body, ok};
use crate::domain::applications::accounts;
use crate::domain::applications::agreements::{self, AgreementInput};
use crate::domain::paginate;
use crate::error::AuthingError;
use crate::shared::Shared;
use crate::store::app_admin::{AccountRecord, AgreementRecord};

/// An agreement.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AgreementJson {
    id: i64,
    app_id: String,
    title: String,
    required: bool,
    lang: String,
    /// Position in the display order (0 first).
    order: usize,
    created_at: String,
    updated_at: String,
}

impl AgreementJson {
    fn new(app_id: &str, order: usize, a: &AgreementRecord) -> Self {
        AgreementJson {
            id: a.id,
            app_id: app_id.to_string(),
            title: a.title.clone(),
            required: a.required,
            lang: a.lang.clone(),
            order,
            created_at: a.created_at.clone(),
            updated_at: a.updated_at.clone(),
        }
    }
}

/// A programmatic access account.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AccountJson {
    id: String,
    app_id: String,
    secret: String,
    token_lifetime: i64,
    enabled: bool,
    remarks: Option<String>,
    user_id: Option<String>,
    created_at: String,
    updated_at: String,
}

impl From<&AccountRecord> for AccountJson {
    fn from(a: &AccountRecord) -> Self {
        AccountJson {
            id: a.id.clone(),
            app_id: a.app_id.clone(),
            secret: a.secret.clone(),
            token_lifetime: a.token_lifetime,
            enabled: a.enabled,
            remarks: a.remarks.clone(),
            user_id: None,
            created_at: a.created_at.clone(),
            updated_at: a.updated_at.clone(),
        }
    }
}

fn agreement_input(v: &Value) -> Result<AgreementInput, AuthingError> {
    let required = match v.get("required") {
        None | Some(Value::Null) => None,
        Some(Value::Bool(b)) => Some(*b),
        Some(_) => return Err(AuthingError::bad_request("required must be a boolean")),
    };
    Ok(AgreementInput {
        title: text(v, "title"),
        required,
        lang: text(v, "lang"),
    })
}

fn agreement_id(id: &str) -> Result<i64, AuthingError> {
    id.parse()
        .map_err(|_| AuthingError::not_found(format!("协议 {id} 不存在 (agreement not found)")))
}

/// `POST .../agreements` `{title, required, lang}`.
pub(crate) async fn create_agreement(
    State(sh): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(app): Path<String>,
    body: Bytes,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        admin(&sh, &headers)?;
        let v = json_body(&body)?;
        let a = agreements::create(&sh, &app, agreement_input(&v)?)?;
        let order = agreements::list(&sh, &app)?.len().saturating_sub(1);
        Ok(ok("创建成功", AgreementJson::new(&app, order, &a)))
    };
    run().unwrap_or_else(err)
}

/// `GET .../agreements`: `{list, totalCount}` in display order.
pub(crate) async fn list_agreements(
    State(sh): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(app): Path<String>,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        admin(&sh, &headers)?;
        let all = agreements::list(&sh, &app)?;
        let list: Vec<AgreementJson> = all
            .iter()
            .enumerate()
            .map(|(i, a)| AgreementJson::new(&app, i, a))
            .collect();
        let total_count = list.len() as i32;
        Ok(ok("获取成功", Page { list, total_count }))
    };
    run().unwrap_or_else(err)
}

/// `PUT .../agreements/{id}` `{title?, required?, lang?}`.
pub(crate) async fn modify_agreement(
    State(sh): State<Arc<Shared>>,
    headers: HeaderMap,
    Path((app, id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        admin(&sh, &headers)?;
        let v = json_body(&body)?;
        let id = agreement_id(&id)?;
        let a = agreements::modify(&sh, &app, id, agreement_input(&v)?)?;
        let order = agreements::list(&sh, &app)?
            .iter()
            .position(|x| x.id == id)
            .unwrap_or_default();
        Ok(ok("修改成功", AgreementJson::new(&app, order, &a)))
    };
    run().unwrap_or_else(err)
}

/// `DELETE .../agreements/{id}`.
pub(crate) async fn delete_agreement(
    State(sh): State<Arc<Shared>>,
    headers: HeaderMap,
    Path((app, id)): Path<(String, String)>,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        admin(&sh, &headers)?;
        agreements::delete(&sh, &app, agreement_id(&id)?)?;
        Ok(ok("删除成功", true))
    };
    run().unwrap_or_else(err)
}

/// `POST .../agreements/sort` `{ids: [..]}` (numbers or numeric strings).
pub(crate) async fn sort_agreements(
    State(sh): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(app): Path<String>,
    body: Bytes,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        admin(&sh, &headers)?;
        let v = json_body(&body)?;
        let bad = || AuthingError::bad_request("ids must be a list of agreement ids");
        let ids = v
            .get("ids")
            .and_then(Value::as_array)
            .ok_or_else(bad)?
            .iter()
            .map(|x| match x {
                Value::Number(n) => n.as_i64(),
                Value::String(s) => s.parse().ok(),
                _ => None,
            })
            .collect::<Option<Vec<i64>>>()
            .ok_or_else(bad)?;
        agreements::sort(&sh, &app, &ids)?;
        Ok(ok("排序成功", true))
    };
    run().unwrap_or_else(err)
}

/// `GET .../programmatic-access-accounts?page=&limit=`.
pub(crate) async fn list_accounts(
    State(sh): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(app): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        admin(&sh, &headers)?;
        let all = accounts::list(&sh, &app)?;
        let (total, page) = paginate(all.iter(), num(&q, "page"), num(&q, "limit"));
        Ok(ok(
            "获取编程访问账号列表成功",
            Page {
                list: page.into_iter().map(AccountJson::from).collect::<Vec<_>>(),
                total_count: total,
            },
        ))
    };
    run().unwrap_or_else(err)
}

/// `POST .../programmatic-access-accounts` `{tokenLifetime, remarks | remark}`.
pub(crate) async fn create_account(
    State(sh): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(app): Path<String>,
    body: Bytes,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        admin(&sh, &headers)?;
        let v = json_body(&body)?;
        let lifetime = match v.get("tokenLifetime") {
            None | Some(Value::Null) => None,
            Some(x) => Some(
                x.as_i64()
                    .ok_or_else(|| AuthingError::bad_request("tokenLifetime must be an integer"))?,
            ),
        };
        let remarks = text(&v, "remarks").or_else(|| text(&v, "remark"));
        let a = accounts::create(&sh, &app, lifetime, remarks)?;
        Ok(ok("创建成功", AccountJson::from(&a)))
    };
    run().unwrap_or_else(err)
}

/// `PATCH /api/v2/applications/programmatic-access-accounts` `{id, enabled}` or
/// `{id, secret}` (`secret: null` or absent with no `enabled`: a random one).
pub(crate) async fn update_account(
    State(sh): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        admin(&sh, &headers)?;
        let v = json_body(&body)?;
        let id = crate::domain::applications::required(text(&v, "id"), "id")?;
        let enabled = match v.get("enabled") {
            None | Some(Value::Null) => None,
            Some(Value::Bool(b)) => Some(*b),
            Some(_) => return Err(AuthingError::bad_request("enabled must be a boolean")),
        };
        let secret = match (v.get("secret"), enabled) {
            (Some(Value::String(s)), _) => Some(Some(s.clone())),
            (Some(Value::Null), _) | (None, None) => Some(None),
            (None, Some(_)) => None,
            (Some(_), _) => return Err(AuthingError::bad_request("secret must be a string")),
        };
        let a = accounts::update(&sh, &id, enabled, secret)?;
        Ok(ok("修改成功", AccountJson::from(&a)))
    };
    run().unwrap_or_else(err)
}

/// `DELETE /api/v2/applications/programmatic-access-accounts?id=`.
pub(crate) async fn delete_account(
    State(sh): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        admin(&sh, &headers)?;
        let id = crate::domain::applications::required(q.get("id").cloned(), "id")?;
        accounts::delete(&sh, &id)?;
        Ok(ok("删除成功", true))
    };
    run().unwrap_or_else(err)
}
