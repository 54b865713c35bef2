//! `GET /api/v2/analysis/audit` (the audit log) and `GET /api/v2/analysis/user-action`
//! (user actions), management only. Filters (query parameters, each repeatable or
//! comma-separated where a list makes sense): `clientip`, `operation_name`,
//! `operator_arn`, `app_id`, `exclude_non_app_records=1`, `start` / `end` (epoch
//! milliseconds, inclusive); `page` / `limit` (default 1 / 10, at most 1000). Newest
//! first; `data` is `{list, totalCount}`.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use serde::Serialize;

use super::{admin, err, ok};
use crate::clock::iso_ms;
use crate::domain::audit::{self, Filter, Which};
use crate::error::AuthingError;
use crate::shared::Shared;
use crate::store::audit::LogEntry;

/// The routes of this module.
pub(crate) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/api/v2/analysis/audit", get(audit_log))
        .route("/api/v2/analysis/user-action", get(user_actions))
        .route(
            "/api/v2/users/{id}/management/principal_authentication",
            get(super::principal::detail).post(super::principal::authenticate),
        )
}

#[derive(Serialize)]
struct Person {
    id: String,
    #[serde(rename = "displayName")]
    display_name: Option<String>,
}

#[derive(Serialize)]
struct GeoIp {
    ip: Option<String>,
}

/// An audit log item.
#[derive(Serialize)]
struct AuditItem {
    userpool_id: String,
    operator_type: &'static str,
    operator_arn: String,
    operator_detail: Person,
    operation_name: String,
    client_ip: Option<String>,
    geoip: GeoIp,
    app_id: Option<String>,
    timestamp: String,
}

/// A user action item.
#[derive(Serialize)]
struct ActionItem {
    userpool_id: String,
    operator_arn: String,
    user: Person,
    operation_name: String,
    operation_desc: String,
    client_ip: Option<String>,
    geoip: GeoIp,
    app_id: Option<String>,
    timestamp: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Page<T> {
    list: Vec<T>,
    total_count: usize,
}

fn list(q: &[(String, String)], keys: &[&str]) -> Vec<String> {
    q.iter()
        .filter(|(k, _)| keys.contains(&k.as_str()))
        .flat_map(|(_, v)| v.split(','))
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
        .collect()
}

fn one<'a>(q: &'a [(String, String)], keys: &[&str]) -> Option<&'a str> {
    q.iter()
        .find(|(k, v)| keys.contains(&k.as_str()) && !v.trim().is_empty())
        .map(|(_, v)| v.trim())
}

fn int<T: std::str::FromStr>(q: &[(String, String)], key: &str) -> Result<Option<T>, AuthingError> {
    one(q, &[key])
        .map(|v| {
            v.parse::<T>().map_err(|_| {
                AuthingError::bad_request(format!("{key} 必须是整数 ({key} must be an integer)"))
            })
        })
        .transpose()
}

fn read(
    sh: &Shared,
    headers: &HeaderMap,
    q: &[(String, String)],
    which: Which,
) -> Result<(usize, Vec<LogEntry>), AuthingError> {
    admin(sh, headers)?;
    let filter = Filter {
        client_ip: one(q, &["clientip", "client_ip"]).map(str::to_string),
        operation_names: list(
            q,
            &["operation_name", "operation_name[]", "operation_names"],
        ),
        operator_arns: list(q, &["operator_arn", "operator_arn[]"]),
        app_ids: list(q, &["app_id", "app_id[]", "app_ids"]),
        exclude_non_app: matches!(one(q, &["exclude_non_app_records"]), Some("1" | "true")),
        start_ms: int(q, "start")?,
        end_ms: int(q, "end")?,
    };
    let page = int::<i32>(q, "page")?;
    let limit = int::<i32>(q, "limit")?;
    Ok(audit::query(sh, which, &filter, page, limit))
}

async fn audit_log(
    State(sh): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(q): Query<Vec<(String, String)>>,
) -> Response {
    match read(&sh, &headers, &q, Which::Audit) {
        Ok((total, entries)) => ok(
            "获取成功",
            Page {
                total_count: total,
                list: entries
                    .into_iter()
                    .map(|e| AuditItem {
                        userpool_id: sh.ids.user_pool_id.clone(),
                        operator_type: "admin",
                        operator_arn: e.operator_arn,
                        operator_detail: Person {
                            id: e.operator_id,
                            display_name: e.display_name,
                        },
                        operation_name: e.operation_name,
                        geoip: GeoIp {
                            ip: e.client_ip.clone(),
                        },
                        client_ip: e.client_ip,
                        app_id: e.app_id,
                        timestamp: iso_ms(e.at_ms),
                    })
                    .collect(),
            },
        ),
        Err(e) => err(e),
    }
}

async fn user_actions(
    State(sh): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(q): Query<Vec<(String, String)>>,
) -> Response {
    match read(&sh, &headers, &q, Which::UserActions) {
        Ok((total, entries)) => ok(
            "获取成功",
            Page {
                total_count: total,
                list: entries
                    .into_iter()
                    .map(|e| ActionItem {
                        userpool_id: sh.ids.user_pool_id.clone(),
                        operator_arn: e.operator_arn,
                        user: Person {
                            id: e.operator_id,
                            display_name: e.display_name,
                        },
                        operation_desc: e.operation_name.clone(),
                        operation_name: e.operation_name,
                        geoip: GeoIp {
                            ip: e.client_ip.clone(),
                        },
                        client_ip: e.client_ip,
                        app_id: e.app_id,
                        timestamp: iso_ms(e.at_ms),
                    })
                    .collect(),
            },
        ),
        Err(e) => err(e),
    }
}
