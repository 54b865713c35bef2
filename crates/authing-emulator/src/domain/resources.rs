//! Namespaces (permission groups) and resource definitions.
//!
//! Codes: an unknown namespace answers 3005 on update and 3003 on delete (P4's
//! `test_acl.py`); 3003 also answers a resource call naming an unknown namespace. The
//! `default` namespace always exists and can be neither deleted nor recoded (400).

use crate::clock::iso_ms;
use crate::crypto::random_hex;
use crate::error::AuthingError;
use crate::shared::Shared;
use crate::store::Store;
use crate::store::acl::{
    DEFAULT_NAMESPACE, NamespaceRecord, ResourceAction, ResourceKind, ResourceRecord,
};

/// A namespace named by numeric id (P4) or by code (JS).
#[derive(Debug, Clone)]
pub(crate) enum NamespaceKey {
    Id(i64),
    Code(String),
}

fn namespace_id(store: &Store, key: &NamespaceKey) -> Option<i64> {
    let acl = store.acl();
    match key {
        NamespaceKey::Id(id) => acl.namespace_by_id(*id).map(|n| n.id),
        NamespaceKey::Code(c) => acl.namespace(c).map(|n| n.id),
    }
}

fn namespace_unknown(code: i32) -> AuthingError {
    AuthingError::new(code, "权限分组不存在 (namespace not found)")
}

fn resource_unknown(code: &str) -> AuthingError {
    AuthingError::not_found(format!("资源 {code} 不存在 (resource not found)"))
}

fn required(v: Option<String>, name: &str) -> Result<String, AuthingError> {
    v.map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .ok_or_else(|| AuthingError::new(2231, format!("缺少参数 {name} ({name} required)")))
}

/// Creates a namespace (code and name required, 2231; code taken, 409).
pub(crate) fn create_namespace(
    sh: &Shared,
    code: Option<String>,
    name: Option<String>,
    description: Option<String>,
) -> Result<NamespaceRecord, AuthingError> {
    let code = required(code, "code")?;
    let name = required(name, "name")?;
    let mut store = sh.store.write();
    if store.acl().namespace(&code).is_some() {
        return Err(AuthingError::exists(format!(
            "权限分组 {code} 已存在 (namespace already exists)"
        )));
    }
    let now = sh.clock.now_ms();
    Ok(store
        .acl_mut()
        .insert_namespace(code, name, description, now)
        .clone())
}

/// Updates a namespace (unknown → 3005); a new code renames it in its resources and
/// grants.
pub(crate) fn update_namespace(
    sh: &Shared,
    key: &NamespaceKey,
    code: Option<String>,
    name: Option<String>,
    description: Option<String>,
) -> Result<NamespaceRecord, AuthingError> {
    let mut store = sh.store.write();
    let id = namespace_id(&store, key).ok_or_else(|| namespace_unknown(3005))?;
    let current = store
        .acl()
        .namespace_by_id(id)
        .map(|n| n.code.clone())
        .ok_or_else(|| namespace_unknown(3005))?;
    let code = code.filter(|c| !c.trim().is_empty() && *c != current);
    if let Some(c) = &code {
        if current == DEFAULT_NAMESPACE {
            return Err(AuthingError::bad_request(
                "默认权限分组的 code 不能修改 (the default namespace cannot be recoded)",
            ));
        }
        if store.acl().namespace(c).is_some() {
            return Err(AuthingError::exists(format!(
                "权限分组 {c} 已存在 (namespace already exists)"
            )));
        }
    }
    let name = name.filter(|n| !n.trim().is_empty());
    store
        .acl_mut()
        .update_namespace(id, code, name, description)
        .cloned()
        .ok_or_else(|| namespace_unknown(3005))
}

/// Deletes a namespace with its resources and grants (unknown → 3003; `default` → 400).
pub(crate) fn delete_namespace(sh: &Shared, key: &NamespaceKey) -> Result<(), AuthingError> {
    let mut store = sh.store.write();
    let id = namespace_id(&store, key).ok_or_else(|| namespace_unknown(3003))?;
    if store
        .acl()
        .namespace_by_id(id)
        .is_some_and(|n| n.code == DEFAULT_NAMESPACE)
    {
        return Err(AuthingError::bad_request(
            "默认权限分组不能删除 (the default namespace cannot be deleted)",
        ));
    }
    store.acl_mut().remove_namespace(id);
    Ok(())
}

/// The namespace of a resource call must exist (else 3003).
fn check_namespace(store: &Store, namespace: &str) -> Result<(), AuthingError> {
    store
        .acl()
        .namespace(namespace)
        .map(|_| ())
        .ok_or_else(|| namespace_unknown(3003))
}

/// A resource kind given as text (`DATA`, `API`, `MENU`, `UI`, `BUTTON`), else 400.
pub(crate) fn parse_kind(s: &str) -> Result<ResourceKind, AuthingError> {
    ResourceKind::parse(s).ok_or_else(|| {
        AuthingError::bad_request(format!(
            "type 必须是 DATA、API、MENU、UI 或 BUTTON (type must be DATA, API, MENU, UI or BUTTON, got {s:?})"
        ))
    })
}

/// The fields of a resource create or update.
#[derive(Debug, Clone, Default)]
pub(crate) struct ResourceInput {
    pub kind: Option<ResourceKind>,
    pub actions: Option<Vec<ResourceAction>>,
    pub description: Option<String>,
    pub api_identifier: Option<String>,
}

/// Creates a resource in an existing namespace (code required, 2231; taken, 409;
/// kind DATA when not given).
pub(crate) fn create_resource(
    sh: &Shared,
    namespace: &str,
    code: Option<String>,
    input: ResourceInput,
) -> Result<ResourceRecord, AuthingError> {
    let code = required(code, "code")?;
    let mut store = sh.store.write();
    check_namespace(&store, namespace)?;
    if store.acl().resource(namespace, &code).is_some() {
        return Err(AuthingError::exists(format!(
            "资源 {code} 已存在 (resource already exists)"
        )));
    }
    let now = iso_ms(sh.clock.now_ms());
    let r = ResourceRecord {
        id: random_hex(12),
        namespace: namespace.to_string(),
        code,
        kind: input.kind.unwrap_or(ResourceKind::Data),
        actions: input.actions.unwrap_or_default(),
        description: input.description,
        api_identifier: input.api_identifier,
        created_at: now.clone(),
        updated_at: now,
    };
    store.acl_mut().insert_resource(r.clone());
    Ok(r)
}

/// Updates the given fields of a resource (unknown → 404).
pub(crate) fn update_resource(
    sh: &Shared,
    namespace: &str,
    code: &str,
    input: ResourceInput,
) -> Result<ResourceRecord, AuthingError> {
    let mut store = sh.store.write();
    check_namespace(&store, namespace)?;
    let now = iso_ms(sh.clock.now_ms());
    store
        .acl_mut()
        .update_resource(namespace, code, |r| {
            if let Some(k) = input.kind {
                r.kind = k;
            }
            if let Some(a) = input.actions {
                r.actions = a;
            }
            if input.description.is_some() {
                r.description = input.description;
            }
            if input.api_identifier.is_some() {
                r.api_identifier = input.api_identifier;
            }
            r.updated_at = now;
        })
        .cloned()
        .ok_or_else(|| resource_unknown(code))
}

/// Deletes a resource and the grants on it and on its instances (unknown → 404).
pub(crate) fn delete_resource(
    sh: &Shared,
    namespace: &str,
    code: &str,
) -> Result<(), AuthingError> {
    let mut store = sh.store.write();
    check_namespace(&store, namespace)?;
    store
        .acl_mut()
        .remove_resource(namespace, code, |g| {
            g.resource == code || super::acl::split(&g.resource).0 == code
        })
        .map(|_| ())
        .ok_or_else(|| resource_unknown(code))
}
