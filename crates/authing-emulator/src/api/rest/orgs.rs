//! REST endpoints of organizations (management): `GET /api/v2/users/{id}/orgs`,
//! `GET /api/v2/orgs/export[?org_id=]`, `POST /api/v2/orgs/import`.
//!
//! **Tree shape** (export answers it, import reads it): a node is
//! `{id, createdAt, updatedAt, userPoolId, orgId, name, nameI18n, description,
//! descriptionI18n, order, code, depth, root, children: [node…], members: [user…]}`
//! (members are REST users). Import reads only `name` (required), `code`,
//! `description`, `nameI18n`, `descriptionI18n`, `order`, `children` and `members`
//! (user objects with an `id`, or bare user ids, of existing users) and ignores the rest,
//! so an exported tree imports as an equal tree (new ids, same structure, names, codes,
//! members). `file` is one tree or an array of trees (as `export` without `org_id`
//! answers), as JSON or as JSON text; each tree becomes a new org whose root is the
//! tree's top node. The answer is the exported form of the new org(s): one tree for one,
//! an array for an array.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::users::UserJson;
use super::{admin, err, json_body, ok};
use crate::domain::orgs::{self, NewNode, TreeNode};
use crate::error::AuthingError;
use crate::shared::Shared;
use crate::store::Store;
use crate::store::orgs::NodeRecord;

/// A node of an exported tree.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ExportNode {
    id: String,
    created_at: Option<String>,
    updated_at: Option<String>,
    user_pool_id: String,
    org_id: String,
    name: String,
    name_i18n: Option<String>,
    description: Option<String>,
    description_i18n: Option<String>,
    order: Option<i32>,
    code: Option<String>,
    children: Vec<ExportNode>,
    depth: i32,
    root: bool,
    members: Vec<UserJson>,
}

fn export_node(store: &Store, pool: &str, n: &NodeRecord, depth: i32) -> ExportNode {
    ExportNode {
        id: n.id.clone(),
        created_at: n.created_at.clone(),
        updated_at: n.updated_at.clone(),
        user_pool_id: pool.to_string(),
        org_id: n.org_id.clone(),
        name: n.name.clone(),
        name_i18n: n.name_i18n.clone(),
        description: n.description.clone(),
        description_i18n: n.description_i18n.clone(),
        order: n.order,
        code: n.code.clone(),
        children: store
            .orgs()
            .children(&n.id)
            .into_iter()
            .map(|c| export_node(store, pool, c, depth + 1))
            .collect(),
        depth,
        root: n.parent_id.is_none(),
        members: store
            .orgs()
            .members(&n.id)
            .iter()
            .filter_map(|m| store.users().get(&m.user_id))
            .map(|u| UserJson::new(store, u, false))
            .collect(),
    }
}

fn export_org(sh: &Shared, store: &Store, org_id: &str) -> Result<ExportNode, AuthingError> {
    let org = store
        .orgs()
        .get(org_id)
        .ok_or_else(|| orgs::org_not_found(org_id))?;
    let root = store
        .orgs()
        .node(&org.root_node_id)
        .ok_or_else(|| orgs::node_not_found(&org.root_node_id))?;
    Ok(export_node(store, &sh.ids.user_pool_id, root, 0))
}

/// `GET /api/v2/orgs/export[?org_id=]`: one org's tree, or every org's (oldest first).
pub(crate) async fn export(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        admin(&shared, &headers)?;
        let store = shared.store.read();
        match q.get("org_id").filter(|v| !v.is_empty()) {
            Some(id) => Ok(ok("导出成功", export_org(&shared, &store, id)?)),
            None => {
                let all = store
                    .orgs()
                    .iter()
                    .map(|o| export_org(&shared, &store, &o.id))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(ok("导出成功", all))
            }
        }
    };
    run().unwrap_or_else(err)
}

/// A member in an imported tree: a user object or a bare id.
#[derive(Deserialize)]
#[serde(untagged)]
enum ImportMember {
    Id(String),
    User { id: String },
}

/// A node of an imported tree (other members are ignored).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ImportNode {
    name: String,
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    name_i18n: Option<String>,
    #[serde(default)]
    description_i18n: Option<String>,
    #[serde(default)]
    order: Option<i32>,
    #[serde(default)]
    children: Vec<ImportNode>,
    #[serde(default)]
    members: Vec<ImportMember>,
}

impl From<ImportNode> for TreeNode {
    fn from(n: ImportNode) -> Self {
        TreeNode {
            node: NewNode {
                name: n.name,
                name_i18n: n.name_i18n,
                description: n.description,
                description_i18n: n.description_i18n,
                order: n.order,
                code: n.code,
            },
            members: n
                .members
                .into_iter()
                .map(|m| match m {
                    ImportMember::Id(id) | ImportMember::User { id } => id,
                })
                .collect(),
            children: n.children.into_iter().map(Into::into).collect(),
        }
    }
}

fn bad_file(e: impl std::fmt::Display) -> AuthingError {
    AuthingError::bad_request(format!(
        "file 不是合法的组织机构树 (file is not an org tree: {e}; expected {{name, code?, description?, children?: [...], members?: [...]}} or an array of them)"
    ))
}

/// `POST /api/v2/orgs/import` `{filetype: "json", file: <tree or [trees]>}`.
pub(crate) async fn import(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        admin(&shared, &headers)?;
        let mut v = json_body(&body)?;
        match v.get("filetype").and_then(Value::as_str) {
            Some("json") => {}
            other => {
                return Err(AuthingError::bad_request(format!(
                    "filetype 必须为 json (filetype must be \"json\", got {other:?})"
                )));
            }
        }
        let file = match v.get_mut("file").map(Value::take) {
            Some(Value::String(text)) => serde_json::from_str(&text).map_err(bad_file)?,
            Some(f @ (Value::Object(_) | Value::Array(_))) => f,
            _ => return Err(bad_file("missing")),
        };
        let many = file.is_array();
        let trees: Vec<ImportNode> = if many {
            serde_json::from_value(file).map_err(bad_file)?
        } else {
            vec![serde_json::from_value(file).map_err(bad_file)?]
        };
        let ids = orgs::import(&shared, trees.into_iter().map(Into::into).collect())?;
        let store = shared.store.read();
        let mut out = ids
            .iter()
            .map(|id| export_org(&shared, &store, id))
            .collect::<Result<Vec<_>, _>>()?;
        if many {
            Ok(ok("导入成功", out))
        } else {
            Ok(ok("导入成功", out.pop()))
        }
    };
    run().unwrap_or_else(err)
}

/// One step of a user's org path: the org, then its nodes from the root down.
#[derive(Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub(crate) enum PathItem {
    Org(OrgItem),
    Node(NodeItem),
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct OrgItem {
    id: String,
    created_at: Option<String>,
    updated_at: Option<String>,
    user_pool_id: String,
    root_node_id: String,
    logo: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct NodeItem {
    id: String,
    created_at: Option<String>,
    updated_at: Option<String>,
    user_pool_id: String,
    org_id: String,
    name: String,
    name_i18n: Option<String>,
    description: Option<String>,
    description_i18n: Option<String>,
    order: Option<i32>,
    code: Option<String>,
}

/// `GET /api/v2/users/{id}/orgs`: for each department of the user, its path
/// `[org, root node, …, department]` (unknown user → 2004).
pub(crate) async fn user_orgs(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let run = || -> Result<Response, AuthingError> {
        admin(&shared, &headers)?;
        let store = shared.store.read();
        store
            .users()
            .get(&id)
            .ok_or_else(AuthingError::user_not_found)?;
        let paths = org_paths(&shared, &store, &id);
        Ok(ok("获取成功", paths))
    };
    run().unwrap_or_else(err)
}

/// For each department of user `id`, its path `[org, root node, …, department]`
/// (`GET /api/v2/users/{id}/orgs` and `GET /api/v2/users/me/orgs`).
pub(crate) fn org_paths(shared: &Shared, store: &Store, id: &str) -> Vec<Vec<PathItem>> {
    let pool = &shared.ids.user_pool_id;
    let mut paths: Vec<Vec<PathItem>> = Vec::new();
    for (dept, _, _) in orgs::departments_of(store, id, None) {
        let Some(org) = store.orgs().get(&dept.org_id) else {
            continue;
        };
        let mut path = vec![PathItem::Org(OrgItem {
            id: org.id.clone(),
            created_at: org.created_at.clone(),
            updated_at: org.updated_at.clone(),
            user_pool_id: pool.clone(),
            root_node_id: org.root_node_id.clone(),
            logo: None,
        })];
        path.extend(store.orgs().ancestry(&dept.id).into_iter().map(|n| {
            PathItem::Node(NodeItem {
                id: n.id.clone(),
                created_at: n.created_at.clone(),
                updated_at: n.updated_at.clone(),
                user_pool_id: pool.clone(),
                org_id: n.org_id.clone(),
                name: n.name.clone(),
                name_i18n: n.name_i18n.clone(),
                description: n.description.clone(),
                description_i18n: n.description_i18n.clone(),
                order: n.order,
                code: n.code.clone(),
            })
        }));
        paths.push(path);
    }
    paths
}
