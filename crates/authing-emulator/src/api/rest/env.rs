//! Environment variables of the pool (management): `GET /api/v2/env`,
//! `POST /api/v2/env` `{key, value}`, `DELETE /api/v2/env/{key}`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Serialize;
use serde_json::Value;

use super::{admin, err, json_body, ok};
use crate::domain::userpool as domain;
use crate::error::AuthingError;
use crate::shared::Shared;
use crate::store::env::EnvRecord;

/// One variable as the API shows it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EnvJson {
    key: String,
    value: Value,
    created_at: String,
    updated_at: String,
}

impl From<&EnvRecord> for EnvJson {
    fn from(r: &EnvRecord) -> Self {
        Self {
            key: r.key.clone(),
            value: r.value.clone(),
            created_at: r.created_at.clone(),
            updated_at: r.updated_at.clone(),
        }
    }
}

/// `GET /api/v2/env`.
pub(crate) async fn list(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    let run = || -> Result<Response, AuthingError> {
        admin(&shared, &headers)?;
        let store = shared.store.read();
        let list: Vec<EnvJson> = store.env().iter().map(EnvJson::from).collect();
        Ok(ok("获取成功", list))
    };
    run().unwrap_or_else(err)
}

/// `POST /api/v2/env` with `{key, value}` (`value` any JSON).
pub(crate) async fn add(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        admin(&shared, &headers)?;
        let body = json_body(&body)?;
        let key = body
            .get("key")
            .and_then(Value::as_str)
            .ok_or_else(|| AuthingError::bad_request("缺少参数 key (key must be a string)"))?;
        let value = body.get("value").cloned().unwrap_or(Value::Null);
        let r = domain::set_env(&shared, key, value)?;
        Ok(ok("添加成功", EnvJson::from(&r)))
    };
    run().unwrap_or_else(err)
}

/// `DELETE /api/v2/env/{key}`.
pub(crate) async fn remove(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(key): Path<String>,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        admin(&shared, &headers)?;
        domain::remove_env(&shared, &key)?;
        Ok(ok("删除成功", Value::Null))
    };
    run().unwrap_or_else(err)
}
