//! REST namespaces (permission groups): `/api/v2/resource-namespace/{userPoolId}`
//! create / list, and update / delete by numeric id (P4) or by code (JS,
//! `.../code/{code}`). Management only; another pool id → 2224.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Serialize;
use serde_json::Value;

use super::{admin, err, json_body, ok};
use crate::domain::paginate;
use crate::domain::resources::{self, NamespaceKey};
use crate::error::AuthingError;
use crate::shared::Shared;
use crate::store::acl::NamespaceRecord;

/// A namespace as the REST API answers it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NamespaceJson {
    id: i64,
    code: String,
    name: String,
    description: Option<String>,
    status: i32,
    app_id: Option<String>,
    app_name: Option<String>,
}

impl From<&NamespaceRecord> for NamespaceJson {
    fn from(n: &NamespaceRecord) -> Self {
        NamespaceJson {
            id: n.id,
            code: n.code.clone(),
            name: n.name.clone(),
            description: n.description.clone(),
            status: 1,
            app_id: None,
            app_name: None,
        }
    }
}

/// `data` of the list: P4 reads `total`, the docs show `totalCount`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NamespacePage {
    list: Vec<NamespaceJson>,
    total: i32,
    total_count: i32,
}

/// Management token, and the path's pool id must be the emulator's (else 2224).
fn check(shared: &Shared, headers: &HeaderMap, pool: &str) -> Result<(), AuthingError> {
    admin(shared, headers)?;
    if pool != shared.ids.user_pool_id {
        return Err(AuthingError::pool_not_found());
    }
    Ok(())
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string)
}

/// A numeric id from the path (anything else names no namespace).
fn id_key(id: &str) -> NamespaceKey {
    NamespaceKey::Id(id.trim().parse().unwrap_or(-1))
}

/// `POST /api/v2/resource-namespace/{userPoolId}` `{code, name, description}`.
pub(crate) async fn create(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(pool): Path<String>,
    body: Bytes,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        check(&shared, &headers, &pool)?;
        let v = json_body(&body)?;
        let n = resources::create_namespace(
            &shared,
            text(&v, "code"),
            text(&v, "name"),
            text(&v, "description"),
        )?;
        Ok(ok("创建成功", NamespaceJson::from(&n)))
    };
    run().unwrap_or_else(err)
}

/// `GET /api/v2/resource-namespace/{userPoolId}?page=&limit=` (`default` first).
pub(crate) async fn list(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(pool): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        check(&shared, &headers, &pool)?;
        let num = |k: &str| q.get(k).and_then(|v| v.parse::<i32>().ok());
        let store = shared.store.read();
        let (total, page) = paginate(store.acl().namespaces(), num("page"), num("limit"));
        Ok(ok(
            "获取成功",
            NamespacePage {
                list: page.into_iter().map(NamespaceJson::from).collect(),
                total,
                total_count: total,
            },
        ))
    };
    run().unwrap_or_else(err)
}

fn update(
    shared: &Shared,
    headers: &HeaderMap,
    pool: &str,
    key: NamespaceKey,
    body: &Bytes,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        check(shared, headers, pool)?;
        let v = json_body(body)?;
        let n = resources::update_namespace(
            shared,
            &key,
            text(&v, "code"),
            text(&v, "name"),
            text(&v, "description"),
        )?;
        Ok(ok("更新成功", NamespaceJson::from(&n)))
    };
    run().unwrap_or_else(err)
}

fn delete(shared: &Shared, headers: &HeaderMap, pool: &str, key: NamespaceKey) -> Response {
    let run = || -> Result<Response, AuthingError> {
        check(shared, headers, pool)?;
        resources::delete_namespace(shared, &key)?;
        Ok(ok("删除成功", true))
    };
    run().unwrap_or_else(err)
}

/// `PUT /api/v2/resource-namespace/{userPoolId}/{id}` `{name?, code?, description?}`
/// (unknown → 3005).
pub(crate) async fn update_by_id(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path((pool, id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    update(&shared, &headers, &pool, id_key(&id), &body)
}

/// `PUT /api/v2/resource-namespace/{userPoolId}/code/{code}` (unknown → 3005).
pub(crate) async fn update_by_code(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path((pool, code)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    update(&shared, &headers, &pool, NamespaceKey::Code(code), &body)
}

/// `DELETE /api/v2/resource-namespace/{userPoolId}/{id}` (unknown → 3003): also
/// deletes the namespace's resources and grants.
pub(crate) async fn delete_by_id(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path((pool, id)): Path<(String, String)>,
) -> Response {
    delete(&shared, &headers, &pool, id_key(&id))
}

/// `DELETE /api/v2/resource-namespace/{userPoolId}/code/{code}` (unknown → 3003).
pub(crate) async fn delete_by_code(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path((pool, code)): Path<(String, String)>,
) -> Response {
    delete(&shared, &headers, &pool, NamespaceKey::Code(code))
}
