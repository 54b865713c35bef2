//! REST resource definitions: `/api/v2/resources` create / list,
//! `/api/v2/resources/{code}` update (POST) / delete, `/api/v2/resources/detail` by id
//! or by namespace and code. Management only; the namespace defaults to `default` and
//! must exist (else 3003).

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Serialize;
use serde_json::Value;

use super::{admin, err, json_body, ok};
use crate::domain::resources::{self, ResourceInput};
use crate::domain::{self, paginate};
use crate::error::AuthingError;
use crate::shared::Shared;
use crate::store::Store;
use crate::store::acl::{ResourceAction, ResourceRecord};

/// An action of a resource.
#[derive(Serialize)]
struct ActionJson {
    name: String,
    description: Option<String>,
}

/// A resource as the REST API answers it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResourceJson {
    id: String,
    user_pool_id: String,
    code: String,
    #[serde(rename = "type")]
    kind: &'static str,
    actions: Vec<ActionJson>,
    description: Option<String>,
    namespace_id: Option<i64>,
    api_identifier: Option<String>,
    created_at: String,
    updated_at: String,
}

impl ResourceJson {
    fn new(shared: &Shared, store: &Store, r: &ResourceRecord) -> Self {
        ResourceJson {
            id: r.id.clone(),
            user_pool_id: shared.ids.user_pool_id.clone(),
            code: r.code.clone(),
            kind: r.kind.as_str(),
            actions: r
                .actions
                .iter()
                .map(|a| ActionJson {
                    name: a.name.clone(),
                    description: a.description.clone(),
                })
                .collect(),
            description: r.description.clone(),
            namespace_id: store.acl().namespace(&r.namespace).map(|n| n.id),
            api_identifier: r.api_identifier.clone(),
            created_at: r.created_at.clone(),
            updated_at: r.updated_at.clone(),
        }
    }
}

/// `data` of the list.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResourcePage {
    list: Vec<ResourceJson>,
    total_count: i32,
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string)
}

/// The fields of a create or update body: `type`, `actions: [{name, description}]`,
/// `description`, `apiIdentifier`.
fn input(v: &Value) -> Result<ResourceInput, AuthingError> {
    let kind = match v.get("type") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(resources::parse_kind(s)?),
        Some(_) => return Err(AuthingError::bad_request("type must be a string")),
    };
    let actions = match v.get("actions") {
        None | Some(Value::Null) => None,
        Some(Value::Array(a)) => Some(
            a.iter()
                .map(|x| match x {
                    Value::String(name) => Ok(ResourceAction {
                        name: name.clone(),
                        description: None,
                    }),
                    Value::Object(_) => Ok(ResourceAction {
                        name: text(x, "name").ok_or_else(|| {
                            AuthingError::bad_request("every action needs a name")
                        })?,
                        description: text(x, "description"),
                    }),
                    _ => Err(AuthingError::bad_request(
                        "actions must be a list of {name, description}",
                    )),
                })
                .collect::<Result<Vec<_>, _>>()?,
        ),
        Some(_) => {
            return Err(AuthingError::bad_request(
                "actions must be a list of {name, description}",
            ));
        }
    };
    Ok(ResourceInput {
        kind,
        actions,
        description: text(v, "description"),
        api_identifier: text(v, "apiIdentifier"),
    })
}

/// The namespace of a body or query, `default` when absent.
fn namespace(v: Option<&str>) -> String {
    domain::namespace(v)
}

/// `POST /api/v2/resources` `{code, type, actions, namespace, description, apiIdentifier}`.
pub(crate) async fn create(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        admin(&shared, &headers)?;
        let v = json_body(&body)?;
        let ns = namespace(v.get("namespace").and_then(Value::as_str));
        let r = resources::create_resource(&shared, &ns, text(&v, "code"), input(&v)?)?;
        let store = shared.store.read();
        Ok(ok("创建成功", ResourceJson::new(&shared, &store, &r)))
    };
    run().unwrap_or_else(err)
}

/// `POST /api/v2/resources/{code}` `{namespace, description?, actions?, type?,
/// apiIdentifier?}` (unknown → 404).
pub(crate) async fn update(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(code): Path<String>,
    body: Bytes,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        admin(&shared, &headers)?;
        let v = json_body(&body)?;
        let ns = namespace(v.get("namespace").and_then(Value::as_str));
        let r = resources::update_resource(&shared, &ns, &code, input(&v)?)?;
        let store = shared.store.read();
        Ok(ok("更新成功", ResourceJson::new(&shared, &store, &r)))
    };
    run().unwrap_or_else(err)
}

/// `DELETE /api/v2/resources/{code}?namespace=` (unknown → 404): the grants on the
/// resource and its instances go too.
pub(crate) async fn delete(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(code): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        admin(&shared, &headers)?;
        let ns = namespace(q.get("namespace").map(String::as_str));
        resources::delete_resource(&shared, &ns, &code)?;
        Ok(ok("删除成功", true))
    };
    run().unwrap_or_else(err)
}

/// `GET /api/v2/resources?namespace=&type=&page=&limit=` (`namespaceCode` is accepted
/// for `namespace`; all namespaces when neither is given), oldest first.
pub(crate) async fn list(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        admin(&shared, &headers)?;
        let ns = q
            .get("namespace")
            .or_else(|| q.get("namespaceCode"))
            .filter(|n| !n.is_empty());
        let kind = q
            .get("type")
            .filter(|t| !t.is_empty())
            .map(|t| resources::parse_kind(t))
            .transpose()?;
        let num = |k: &str| q.get(k).and_then(|v| v.parse::<i32>().ok());
        let store = shared.store.read();
        let all = store
            .acl()
            .resources()
            .filter(|r| ns.is_none_or(|n| r.namespace == *n))
            .filter(|r| kind.is_none_or(|k| r.kind == k));
        let (total, page) = paginate(all, num("page"), num("limit"));
        Ok(ok(
            "获取成功",
            ResourcePage {
                list: page
                    .into_iter()
                    .map(|r| ResourceJson::new(&shared, &store, r))
                    .collect(),
                total_count: total,
            },
        ))
    };
    run().unwrap_or_else(err)
}

/// `GET /api/v2/resources/detail?id=` or `?namespace=&code=`: the resource or `null`.
pub(crate) async fn detail(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        admin(&shared, &headers)?;
        let store = shared.store.read();
        let found = match (q.get("id"), q.get("code")) {
            (Some(id), _) => store.acl().resource_by_id(id),
            (None, Some(code)) => {
                let ns = namespace(q.get("namespace").map(String::as_str));
                store.acl().resource(&ns, code)
            }
            (None, None) => {
                return Err(AuthingError::new(
                    2231,
                    "缺少参数 id 或 code (id or code required)",
                ));
            }
        };
        Ok(ok(
            "获取成功",
            found.map(|r| ResourceJson::new(&shared, &store, r)),
        ))
    };
    run().unwrap_or_else(err)
}

/// `POST /api/v2/resources/detail`: the update of a resource whose code is `detail`.
pub(crate) async fn update_detail(
    state: State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    update(state, headers, Path("detail".to_string()), body).await
}

/// `DELETE /api/v2/resources/detail`: the delete of a resource whose code is `detail`.
pub(crate) async fn delete_detail(
    state: State<Arc<Shared>>,
    headers: HeaderMap,
    query: Query<HashMap<String, String>>,
) -> Response {
    delete(state, headers, Path("detail".to_string()), query).await
}
