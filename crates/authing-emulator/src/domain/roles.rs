//! Roles: create, update, delete, members.

use crate::clock::iso_ms;
use crate::crypto::random_hex;
use crate::error::AuthingError;
use crate::shared::Shared;
use crate::store::Store;
use crate::store::roles::RoleRecord;

fn not_found(code: &str) -> AuthingError {
    AuthingError::not_found(format!("角色 {code} 不存在 (role not found)"))
}

fn exists(code: &str) -> AuthingError {
    AuthingError::exists(format!("角色 {code} 已存在 (role already exists)"))
}

/// Roles of a namespace (all when `None`), newest first unless sorted ascending.
pub(crate) fn list<'a>(
    store: &'a Store,
    namespace: Option<&str>,
    newest_first: bool,
) -> Vec<&'a RoleRecord> {
    let mut all: Vec<&RoleRecord> = store
        .roles()
        .iter()
        .filter(|r| namespace.is_none_or(|n| r.namespace == n))
        .collect();
    if newest_first {
        all.reverse();
    }
    all
}

/// Creates a role (code unique in its namespace, else 409; the parent must exist).
pub(crate) fn create(
    sh: &Shared,
    namespace: String,
    code: String,
    description: Option<String>,
    parent: Option<String>,
) -> Result<RoleRecord, AuthingError> {
    if code.trim().is_empty() {
        return Err(AuthingError::bad_request("code must not be empty"));
    }
    let mut store = sh.store.write();
    if store.roles().find(&namespace, &code).is_some() {
        return Err(exists(&code));
    }
    if let Some(p) = &parent {
        if store.roles().find(&namespace, p).is_none() {
            return Err(AuthingError::not_found(format!(
                "父角色 {p} 不存在 (parent role not found)"
            )));
        }
    }
    let id = random_hex(12);
    let now = sh.clock.now_ms();
    let role = RoleRecord {
        arn: format!("arn:cn:authing:{}:role:{}", sh.ids.user_pool_id, id),
        id,
        namespace,
        code,
        description,
        is_system: Some(false),
        created_at: Some(iso_ms(now)),
        updated_at: Some(iso_ms(now)),
        parent_code: parent,
        created_ms: now,
    };
    store.roles_mut().insert(role.clone());
    Ok(role)
}

/// Updates a role; `new_code` renames it (assignments and child links follow).
pub(crate) fn update(
    sh: &Shared,
    namespace: &str,
    code: &str,
    description: Option<String>,
    new_code: Option<String>,
) -> Result<RoleRecord, AuthingError> {
    let mut store = sh.store.write();
    let id = store
        .roles()
        .id_of(namespace, code)
        .ok_or_else(|| not_found(code))?;
    let new_code = new_code.filter(|c| !c.trim().is_empty() && *c != code);
    if let Some(nc) = &new_code {
        if store.roles().find(namespace, nc).is_some() {
            return Err(exists(nc));
        }
    }
    let now = sh.clock.now_ms();
    store
        .update_role(&id, new_code, description, iso_ms(now))
        .cloned()
        .ok_or_else(|| AuthingError::not_found("role not found"))
}

/// Deletes roles (all or nothing; unknown → 404, built-in → 400).
pub(crate) fn delete(sh: &Shared, namespace: &str, codes: &[String]) -> Result<(), AuthingError> {
    let mut store = sh.store.write();
    let mut ids = Vec::new();
    for c in codes {
        let r = store
            .roles()
            .find(namespace, c)
            .ok_or_else(|| not_found(c))?;
        if r.is_system == Some(true) {
            return Err(AuthingError::bad_request(
                "系统内建角色不能删除 (built-in roles cannot be deleted)",
            ));
        }
        ids.push(r.id.clone());
    }
    for id in ids {
        store.remove_role(&id);
    }
    Ok(())
}

/// Role ids of the codes (at least one, all existing) and the user ids (all existing).
fn targets(
    store: &Store,
    namespace: &str,
    codes: &[String],
    user_ids: &[String],
) -> Result<Vec<String>, AuthingError> {
    if codes.is_empty() {
        return Err(AuthingError::new(
            2231,
            "需要 roleCode 或 roleCodes (roleCode or roleCodes required)",
        ));
    }
    let mut role_ids = Vec::new();
    for c in codes {
        role_ids.push(
            store
                .roles()
                .id_of(namespace, c)
                .ok_or_else(|| not_found(c))?,
        );
    }
    if user_ids.iter().any(|u| store.users().get(u).is_none()) {
        return Err(AuthingError::user_not_found());
    }
    Ok(role_ids)
}

/// Gives roles to users and to org nodes (`nodes`: node ids or node codes).
pub(crate) fn assign(
    sh: &Shared,
    namespace: &str,
    codes: &[String],
    user_ids: &[String],
    nodes: &[String],
) -> Result<(), AuthingError> {
    let mut store = sh.store.write();
    let role_ids = targets(&store, namespace, codes, user_ids)?;
    let node_ids = crate::domain::orgs::nodes_for_roles(&store, nodes)?;
    store.roles_mut().add_members(&role_ids, user_ids);
    store.orgs_mut().add_node_roles(&node_ids, &role_ids);
    Ok(())
}

/// Takes roles away from users and org nodes (`nodes`: node ids or node codes).
pub(crate) fn revoke(
    sh: &Shared,
    namespace: &str,
    codes: &[String],
    user_ids: &[String],
    nodes: &[String],
) -> Result<(), AuthingError> {
    let mut store = sh.store.write();
    let role_ids = targets(&store, namespace, codes, user_ids)?;
    let node_ids = crate::domain::orgs::nodes_for_roles(&store, nodes)?;
    store.roles_mut().remove_members(&role_ids, user_ids);
    store.orgs_mut().remove_node_roles(&node_ids, &role_ids);
    Ok(())
}

/// Whether a user holds a role (unknown user → 2004).
pub(crate) fn has_role(
    store: &Store,
    user_id: &str,
    code: &str,
    namespace: &str,
) -> Result<bool, AuthingError> {
    if store.users().get(user_id).is_none() {
        return Err(AuthingError::user_not_found());
    }
    Ok(store
        .roles()
        .of_user(user_id, Some(namespace))
        .any(|r| r.code == code))
}
