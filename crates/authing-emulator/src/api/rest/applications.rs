//! REST `applications` API (management only): `/api/v2/applications` list / create,
//! `/api/v2/applications/{appId}` detail / update (default access strategy) / delete,
//! `PATCH /api/v2/application/{appId}/refresh-secret`, active users, and the access
//! policy endpoints `/api/v2/applications/{appId}/authorization/*`. Agreements and
//! programmatic access accounts are in [`super::app_extras`].

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{get, patch, post};
use serde::Serialize;
use serde_json::Value;

use super::users::UserJson;
use super::{admin, app_extras, err, json_body, ok, string_list};
use crate::domain::applications::policies::{self, PolicyChange, PolicyTargets};
use crate::domain::applications::{self as apps, CreateApp};
use crate::domain::paginate;
use crate::error::AuthingError;
use crate::shared::Shared;
use crate::store::Store;
use crate::store::app_admin::{AccessPolicyRecord, DefaultStrategy};
use crate::store::apps::AppRecord;
use crate::store::policies::{PolicyEffect, TargetType};

/// `permissionStrategy` of an application.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct StrategyJson {
    enabled: bool,
    default_strategy: DefaultStrategy,
}

/// An application as the REST API answers it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AppJson {
    id: String,
    user_pool_id: String,
    name: String,
    identifier: Option<String>,
    description: Option<String>,
    logo: Option<String>,
    secret: String,
    redirect_uris: Vec<String>,
    logout_redirect_uris: Vec<String>,
    token_endpoint_auth_method: &'static str,
    permission_strategy: StrategyJson,
    created_at: String,
    updated_at: String,
}

impl AppJson {
    pub(crate) fn new(sh: &Shared, store: &Store, a: &AppRecord) -> Self {
        let extra = store.app_admin().get(&a.id);
        AppJson {
            id: a.id.clone(),
            user_pool_id: sh.ids.user_pool_id.clone(),
            name: a.name.clone(),
            identifier: extra.and_then(|e| e.identifier.clone()),
            description: None,
            logo: extra.and_then(|e| e.logo.clone()),
            secret: a.secret.clone(),
            redirect_uris: a.redirect_uris.clone(),
            logout_redirect_uris: a.logout_redirect_uris.clone(),
            token_endpoint_auth_method: a.token_endpoint_auth_method.as_str(),
            permission_strategy: StrategyJson {
                enabled: true,
                default_strategy: extra.map(|e| e.default_strategy).unwrap_or_default(),
            },
            created_at: a.created_at.clone(),
            updated_at: extra
                .and_then(|e| e.updated_at.clone())
                .unwrap_or_else(|| a.created_at.clone()),
        }
    }
}

/// `data` of a list: `{list, totalCount}`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Page<T> {
    pub list: Vec<T>,
    pub total_count: i32,
}

/// An access policy record.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PolicyJson {
    id: String,
    app_id: String,
    target_type: TargetType,
    target_identifier: String,
    effect: PolicyEffect,
    enabled: bool,
    namespace: String,
    inherit_by_children: bool,
    created_at: String,
    updated_at: String,
}

impl PolicyJson {
    fn new(app_id: &str, p: &AccessPolicyRecord) -> Self {
        PolicyJson {
            id: p.id.clone(),
            app_id: app_id.to_string(),
            target_type: p.target_type,
            target_identifier: p.target_identifier.clone(),
            effect: p.effect,
            enabled: p.enabled,
            namespace: p.namespace.clone(),
            inherit_by_children: p.inherit_by_children,
            created_at: p.created_at.clone(),
            updated_at: p.updated_at.clone(),
        }
    }
}

pub(crate) fn num(q: &HashMap<String, String>, k: &str) -> Option<i32> {
    q.get(k).and_then(|v| v.parse::<i32>().ok())
}

pub(crate) fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string)
}

/// The routes of the applications API.
pub(crate) fn routes() -> Router<Arc<Shared>> {
    use app_extras as x;
    Router::new()
        .route("/api/v2/applications", get(list).post(create))
        .route(
            "/api/v2/applications/programmatic-access-accounts",
            patch(x::update_account).delete(x::delete_account),
        )
        .route(
            "/api/v2/applications/{app}",
            get(detail).post(update).delete(delete),
        )
        .route(
            "/api/v2/application/{app}/refresh-secret",
            patch(refresh_secret),
        )
        .route("/api/v2/applications/{app}/active-users", get(active_users))
        .route(
            "/api/v2/applications/{app}/authorization/records",
            get(records),
        )
        .route(
            "/api/v2/applications/{app}/authorization/{action}",
            post(authorization),
        )
        .route(
            "/api/v2/applications/{app}/agreements",
            post(x::create_agreement).get(x::list_agreements),
        )
        .route(
            "/api/v2/applications/{app}/agreements/sort",
            post(x::sort_agreements),
        )
        .route(
            "/api/v2/applications/{app}/agreements/{id}",
            axum::routing::put(x::modify_agreement).delete(x::delete_agreement),
        )
        .route(
            "/api/v2/applications/{app}/programmatic-access-accounts",
            get(x::list_accounts).post(x::create_account),
        )
}

fn answer(sh: &Shared, message: &str, a: &AppRecord) -> Response {
    let store = sh.store.read();
    ok(message, AppJson::new(sh, &store, a))
}

/// `GET /api/v2/applications?page=&limit=`: every application, oldest first.
async fn list(
    State(sh): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        admin(&sh, &headers)?;
        let store = sh.store.read();
        let (total, page) = paginate(store.apps().iter(), num(&q, "page"), num(&q, "limit"));
        let list = page
            .into_iter()
            .map(|a| AppJson::new(&sh, &store, a))
            .collect();
        Ok(ok(
            "获取成功",
            Page {
                list,
                total_count: total,
            },
        ))
    };
    run().unwrap_or_else(err)
}

/// `POST /api/v2/applications` `{name, identifier, redirectUris, logo}`.
async fn create(State(sh): State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> Response {
    let run = || -> Result<Response, AuthingError> {
        admin(&sh, &headers)?;
        let v = json_body(&body)?;
        let app = apps::create(
            &sh,
            CreateApp {
                name: text(&v, "name"),
                identifier: text(&v, "identifier"),
                redirect_uris: string_list(&v, "redirectUris").unwrap_or_default(),
                logo: text(&v, "logo"),
            },
        )?;
        Ok(answer(&sh, "创建成功", &app))
    };
    run().unwrap_or_else(err)
}

/// `GET /api/v2/applications/{appId}`: the application, `null` when unknown.
async fn detail(
    State(sh): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(app): Path<String>,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        admin(&sh, &headers)?;
        let store = sh.store.read();
        let found = store.apps().get(&app).map(|a| AppJson::new(&sh, &store, a));
        Ok(ok("获取成功", found))
    };
    run().unwrap_or_else(err)
}

/// `POST /api/v2/applications/{appId}` `{permissionStrategy: {defaultStrategy}, name?}`.
async fn update(
    State(sh): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(app): Path<String>,
    body: Bytes,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        admin(&sh, &headers)?;
        let v = json_body(&body)?;
        let strategy = match v.pointer("/permissionStrategy/defaultStrategy") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(apps::parse_strategy(s)?),
            Some(_) => {
                return Err(AuthingError::bad_request(
                    "defaultStrategy must be ALLOW_ALL or DENY_ALL",
                ));
            }
        };
        let a = apps::update(&sh, &app, strategy, text(&v, "name"))?;
        Ok(answer(&sh, "更新成功", &a))
    };
    run().unwrap_or_else(err)
}

/// `DELETE /api/v2/applications/{appId}`.
async fn delete(
    State(sh): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(app): Path<String>,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        admin(&sh, &headers)?;
        apps::delete(&sh, &app)?;
        Ok(ok("删除成功", true))
    };
    run().unwrap_or_else(err)
}

/// `PATCH /api/v2/application/{appId}/refresh-secret`: the application with a new
/// secret.
async fn refresh_secret(
    State(sh): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(app): Path<String>,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        admin(&sh, &headers)?;
        let a = apps::refresh_secret(&sh, &app)?;
        Ok(answer(&sh, "刷新成功", &a))
    };
    run().unwrap_or_else(err)
}

/// `GET /api/v2/applications/{appId}/active-users?page=&limit=`: users who signed in
/// to the application, most recent first.
async fn active_users(
    State(sh): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(app): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        admin(&sh, &headers)?;
        let store = sh.store.read();
        apps::app(&store, &app)?;
        let users = store
            .app_admin()
            .get(&app)
            .map(|e| {
                e.active_users
                    .keys()
                    .rev()
                    .filter_map(|id| store.users().get(id))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        let (total, page) = paginate(users, num(&q, "page"), num(&q, "limit"));
        let list: Vec<UserJson> = page
            .into_iter()
            .map(|u| UserJson::new(&store, u, false))
            .collect();
        Ok(ok(
            "获取成功",
            Page {
                list,
                total_count: total,
            },
        ))
    };
    run().unwrap_or_else(err)
}

/// `GET /api/v2/applications/{appId}/authorization/records?page=&limit=`.
async fn records(
    State(sh): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(app): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        admin(&sh, &headers)?;
        let store = sh.store.read();
        apps::app(&store, &app)?;
        let all: Vec<&AccessPolicyRecord> = store
            .app_admin()
            .get(&app)
            .map(|e| e.policies.iter().collect())
            .unwrap_or_default();
        let (total, page) = paginate(all, num(&q, "page"), num(&q, "limit"));
        Ok(ok(
            "获取成功",
            Page {
                list: page.into_iter().map(|p| PolicyJson::new(&app, p)).collect(),
                total_count: total,
            },
        ))
    };
    run().unwrap_or_else(err)
}

/// `POST /api/v2/applications/{appId}/authorization/{allow|deny|enable-effect|
/// disable-effect|revoke}` `{targetType, targetIdentifiers, namespace,
/// inheritByChildren}`.
async fn authorization(
    State(sh): State<Arc<Shared>>,
    headers: HeaderMap,
    Path((app, action)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        admin(&sh, &headers)?;
        let change = match action.as_str() {
            "allow" => PolicyChange::Allow,
            "deny" => PolicyChange::Deny,
            "enable-effect" => PolicyChange::Enable,
            "disable-effect" => PolicyChange::Disable,
            "revoke" => PolicyChange::Revoke,
            _ => {
                return Err(AuthingError::not_found(format!(
                    "the Authing emulator does not implement authorization/{action}"
                )));
            }
        };
        let v = json_body(&body)?;
        let target_type = v
            .get("targetType")
            .cloned()
            .and_then(|t| serde_json::from_value::<TargetType>(t).ok())
            .filter(|t| *t != TargetType::AkSk)
            .ok_or_else(|| {
                AuthingError::bad_request("targetType must be USER, ROLE, GROUP or ORG")
            })?;
        let identifiers = string_list(&v, "targetIdentifiers").unwrap_or_default();
        let t = PolicyTargets {
            target_type,
            identifiers,
            namespace: crate::domain::namespace(v.get("namespace").and_then(Value::as_str)),
            inherit_by_children: v
                .get("inheritByChildren")
                .and_then(Value::as_bool)
                .unwrap_or(false),
        };
        policies::change(&sh, &app, t, change)?;
        Ok(ok("操作成功", true))
    };
    run().unwrap_or_else(err)
}
